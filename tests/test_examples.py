"""The notebooks in examples/: they run top to bottom (nbclient), so the examples never rot, and
they are stored with outputs that re-running reproduces (scripts/run_notebooks.py writes them)."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path

import pytest

# Each notebook starts a kernel and runs for seconds: `pytest -m "not slow"` leaves them out.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.ipynb"))
REGENERATE = "python scripts/make_examples.py && python scripts/run_notebooks.py"


def _script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _read(path):
    nbformat = pytest.importorskip("nbformat")
    return nbformat.read(path, as_version=4)


_LONG_FLOAT = re.compile(r"-?\d+\.\d{7,}")


def _comparable(texts: list[list[str]]) -> list[list[str]]:
    """Text outputs with long floats rounded to 6 decimals: the last bits of a PCA or a sum may
    differ between machines, the figures a reader sees do not."""
    return [[_LONG_FLOAT.sub(lambda m: f"{float(m.group()):.6f}", t) for t in cell] for cell in texts]


def _prints_something(source: str) -> bool:
    """Whether a cell's last statement is an expression (so Jupyter shows its value)."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith("%")]
    try:
        body = ast.parse("\n".join(lines)).body
    except SyntaxError:
        return True
    return bool(body) and (isinstance(body[-1], ast.Expr) or "print(" in source)


def test_there_are_examples():
    assert len(EXAMPLES) >= 4


def test_notebooks_are_generated_from_the_script():
    """The stored cells are the ones scripts/make_examples.py writes: no hand edits that the next
    regeneration would silently drop."""
    make_examples = _script("make_examples")
    assert sorted(make_examples.NOTEBOOKS) == [p.name for p in EXAMPLES]
    for path in EXAMPLES:
        stored = ["".join(cell.source) for cell in _read(path).cells]
        assert stored == make_examples.NOTEBOOKS[path.name], f"{path.name}: run `{REGENERATE}`"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_notebook_is_stored_with_outputs(path):
    notebook = _read(path)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1)), \
        f"{path.name} is not stored executed top to bottom: run `{REGENERATE}`"
    for cell in code:
        if _prints_something(cell.source):
            assert cell.outputs, f"{path.name}: no stored output for\n{cell.source}"
        assert not [o for o in cell.outputs if o.get("output_type") == "error"], path.name
        assert "execution" not in cell.metadata, "run metadata (timings) is not stored"
    assert "version" not in notebook.metadata.get("language_info", {})
    assert "/tmp/tmp" not in path.read_text(encoding="utf-8"), "temporary paths are sanitised"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_notebook_runs_and_reproduces_its_outputs(path):
    pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    run_notebooks = _script("run_notebooks")
    stored = _read(path)
    notebook = run_notebooks.execute(path)
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    if path.name.startswith("04"):
        assert any("image/png" in o.get("data", {}) for o in outputs), "the sensitivity notebook shows its plots"
    # Every cell's text output (streams and text/plain; not images or HTML) is reproduced.
    fresh = _comparable(run_notebooks.text_outputs(notebook))
    kept = _comparable(run_notebooks.text_outputs(stored))
    assert len(fresh) == len(kept)
    for index, (new, old) in enumerate(zip(fresh, kept, strict=True)):
        assert new == old, f"{path.name}, code cell {index + 1}: output changed; if intended, run `{REGENERATE}`"
