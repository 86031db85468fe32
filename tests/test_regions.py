"""UN M49 regions: every country has one, including those the table writes as a pattern."""

from __future__ import annotations

import pycountry

from techrisk.data.regions import region_of


def test_uk_and_greece_have_their_regions():
    # The source table writes these two as '^GB$|^UK$' and '^GR$|^EL$'; briefs once said
    # "REGION unknown" for the UK.
    assert region_of("GB") == "Northern Europe"
    assert region_of("GR") == "Southern Europe"


def test_every_iso_country_has_a_region():
    missing = [c.alpha_2 for c in pycountry.countries if c.alpha_2 != "AQ" and region_of(c.alpha_2) == "unknown"]
    assert missing == []
    assert region_of("ZZ") == "unknown"
