"""Write the example notebooks in examples/ (run from the repository root).

Notebooks are generated from this script so their cells stay readable in review. This writes
them without outputs; `python scripts/run_notebooks.py` then executes them and stores the
outputs, and tests/test_examples.py checks that the stored outputs are still reproduced.

Every call that depends on the date pins `as_of` to AS_OF below, so the stored outputs do not
drift with the calendar. Move AS_OF forward deliberately (and re-run both scripts) when the
data changes.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

AS_OF = "2026-11-29"
PIN = f'AS_OF = "{AS_OF}"  # pinned so the numbers below do not change with the calendar; omit as_of for today'

NOTEBOOKS = {
    "01_quickstart.ipynb": [
        "# techrisk quick start\nLoad the registry, score every country, and write a brief: three calls. "
        "The rest of this notebook is what to understand before you publish one of its numbers.",
        f"import techrisk\n{PIN}\nregistry = techrisk.load()\nregistry",
        "scores = techrisk.score(as_of=AS_OF)\nscores.head(10)",
        "## Bands\n"
        "A score runs from 0 to 100. Under rubric 2.0 it is the country's highest-scoring deployment, "
        "plus a small, diminishing allowance for each further one. The band is only a label for where the "
        "score falls: **low** from 0, **moderate** from 20, **elevated** from 35, **high** from 50, "
        "**severe** from 65.\n\n"
        "Bands are cut points, not findings. A country at 64.9 (high) and one at 65.1 (severe) are not "
        "meaningfully different, so quote the score with its range rather than the band alone. A band "
        "describes documented exposure to these five vendors' technology, weighed by the rubric; it does "
        "not say that anyone's data has been accessed.",
        "scores.band.value_counts()",
        "## The uncertainty range: `score_low` and `score_high`\n"
        "Many records leave fields unknown: who financed a system, how far it reaches. The score gives each "
        "unknown the default level the rubric declares for it. `score_low` re-scores with every unknown at "
        "the low end of its declared range, `score_high` with every unknown at the high end, all at once. "
        "A wide range means the score rests on missing information, and a brief says so.\n\n"
        "The range is not a statistical confidence interval, and it cannot allow for deployments that were "
        "never recorded.",
        "widest = scores.assign(width=scores.score_high - scores.score_low)\n"
        "widest[['country_name', 'score', 'score_low', 'score_high', 'width', 'band']]"
        ".sort_values('width', ascending=False).head(5)",
        "## No counted deployment\n"
        "A country can have records but nothing that counts on the as-of date: only an office or an academy, "
        "or systems that were removed before it. Such a country has **no score** (`NaN`) and the band "
        "\"no counted deployment\"; it is listed last and left out of rankings (\"ranks 11th of 151 scored "
        "countries\"). This is not a score of zero and not \"low\": there is nothing to score. Countries with "
        "no records at all are not in the table.",
        "scores[scores.band == 'no counted deployment'][['country_name', 'score', 'band', 'deployments']]",
        "## A country brief",
        "kz = techrisk.brief(\"Kazakhstan\", as_of=AS_OF)\nkz.score",
        "kz  # renders inline in Jupyter",
        "## Every point explained\nOne row per (deployment, factor); the contributions add up to the score.",
        "rows = techrisk.explain(\"KZ\", as_of=AS_OF)\n"
        "print(round(rows.contribution.sum(), 6), round(scores.loc['KZ', 'score'], 6))\nrows.head()",
        "## Status and confidence: the lifecycle and evidence multipliers\n"
        "Each deployment's score is multiplied by three modifiers.\n\n"
        "- **Lifecycle** reads the record's *status* on the as-of date: agreed (a memorandum or framework) "
        "x0.35, suspended x0.5, contracted x0.7, reported (a source says it exists, its state unknown) x0.8, "
        "operational x1. Ended and removed systems stop counting from their date.\n"
        "- **Evidence** reads the record's *confidence*: a single report x0.5, credible reporting x0.9, "
        "confirmed by a primary source (operator, government, loan record, regulator) x1.\n"
        "- **Mitigation** is x0.6 where a national measure against that vendor in that sector is in force.\n\n"
        "So a memorandum counts about a third of a working network, and an uncorroborated report half of a "
        "confirmed one. Before quoting a country's score, look at which deployments carry it and how well "
        "each is sourced:",
        "rows.drop_duplicates('deployment')[['deployment', 'sector', 'modifiers', 'multiplier', 'deployment_score']]",
        "## Ranks: quote the interval\n"
        "A rank depends on the rubric's own choices: factor weights, how much breadth counts, the "
        "multipliers above. `analysis.sensitivity()` re-scores every country many times with each of those "
        "drawn within the range the rubric declares (weights ±25%), then reports the 5th and 95th percentile "
        "rank (`rank_p05`, `rank_p95`: the 90% rank interval) and the share of draws that put the country in "
        "each band (`p_low` ... `p_severe`). Write \"between 8th and 19th of 151 scored countries\", not "
        "\"12th\". The interval covers the rubric's choices, not missing records. Notebook 04 goes further.",
        "from techrisk import analysis\n"
        "table = analysis.sensitivity(n=2_000, seed=0, as_of=AS_OF)  # fixed seed: the same draws every run\n"
        "table.loc[['KZ', 'UZ', 'EC', 'GB']]",
        "## Absence of a record is not evidence of absence\n"
        "The registry holds what could be sourced from public reporting, and many deployments are never "
        "reported. It is thickest for Huawei and for telecom radio networks; public-body cameras and Nuctech "
        "scanners are found only where audits, tenders or the press named the maker. A low score, or no "
        "score, can mean little was found rather than little is there, and a country with many records may "
        "simply have been researched more. Write \"the registry holds no record of ...\", never \"there "
        "is no ...\". The coverage table shows where the registry is thin:",
        "registry.coverage(\"vendor\")",
    ],
    "02_own_deployments.ipynb": [
        "# Adding your own deployments\nWrite records in the format of `vendors/README.md` and load them on top "
        "of the bundled data.",
        "import pathlib, tempfile, textwrap\nimport techrisk\n"
        f"{PIN}\n\n"
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
        "## What the new record adds\n"
        "The record is `operational` (lifecycle x1) but rests on a `single_report` (evidence x0.5), so it "
        "counts half of what the same system would if confirmed. Adding a deployment never lowers a "
        "country's score; under rubric 2.0 one that scores below the country's strongest system adds only "
        "a little breadth.",
        "before = techrisk.score(as_of=AS_OF).loc['KZ', 'score']\n"
        "after = techrisk.score(registry=mine, as_of=AS_OF).loc['KZ', 'score']\nbefore, after",
        "## Mistakes are reported with file, line, record and field",
        "(folder / 'bad.yaml').write_text('deployments:\\n  - id: kz-bad\\n    country: KZ\\n    colour: red\\n')\n"
        "try:\n    techrisk.load(folder / 'bad.yaml')\nexcept techrisk.DataError as error:\n    print(error)",
    ],
    "03_rubric_audit.ipynb": [
        "# Auditing a rubric change\nCopy the rubric, change a weight, and see which countries move.",
        f"import techrisk\n{PIN}\n"
        "rubric = techrisk.load_rubric()\n[(f.id, f.weight) for f in rubric.factors if f.dimension == 'dependency']",
        "variant = rubric.with_weights({'coverage': 0.25, 'sector_criticality': 0.30})\n"
        "diff = techrisk.rubric_diff(rubric, variant, as_of=AS_OF)\ndiff.head(10)",
        "print(f\"{(diff.change.abs() > 1e-9).sum()} countries moved; {diff.band_changed.sum()} changed band\")",
        "## Reading the diff\n"
        "A band change can come from a move of a fraction of a point across a cut (20, 35, 50, 65), so look "
        "at `change` before reporting that a country \"became severe\". Countries with no counted "
        "deployment have no score under either rubric and cannot move.",
        "## Golden snapshot\n`tests/golden/techrisk-2.0.json` (and `techrisk-1.0.json`) holds every country's score. "
        "A change like this one fails `tests/test_golden.py`, naming the countries that moved, until "
        "`python -m pytest tests/test_golden.py --update-golden` is run and the diff reviewed. Released rubric "
        "files never change in place: copy to a new version.",
    ],
    "04_sensitivity.ipynb": [
        "# How stable are the ranks?\nRe-score 10,000 times with every factor and dimension weight perturbed by "
        "up to ±25% and every structural choice the rubric declares as uncertain (the breadth parameter, "
        "each lifecycle, evidence and mitigation multiplier) drawn within its declared range.",
        f"%matplotlib inline\nimport techrisk\nfrom techrisk import analysis, plots\n{PIN}\n"
        "table = analysis.sensitivity(n=10_000, seed=0, as_of=AS_OF)  # fixed seed: the same draws every run\n"
        "table.head(10)",
        "## Reading the table\n"
        "- `rank` is the rank at the rubric's own weights; `rank_median` the median over the draws.\n"
        "- `rank_p05` to `rank_p95` is the **90% rank interval**: in 90% of the draws the country ranked "
        "inside it. Quote it (\"between 3rd and 9th of 151 scored countries\"); a single rank suggests a "
        "precision the method does not have. Where the interval spans half the table or more, a brief says so.\n"
        "- `p_low` ... `p_severe` are the share of draws that put the country in each band. A country "
        "with `p_high` 0.55 and `p_severe` 0.45 sits on a cut: say so rather than picking one band.\n\n"
        "This interval covers the rubric's judgement only. It is separate from `score_low`/`score_high` in "
        "`techrisk.score()` (unknown field values; add `unknowns=True` here to sample those too), and neither "
        "allows for deployments nobody has reported: absence of a record is not evidence of absence. "
        "Countries with no counted deployment are left out of the ranking.",
        "width = table.rank_p95 - table.rank_p05\n"
        "print(f'median 90% rank interval: {width.median():.0f} ranks of {len(table)}')\n"
        "table.assign(width=width).sort_values('width', ascending=False).head(5)",
        "fig = plots.score_bars(table, top=20)",
        "## What drives the scores?",
        "drivers = analysis.drivers(as_of=AS_OF)\nprint(drivers.attrs['explained_variance_ratio'])\ndrivers",
        "fig = plots.contribution_chart(techrisk.explain('KZ', as_of=AS_OF))",
        "## Peer groups",
        "groups = analysis.peers(groups=4, seed=0, as_of=AS_OF)\ngroups.groupby('label').size()",
        "fig = plots.peer_map(groups, analysis.factor_profile(as_of=AS_OF))",
    ],
    "05_bring_your_own_data.ipynb": [
        "# Bring your own data\nScreen a supplier list, load a spreadsheet of records, and export to Excel and "
        "FollowTheMoney. The input files are the fictional examples shipped in `vendors/templates/`.",
        "import pathlib, tempfile\nimport pandas as pd\nimport techrisk\n\n"
        "templates = techrisk.data_source().vendors / 'templates'\nout = pathlib.Path(tempfile.mkdtemp())",
        "## Screen a supplier list\nOne row per supplier: vendor, matched name, role (a *former* subsidiary or "
        "brand after its sale date), match kind, similarity and evidence. The command line does the same: "
        "`techrisk screen suppliers.csv -o screened.csv`.\n\n"
        "A supplier with no match is not cleared: the entity list holds the names that could be sourced, "
        "and absence of a record is not evidence of absence.",
        "screened = techrisk.screen(templates / 'screening' / 'suppliers_example.csv', column='supplier', "
        "as_of='2024-06-01')\n"
        "screened[['lot', 'input', 'vendor_id', 'matched_name', 'role', 'until', 'match_kind', 'similarity']]",
        "# Open Contracting (OCDS) packages: suppliers and tenderers from parties, awards and tenders\n"
        "techrisk.screen(templates / 'screening' / 'ocds_release_package_example.json', as_of='2024-06-01')"
        "[['ocid', 'party_role', 'input', 'vendor_id', 'role']]",
        "## Load a spreadsheet of records\nThe template is a CSV with one row per deployment; here it is saved as "
        "Excel (with the evidence on a second sheet) and loaded on top of the bundled registry. Fill in "
        "`status` and `confidence` with care: they set the lifecycle and evidence multipliers (notebook 01).",
        "records = pd.read_csv(templates / 'deployments.csv', dtype=str, keep_default_na=False)\n"
        "evidence = pd.read_csv(templates / 'evidence.csv', dtype=str, keep_default_na=False)\n"
        "with pd.ExcelWriter(out / 'my_records.xlsx') as writer:\n"
        "    records.to_excel(writer, sheet_name='deployments', index=False)\n"
        "    evidence.to_excel(writer, sheet_name='evidence', index=False)\n"
        "mine = techrisk.load(out / 'my_records.xlsx')\n[d.id for d in mine.deployments_in('XK')]",
        "# A mistake is named by file, row line and column\nrecords.loc[0, 'sector'] = 'cctv'\n"
        "records.to_csv(out / 'broken.csv', index=False)\ntry:\n"
        "    techrisk.load(out / 'broken.csv', templates / 'evidence.csv')\n"
        "except techrisk.DataError as error:\n    print(error)",
        "## Export to Excel and FollowTheMoney\n`techrisk export --format xlsx -o techrisk.xlsx` and "
        "`techrisk export --format ftm -o techrisk.ftm.json` on the command line.",
        "files = mine.export('xlsx', out / 'techrisk.xlsx')\nsheets = pd.read_excel(files[0], sheet_name=None)\n"
        "{name: len(frame) for name, frame in sheets.items()}",
        "import json\nfrom followthemoney import model\n\nfiles = mine.export('ftm', out / 'techrisk.ftm.json')\n"
        "entities = [json.loads(line) for line in files[0].read_text(encoding='utf-8').splitlines()]\n"
        "assert all(not model.get(e['schema']).validate(e) for e in entities)\n"
        "pd.Series([e['schema'] for e in entities]).value_counts()",
    ],
}


def main() -> None:
    for name, cells in NOTEBOOKS.items():
        nb = new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [new_markdown_cell(c) if c.startswith("#") else new_code_cell(c) for c in cells]
        for index, cell in enumerate(nb.cells):
            cell.id = f"cell-{index:02d}"  # stable ids, so regenerating does not churn the files
        nbformat.write(nb, Path("examples") / name)
        print(f"wrote examples/{name}")


if __name__ == "__main__":
    main()
