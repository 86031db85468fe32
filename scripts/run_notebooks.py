"""Execute every notebook in examples/ in place and store its outputs (run from the repository root).

    python scripts/make_examples.py   # write the cells (no outputs) from their source
    python scripts/run_notebooks.py   # run them and store the outputs
    python scripts/run_notebooks.py examples/01_quickstart.ipynb   # just one

The stored outputs are what a reader sees on GitHub without running anything, and
tests/test_examples.py checks that re-running reproduces them. To keep them from changing
from run to run:

- the notebooks pin their dates (`AS_OF` in scripts/make_examples.py) and seeds;
- the kernel runs with PYTHONHASHSEED=0, in a scratch working directory;
- execution timings, kernel version details and other run metadata are not stored;
- temporary directory paths in outputs (from `tempfile.mkdtemp()`) are replaced by `<tmp>`,
  and object addresses (`at 0x7f...`) by `at 0x...`.

PNG images are stored as produced; tests compare text outputs only.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TIMEOUT = 600

_TMP = re.compile(re.escape(tempfile.gettempdir().rstrip("/")) + r"/tmp[\w-]+")
_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]+")


def sanitise(text: str) -> str:
    """The parts of an output that change between runs of the same code on the same data."""
    return _ADDRESS.sub("at 0x...", _TMP.sub("<tmp>", text))


def text_outputs(notebook) -> list[list[str]]:
    """Per code cell, its text outputs (streams, text/plain, errors), sanitised: what tests compare."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        texts = []
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                texts.append(f"{output.name}: {sanitise(output.text)}")
            elif output.output_type in ("execute_result", "display_data"):
                if "text/plain" in output.get("data", {}):
                    texts.append(sanitise(output.data["text/plain"]))
            elif output.output_type == "error":
                texts.append(f"error: {output.ename}: {output.evalue}")
        cells.append(texts)
    return cells


def _clean(notebook) -> None:
    """Strip what changes from run to run, and sanitise text outputs in place."""
    notebook.metadata.pop("widgets", None)
    notebook.metadata["language_info"] = {"name": "python"}  # not the interpreter's version
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            output.pop("transient", None)
            if output.get("output_type") == "stream":
                output.text = sanitise(output.text)
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/") and isinstance(value, str):
                    output.data[mime] = sanitise(value)


def execute(path: Path, *, workdir: Path | None = None):
    """Run one notebook top to bottom in a fresh kernel and return it, cleaned (not written)."""
    notebook = nbformat.read(path, as_version=4)
    os.environ["PYTHONHASHSEED"] = "0"  # inherited by the kernel
    with tempfile.TemporaryDirectory() as scratch:
        NotebookClient(notebook, timeout=TIMEOUT, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(workdir or scratch)}}).execute()
    _clean(notebook)
    return notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every examples/*.ipynb")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(EXAMPLES.glob("*.ipynb"))
    failed = 0
    for path in paths:
        notebook = execute(path)
        errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if o.get("output_type") == "error"]
        nbformat.write(notebook, path)
        print(f"{'ERROR ' if errors else ''}ran {path}")
        failed += bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
