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
    "mobile_ran_5g",
    "fixed_broadband_transmission",
    "data_centre_cloud",
    "border_customs_screening",
    "subscriber_data_management",
    "government_network",
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
    "private_company",
    UNKNOWN,
)

COVERAGE = ("site", "city", "regional", "national", UNKNOWN)

STATUSES = ("agreed", "contracted", "operational", "suspended", "ended", "removed", "reported")
# Statuses under which a deployment no longer runs.
INACTIVE_STATUSES = ("ended", "removed")

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
    "other",
)

ACTION_STATUSES = ("in_force", "proposed", "revoked", "expired", UNKNOWN)

SEVERITIES = ("critical", "high", "medium", "low", UNKNOWN)

ENTITY_ROLES = ("parent", "subsidiary", "affiliate")

# How briefs name vocabulary values where replacing "_" by a space is not enough.
LABELS = {
    "mobile_ran_5g": "mobile radio access / 5G",
    "data_centre_cloud": "data centre and cloud",
    "border_customs_screening": "border and customs screening",
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
}
