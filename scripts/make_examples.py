"""Write the example notebooks in examples/ (run from the repository root).

Notebooks are generated from this script so their cells stay readable in review; CI
executes every notebook (tests/test_examples.py).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = {
    "01_quickstart.ipynb": [
        "# techrisk quick start\nLoad the registry, score every country, and write a brief: three calls.",
        "import techrisk\nregistry = techrisk.load()\nregistry",
        "scores = techrisk.score()\nscores.head(10)",
        "kz = techrisk.brief(\"Kazakhstan\")\nkz.score",
        "kz  # renders inline in Jupyter",
        "## Every point explained\nOne row per (deployment, factor); the contributions add up to the score.",
        "rows = techrisk.explain(\"KZ\")\nprint(round(rows.contribution.sum(), 6), round(scores.loc['KZ', 'score'], 6))\nrows.head()",
        "## Where the registry is thin\nAbsence of a record is not evidence of absence.",
        "registry.coverage(\"vendor\")",
    ],
    "02_own_deployments.ipynb": [
        "# Adding your own deployments\nWrite records in the format of `vendors/README.md` and load them on top of the bundled data.",
        "import pathlib, tempfile, textwrap\nimport techrisk\n\n"
        "folder = pathlib.Path(tempfile.mkdtemp())\n"
        "(folder / 'KZ.yaml').write_text(textwrap.dedent('''\n"
        "    deployments:\n"
        "      - id: kz-my-procurement-extract-1\n"
        "        country: KZ\n"
        "        place: Shymkent\n"
        "        vendors: [hikvision]\n"
        "        sector: public_safety_video\n"
        "        data_captured: [video]\n"
        "        operator: municipality\n"
        "        coverage: city\n"
        "        start: 2024\n"
        "        status: [{value: operational, date: 2024}]\n"
        "        confidence: single_report\n"
        "        evidence:\n"
        "          - publisher: My newsroom\n"
        "            title: Procurement extract (example)\n"
        "            date: 2024\n"
        "            quote: Example record for this notebook.\n"
        "            supports: [vendors, place, sector, data_captured, operator, coverage, start, status:operational]\n"
        "'''))\n"
        "mine = techrisk.load(folder)\nlen(mine.deployments) - len(techrisk.load().deployments)",
        "before = techrisk.score().loc['KZ', 'score']\nafter = techrisk.score(registry=mine).loc['KZ', 'score']\nbefore, after",
        "## Mistakes are reported with file, line, record and field",
        "(folder / 'bad.yaml').write_text('deployments:\\n  - id: kz-bad\\n    country: KZ\\n    colour: red\\n')\n"
        "try:\n    techrisk.load(folder / 'bad.yaml')\nexcept techrisk.DataError as error:\n    print(error)",
    ],
    "03_rubric_audit.ipynb": [
        "# Auditing a rubric change\nCopy the rubric, change a weight, and see which countries move.",
        "import techrisk\nrubric = techrisk.load_rubric()\n[(f.id, f.weight) for f in rubric.factors if f.dimension == 'dependency']",
        "variant = rubric.with_weights({'coverage': 0.25, 'sector_criticality': 0.30})\n"
        "diff = techrisk.rubric_diff(rubric, variant)\ndiff.head(10)",
        "print(f\"{(diff.change.abs() > 1e-9).sum()} countries moved; {diff.band_changed.sum()} changed band\")",
        "## Golden snapshot\n`tests/golden/techrisk-1.0.json` holds every country's score. A change like this one fails "
        "`tests/test_golden.py`, naming the countries that moved, until `python -m pytest tests/test_golden.py "
        "--update-golden` is run and the diff reviewed. Released rubric files never change in place: copy to a new version.",
    ],
    "04_sensitivity.ipynb": [
        "# How stable are the ranks?\nPerturb every weight by up to ±25% and re-score 10,000 times.",
        "%matplotlib inline\nimport techrisk\nfrom techrisk import analysis, plots\n"
        "table = analysis.sensitivity(n=10_000, seed=0)\ntable.head(10)",
        "fig = plots.score_bars(table, top=20)",
        "## What drives the scores?",
        "drivers = analysis.drivers()\nprint(drivers.attrs['explained_variance_ratio'])\ndrivers",
        "fig = plots.contribution_chart(techrisk.explain('KZ'))",
        "## Peer groups",
        "groups = analysis.peers(groups=4)\ngroups.groupby('label').size()",
        "fig = plots.peer_map(groups, analysis.factor_profile())",
    ],
}


def main() -> None:
    for name, cells in NOTEBOOKS.items():
        nb = new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [new_markdown_cell(c) if c.startswith("#") else new_code_cell(c) for c in cells]
        nbformat.write(nb, Path("examples") / name)
        print(f"wrote examples/{name}")


if __name__ == "__main__":
    main()
