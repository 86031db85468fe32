"""Figures for rubrics/README.md's validation section and a rubric release note.

    python scripts/rubric_report.py [--as-of 2026-11-29]

Prints Markdown: the rank correlation of country score with record count under each bundled
rubric (and under a plain maximum, for comparison), named real cases under 1.0 and 2.0, the
2.0 top 20, the largest 1.0 -> 2.0 moves, and sensitivity intervals for named countries.
Reads only the bundled registry; nothing is written.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

import techrisk
from techrisk import analysis

CASES = {
    "EC": "ECU 911: nationwide platform on a Chinese state loan",
    "RS": "Belgrade Safe City: cameras capable of facial recognition (use not documented)",
    "GB": "UK: commercial telecom contracts under a 2020 removal order",
    "KZ": "Kazakhstan (its 1.0 top finding was a memorandum)",
    "CH": "Switzerland: commercial telecom contracts",
    "UZ": "Uzbekistan: Tashkent safe city and telecom networks",
}
SENSITIVITY = ("EC", "RS", "GB", "KZ", "KE")


def spearman(a: pd.Series, b: pd.Series) -> float:
    return float(a.rank().corr(b.rank()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--as-of", default="2026-11-29")
    args = parser.parse_args()
    registry = techrisk.load()
    old = techrisk.score(rubric="techrisk-1.0", as_of=args.as_of)
    new = techrisk.score(rubric="techrisk-2.0", as_of=args.as_of)
    scored_new = new.dropna(subset=["score"])
    scored_old = old.dropna(subset=["score"])
    deployments = techrisk.score(rubric="techrisk-2.0", as_of=args.as_of, by="deployment")
    top = deployments.groupby("country")["score"].max().reindex(scored_new.index)
    print("## Rank correlation of country score with the number of counted deployments\n")
    print(f"- rubric 1.0: {spearman(scored_old.score, scored_old.deployments):.2f} ({len(scored_old)} countries)")
    print(f"- rubric 2.0: {spearman(scored_new.score, scored_new.deployments):.2f} ({len(scored_new)} countries)")
    print(f"- the top deployment's score alone (no breadth): {spearman(top, scored_new.deployments):.2f}\n")
    print("## Named cases\n")
    print("| country | case | 1.0 score (band, rank) | 2.0 score (band, rank) |")
    print("|---|---|---|---|")
    rank_old = scored_old.score.rank(ascending=False, method="min")
    rank_new = scored_new.score.rank(ascending=False, method="min")
    for code, case in CASES.items():
        if code in scored_new.index:
            print(f"| {code} | {case} | {old.loc[code, 'score']:.1f} ({old.loc[code, 'band']}, "
                  f"{int(rank_old[code])}/{len(scored_old)}) | {new.loc[code, 'score']:.1f} "
                  f"({new.loc[code, 'band']}, {int(rank_new[code])}/{len(scored_new)}) |")
    only_training = [c for c in registry.countries
                     if {d.sector for d in registry.deployments_in(c)} == {"education_training"}]
    for code in only_training:
        print(f"| {code} | only training records | {old.loc[code, 'score']:.1f} ({old.loc[code, 'band']}) | "
              f"{new.loc[code, 'score']:.1f} ({new.loc[code, 'band']}) |")
    print("\n## Rubric 2.0 top 20\n")
    print("| rank | country | score | band | counted deployments |")
    print("|---|---|---|---|---|")
    for i, (code, row) in enumerate(scored_new.head(20).iterrows(), 1):
        print(f"| {i} | {row.country_name} | {row.score:.1f} | {row.band} | {row.deployments} |")
    print(f"\nBands under 2.0: {scored_new.band.value_counts().to_dict()}; "
          f"{len(new) - len(scored_new)} countries with records but no counted deployment.")
    diff = techrisk.rubric_diff("techrisk-1.0", "techrisk-2.0", as_of=args.as_of)
    print("\n## Largest moves 1.0 -> 2.0\n")
    print("| country | 1.0 score (band, rank) | 2.0 score (band, rank) |")
    print("|---|---|---|")
    for code, row in diff.head(15).iterrows():
        print(f"| {row.country_name} | {row.score_old:.1f} ({row.band_old}, {row.rank_old}) | "
              f"{row.score_new:.1f} ({row.band_new}, {row.rank_new}) |")
    print(f"\n{int(diff.band_changed.sum())} of {len(diff)} countries changed band.")
    print("\n## Sensitivity (2.0: weights ±25%, structural choices drawn from their ranges, 4,000 samples)\n")
    table = analysis.sensitivity(n=4000, seed=0, as_of=args.as_of)
    print("| country | rank | 90% interval | P(severe) | P(high) |")
    print("|---|---|---|---|---|")
    for code in SENSITIVITY:
        row = table.loc[code]
        print(f"| {code} | {int(row['rank'])} | {int(row.rank_p05)}-{int(row.rank_p95)} | "
              f"{row.p_severe:.2f} | {row.p_high:.2f} |")
    widths = (table.rank_p95 - table.rank_p05 + 1)
    print(f"\nMedian width of the 90% rank interval: {int(np.median(widths))} of {len(table)} ranks; "
          f"{int((widths >= len(table) / 2).sum())} countries' intervals span half the table or more.")


if __name__ == "__main__":
    main()
