"""Rubric 2.0's promises, each a test over small synthetic registries.

The registries use the bundled vendor records (so vendor factors are the real ones) and
deployments written here. ``ARCHETYPES`` are the pairs listed in ``rubrics/README.md``: in each,
the first country must score below the second. ``FAILS_UNDER_1_0`` names the pairs rubric 1.0
orders wrongly (or ties), worked out by hand in the README and checked here.
"""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import techrisk
from techrisk.data.models import Deployment, Evidence
from techrisk.data.registry import Registry
from techrisk.data.vocab import REQUIRED_SUPPORT, STATUSES
from techrisk.scoring.scores import NO_COUNTED

AS_OF = "2026-01-01"
EVIDENCE = Evidence(publisher="Fixture Press", title="Fixture report", date="2020", quote="Fixture quote.",
                    supports=(*REQUIRED_SUPPORT, *(f"status:{s}" for s in STATUSES)))


@pytest.fixture(scope="module")
def bundled() -> Registry:
    return techrisk.load()


def dep(id: str, country: str = "LI", **fields) -> Deployment:
    """A deployment with neutral defaults: Huawei, operational since 2020, credible."""
    base = dict(
        vendors=("huawei",), sector="public_safety_video", operator="municipality", coverage="city",
        data_captured=("video",), access=("unknown",), financing="commercial", confidence="credible",
        start="2020", status=({"value": "operational", "date": "2020"},),
    )
    base.update(fields)
    return Deployment(id=id, country=country, evidence=(EVIDENCE,), **base)


def registry_of(base: Registry, *deployments: Deployment, vendors=None) -> Registry:
    return dataclasses.replace(base, deployments=tuple(deployments), presence=(),
                               vendors=tuple(vendors) if vendors is not None else base.vendors)


def scores(registry: Registry, rubric: str = "techrisk-2.0", as_of: str = AS_OF):
    return techrisk.score(registry=registry, rubric=rubric, as_of=as_of)


def severe_platform(id: str, country: str, **overrides) -> Deployment:
    """A nationwide police surveillance platform, documented facial recognition, PRC state loan."""
    fields = dict(sector="safe_city_platform", operator="police", coverage="national",
                  data_captured=("video", "facial_recognition"), financing="prc_state_loan", confidence="confirmed")
    return dep(id, country, **{**fields, **overrides})


def _vendor(base: Registry, vendor_id: str, **update):
    return [v.model_copy(update=update) if v.id == vendor_id else v for v in base.vendors]


# --------------------------------------------------------------------------- archetype pairs
# Each builder returns (registry, weaker country, stronger country, as_of).

def _breadth_training(base):
    weak = [dep(f"li-academy-{i}", "LI", sector="education_training", operator="education", coverage="site")
            for i in range(5)]
    weak.append(dep("li-shop", "LI", sector="consumer_devices", operator="private_company", coverage="site"))
    return registry_of(base, *weak, severe_platform("sm-platform", "SM")), "LI", "SM", AS_OF


def _breadth_cctv_vs_core(base):
    weak = [dep(f"li-cctv-{i}", "LI") for i in range(10)]
    strong = dep("sm-core", "SM", sector="telecom_core", operator="telecom_operator", coverage="national",
                 data_captured=("subscriber_records",), confidence="confirmed")
    return registry_of(base, *weak, strong), "LI", "SM", AS_OF


def _lifecycle_mou(base):
    mou = severe_platform("li-mou", "LI", status=({"value": "agreed", "date": "2020"},))
    return registry_of(base, mou, severe_platform("sm-platform", "SM")), "LI", "SM", AS_OF


def _lifecycle_removed(base):
    removed = dep("li-removed", "LI", sector="mobile_ran_5g", operator="telecom_operator", coverage="national",
                  status=({"value": "operational", "date": "2019"}, {"value": "removed", "date": "2024-05"}))
    small = dep("li-camera", "LI", coverage="site")
    running = dep("sm-running", "SM", sector="mobile_ran_5g", operator="telecom_operator", coverage="national",
                  status=({"value": "operational", "date": "2019"},))
    return registry_of(base, removed, small, running), "LI", "SM", "2025-01-01"


def _evidence_single_report(base):
    weak = severe_platform("li-platform", "LI", confidence="single_report")
    return registry_of(base, weak, severe_platform("sm-platform", "SM")), "LI", "SM", AS_OF


def _capability_not_use(base):
    weak = dep("li-video", "LI", sector="video_analytics", operator="police", data_captured=("video",),
               capabilities=("facial_recognition",))
    strong = dep("sm-video", "SM", sector="video_analytics", operator="police",
                 data_captured=("video", "facial_recognition"))
    return registry_of(base, weak, strong), "LI", "SM", AS_OF


def _mitigation(base):
    # The UK ordered Huawei 5G equipment out of its networks in 2020 (gb-5g-removal-2020);
    # the same network in a country without a national measure counts in full.
    network = dict(sector="mobile_ran_5g", operator="telecom_operator", coverage="national")
    return (registry_of(base, dep("gb-ran", "GB", **network), dep("fr-ran", "FR", **network)),
            "GB", "FR", AS_OF)


def _financing(base):
    return (registry_of(base, dep("li-net", "LI", sector="fixed_broadband_transmission", coverage="national"),
                        dep("sm-net", "SM", sector="fixed_broadband_transmission", coverage="national",
                            financing="prc_state_loan")), "LI", "SM", AS_OF)


def _coverage(base):
    return registry_of(base, dep("li-cctv", "LI", coverage="city"),
                       dep("sm-cctv", "SM", coverage="national")), "LI", "SM", AS_OF


def _integration_and_sector(base):
    return registry_of(base, dep("li-cctv", "LI"),
                       dep("sm-analytics", "SM", sector="video_analytics", operator="police")), "LI", "SM", AS_OF


def _radio_generation(base):
    radio = dict(operator="telecom_operator", coverage="national")
    return registry_of(base, dep("li-4g", "LI", sector="mobile_ran_4g", **radio),
                       dep("sm-5g", "SM", sector="mobile_ran_5g", **radio)), "LI", "SM", AS_OF


def _sensitivity_and_access(base):
    weak = dep("li-cctv", "LI", access=("local_operation_only",))
    strong = dep("sm-id", "SM", sector="public_safety_video", data_captured=("biometrics",), access=("vendor_cloud",))
    return registry_of(base, weak, strong), "LI", "SM", AS_OF


def _state_leverage(base):
    # One vendor record with a weaker documented tie, against the same vendor with a
    # defence-industry owner: everything else equal.
    weak_vendor = [v.model_copy(update={"id": "dahua", "ownership": tuple(
        o.model_copy(update={"link": "party_or_personnel"}) for o in v.ownership),
        "regulatory_actions": tuple(a for a in v.regulatory_actions if a.kind != "military_designation")})
        if v.id == "dahua" else v for v in base.vendors]
    registry = registry_of(base, dep("li-cctv", "LI", vendors=("dahua",)), dep("sm-cctv", "SM", vendors=("hikvision",)),
                           vendors=weak_vendor)
    # Make Hikvision's other vendor factors equal to Dahua's, so only state leverage differs.
    dahua = next(v for v in weak_vendor if v.id == "dahua")
    vendors = [v.model_copy(update={"security_issues": dahua.security_issues, "abuses": dahua.abuses,
                                    "regulatory_actions": dahua.regulatory_actions + tuple(
                                        a for a in v.regulatory_actions if a.kind == "military_designation")})
               if v.id == "hikvision" else v for v in weak_vendor]
    return dataclasses.replace(registry, vendors=tuple(vendors)), "LI", "SM", AS_OF


def _vendor_record(base):
    clean = _vendor(base, "zte", security_issues=(), abuses=())
    registry = registry_of(base, dep("li-cctv", "LI", vendors=("zte",)), dep("sm-cctv", "SM", vendors=("zte",)),
                           vendors=clean)
    # Same vendor in both countries: give BB's deployment the vendor with its record by a twin.
    twin = next(v for v in base.vendors if v.id == "zte").model_copy(update={"id": "nuctech"})
    vendors = [twin if v.id == "nuctech" else v for v in clean]
    return (dataclasses.replace(registry, vendors=tuple(vendors),
                                deployments=(dep("li-cctv", "LI", vendors=("zte",)),
                                             dep("sm-cctv", "SM", vendors=("nuctech",)))), "LI", "SM", AS_OF)


def _supply_continuity(base):
    no_actions = _vendor(base, "zte", regulatory_actions=())
    twin = next(v for v in base.vendors if v.id == "zte").model_copy(update={"id": "nuctech"})
    vendors = [twin if v.id == "nuctech" else v for v in no_actions]
    return (registry_of(base, dep("li-cctv", "LI", vendors=("zte",)), dep("sm-cctv", "SM", vendors=("nuctech",)),
                        vendors=vendors), "LI", "SM", AS_OF)


def _concentration(base):
    # The same top system; in BB the vendor also runs three other kinds of system.
    core = dict(sector="telecom_core", operator="telecom_operator", coverage="national")
    others = [dep(f"sm-{s.replace('_', '-')}", "SM", sector=s, coverage="site", confidence="single_report")
              for s in ("public_safety_video", "data_centre_cloud", "government_network")]
    return registry_of(base, dep("li-core", "LI", **core), dep("sm-core", "SM", **core), *others), "LI", "SM", AS_OF


def _system_once(base):
    # AA records one system twice (a duplicate record with the same `system` key); BB records
    # the same system once plus a small separate site. Counting the system once, AA is lower.
    twice = [dep(f"li-cameras-{i}", "LI", system="li-cameras") for i in range(2)]
    return registry_of(base, *twice, dep("sm-cameras", "SM"), dep("sm-site", "SM", coverage="site")), "LI", "SM", AS_OF


ARCHETYPES = {
    "breadth: five academies and a shop < one nationwide police platform": _breadth_training,
    "breadth: ten city CCTV records < one national telecom core": _breadth_cctv_vs_core,
    "lifecycle: a memorandum < the same system operational": _lifecycle_mou,
    "lifecycle: a 5G network removed in 2024 (as of 2025) < one still running": _lifecycle_removed,
    "evidence: a single report < the same system confirmed": _evidence_single_report,
    "data sensitivity: face recognition as a capability < documented in use": _capability_not_use,
    "mitigation: a national removal order < no national measure": _mitigation,
    "financing: commercial purchase < PRC state loan": _financing,
    "coverage: one city < nationwide": _coverage,
    "state integration and sector exposure: municipal CCTV < police video analytics": _integration_and_sector,
    "sector criticality: 2G-4G radio < 5G radio": _radio_generation,
    "data sensitivity and access path: local plain video < biometrics in a vendor cloud": _sensitivity_and_access,
    "state leverage: personnel ties < defence-industry owner": _state_leverage,
    "vendor record: no documented issues < the vendor's record": _vendor_record,
    "supply continuity: no national restriction < restrictions in force": _supply_continuity,
    "concentration: vendor in one sector < the same vendor in four": _concentration,
    "one system, one record: a system recorded twice < the same system and one more site": _system_once,
}

# Worked out by hand in rubrics/README.md ("Archetype pairs"): rubric 1.0 ties these pairs
# (it has no lifecycle, evidence, capability, mitigation or system rules, reads state links
# as a yes/no count, and reads 2G-4G radio as 5G radio, the sector it was filed under when 1.0
# was written) or orders them the wrong way (its rank weights halve a single system but
# let many weak records add up to their own level).
FAILS_UNDER_1_0 = {
    "breadth: ten city CCTV records < one national telecom core",
    "lifecycle: a memorandum < the same system operational",
    "evidence: a single report < the same system confirmed",
    "mitigation: a national removal order < no national measure",
    "state leverage: personnel ties < defence-industry owner",
    "sector criticality: 2G-4G radio < 5G radio",
    "one system, one record: a system recorded twice < the same system and one more site",
}


def _pair(bundled, name, rubric):
    registry, weak, strong, as_of = ARCHETYPES[name](bundled)
    table = scores(registry, rubric, as_of)
    weak_score = table.loc[weak, "score"]
    weak_score = 0.0 if math.isnan(weak_score) else weak_score
    return weak_score, table.loc[strong, "score"]


@pytest.mark.parametrize("name", list(ARCHETYPES))
def test_archetype_pair_holds_under_2_0(bundled, name):
    weak, strong = _pair(bundled, name, "techrisk-2.0")
    assert weak < strong - 1e-9, f"{name}: {weak:.2f} is not below {strong:.2f}"


def test_archetypes_cover_every_factor_and_modifier():
    rubric = techrisk.load_rubric("techrisk-2.0")
    text = " ".join(ARCHETYPES).replace(" ", "_")
    for item in (*rubric.factors, *rubric.modifiers):
        assert item.id in text or item.id.replace("_", " ") in " ".join(ARCHETYPES), item.id


def test_the_pairs_rubric_1_0_gets_wrong(bundled):
    wrong = set()
    for name in ARCHETYPES:
        weak, strong = _pair(bundled, name, "techrisk-1.0")
        if not weak < strong - 1e-9:
            wrong.add(name)
    assert wrong == FAILS_UNDER_1_0


# --------------------------------------------------------------------------- properties

def test_one_deployment_scores_its_own_score(bundled):
    registry = registry_of(bundled, severe_platform("li-platform", "LI"))
    country = scores(registry).loc["LI"]
    deployment = techrisk.score(registry=registry, as_of=AS_OF, by="deployment").loc["li-platform"]
    assert country.score == pytest.approx(deployment.score, abs=1e-9)
    assert country.data_access == pytest.approx(deployment.data_access, abs=1e-9)


def test_gap_closing_by_hand(bundled):
    # Two deployments with dimension scores a >= b: the country dimension score is
    # a + breadth x b x (1 - a/100), breadth = 0.3 (rubric 2.0).
    registry = registry_of(bundled, severe_platform("li-1", "LI"), dep("li-2", "LI"))
    deployments = techrisk.score(registry=registry, as_of=AS_OF, by="deployment")
    country = scores(registry).loc["LI"]
    for dim in ("data_access", "dependency"):
        a, b = sorted(deployments[dim], reverse=True)
        assert country[dim] == pytest.approx(a + 0.3 * b * (1 - a / 100), abs=1e-9)


def test_no_counted_deployment_is_not_ranked_as_zero(bundled):
    removed = dep("li-removed", "LI", status=({"value": "operational", "date": "2019"},
                                             {"value": "removed", "date": "2021"}))
    table = scores(registry_of(bundled, removed, dep("sm-cctv", "SM")))
    assert math.isnan(table.loc["LI", "score"]) and table.loc["LI", "band"] == NO_COUNTED
    assert list(table.index) == ["SM", "LI"]  # listed last, not ranked


def test_status_history_drives_counting_and_lifecycle(bundled):
    # An MoU in 2019 that became a network in 2021 and was removed in 2024.
    record = dep("li-net", "LI", sector="mobile_ran_5g", operator="telecom_operator", coverage="national",
                 status=({"value": "agreed", "date": "2019-03"}, {"value": "operational", "date": "2021"},
                         {"value": "removed", "date": "2024-05"}))
    registry = registry_of(bundled, record, dep("sm-cctv", "SM"))
    # Multiplier = lifecycle x evidence (credible x0.9).
    for as_of, multiplier, label in (("2020-01-01", 0.35 * 0.9, "lifecycle: agreed"),
                                     ("2022-01-01", 0.9, "lifecycle: operational")):
        rows = techrisk.explain("LI", registry=registry, as_of=as_of)
        assert rows.multiplier.to_numpy() == pytest.approx(multiplier, rel=1e-12)
        assert rows.modifiers.iloc[0].startswith(label)
        assert rows.contribution.sum() == pytest.approx(scores(registry, as_of=as_of).loc["LI", "score"], abs=1e-9)
    assert math.isnan(scores(registry, as_of="2025-01-01").loc["LI", "score"])  # removed 2024-05
    assert math.isnan(scores(registry, as_of="2018-12-31").loc["LI", "score"])  # before the MoU


def test_lifecycle_multiplier_at_one_date(bundled):
    # The same system agreed or operational, scored on the same day: x0.35 exactly.
    agreed = severe_platform("li-platform", "LI", status=({"value": "agreed", "date": "2020"},))
    running = severe_platform("sm-platform", "SM")
    table = scores(registry_of(bundled, agreed, running))
    assert table.loc["LI", "score"] == pytest.approx(0.35 * table.loc["SM", "score"], rel=1e-12)


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SECTORS_USED = ["public_safety_video", "telecom_core", "mobile_ran_4g", "education_training", "safe_city_platform"]


FIELDS = st.fixed_dictionaries({
    "country": st.sampled_from(["LI", "SM"]),
    "sector": st.sampled_from(SECTORS_USED),
    "coverage": st.sampled_from(["site", "city", "national", "unknown"]),
    "confidence": st.sampled_from(["confirmed", "credible", "single_report"]),
    "vendor": st.sampled_from(["huawei", "zte", "hikvision"]),
    "status": st.sampled_from(["agreed", "contracted", "operational", "reported"]),
})


def _synthetic(index: int, f: dict) -> Deployment:
    return dep(f"{f['country'].lower()}-d{index}", f["country"], sector=f["sector"], coverage=f["coverage"],
               confidence=f["confidence"], vendors=(f["vendor"],), status=({"value": f["status"], "date": "2020"},))


@SETTINGS
@given(items=st.lists(FIELDS, min_size=1, max_size=6), extra=FIELDS)
def test_adding_a_deployment_never_lowers_a_2_0_score(bundled, items, extra):
    records = [_synthetic(i, f) for i, f in enumerate(items)]
    extra = _synthetic(len(items), extra)
    before = scores(registry_of(bundled, *records))
    after = scores(registry_of(bundled, *records, extra))
    for code in before.index:
        assert after.loc[code, "score"] >= before.loc[code, "score"] - 1e-9
    assert ((after.score >= 0) & (after.score <= 100)).all()


def test_explain_shows_the_quote_behind_each_level(bundled):
    first = Evidence(publisher="A", title="A", date="2020", quote="The police run the platform nationwide.",
                     supports=("vendors", "operator", "coverage", "status:operational"))
    second = Evidence(publisher="B", title="B", date="2020", quote="It was paid for with an Exim Bank loan.",
                      supports=("sector", "data_captured", "financing"))
    record = Deployment(id="li-platform", country="LI", vendors=("huawei",), sector="safe_city_platform",
                        operator="police", coverage="national", data_captured=("video",), financing="prc_state_loan",
                        status=({"value": "operational", "date": "2020"},), confidence="credible",
                        evidence=(first, second))
    rows = techrisk.explain("LI", registry=registry_of(bundled, record), as_of=AS_OF).set_index("factor")
    assert rows.loc["coverage", "quotes"] == "The police run the platform nationwide."
    assert rows.loc["state_integration", "quotes"] == "The police run the platform nationwide."
    assert rows.loc["financing", "quotes"] == "It was paid for with an Exim Bank loan."
    assert rows.loc["access_path", "quotes"] == ""  # unknown: nothing to quote
    assert rows.loc["state_leverage", "quotes"] == ""  # a vendor fact: see `records`


@pytest.mark.parametrize("rubric", ["techrisk-1.0", "techrisk-2.0"])
def test_security_screening_reads_as_border_screening_in_older_rubrics(bundled, rubric):
    """`security_screening` (prison and building scanners) came after both bundled rubrics, so
    they read it as `border_customs_screening`, its predecessor: the same system filed under
    either sector scores the same, and not like a sector on another level (a 5G network)."""
    scanner = dict(sector="border_customs_screening", operator="police", data_captured=("unknown",), coverage="site")
    registry = registry_of(bundled, dep("li-scanner", "LI", **scanner),
                           dep("sm-scanner", "SM", **dict(scanner, sector="security_screening")),
                           dep("ad-network", "AD", **dict(scanner, sector="mobile_ran_5g")))
    frame = scores(registry, rubric)
    assert frame.loc["SM", "score"] == frame.loc["LI", "score"]
    assert frame.loc["AD", "score"] != frame.loc["LI", "score"]
