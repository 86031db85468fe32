"""The package's layers, checked on the source: data -> scoring -> analysis -> report, one way.

A small AST walk (no import-linter dependency) reads every ``import`` in ``src/techrisk``,
including those inside functions; imports under ``if TYPE_CHECKING:`` are type hints only
and are left out of the cycle check, but not out of the layer rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "techrisk"
# A module may import from its own layer and the layers listed before it.
LAYERS = ("data", "scoring", "analysis", "report")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, *, type_checking: bool) -> set[str]:
    """The techrisk modules a file imports (resolved to files), anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not type_checking:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                node.body = []
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        for name in names:
            while name.startswith("techrisk") and name not in MODULES:
                name = name.rpartition(".")[0]
            if name.startswith("techrisk."):
                found.add(name)
    return found


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_layer_exists():
    for name in LAYERS:
        assert f"techrisk.{name}" in MODULES, name


@pytest.mark.parametrize("module", [m for m in MODULES if layer(m) is not None])
def test_imports_point_down_the_layers(module):
    mine = layer(module)
    upward = sorted(m for m in imports(MODULES[module], type_checking=True)
                    if layer(m) is not None and layer(m) > mine)
    assert not upward, f"{module} (layer {LAYERS[mine]}) imports from a higher layer: {upward}"


def test_shared_modules_import_no_layer():
    """errors, _paths, _version and progress sit under every layer."""
    for module in ("techrisk.errors", "techrisk._paths", "techrisk._version", "techrisk.progress"):
        assert not [m for m in imports(MODULES[module], type_checking=True) if layer(m) is not None], module


def test_no_import_cycles():
    graph = {m: imports(p, type_checking=False) - {m} for m, p in MODULES.items()}
    # A package's __init__ importing its own submodules is how packages re-export; a cycle
    # through it is no cycle of code, so packages are left out.
    packages = {module_name(p) for p in PACKAGE.rglob("__init__.py")}
    graph = {m: {t for t in targets if t not in packages} for m, targets in graph.items() if m not in packages}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_the_walk_sees_function_level_imports():
    """Guard the checker itself: a lazy import inside a function is found."""
    found = imports(MODULES["techrisk.cli"], type_checking=False)
    assert "techrisk.data.load" in found


def test_loading_data_needs_no_pandas_nor_scoring():
    """The data layer stands alone: loading and querying a registry imports neither pandas
    nor NumPy nor any scoring module (they load when a score or a frame is asked for)."""
    import os
    import subprocess
    import sys

    # The small fixture registry keeps the cold load short; what is imported does not depend on size.
    env = {**os.environ, "TECHRISK_DATA_DIR": str(Path(__file__).parent / "fixtures" / "registry")}
    code = ("import sys, techrisk; r = techrisk.load(); r.vendor('alpha'); r.data_date; "
            "print(sorted(m for m in sys.modules if m in ('pandas', 'numpy') or m.startswith('techrisk.scoring')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "[]"


def test_import_is_light_and_extras_load_only_when_used():
    """`import techrisk` builds no pydantic model; scoring and a brief import none of the
    optional extras (FtM export, Excel, screening, scikit-learn's sensitivity tools)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "TECHRISK_DATA_DIR": str(Path(__file__).parent / "fixtures" / "registry")}
    code = ("import sys, techrisk; print(sorted(m for m in sys.modules if m.startswith('techrisk.data.models') "
            "or m == 'pydantic')); techrisk.load(); techrisk.score(); techrisk.brief(techrisk.load().countries[0]).html; "
            "print(sorted(m for m in ('followthemoney', 'openpyxl', 'rapidfuzz', 'rigour', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split("\n")[:2] == ["[]", "[]"]
