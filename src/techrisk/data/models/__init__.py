"""Pydantic models for the registry's records. Models are frozen; behaviour lives in functions."""

from techrisk.data.models.deployment import Deployment, Presence, Scale
from techrisk.data.models.evidence import Evidence
from techrisk.data.models.vendor import (
    Abuse,
    Brand,
    Founding,
    Headquarters,
    LegalEntity,
    LegalExposure,
    Ownership,
    RegulatoryAction,
    SecurityIssue,
    Vendor,
)

__all__ = [
    "Abuse",
    "Brand",
    "Deployment",
    "Evidence",
    "Founding",
    "Headquarters",
    "LegalEntity",
    "LegalExposure",
    "Ownership",
    "Presence",
    "RegulatoryAction",
    "Scale",
    "SecurityIssue",
    "Vendor",
]
