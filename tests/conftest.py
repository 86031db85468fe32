"""Shared fixtures: the small hand-checked fixture registry, and YAML trees in tmp_path."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

import techrisk

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_ROOT = FIXTURES / "registry"


def pytest_configure(config):
    # The bundled data's parse cache goes to a folder of this run, not the user's ~/.cache.
    os.environ.setdefault("TECHRISK_CACHE_DIR", tempfile.mkdtemp(prefix="techrisk-cache-"))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current data and rubrics (review the diff!)")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def registry():
    """The bundled registry, read once per test session. A Registry is immutable, so every
    test can share it; the loader's cache is keyed by data folder, so fixture_data's
    cache_clear() and TECHRISK_DATA_DIR never touch this object."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("TECHRISK_DATA_DIR", raising=False)
        return techrisk.load()


@pytest.fixture
def fixture_data(monkeypatch):
    """Point techrisk at tests/fixtures/registry (two fictional vendors, four deployments)."""
    monkeypatch.setenv("TECHRISK_DATA_DIR", str(FIXTURE_ROOT))
    techrisk.cache_clear()
    yield techrisk.load()
    techrisk.cache_clear()


@pytest.fixture
def write_tree(tmp_path):
    """Write {relative path: YAML text} into tmp_path and return the folder."""

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return write


# Fixture evidence names every coded field in `supports`, so that a test about one problem
# is not also told that a field lacks its quote.
SUPPORTS_ALL = ("[vendors, partners, place, name, operator, operator_name, sector, data_captured, capabilities, "
                "scale, coverage, start, financing, access, 'status:agreed', 'status:contracted', "
                "'status:operational', 'status:suspended', 'status:ended', 'status:removed', 'status:reported']")
EVIDENCE = f"[{{publisher: Fixture Press, title: Fixture report, date: 2020, quote: Fixture quote., supports: {SUPPORTS_ALL}}}]"


def deployment_yaml(id="kz-test", country="KZ", vendors="[alpha]", extra="", evidence=EVIDENCE) -> str:
    """One deployment record as YAML text, for error tests that change one field."""
    return textwrap.dedent(f"""\
        deployments:
          - id: {id}
            country: {country}
            vendors: {vendors}
            sector: video_analytics
            status: [{{value: operational, date: unknown}}]
            confidence: credible
        """) + "".join(f"    {line}\n" for line in textwrap.dedent(extra).splitlines() if line) + (
        f"    evidence: {evidence}\n" if evidence is not None else "")
