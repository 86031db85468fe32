"""Every notebook in examples/ runs top to bottom (nbclient), so the examples never rot."""

from __future__ import annotations

from pathlib import Path

import pytest

# Each notebook starts a kernel and runs for seconds: `pytest -m "not slow"` leaves them out.
pytestmark = pytest.mark.slow

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.ipynb"))


def test_there_are_examples():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_notebook_runs(path, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    if path.name.startswith("04"):
        assert any("image/png" in o.get("data", {}) for o in outputs), "the sensitivity notebook shows its plots"
