"""The data folder is found in the documented order, and reported."""

from __future__ import annotations

import pytest

import techrisk
from techrisk._paths import data_source

from .conftest import FIXTURE_ROOT


def test_env_var_wins(monkeypatch):
    monkeypatch.setenv("TECHRISK_DATA_DIR", str(FIXTURE_ROOT))
    source = data_source()
    assert source.kind == "env" and source.root == FIXTURE_ROOT.resolve()


def test_default_is_package_or_checkout(monkeypatch):
    monkeypatch.delenv("TECHRISK_DATA_DIR", raising=False)
    source = techrisk.data_source()
    assert source.kind in ("package", "checkout")
    assert sorted(p.stem for p in source.vendors.glob("*.yaml")) == ["dahua", "hikvision", "huawei", "nuctech", "zte"]
    assert (source.rubrics / "techrisk-1.0.yaml").is_file()


def test_cache_follows_data_folder(fixture_data, monkeypatch):
    assert len(techrisk.load().vendors) == 2
    monkeypatch.delenv("TECHRISK_DATA_DIR")
    assert len(techrisk.load().vendors) == 5
