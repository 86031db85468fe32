"""The bundled data's parse cache: a new process reads JSON instead of YAML, never a stale
or a tampered copy, and the cache can be turned off."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import techrisk
from techrisk.data import parse_cache
from techrisk.data.load import _bundled_files, _label

FIXTURE_ROOT = Path(__file__).parent / "fixtures" / "registry"


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of the fixture registry, and a private cache folder."""
    root = tmp_path / "data"
    shutil.copytree(FIXTURE_ROOT, root)
    monkeypatch.setenv("TECHRISK_DATA_DIR", str(root))
    monkeypatch.setenv(parse_cache.ENV_VAR, str(tmp_path / "cache"))
    techrisk.cache_clear()
    yield root
    techrisk.cache_clear()


def _cache_files(tmp_root: Path) -> list[Path]:
    return sorted((tmp_root.parent / "cache").glob("bundled-*.json"))


def _fresh_load():
    techrisk.cache_clear()
    return techrisk.load()


def test_second_load_reads_the_cache_and_gives_the_same_registry(data_copy):
    first = techrisk.load()
    assert len(_cache_files(data_copy)) == 1
    second = _fresh_load()
    assert second is not first
    assert second.deployments == first.deployments and second.vendors == first.vendors
    assert second.presence == first.presence


def test_a_changed_file_misses_the_cache(data_copy):
    techrisk.load()
    [old] = _cache_files(data_copy)
    country = data_copy / "vendors" / "countries" / "KZ.yaml"
    assert "confirmed" in {d.confidence for d in techrisk.load().deployments if d.country == "KZ"}
    country.write_text(country.read_text(encoding="utf-8").replace("confidence: confirmed", "confidence: credible"),
                       encoding="utf-8")
    reloaded = _fresh_load()
    [new] = _cache_files(data_copy)
    assert new.name != old.name
    assert "confirmed" not in {d.confidence for d in reloaded.deployments if d.country == country.stem}


def test_cached_data_is_validated_and_a_bad_copy_is_not_used(data_copy):
    good = techrisk.load()
    [path] = _cache_files(data_copy)
    payload = json.loads(path.read_text(encoding="utf-8"))
    for data in payload["data"].values():
        for record in data.get("deployments", []):
            record["confidence"] = "certain"  # not a confidence level
    path.write_text(json.dumps(payload), encoding="utf-8")
    # The cached copy fails validation, so the YAML files are parsed again: same registry.
    assert _fresh_load().deployments == good.deployments


def test_an_unreadable_cache_is_skipped(data_copy):
    good = techrisk.load()
    [path] = _cache_files(data_copy)
    path.write_text("{not json", encoding="utf-8")
    assert _fresh_load().deployments == good.deployments


def test_the_cache_can_be_turned_off(data_copy, monkeypatch):
    monkeypatch.setenv(parse_cache.ENV_VAR, "off")
    techrisk.load()
    assert _cache_files(data_copy) == []
    assert parse_cache.cache_dir() is None


def test_data_json_would_change_is_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv(parse_cache.ENV_VAR, str(tmp_path))
    assert not parse_cache.write("k" * 64, {"a.yaml": {2019: "an integer key"}})
    assert not parse_cache.write("k" * 64, {"a.yaml": {"x": float("nan")}})
    assert parse_cache.write("k" * 64, {"a.yaml": {"x": [1, 2.5, None, True, "NO"]}})
    assert parse_cache.read("k" * 64) == {"a.yaml": {"x": [1, 2.5, None, True, "NO"]}}
    assert parse_cache.read("j" * 64) is None  # another key


def test_key_covers_paths_and_bytes(data_copy):
    files = _bundled_files(data_copy / "vendors")
    labels = {p: _label(p, data_copy) for p in files}
    key = parse_cache.key_of(labels)
    assert key == parse_cache.key_of(labels)
    moved = dict(labels)
    moved[files[0]] = "vendors/elsewhere.yaml"
    assert parse_cache.key_of(moved) != key
    files[0].write_bytes(files[0].read_bytes() + b"\n# a comment\n")
    assert parse_cache.key_of(labels) != key
