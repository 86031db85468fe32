"""Closed vocabularies used by the data files and the rubric.

The tuples are the single definition: the pydantic models build their ``Literal`` types
from them, and the rubric validator checks level criteria against them. ``vendors/README.md``
documents each value.
"""

from __future__ import annotations

UNKNOWN = "unknown"

VENDOR_IDS = ("huawei", "hikvision", "dahua", "zte", "nuctech")

# Conventional CCTV (public_safety_video) is kept apart from AI video analytics on purpose:
# indexes that conflate the two overstate or understate what a system can do.
SECTORS = (
    "public_safety_video",
    "video_analytics",
    "safe_city_platform",
    "traffic_enforcement",
    "telecom_core",
    "mobile_ran_4g",
    "mobile_ran_5g",
    "fixed_broadband_transmission",
    "submarine_cable",
    "data_centre_cloud",
    "border_customs_screening",
    # X-ray and body scanners away from borders: prisons and jails, courts, public buildings.
    "security_screening",
    "subscriber_data_management",
    "government_network",
    "national_id_biometrics",
    "education_training",
    "consumer_devices",
)

DATA_KINDS = (
    "video",
    "facial_images",
    "facial_recognition",
    "licence_plates",
    "biometrics",
    "location",
    "subscriber_records",
    "communications_metadata",
    "communications_content",
    "cargo_baggage_imagery",
    UNKNOWN,
)

OPERATORS = (
    "police",
    "municipality",
    "customs_border",
    "telecom_operator",
    "ministry",
    "intelligence",
    "military",
    "education",
    "health",
    "legislature",
    "transport_operator",
    "private_company",
    UNKNOWN,
)

COVERAGE = ("site", "city", "regional", "national", UNKNOWN)

STATUSES = ("agreed", "contracted", "operational", "suspended", "ended", "removed", "reported")
# Statuses under which a deployment no longer runs.
INACTIVE_STATUSES = ("ended", "removed")

# Values added to the vocabularies after a rubric was released, and the older value that
# the data filed them under before they existed. A rubric that places none of these values
# on a level reads each as its predecessor, so a released rubric keeps scoring newer data the
# way it scored the same systems when it was written (e.g. 2G-4G radio was filed as
# `mobile_ran_5g` under data model 1.0). Rubrics written after a value exists place it.
PREDECESSORS = {
    "mobile_ran_4g": "mobile_ran_5g",
    "submarine_cable": "fixed_broadband_transmission",
    "national_id_biometrics": "government_network",
    "health": "ministry",
    "legislature": "ministry",
    "transport_operator": "municipality",
    "security_screening": "border_customs_screening",
}

# The deployment fields that an evidence item's `supports` may name. Every one of the
# REQUIRED_SUPPORT fields that holds a known value must be named by at least one evidence
# item; status entries are named `status:<value>`.
SUPPORT_FIELDS = (
    "vendors", "partners", "place", "name", "operator", "operator_name", "sector",
    "data_captured", "capabilities", "scale", "coverage", "start", "financing", "access",
)
# Since the November 2026 second sweep also `place`, `name`, `operator_name` and `partners`:
# its audits found them filled in beyond what the quotes say more than any other field.
REQUIRED_SUPPORT = (
    "vendors", "partners", "place", "name", "operator", "operator_name", "sector", "data_captured",
    "capabilities", "scale", "coverage", "start", "financing", "access",
)
PRESENCE_SUPPORT_FIELDS = ("vendors", "kind", "name", "start", "until")

FINANCING = ("commercial", "prc_state_loan", "multilateral_loan", "grant_donation", UNKNOWN)

ACCESS = ("remote_maintenance", "vendor_cloud", "data_stored_abroad", "local_operation_only", UNKNOWN)

CONFIDENCE = ("confirmed", "credible", "single_report")

SCALE_UNITS = (
    "cameras",
    "sites",
    "subscribers",
    "base_stations",
    "scanners",
    "percent_national_capacity",
    "other",
)

PRESENCE_KINDS = ("office", "subsidiary", "listed_affiliate", "academy", "other")

ACTION_KINDS = (
    "export_control",
    "sanctions",
    "procurement_ban",
    "equipment_ban",
    "network_restriction",
    "investment_ban",
    "authorisation_ban",
    "investigation",
    "military_designation",  # e.g. the US Department of Defense's section 1260H list
    "security_warning",  # a security agency's public warning or high-risk-supplier finding
    "indictment",
    "conditional_approval",  # a use allowed only under conditions set by a security review
    "oversight",  # a standing oversight arrangement (e.g. a government-run evaluation centre)
    "other",
)

# Who an action binds: a whole country (`national`), one state, province or city
# (`subnational`), one institution's own purchasing (`institutional`: a parliament, an airport
# operator), or a supranational body (`supranational`: an EU institution's guidance).
ACTION_SCOPES = ("national", "subnational", "institutional", "supranational", UNKNOWN)

# How an ownership record links the vendor to the Chinese state, from weakest to strongest:
# `party_or_personnel` (party committees, executives' party, state or military roles, a
# founder's military career, a party-led union as owner), `state_ownership` (state-owned
# shareholders, a state holding in control), `military` (an owner in China's defence
# industry, or a documented military-civil-fusion role). `none`: no state tie (e.g. the
# vendor's own account of its ownership).
STATE_LINKS = ("none", "party_or_personnel", "state_ownership", "military")

ACTION_STATUSES = ("in_force", "proposed", "revoked", "expired", UNKNOWN)

SEVERITIES = ("critical", "high", "medium", "low", UNKNOWN)

ENTITY_ROLES = ("parent", "subsidiary", "affiliate")
# A vendor's own brand, a brand it makes for another company (OEM), or its products sold
# under another company's label (relabelled).
BRAND_KINDS = ("brand", "oem", "relabelled")

# How briefs name vocabulary values where replacing "_" by a space is not enough.
LABELS = {
    "data_centre_cloud": "data centre and cloud",
    "border_customs_screening": "border and customs screening",
    "security_screening": "security screening (prisons, courts, public buildings)",
    "fixed_broadband_transmission": "fixed broadband and transmission",
    "subscriber_data_management": "subscriber data management",
    "public_safety_video": "public-safety CCTV",
    "video_analytics": "AI video analytics",
    "safe_city_platform": "safe-city platform",
    "prc_state_loan": "PRC state loan",
    "multilateral_loan": "loan via a multilateral mechanism",
    "grant_donation": "grant or donation",
    "single_report": "single report",
    "customs_border": "customs or border agency",
    "mobile_ran_4g": "mobile radio access (2G-4G)",
    "mobile_ran_5g": "5G radio access",
    "national_id_biometrics": "national ID and biometrics",
    "transport_operator": "airport, port or rail operator",
}
