"""Layer 3, analysis for notebooks: how much the scores depend on the rubric's own choices.

- :func:`sensitivity`: Monte Carlo perturbation of the rubric's weights (and, optionally, of
  unknown levels within their declared range): rank intervals and band probabilities.
- :func:`drivers`: which factors drive the spread of country scores (correlation, PCA).
- :func:`peers`: countries clustered by their factor profile, with a readable label.
- :func:`factor_profile`: the country x factor contribution table the other two read.

scikit-learn is imported inside the functions that need it, so ``import techrisk`` stays
fast. Every random source is seeded; results carry the parameters used in ``attrs``.
"""

from techrisk.analysis.profile import drivers, factor_profile, peers
from techrisk.analysis.stability import rank_statement, sensitivity

__all__ = ["drivers", "factor_profile", "peers", "rank_statement", "sensitivity"]
