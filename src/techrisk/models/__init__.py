"""Pydantic models for the registry's records. Models are frozen; behaviour lives in functions."""

from techrisk.models.deployment import Deployment, Presence, Scale
from techrisk.models.evidence import Evidence
from techrisk.models.vendor import (
    Abuse,
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
