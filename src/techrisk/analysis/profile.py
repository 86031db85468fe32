"""Country factor profiles, and what they show: drivers (correlation, PCA) and peer groups (KMeans)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from techrisk.data.registry import Registry
from techrisk.scoring.assessment import Assessment, assessment_for
from techrisk.scoring.explanation import contributions_of
from techrisk.scoring.rubric import RubricLike

__all__ = ["drivers", "factor_profile", "peers"]


def factor_profile(registry: Registry | None = None, rubric: RubricLike = None, as_of: dt.date | str | None = None,
                   *, assessment: Assessment | None = None) -> pd.DataFrame:
    """Country x factor table of contributions (points of each country's score).

    Read from the run's contribution table (built once for all countries): one row per
    country with at least one counted deployment.
    """
    run = assessment_for(assessment, registry, rubric, as_of)
    # Country by country (stable), so each sum adds its terms in the order it always has.
    rows = contributions_of(run).sort_values("country", kind="stable")
    table = rows.pivot_table(index="country", columns="factor", values="contribution", aggfunc="sum", fill_value=0.0)
    return table[[f.id for f in run.rubric.factors]]


def drivers(rubric: RubricLike = None, *, registry: Registry | None = None, as_of: dt.date | str | None = None,
            components: int = 3, assessment: Assessment | None = None) -> pd.DataFrame:
    """Which factors drive the spread of country scores.

    Returns one row per factor: ``correlation`` of the factor's contribution with the
    country score, and its loading on each principal component (``pc1``...) of a
    scikit-learn PCA of the country x factor contribution table. ``attrs`` holds
    ``explained_variance_ratio`` per component.
    """
    from sklearn.decomposition import PCA

    profile = factor_profile(assessment=assessment_for(assessment, registry, rubric, as_of))
    total = profile.sum(axis=1)
    components = min(components, *profile.shape)
    pca = PCA(n_components=components, random_state=0).fit(profile.to_numpy())
    frame = pd.DataFrame({"correlation": profile.corrwith(total)}, index=profile.columns)
    frame.index.name = "factor"
    for i in range(components):
        frame[f"pc{i + 1}"] = pca.components_[i]
    frame.attrs.update(explained_variance_ratio=[float(x) for x in pca.explained_variance_ratio_],
                       countries=len(profile))
    return frame.sort_values("correlation", ascending=False, kind="stable")


def peers(rubric: RubricLike = None, *, registry: Registry | None = None, as_of: dt.date | str | None = None,
          groups: int = 4, seed: int = 0, assessment: Assessment | None = None) -> pd.DataFrame:
    """Cluster countries by their factor profile (shares of their score), with a label per group.

    Uses scikit-learn KMeans (``random_state=seed``). The label names the two factors with the
    largest mean share in the group, e.g. ``"coverage and sector criticality"``.
    """
    from sklearn.cluster import KMeans

    profile = factor_profile(assessment=assessment_for(assessment, registry, rubric, as_of))
    shares = profile.div(profile.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
    groups = max(1, min(groups, len(shares)))
    model = KMeans(n_clusters=groups, random_state=seed, n_init=10).fit(shares.to_numpy())
    labels = {}
    for cluster in range(groups):
        centre = pd.Series(model.cluster_centers_[cluster], index=shares.columns).sort_values(ascending=False)
        labels[cluster] = " and ".join(f.replace("_", " ") for f in centre.index[:2])
    frame = pd.DataFrame({"group": model.labels_, "label": [labels[g] for g in model.labels_]}, index=shares.index)
    frame.attrs.update(groups=groups, seed=seed)
    return frame.sort_values("group", kind="stable")
