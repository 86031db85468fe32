"""Legal entities and brands with dates (issue 17): since/until, former subsidiaries, and the
sourced cases recorded in the vendor files."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from techrisk.data.models import Brand, LegalEntity

EVIDENCE = [{"publisher": "P", "title": "T", "date": "2024", "quote": "q"}]


def test_dates_are_partial_and_ordered():
    entity = LegalEntity(name="X USA", role="subsidiary", jurisdiction="US", since="2014", until="2024-01",
                         evidence=EVIDENCE)
    assert entity.held_on(dt.date(2024, 1, 31)) and not entity.former_on(dt.date(2024, 1, 31))
    assert entity.former_on(dt.date(2024, 2, 1)) and not entity.held_on(dt.date(2024, 2, 1))
    assert not entity.held_on(dt.date(2013, 12, 31))
    with pytest.raises(ValidationError, match="since '2025' is after until '2024-01'"):
        LegalEntity(name="X", role="subsidiary", jurisdiction="US", since="2025", until="2024-01", evidence=EVIDENCE)
    with pytest.raises(ValidationError, match="is not one of|Input should be"):
        Brand(name="X", kind="flagship", evidence=EVIDENCE)


def test_sourced_former_names(registry):
    dahua, huawei = registry.vendor("dahua"), registry.vendor("huawei")
    usa = next(e for e in dahua.legal_entities if e.name == "Dahua Technology USA")
    assert (usa.since, usa.until) == ("2014", "2024-01")
    lorex = next(b for b in dahua.brands if b.name == "Lorex")
    assert (lorex.kind, lorex.since, lorex.until) == ("brand", "2018", "2022-11-24")
    assert "Lorex" not in dahua.aliases and registry.vendor("Lorex").id == "dahua"
    honor = next(b for b in huawei.brands if b.name == "Honor")
    assert (honor.since, honor.until) == ("2013", "2020-11-17")
    assert all(ev.quote for ev in (*usa.evidence, *lorex.evidence, *honor.evidence))
