"""techrisk benchmarks: ``python benchmarks/run.py [--quick] [--output FILE]``.

Prints a table and writes JSON. Not a timed test: CI runs ``--quick`` only to prove the
script still works. Every timing is the median of several runs; a ratio compares figures
measured in the same run. "cold" is a fresh process (or, for synthetic tables, a fresh table
with nothing cached on it); "warm" repeats the call in the same process. Rows that need a
clean peak-memory figure run in a child process (``--child``) and report its peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from references import OUT, numpy_reference, pandas_reference
from synthetic import synthetic_table

import techrisk
from techrisk import analysis
from techrisk.scoring.assessment import Assessment, table_of
from techrisk.scoring.engine import compute
from techrisk.scoring.rubric import load_rubric
from techrisk.scoring.scores import scores_of
from techrisk.scoring.table import as_of_ordinal

AS_OF = "2026-11-23"
TOLERANCE = 1e-9


def median_of(fn, repeat: int = 5, setup=None) -> float:
    times = []
    for _ in range(repeat):
        arg = setup() if setup else None
        start = time.perf_counter()
        fn(arg) if setup else fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: ru_maxrss would carry the parent's peak over fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> None:
    """Start VmHWM again from the current RSS (Linux: writing 5 to clear_refs), so a row's peak
    is its own; where that is not possible the peak includes what came before."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def child(*args: str) -> dict:
    """Run ``run.py --child ARGS`` in a fresh process; its JSON line (seconds, rss_mb...)."""
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def child_median(repeat: int, *args: str) -> dict:
    runs = [child(*args) for _ in range(repeat)]
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


# ---------------------------------------------------------------- child rows


def _child_public(what: str) -> dict:
    """One public call, cold, in this fresh process (after the bundled load when it is not the row)."""
    start = time.perf_counter()
    registry = techrisk.load()
    loaded = time.perf_counter() - start
    calls = {
        "load": lambda: None,
        "score": lambda: techrisk.score(registry=registry),
        "brief": lambda: techrisk.brief("KZ", registry=registry).html,
        "sensitivity": lambda: analysis.sensitivity(registry=registry, n=10_000),
        "history": lambda: techrisk.history(start="2011", end="2025", registry=registry),
        "screen": lambda: _screen_names(registry, 10_000),
    }
    start = time.perf_counter()
    calls[what]()
    seconds = loaded if what == "load" else time.perf_counter() - start
    return {"seconds": seconds, "rss_mb": peak_rss_mb()}


def synthetic_run(size: int, seed: int = 0) -> Assessment:
    """An Assessment over a synthetic table (the registry stands in only for its country list)."""
    rubric = load_rubric()
    facts = table_of(techrisk.load()).vendor_facts
    table = synthetic_table(size, 150, facts, seed=seed)
    as_of = as_of_ordinal(AS_OF)
    stub = types.SimpleNamespace(countries=tuple(sorted(set(table.country))))
    return Assessment(stub, rubric, dt.date.fromordinal(as_of), as_of, compute(table, rubric, as_of))  # type: ignore[arg-type]


def _child_stability(size: int, n: int) -> dict:
    """sensitivity(n) on a registry of ``size`` synthetic deployments: time and peak RSS."""
    run = synthetic_run(size)
    before = peak_rss_mb()
    start = time.perf_counter()
    analysis.sensitivity(n=n, assessment=run)
    return {"seconds": time.perf_counter() - start, "rss_mb": peak_rss_mb(), "rss_before_mb": before}


def _child_load(kind: str, size: int) -> dict:
    import userfiles
    import yaml

    techrisk.load()
    with tempfile.TemporaryDirectory() as tmp:
        path = getattr(userfiles, f"write_{kind}")(Path(tmp) / f"user.{kind}", size)
        gc.collect()
        reset_peak_rss()  # writing the file is not part of loading it
        start = time.perf_counter()
        registry = techrisk.load(path)
        seconds = time.perf_counter() - start
        assert len(registry.deployments) >= size
        out = {"seconds": seconds, "rss_mb": peak_rss_mb()}
        if kind == "yaml":  # libyaml's C loader alone on the same file, GC paused as the loader does
            text = path.read_text(encoding="utf-8")
            gc.disable()
            start = time.perf_counter()
            yaml.load(text, Loader=yaml.CSafeLoader)
            out["libyaml_seconds"] = time.perf_counter() - start
            gc.enable()
            start = time.perf_counter()
            yaml.load(text, Loader=yaml.CSafeLoader)
            out["libyaml_gc_on_seconds"] = time.perf_counter() - start
        return out


def _child_end_to_end(kind: str, size: int) -> dict:
    """Load ``size`` user deployments (with the bundled registry), score every country, and
    write one brief (KZ, which holds an eighth of the user records): each step's time."""
    import userfiles

    techrisk.load()
    with tempfile.TemporaryDirectory() as tmp:
        path = getattr(userfiles, f"write_{kind}")(Path(tmp) / f"user.{kind}", size)
        gc.collect()
        reset_peak_rss()
        start = time.perf_counter()
        registry = techrisk.load(path)
        loaded = time.perf_counter()
        techrisk.score(registry=registry)
        scored = time.perf_counter()
        html = techrisk.brief("KZ", registry=registry).html
        done = time.perf_counter()
    assert "Kazakhstan" in html
    return {"seconds": done - start, "load": loaded - start, "score": scored - loaded, "brief": done - scored,
            "rss_mb": peak_rss_mb()}


def _screen_names(registry, size: int) -> int:
    from techrisk.asof import parse_as_of
    from techrisk.data.screening import index_for, screen_rows

    index = index_for(registry)
    return sum(1 for row in screen_rows(index, supplier_names(size), parse_as_of(AS_OF)) if row["vendor_id"])


def run_child(args: list[str]) -> int:
    kind, *rest = args
    if kind == "public":
        result = _child_public(rest[0])
    elif kind == "stability":
        result = _child_stability(int(rest[0]), int(rest[1]))
    elif kind == "load":
        result = _child_load(rest[0], int(rest[1]))
    elif kind == "end-to-end":
        result = _child_end_to_end(rest[0], int(rest[1]))
    else:
        raise SystemExit(f"unknown child row {kind!r}")
    print(json.dumps(result))
    return 0


# ---------------------------------------------------------------- helpers kept from before


def import_overhead() -> tuple[float, bool]:
    base = ("import time; import pandas, pydantic, jinja2, yaml; t = time.perf_counter(); import techrisk; "
            "print(time.perf_counter() - t)")
    runs = [float(subprocess.run([sys.executable, "-c", base], capture_output=True, text=True, check=True)
                  .stdout.strip().splitlines()[-1]) for _ in range(3)]
    sklearn = subprocess.run([sys.executable, "-c", "import sys, techrisk; techrisk.load(); "
                              "print('sklearn' in sys.modules)"], capture_output=True, text=True, check=True)
    return statistics.median(runs), sklearn.stdout.strip() == "True"


def supplier_names(size: int, seed: int = 0) -> list[str]:
    """Seeded synthetic supplier names: mostly distinct ordinary firms, 1% vendor names and
    their variants, 1% hard negatives (sound-alikes), as a procurement extract might hold."""
    rng = np.random.default_rng(seed)
    words = ["Alpha", "Beta", "Gamma", "Delta", "Nord", "Sud", "Global", "Metro", "City", "Prime", "Smart", "Green", "Blue", "Star", "Union", "Euro", "Asia", "Hua", "Wei", "Da", "Zhong", "Xing", "Tech", "Vision", "Secure", "Net", "Data", "Build", "Trans", "Energy", "Medical", "Foods", "Logistics", "Print", "Textile", "Solar", "Water", "Road", "Rail", "Air", "Sea", "Agro", "Steel", "Paper", "Glass"]
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


def check_references(size: int) -> tuple[float, float]:
    """Both references against the library's score frame: the largest difference in any column."""
    run = synthetic_run(size, seed=1)
    library = scores_of(run).dropna(subset=["score"])
    worst = []
    for reference in (numpy_reference, pandas_reference):
        ref = reference(run.table, run.rubric, run.as_of_ordinal)
        if sorted(ref.index) != sorted(library.index):
            raise SystemExit(f"{reference.__name__}: countries differ from score()")
        lib = library.reindex(ref.index)
        diff = max(float(np.abs(lib[c].to_numpy(dtype=float) - ref[c].to_numpy()).max()) for c in OUT)
        if not diff <= TOLERANCE:
            raise SystemExit(f"{reference.__name__} differs from score() by {diff:.3g} at {size:,} deployments")
        worst.append(diff)
    return worst[0], worst[1]


# ---------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes only (CI)")
    parser.add_argument("--heavy", action="store_true",
                        help="also the 10^6 rows of loading, end to end and sensitivity (about an hour more, "
                             "up to about 16 GB)")
    parser.add_argument("--output", default="benchmarks/results/latest.json")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_child(args.child)
    quick = args.quick
    rows: list[tuple[str, float, str]] = []

    def add(name: str, value: float, note: str = "") -> None:
        rows.append((name, value, note))
        print(f"{name:<62} {value:>10.4f}  {note}", flush=True)

    extra, sklearn_loaded = import_overhead()
    add("import techrisk (over pandas+pydantic+jinja2+yaml), s", extra, "target <= 0.1 s")
    add("scikit-learn loaded by import + load()", float(sklearn_loaded), "target 0 (False)")

    # Public functions on the bundled registry, cold (fresh process) and warm (same process).
    registry = techrisk.load()
    run = techrisk.assess(registry=registry)
    warm = {
        "load": lambda: techrisk.load(),
        "score": lambda: techrisk.score(registry=registry),
        "brief": lambda: techrisk.brief("KZ", registry=registry).html,
        "sensitivity": lambda: analysis.sensitivity(registry=registry, n=10_000),
        "history": lambda: techrisk.history(start="2011", end="2025", registry=registry),
        "screen": lambda: _screen_names(registry, 10_000),
    }
    labels = {"load": "load() bundled", "score": "score() bundled", "brief": "brief('KZ').html",
              "sensitivity": "sensitivity(n=10,000)", "history": "history(), 15 years, every country",
              "screen": "screen 10^4 supplier names"}
    del run
    for key, fn in warm.items():
        cold = child_median(1 if quick else 3, "public", key)
        add(f"{labels[key]}, cold, s", cold["seconds"], f"fresh process; peak RSS {cold['rss_mb']:.0f} MB")
        add(f"{labels[key]}, warm, s", median_of(fn, 1 if key in ("sensitivity", "screen", "history") and quick else 3))

    # score() arithmetic on synthetic tables against the two references, checked first.
    np_diff, pd_diff = check_references(2_000 if quick else 20_000)
    add("NumPy reference vs score(), max abs difference", np_diff, f"checked <= {TOLERANCE:g}")
    add("pandas reference vs score(), max abs difference", pd_diff, f"checked <= {TOLERANCE:g}")
    rubric = load_rubric()
    as_of = as_of_ordinal(AS_OF)
    facts = table_of(registry).vendor_facts
    sizes = (1_000, 10_000) if quick else (1_000, 10_000, 100_000, 1_000_000)
    for size in sizes:
        repeat = 3 if size >= 1_000_000 else 5
        fresh = lambda size=size: synthetic_table(size, 150, facts, seed=0)
        stub = types.SimpleNamespace(countries=None)

        def library(table) -> None:
            stub.countries = tuple(sorted(set(table.country)))
            scores_of(Assessment(stub, rubric, None, as_of, compute(table, rubric, as_of)))  # type: ignore[arg-type]

        lib_cold = median_of(library, repeat, setup=fresh)
        table = fresh()
        lib_warm = median_of(lambda: library(table), repeat)
        ref_np = median_of(lambda: numpy_reference(table, rubric, as_of), repeat)
        ref_pd = median_of(lambda: pandas_reference(table, rubric, as_of), repeat)
        add(f"score frame, {size:,} synthetic deployments, cold, s", lib_cold,
            f"{lib_cold / size * 1e6:.2f} us/dep; NumPy ref {ref_np:.3f} s ({lib_cold / ref_np:.2f}x); "
            f"pandas ref {ref_pd:.3f} s ({lib_cold / ref_pd:.2f}x)")
        add(f"score frame, {size:,} synthetic deployments, warm, s", lib_warm,
            f"{lib_warm / ref_np:.2f}x NumPy ref; {lib_warm / ref_pd:.2f}x pandas ref")


    # Screening a procurement extract of 10^6 names (mostly distinct), warm index.
    if not quick:
        screened = median_of(lambda: _screen_names(registry, 1_000_000), 3)
        add("screen 10^6 supplier names, warm, s", screened, f"{screened:.1f} us/name")

    # Memory: rank stability (a brief runs n=2,000, fewer above 25,000 deployments) and
    # sensitivity(n=10,000); chunks of samples bound the memory whatever the size.
    stability = ((10_000, 2_000),) if quick else ((10_000, 10_000), (100_000, 2_000), (100_000, 10_000),
                                                  (1_000_000, 200))
    if args.heavy:
        stability += ((1_000_000, 10_000),)
    for size, n in stability:
        result = child("stability", str(size), str(n))
        add(f"sensitivity(n={n:,}) on {size:,} synthetic deployments, s", result["seconds"],
            f"{result['seconds'] / n * 1e3:.1f} ms/sample; peak RSS {result['rss_mb']:.0f} MB "
            f"({result['rss_before_mb']:.0f} MB before the call)")

    # Loading user records.
    loads = (("yaml", 2_000), ("csv", 2_000)) if quick else (
        ("yaml", 10_000), ("yaml", 100_000), ("csv", 100_000), ("parquet", 100_000))
    if args.heavy:
        loads += (("csv", 1_000_000), ("parquet", 1_000_000))
    for kind, size in loads:
        result = child("load", kind, str(size))
        note = f"{result['seconds'] / size * 1e6:.0f} us/record; peak RSS {result['rss_mb']:.0f} MB"
        if kind == "yaml":
            note += (f"; libyaml C loader alone {result['libyaml_seconds']:.2f} s GC paused "
                     f"({result['seconds'] / result['libyaml_seconds']:.2f}x), {result['libyaml_gc_on_seconds']:.2f} s GC on")
        add(f"load {size:,} user deployments from {kind.upper()}, s", result["seconds"], note)

    # End to end: user records loaded with the bundled registry, every country scored, and the
    # brief of the country holding an eighth of them.
    ends = (2_000,) if quick else (10_000, 100_000)
    if args.heavy:
        ends += (1_000_000,)
    for size in ends:
        result = child("end-to-end", "parquet", str(size))
        add(f"load + score + brief('KZ'), {size:,} user deployments (Parquet), s", result["seconds"],
            f"load {result['load']:.1f} s, score {result['score']:.1f} s, brief {result['brief']:.1f} s; "
            f"{result['seconds'] / size * 1e6:.0f} us/record; peak RSS {result['rss_mb']:.0f} MB")

    add("peak memory of the parent process (RSS), MB", peak_rss_mb(), "children report their own")
    print(f"techrisk {techrisk.__version__} benchmarks ({'quick' if quick else 'heavy' if args.heavy else 'full'}), "
          f"Python {platform.python_version()}, {platform.machine()}")
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"quick": quick, "heavy": args.heavy, "rows": [{"name": n, "value": v, "note": t} for n, v, t in rows]},
                              indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
