"""techrisk benchmarks: ``python benchmarks/run.py [--quick] [--output FILE]``.

Prints a table and writes JSON. Not a timed test: CI runs ``--quick`` only to prove the
script still works. Timings are the best of a few repeats (machines here are shared).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import synthetic_table  # noqa: E402

import techrisk  # noqa: E402
from techrisk import analysis  # noqa: E402
from techrisk.scoring.engine import DIMENSIONS  # noqa: E402
from techrisk.scoring.rubric import load_rubric  # noqa: E402
from techrisk.scoring.readers import FIELDS  # noqa: E402
from techrisk.scoring.engine import combine, compute  # noqa: E402
from techrisk.scoring.assessment import table_of  # noqa: E402
from techrisk.scoring.table import as_of_ordinal  # noqa: E402


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def subprocess_seconds(code: str, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return min(times)


def import_overhead() -> tuple[float, float]:
    base = "import time; import pandas, pydantic, jinja2, yaml; t = time.perf_counter(); {}; print(time.perf_counter() - t)"
    extra = subprocess_seconds(base.format("import techrisk"))
    sklearn_loaded = subprocess.run([sys.executable, "-c", "import sys, techrisk; techrisk.load(); "
                                     "print('sklearn' in sys.modules)"], capture_output=True, text=True, check=True)
    return extra, sklearn_loaded.stdout.strip() == "True"


def score_library(table, rubric, as_of: int) -> np.ndarray:
    """What score() does on a table: levels, points, rank-weighted sums per country."""
    comp = compute(table, rubric, as_of)
    groups = table.country_codes[comp.rows]
    tiebreak = table.id_order[comp.rows]
    dims = {d: comp.dim_scores["default"][d] for d in DIMENSIONS}
    return combine(rubric, groups, tiebreak, dims, int(groups.max()) + 1)["score"]


def kernel_inputs(table, rubric):
    """Pre-built arrays for the bare NumPy kernel: per-factor level lookups and codes."""
    lookups, columns = [], []
    for factor in rubric.factors:
        spec = FIELDS[factor.reads]
        points = {lv.level: lv.points for lv in factor.levels}
        if spec.kind == "values":
            level_of = {v: lv.level for lv in factor.levels for v in lv.values}
            default = factor.unknown.level if factor.unknown else 0
            lookup = np.array([points[level_of.get(v, default)] for v in spec.vocab])
            source = table.lists[factor.reads] if spec.multi else table.scalars[factor.reads]
        else:  # counts: precomputed once per vendor; take the top level's points as a stand-in
            lookup = np.array([max(points.values())])
            source = np.zeros(len(table), dtype=np.int64)
        lookups.append(lookup)
        columns.append(source)
    country = np.unique(table.country, return_inverse=True)[1]
    return lookups, columns, country


def kernel(lookups, columns, country, weights, ratio=0.5):
    n = len(country)
    points = np.empty((n, len(lookups)))
    for j, (lookup, col) in enumerate(zip(lookups, columns)):
        points[:, j] = (np.where(col, lookup[None, :], -np.inf).max(axis=1) if col.ndim == 2 else lookup[col])
    total = np.zeros(country.max() + 1)
    for w in weights:
        dim = points @ w
        order = np.lexsort((-dim, country))
        sorted_c = country[order]
        starts = np.flatnonzero(np.r_[True, sorted_c[1:] != sorted_c[:-1]])
        rank = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
        total += 0.5 * np.bincount(sorted_c, weights=dim[order] * (1 - ratio) * ratio ** rank)
    return total


def supplier_names(size: int, seed: int = 0) -> list[str]:
    """Seeded synthetic supplier names: mostly distinct ordinary firms, 1% vendor names and
    their variants, 1% hard negatives (sound-alikes), as a procurement extract might hold."""
    rng = np.random.default_rng(seed)
    words = ("Alpha Beta Gamma Delta Nord Sud Global Metro City Prime Smart Green Blue Star Union Euro Asia "
             "Hua Wei Da Zhong Xing Tech Vision Secure Net Data Build Trans Energy Medical Foods Logistics "
             "Print Textile Solar Water Road Rail Air Sea Agro Steel Paper Glass").split()
    forms = ("Ltd", "GmbH", "S.A.", "Kft.", "LLC", "Co., Ltd.", "S.r.l.", "Sp. z o.o.", "AB", "Inc.")
    vendors = ("Huawei Technologies Co., Ltd.", "ZTE Hungary Kft.", "HIKVISION DIGITAL TECHNOLOGY CO LTD",
               "Dahua Technology UK Ltd", "Nuctech Company Limited", "华为技术有限公司", "002415")
    negatives = ("Hua Wei Restaurant", "Dahua Trading Co. Ltd", "大华银行", "HiVision Systems Ltd")
    picks = rng.integers(0, len(words), size=(size, 3))
    numbers = rng.integers(1, 10_000, size=size)
    kinds = rng.random(size)
    names = []
    for i in range(size):
        if kinds[i] < 0.01:
            names.append(vendors[i % len(vendors)])
        elif kinds[i] < 0.02:
            names.append(negatives[i % len(negatives)])
        else:
            a, b, c = (words[j] for j in picks[i])
            names.append(f"{a} {b} {c} {numbers[i]} {forms[i % len(forms)]}")
    return names


def screen_file(size: int) -> tuple[float, int]:
    """Screen a CSV of ``size`` names as `techrisk screen` does: batches, one at a time."""
    import csv

    from techrisk.asof import parse_as_of
    from techrisk.data.screening import index_for, screen_rows
    from techrisk.data.tables import read_names

    index = index_for(techrisk.load())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "suppliers.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["supplier"])
            writer.writerows([n] for n in supplier_names(size))
        day = parse_as_of("2026-11-23")
        start = time.perf_counter()
        matched = 0
        for names, _context in read_names(path):
            matched += sum(1 for row in screen_rows(index, names, day) if row["vendor_id"])
        return time.perf_counter() - start, matched


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes only (CI)")
    parser.add_argument("--output", default="benchmarks/results/latest.json")
    args = parser.parse_args()
    rows: list[tuple[str, float, str]] = []

    extra, sklearn_loaded = import_overhead()
    rows.append(("import techrisk (over pandas+pydantic+jinja2+yaml)", extra, "target <= 0.1 s"))
    rows.append(("scikit-learn loaded by import + load()", float(sklearn_loaded), "target 0 (False)"))
    load_code = "import time, techrisk; t = time.perf_counter(); techrisk.load(); print(time.perf_counter() - t)"
    rows.append(("load and validate bundled data (cold)", subprocess_seconds(load_code), "target < 0.5 s"))

    registry = techrisk.load()
    techrisk.score(registry=registry)
    rows.append(("score() bundled registry", best_of(lambda: techrisk.score(registry=registry), 5), "target < 0.05 s"))
    rows.append(("explain('KZ')", best_of(lambda: techrisk.explain("KZ", registry=registry), 5), ""))
    rows.append(("one brief, HTML (KZ)", best_of(lambda: techrisk.brief("KZ", registry=registry).html, 3), "target < 0.2 s"))
    with tempfile.TemporaryDirectory() as tmp:
        from techrisk.report.brief import write_all_briefs

        start = time.perf_counter()
        written = write_all_briefs(Path(tmp), registry=registry)
        rows.append((f"all briefs, HTML files ({len(written)} countries)", time.perf_counter() - start, ""))
    n_samples = 1_000 if args.quick else 10_000
    rows.append((f"sensitivity(n={n_samples:,})", best_of(lambda: analysis.sensitivity(registry=registry, n=n_samples), 2),
                 "target < 2 s (n=10,000)"))

    rubric = load_rubric()
    as_of = as_of_ordinal("2026-11-23")
    facts = table_of(registry).vendor_facts
    weights = [np.array([f.weight if f.dimension == d else 0.0 for f in rubric.factors]) for d in DIMENSIONS]
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000, 1_000_000)
    for size in sizes:
        table = synthetic_table(size, 150, facts, seed=0)
        lib = best_of(lambda: score_library(table, rubric, as_of), 3)
        inputs = kernel_inputs(table, rubric)
        ker = best_of(lambda: kernel(*inputs, weights), 3)
        rows.append((f"score {size:,} synthetic deployments", lib,
                     f"{lib / size * 1e6:.2f} us/deployment; NumPy kernel {ker:.3f} s; ratio {lib / ker:.1f}x"))
    for size in ((10_000,) if args.quick else (10_000, 1_000_000)):
        seconds, matched = screen_file(size)
        rows.append((f"screen {size:,} supplier names (CSV, streamed)", seconds,
                     f"{seconds / size * 1e6:.1f} us/name; {matched:,} matched; target < 30 s at 10^6"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak memory (RSS, whole run)", peak_mb, "MB; target < 2048 MB at 10^6"))

    width = max(len(r[0]) for r in rows)
    print(f"techrisk {techrisk.__version__} benchmarks ({'quick' if args.quick else 'full'}), "
          f"Python {platform.python_version()}, {platform.machine()}")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10.4f}  {note}")
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"quick": args.quick, "rows": [{"name": n, "value": v, "note": t} for n, v, t in rows]},
                              indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
