"""Analysis for notebooks: how much the scores depend on the rubric's own choices.

- :func:`sensitivity`: Monte Carlo perturbation of the rubric's weights (and, optionally, of
  unknown levels within their declared range): rank intervals and band probabilities.
- :func:`drivers`: which factors drive the spread of country scores (correlation, PCA).
- :func:`peers`: countries clustered by their factor profile, with a readable label.

scikit-learn is imported inside the functions that need it, so ``import techrisk`` stays
fast. Every random source is seeded; results carry the parameters used in ``attrs``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from techrisk.engine import DIMENSIONS
from techrisk.rubric import Rubric

__all__ = ["drivers", "peers", "rank_statement", "sensitivity"]


def _setup(registry, rubric, as_of):
    from techrisk.scoring import _resolve, compute

    registry, rubric, as_of_ord = _resolve(registry, rubric, as_of)
    comp = compute(registry.scoring_table, rubric, as_of_ord)
    return registry, rubric, comp


def _perturbed_weights(rubric: Rubric, n: int, spread: float, rng: np.random.Generator):
    """n draws of factor weights (renormalised within each dimension) and dimension weights."""
    base = np.array([f.weight for f in rubric.factors])
    factor_w = base * rng.uniform(1 - spread, 1 + spread, size=(n, len(base)))
    for dim in DIMENSIONS:
        cols = np.array([f.dimension == dim for f in rubric.factors])
        factor_w[:, cols] /= factor_w[:, cols].sum(axis=1, keepdims=True)
    dim_base = np.array([rubric.dimensions[d].weight for d in DIMENSIONS])
    dim_w = dim_base * rng.uniform(1 - spread, 1 + spread, size=(n, len(DIMENSIONS)))
    dim_w /= dim_w.sum(axis=1, keepdims=True)
    return factor_w, dim_w


def _sampled_points(rubric: Rubric, comp, n: int, rng: np.random.Generator) -> np.ndarray:
    """(n, deployments, factors) points with every unknown level drawn within its range."""
    points = np.broadcast_to(comp.points["default"], (n, *comp.points["default"].shape)).copy()
    for j, factor in enumerate(rubric.factors):
        if factor.unknown is None:
            continue
        rows = np.flatnonzero(comp.levels.unknown[:, j])
        if not len(rows):
            continue
        allowed = np.array([lv.points for lv in factor.levels if factor.unknown.low <= lv.level <= factor.unknown.high])
        points[:, rows, j] = rng.choice(allowed, size=(n, len(rows)))
    return points


def sensitivity(rubric=None, *, registry=None, as_of: dt.date | str | None = None, n: int = 10_000,
                spread: float = 0.25, unknowns: bool = False, seed: int = 0, progress: bool = False) -> pd.DataFrame:
    """Monte Carlo rank stability of every country under perturbed weights.

    Each sample multiplies every factor weight and dimension weight by a uniform factor in
    ``[1 - spread, 1 + spread]`` and renormalises them to sum to 1 again; with
    ``unknowns=True`` each unknown value also takes a level drawn uniformly from its declared
    range. Countries are then re-scored (vectorised over samples) and ranked (1 = highest).

    Returns:
        Index ``country``; columns ``score`` and ``rank`` (unperturbed), ``rank_median``,
        ``rank_p05``, ``rank_p95`` (the 90% interval) and ``p_<band>`` for every band.
        ``attrs`` holds the parameters.

    Example:
        >>> table = sensitivity(n=500)
        >>> bool(((table.rank_p05 <= table["rank"]) & (table["rank"] <= table.rank_p95)).all())
        True
    """
    from techrisk.progress import progress_bar

    if not 0 <= spread < 1:
        raise ValueError(f"spread must be in [0, 1), got {spread}")
    registry, rubric, comp = _setup(registry, rubric, as_of)
    rng = np.random.default_rng(seed)
    countries = np.array(registry.countries, dtype=object)
    table = comp.table
    country_of = table.country[comp.rows]
    factor_w, dim_w = _perturbed_weights(rubric, n, spread, rng)
    if spread == 0:  # exact: identical rubric, identical scores
        factor_w[:] = [f.weight for f in rubric.factors]
        dim_w[:] = [rubric.dimensions[d].weight for d in DIMENSIONS]
    points = _sampled_points(rubric, comp, n, rng) if unknowns else comp.points["default"][None, :, :]
    scores = np.zeros((n, len(countries)))
    groups = [np.flatnonzero(country_of == c) for c in countries]
    for d_index, dim in enumerate(DIMENSIONS):
        mask = np.array([f.dimension == dim for f in rubric.factors])
        # (n, deployments): each sample's deployment dimension scores
        if unknowns:  # points differ per sample: (samples, deployments, factors)
            dep = np.einsum("sdk,sk->sd", points[:, :, mask], factor_w[:, mask])
        else:  # one points matrix for every sample: a plain matrix product, no per-sample copy
            dep = factor_w[:, mask] @ points[0][:, mask].T
        ratio = rubric.dimensions[dim].combine.ratio
        for c_index, rows in enumerate(progress_bar(groups, enabled=progress, label=f"sensitivity {dim}")):
            if not len(rows):
                continue
            ordered = -np.sort(-dep[:, rows], axis=1)  # each sample's deployments, highest first
            rank_w = (1 - ratio) * ratio ** np.arange(len(rows))
            scores[:, c_index] += dim_w[:, d_index] * (ordered @ rank_w)
    from techrisk.scoring import score

    base = score(registry=registry, rubric=rubric, as_of=as_of).reindex(countries)["score"].to_numpy()
    ranks = _ranks(scores)
    frame = pd.DataFrame({
        "score": base,
        "rank": _ranks(base[None, :])[0],
        "rank_median": np.median(ranks, axis=0),
        "rank_p05": np.percentile(ranks, 5, axis=0, method="lower"),
        "rank_p95": np.percentile(ranks, 95, axis=0, method="higher"),
    }, index=pd.Index(countries.astype(str), name="country"))
    thresholds = np.array([b.min for b in rubric.bands])
    band_index = np.searchsorted(thresholds, scores, side="right") - 1
    for i, band in enumerate(rubric.bands):
        frame[f"p_{band.name}"] = (band_index == i).mean(axis=0)
    frame.attrs.update(rubric=rubric.name, n=n, spread=spread, unknowns=unknowns, seed=seed, countries=len(countries))
    return frame.sort_values("rank", kind="stable")


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score in each row; ties keep the countries' alphabetical order."""
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, scores.shape[1] + 1)[None, :].repeat(len(scores), 0), axis=1)
    return ranks


def rank_statement(code: str, table: pd.DataFrame) -> str:
    """``"ranks 3rd of 41; between 2nd and 5th in 90% of weightings"`` for a brief."""
    row = table.loc[code]
    low, high = int(row.rank_p05), int(row.rank_p95)
    span = (f"{_ordinal(low)} in at least 90% of weightings" if low == high else
            f"between {_ordinal(low)} and {_ordinal(high)} in 90% of weightings")
    return (f"ranks {_ordinal(int(row['rank']))} of {len(table)}; {span} "
            f"(weights varied by ±{table.attrs['spread']:.0%}, {table.attrs['n']:,} samples)")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def factor_profile(registry=None, rubric=None, as_of=None) -> pd.DataFrame:
    """Country x factor table of contributions (points of each country's score)."""
    from techrisk.explanation import explain
    from techrisk.scoring import _resolve

    registry, rubric, _ = _resolve(registry, rubric, as_of)

    frames = [explain(c, registry=registry, rubric=rubric, as_of=as_of).assign(country=c) for c in registry.countries]
    rows = pd.concat(frames, ignore_index=True)
    table = rows.pivot_table(index="country", columns="factor", values="contribution", aggfunc="sum", fill_value=0.0)
    return table[[f.id for f in rubric.factors]]


def drivers(rubric=None, *, registry=None, as_of=None, components: int = 3) -> pd.DataFrame:
    """Which factors drive the spread of country scores.

    Returns one row per factor: ``correlation`` of the factor's contribution with the
    country score, and its loading on each principal component (``pc1``...) of a
    scikit-learn PCA of the country x factor contribution table. ``attrs`` holds
    ``explained_variance_ratio`` per component.
    """
    from sklearn.decomposition import PCA

    profile = factor_profile(registry, rubric, as_of)
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


def peers(rubric=None, *, registry=None, as_of=None, groups: int = 4, seed: int = 0) -> pd.DataFrame:
    """Cluster countries by their factor profile (shares of their score), with a label per group.

    Uses scikit-learn KMeans (``random_state=seed``). The label names the two factors with the
    largest mean share in the group, e.g. ``"coverage and sector criticality"``.
    """
    from sklearn.cluster import KMeans

    profile = factor_profile(registry, rubric, as_of)
    shares = profile.div(profile.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
    groups = max(1, min(groups, len(shares)))
    model = KMeans(n_clusters=groups, random_state=seed, n_init=10).fit(shares.to_numpy())
    labels = {}
    for cluster in range(groups):
        centre = pd.Series(model.cluster_centers_[cluster], index=shares.columns).sort_values(ascending=False)
        labels[cluster] = " and ".join(f.replace("_", " ") for f in centre.index[:2])
    frame = pd.DataFrame({"group": model.labels_, "label": [labels[g] for g in model.labels_]}, index=shares.index)
    frame.attrs.update(groups=groups, seed=seed)
    return frame.sort_values(["group", "country"] if "country" in frame.columns else ["group"], kind="stable")
