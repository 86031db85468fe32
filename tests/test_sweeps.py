"""The coverage sweeps' scopes and target counts (``techrisk coverage --targets``)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from techrisk.cli import main
from techrisk.data.sweeps import (
    in_africa,
    in_americas_asia_pacific,
    in_europe_west_central_asia,
    sweep_progress,
)


@pytest.mark.parametrize(("code", "scope"), [
    ("KZ", "I"), ("GE", "I"), ("TR", "I"), ("IR", "I"), ("YE", "I"), ("RU", "I"), ("NO", "I"), ("GB", "I"),
    ("EG", "II"), ("NA", "II"), ("ZA", "II"), ("MU", "II"),
    ("BR", "III"), ("US", "III"), ("PK", "III"), ("JP", "III"), ("PG", "III"), ("TW", "III"),
    ("CN", None),  # China is the vendors' home, in no sweep
])
def test_every_country_is_in_at_most_one_sweep(code, scope):
    memberships = {"I": in_europe_west_central_asia(code), "II": in_africa(code), "III": in_americas_asia_pacific(code)}
    assert [name for name, member in memberships.items() if member] == ([scope] if scope else [])


def _d(country, vendors, operator="unknown", sector="mobile_ran_4g"):
    return SimpleNamespace(country=country, vendors=tuple(vendors), operator=operator, sector=sector)


def test_targets_count_what_they_say():
    registry = SimpleNamespace(deployments=[
        _d("KE", ["nuctech"], "customs_border", "border_customs_screening"),
        _d("KE", ["nuctech"], "private_company", "border_customs_screening"),
        _d("KE", ["nuctech"], "customs_border", "video_analytics"),  # not a scanner
        _d("TZ", ["zte", "huawei"]),
        _d("DE", ["hikvision"], "police", "public_safety_video"),
        _d("DE", ["dahua"], "private_company", "public_safety_video"),  # not a public body
        _d("BR", ["huawei"]),
    ])
    frame = sweep_progress(registry).set_index(["scope", "measure"])["value"]
    # Counted by hand from the seven rows above.
    assert frame[("II: Africa", "countries with a deployment")] == 2
    assert frame[("II: Africa", "deployments")] == 4
    assert frame[("II: Africa", "Nuctech scanners at ports, airports or borders")] == 2
    assert frame[("II: Africa", "ZTE deployments")] == 1
    assert frame[("I: Europe, Middle East, Caucasus, Central Asia", "Hikvision or Dahua deployments run by a public body")] == 1
    assert frame[("I: Europe, Middle East, Caucasus, Central Asia", "deployments")] == 2
    assert frame[("III: Americas, Asia, Pacific", "deployments")] == 1
    assert frame[("world", "deployments")] == 7
    assert frame[("world", "countries with a deployment")] == 4
    assert not sweep_progress(registry)["met"].any()


def test_cli_prints_the_targets(capsys):
    assert main(["coverage", "--targets"]) == 0
    out = capsys.readouterr().out
    assert "II: Africa" in out and "targets met" in out and "vendors/COVERAGE.md" in out
