"""Matplotlib plots for notebooks (optional extra: ``pip install "techrisk[plot]"``)."""

from __future__ import annotations

import pandas as pd

PLOT_EXTRA_MESSAGE = 'techrisk plots need matplotlib: pip install "techrisk[plot]"'


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - exercised only without matplotlib
        raise ImportError(PLOT_EXTRA_MESSAGE) from exc
    return plt


def score_bars(sensitivity_table: pd.DataFrame, top: int = 25):
    """Scores as bars, ordered by rank, with each country's 90% rank interval written beside it."""
    plt = _pyplot()
    table = sensitivity_table.sort_values("rank").head(top)
    fig, ax = plt.subplots(figsize=(8, 0.28 * len(table) + 1))
    ax.barh(table.index[::-1], table["score"][::-1], color="#3b6ea8")
    for y, (_code, row) in enumerate(table[::-1].iterrows()):
        ax.text(row["score"] + 0.5, y, f"rank {int(row['rank'])} ({int(row.rank_p05)}-{int(row.rank_p95)})",
                va="center", fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("score (0-100); rank with its 90% interval under perturbed weights")
    fig.tight_layout()
    return fig


def contribution_chart(explain_rows: pd.DataFrame):
    """Stacked bars: each factor's contribution to one country's score, by dimension."""
    plt = _pyplot()
    totals = explain_rows.groupby(["dimension", "factor"])["contribution"].sum().unstack("dimension").fillna(0)
    totals = totals.loc[totals.sum(axis=1).sort_values().index]
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(totals) + 1))
    totals.plot.barh(stacked=True, ax=ax, color=["#3b6ea8", "#c0703a"][: len(totals.columns)])
    ax.set_xlabel(f"points of the score ({explain_rows.attrs.get('country', '')})")
    fig.tight_layout()
    return fig


def peer_map(peer_table: pd.DataFrame, profile: pd.DataFrame):
    """Countries on the first two principal components of their factor profile, coloured by peer group."""
    from sklearn.decomposition import PCA

    plt = _pyplot()
    coords = PCA(n_components=2, random_state=0).fit_transform(profile.loc[peer_table.index].to_numpy())
    fig, ax = plt.subplots(figsize=(7, 5))
    for _group, rows in peer_table.groupby("group"):
        idx = [peer_table.index.get_loc(c) for c in rows.index]
        ax.scatter(coords[idx, 0], coords[idx, 1], label=rows["label"].iloc[0], s=20)
    for i, code in enumerate(peer_table.index):
        ax.annotate(code, coords[i], fontsize=7, xytext=(2, 2), textcoords="offset points")
    ax.set_xlabel("PC1")
    ax.set_ylabel("PC2")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig
