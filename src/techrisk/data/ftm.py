"""FollowTheMoney export: the registry as entities that OpenSanctions, Aleph and yente read.

Mapping (the closest FtM schemata):

- a vendor and each of its legal entities -> ``Company``; brands -> ``alias`` of the vendor
  (a former brand goes to ``previousName``);
- subsidiary / parent -> ``Ownership`` (``startDate``/``endDate`` from ``since``/``until``);
  affiliate -> ``UnknownLink`` with role "affiliate";
- regulatory action -> ``Sanction`` (``program`` is the kind, e.g. ``procurement_ban``,
  ``startDate`` the action's date, ``country`` the jurisdiction, ``status``, ``reason``, and
  the scope and sectors in ``provisions``);
- deployment -> ``Project`` in its country, with a ``ProjectParticipant`` per vendor
  (role "vendor");
- presence record (office, subsidiary, listed affiliate, academy) -> ``Company`` in its
  country (named as the record names it, else "<vendor> (<kind>, <country>)"), tied to the
  vendor by ``Ownership`` for a subsidiary and ``UnknownLink`` (role = kind) otherwise;
- evidence -> ``Article`` (title, publisher, author, publishedAt, sourceUrl) linked to each
  entity it supports by ``Documentation`` (``summary`` holds the quote).

Every entity is checked with the library's own schema validation before it is written.
Entity ids are hashes of "techrisk", the schema and the record key, so they are stable
between exports.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from techrisk.data.vocab import UNKNOWN

if TYPE_CHECKING:
    from techrisk.data.models import Evidence
    from techrisk.data.registry import Registry

PREFIX = "techrisk"


def _import_ftm():
    try:
        from followthemoney import model
    except ImportError:  # pragma: no cover - followthemoney is a dependency
        raise ImportError("the FtM export needs followthemoney: pip install followthemoney") from None
    return model


def ftm_entities(registry: Registry) -> Iterator[Any]:
    """Yield FollowTheMoney entity proxies for the registry."""
    model = _import_ftm()
    articles: dict[str, Any] = {}

    def make(schema: str, *key: str) -> Any:
        entity = model.make_entity(schema)
        entity.make_id(PREFIX, schema, *key)
        return entity

    def date(value: str | None) -> str | None:
        return None if value in (None, UNKNOWN) else value

    def documented(entity: Any, evidence: tuple[Evidence, ...], role: str) -> Iterator[Any]:
        for ev in evidence:
            key = ev.url or f"{ev.publisher}|{ev.title}|{ev.date}"
            article = articles.get(key)
            if article is None:
                article = make("Article", key)
                article.add("title", ev.title)
                article.add("publisher", ev.publisher)
                article.add("author", ev.author)
                article.add("publishedAt", date(ev.date))
                article.add("sourceUrl", ev.url)
                articles[key] = article
                yield article
            link = make("Documentation", article.id, entity.id, ev.quote)
            link.add("document", article)
            link.add("entity", entity)
            link.add("role", role)
            link.add("summary", ev.quote)
            yield link

    for vendor in registry.vendors:
        company = make("Company", vendor.id)
        company.add("name", vendor.name)
        company.add("alias", [a for a in vendor.aliases if a != vendor.name])
        company.add("alias", [b.name for b in vendor.brands if not b.until])
        company.add("previousName", [b.name for b in vendor.brands if b.until])
        company.add("jurisdiction", vendor.headquarters.country)
        company.add("country", vendor.headquarters.country)
        company.add("address", vendor.headquarters.city)
        company.add("incorporationDate", str(vendor.founded.year))
        yield company
        yield from documented(company, vendor.headquarters.evidence, "headquarters")
        for entity in vendor.legal_entities:
            if entity.name == vendor.name:
                continue
            legal = make("Company", vendor.id, entity.name)
            legal.add("name", entity.name)
            if entity.jurisdiction != "unknown":
                legal.add("jurisdiction", entity.jurisdiction)
            yield legal
            yield from documented(legal, entity.evidence, entity.role)
            if entity.role == "affiliate":
                link = make("UnknownLink", vendor.id, entity.name)
                link.add("subject", company)
                link.add("object", legal)
                link.add("role", "affiliate")
            else:
                link = make("Ownership", vendor.id, entity.name)
                owner, asset = (legal, company) if entity.role == "parent" else (company, legal)
                link.add("owner", owner)
                link.add("asset", asset)
                link.add("role", entity.role)
            link.add("startDate", date(entity.since))
            link.add("endDate", date(entity.until))
            yield link
        for action in vendor.regulatory_actions:
            sanction = make("Sanction", action.id)
            sanction.add("entity", company)
            sanction.add("authority", action.authority)
            sanction.add("program", action.kind)
            sanction.add("status", action.status)
            sanction.add("country", action.jurisdiction if action.jurisdiction != "EU" else None)
            sanction.add("startDate", date(action.date))
            sanction.add("reason", action.summary)
            if action.scope != UNKNOWN:
                sanction.add("provisions", f"scope: {action.scope}")
            sanction.add("provisions", [f"sector: {sector}" for sector in action.sectors])
            sanction.add("programId", action.id)
            yield sanction
            yield from documented(sanction, action.evidence, "regulatory action")
    companies = {v.id: make("Company", v.id) for v in registry.vendors}
    for deployment in registry.deployments:
        project = make("Project", deployment.id)
        project.add("name", deployment.name if deployment.name != UNKNOWN else deployment.id)
        project.add("projectId", deployment.id)
        project.add("country", deployment.country)
        project.add("summary", deployment.summary)
        project.add("status", deployment.status)
        project.add("startDate", date(deployment.start))
        project.add("endDate", date(deployment.end))
        project.add("keywords", [deployment.sector, *(k for k in deployment.data_captured if k != UNKNOWN)])
        yield project
        for vendor_id in deployment.vendors:
            participant = make("ProjectParticipant", deployment.id, vendor_id)
            participant.add("project", project)
            participant.add("participant", companies[vendor_id].id)
            participant.add("role", "vendor")
            yield participant
        yield from documented(project, deployment.evidence, "deployment")
    for record in registry.presence:
        local = make("Company", "presence", record.id)
        vendor_names = ", ".join(v.name for v in registry.vendors if v.id in record.vendors)
        local.add("name", record.name or f"{vendor_names} ({record.kind.replace('_', ' ')}, {record.country})")
        local.add("country", record.country)
        local.add("incorporationDate", date(record.start))
        local.add("summary", record.summary)
        yield local
        for vendor_id in record.vendors:
            schema = "Ownership" if record.kind == "subsidiary" else "UnknownLink"
            link = make(schema, "presence", record.id, vendor_id)
            if schema == "Ownership":
                link.add("owner", companies[vendor_id].id)
                link.add("asset", local)
            else:
                link.add("subject", companies[vendor_id].id)
                link.add("object", local)
            link.add("role", record.kind.replace("_", " "))
            link.add("startDate", date(record.start))
            yield link
        yield from documented(local, record.evidence, "presence")


def validate_entity(entity: Any) -> list[str]:
    """The library's own validation of one entity: a list of problems (empty when valid)."""
    model = _import_ftm()
    errors = model.get(entity.schema.name).validate(entity.to_dict())
    return [] if not errors else [json.dumps(errors, ensure_ascii=False)]


def write_ftm(registry: Registry, path: Path) -> int:
    """Write every entity, validated, one JSON object a line; return the number written."""
    count = 0
    problems: list[str] = []
    with path.open("w", encoding="utf-8") as out:
        for entity in ftm_entities(registry):
            errors = validate_entity(entity)
            if errors:
                problems.append(f"{entity.schema.name} {entity.id}: {errors[0]}")
                continue
            out.write(json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    if problems:
        raise ValueError("FollowTheMoney validation failed:\n" + "\n".join(problems[:20]))
    return count
