"""Rubrics: the scoring rules, read from YAML under ``rubrics/`` and checked on load.

A rubric is data. :class:`Rubric` validates it (weights sum to 1, levels ordered, every
value mapped to exactly one level, unknowns within range, band thresholds ascending) and
raises :class:`~techrisk.errors.RubricError` naming the factor at fault.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

from techrisk import _cache
from techrisk._paths import data_source
from techrisk.data.models.fields import STRICT, PartialDate
from techrisk.data.vocab import PREDECESSORS, STATUSES
from techrisk.data.yaml_io import read_yaml
from techrisk.errors import Problem, RubricError
from techrisk.scoring.readers import FIELDS

WEIGHT_TOLERANCE = 1e-9
DIMENSIONS = ("data_access", "dependency")
# Roles a factor can declare (`role:`), each with the record field that plays it in rubrics
# that declare no roles: released rubrics never change in place, and 1.0 predates roles.
ROLE_FIELDS = {"data_sensitivity": "data_captured"}
# Fields a modifier may read: the status on the as-of date (not the current one), the
# record's confidence, and national mitigation measures.
MODIFIER_FIELDS = ("status", "confidence", "country.mitigation")


class Combine(BaseModel):
    """How a country's deployments add up to its dimension score (the engine's step 4).

    ``ranked_geometric`` (rubric 1.0): deployments sorted by score, highest first, weighted
    (1 - ratio) x ratio^rank; the top one counts (1 - ratio), so one deployment never reaches
    its own score. ``gap_closing`` (rubric 2.0): the top deployment counts in full; each next
    one, in descending order, closes breadth^rank x (its score / 100) of the gap still left to
    100. One deployment scores exactly its own score; more never lower it; the result stays
    within 0-100.
    """

    model_config = STRICT
    method: Literal["ranked_geometric", "gap_closing"]
    ratio: float | None = Field(default=None, gt=0, lt=1, strict=True, allow_inf_nan=False)
    breadth: float | None = Field(default=None, ge=0, lt=1, strict=True, allow_inf_nan=False)
    # For sensitivity analysis: the range the breadth parameter is sampled from.
    breadth_range: tuple[float, float] | None = None

    @model_validator(mode="after")
    def _check(self) -> Combine:
        needs = {"ranked_geometric": "ratio", "gap_closing": "breadth"}[self.method]
        other = "breadth" if needs == "ratio" else "ratio"
        problems = []
        if getattr(self, needs) is None:
            problems.append(f"method {self.method!r} needs `{needs}`")
        if getattr(self, other) is not None:
            problems.append(f"method {self.method!r} takes no `{other}`")
        if self.breadth_range is not None:
            low, high = self.breadth_range
            if self.method != "gap_closing":
                problems.append("`breadth_range` is for method 'gap_closing'")
            elif not 0 <= low <= (self.breadth or 0) <= high < 1:
                problems.append(f"breadth_range must satisfy 0 <= low <= breadth <= high < 1, got {self.breadth_range}")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @property
    def parameter(self) -> float:
        """The method's one parameter (ratio or breadth)."""
        value = self.ratio if self.method == "ranked_geometric" else self.breadth
        assert value is not None
        return value


class Dimension(BaseModel):
    model_config = STRICT
    label: str
    question: str
    weight: float = Field(ge=0, le=1, strict=True, allow_inf_nan=False)
    combine: Combine


class _Step(BaseModel):
    """What factor levels and modifier levels share: a number, a label, and the record values
    (``values``) or the count (``min_count``) that put a deployment on it."""

    model_config = STRICT
    level: int = Field(ge=0, strict=True)
    label: str
    values: tuple[str, ...] | None = None
    min_count: int | None = Field(default=None, ge=0, strict=True)


class Level(_Step):
    points: float = Field(ge=0, le=100, strict=True, allow_inf_nan=False)


class Unknown(BaseModel):
    model_config = STRICT
    level: int = Field(strict=True)
    low: int = Field(strict=True)
    high: int = Field(strict=True)


class AlsoReads(BaseModel):
    """A second field a `values` factor reads at a discount: its values take the level they
    would have in the factor's own field, minus ``levels_below`` (e.g. capabilities that a
    system was advertised or contracted with, but not documented using)."""

    model_config = STRICT
    field: str
    levels_below: int = Field(ge=1, strict=True)


class Factor(BaseModel):
    model_config = STRICT
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    code: str = Field(pattern=r"^[A-Z]{2,3}$")
    dimension: Literal[DIMENSIONS]
    question: str
    weight: float = Field(ge=0, le=1, strict=True, allow_inf_nan=False)
    reads: str
    # What other code may look this factor up by (e.g. a brief's "most sensitive data"
    # finding reads the factor with role `data_sensitivity`), so no factor id is hard-coded.
    role: Literal[tuple(ROLE_FIELDS)] | None = None
    where: dict[str, tuple[str, ...]] | None = None
    unknown: Unknown | None = None
    also_reads: AlsoReads | None = None
    levels: tuple[Level, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _check(self) -> Factor:
        problems = self._problems()
        if problems:
            # One message a line: the loader lists each as its own problem.
            raise ValueError("\n".join(problems))
        return self

    def _problems(self) -> list[str]:
        problems: list[str] = []
        spec = FIELDS.get(self.reads)
        if spec is None:
            return [f"reads unknown field {self.reads!r}; readable fields: {', '.join(FIELDS)}"]
        numbers = [lv.level for lv in self.levels]
        if numbers != sorted(set(numbers)):
            problems.append(f"levels must be listed in ascending order without repeats, got {numbers}")
        points = [lv.points for lv in self.levels]
        if points != sorted(points):
            problems.append(f"points must not fall as the level rises (got {points}); a higher level never scores less")
        problems.extend(self._check_values(spec) if spec.kind == "values" else self._check_counts(spec))
        if spec.where_keys is None and self.where:
            problems.append(f"field {self.reads!r} takes no `where` filter")
        for key, wanted in (self.where or {}).items():
            allowed = (spec.where_keys or {}).get(key)
            if allowed is None:
                problems.append(f"`where` key {key!r} is not one of {sorted(spec.where_keys or {})}")
                continue
            bad = [w for w in wanted if w not in allowed]
            if bad:
                problems.append(f"`where.{key}` has unknown values {bad}")
        if self.unknown is not None:
            if not spec.can_be_unknown:
                problems.append(f"field {self.reads!r} is never unknown; remove the `unknown` block")
            u = self.unknown
            for name, value in (("level", u.level), ("low", u.low), ("high", u.high)):
                if value not in numbers:
                    problems.append(f"unknown.{name} {value} is not one of the levels {numbers}")
            if not u.low <= u.level <= u.high:
                problems.append(f"unknown levels must satisfy low <= level <= high, got {u.low}, {u.level}, {u.high}")
        elif spec.can_be_unknown:
            problems.append(f"field {self.reads!r} can be unknown: say how unknowns count with an `unknown` block")
        if self.also_reads is not None:
            other = FIELDS.get(self.also_reads.field)
            if other is None or other.kind != "values" or other.known_values != spec.known_values:
                problems.append(f"also_reads: {self.also_reads.field!r} is not a field with the same values as {self.reads!r}")
        return problems

    def _check_values(self, spec) -> list[str]:
        problems: list[str] = []
        seen: dict[str, int] = {}
        for lv in self.levels:
            if lv.values is None or lv.min_count is not None:
                problems.append(f"level {lv.level}: field {self.reads!r} is matched by `values`, not `min_count`")
                continue
            for value in lv.values:
                if value not in spec.known_values:
                    problems.append(f"level {lv.level}: {value!r} is not a value of {self.reads!r}")
                if value in seen:
                    problems.append(f"value {value!r} is on two levels ({seen[value]} and {lv.level})")
                seen[value] = lv.level
        missing = [v for v in spec.known_values if v not in seen and PREDECESSORS.get(v) not in seen]
        if missing:
            problems.append(f"values {missing} of {self.reads!r} are on no level")
        return problems

    def level_of(self) -> dict[str, int]:
        """Value -> level for a `values` factor; a value newer than the rubric takes its
        predecessor's level (see ``vocab.PREDECESSORS``)."""
        placed = {v: lv.level for lv in self.levels for v in (lv.values or ())}
        for new, old in PREDECESSORS.items():
            if new not in placed and old in placed:
                placed[new] = placed[old]
        return placed

    def _check_counts(self, spec) -> list[str]:
        problems: list[str] = []
        counts = []
        for lv in self.levels:
            if lv.min_count is None or lv.values is not None:
                problems.append(f"level {lv.level}: field {self.reads!r} is a count, matched by `min_count`")
                continue
            counts.append(lv.min_count)
        if counts != sorted(set(counts)):
            problems.append(f"min_count must rise with the level, got {counts}")
        return problems

    def level_points(self, level: int) -> float:
        for lv in self.levels:
            if lv.level == level:
                return lv.points
        raise KeyError(f"factor {self.id!r} has no level {level}")


class ModifierLevel(_Step):
    multiplier: float = Field(ge=0, le=1, strict=True, allow_inf_nan=False)
    # The range sensitivity analysis samples the multiplier from; default: the multiplier alone.
    range: tuple[float, float] | None = None

    @model_validator(mode="after")
    def _check_range(self) -> ModifierLevel:
        if self.range is not None and not 0 <= self.range[0] <= self.multiplier <= self.range[1] <= 1:
            raise ValueError(f"level {self.level}: range must satisfy 0 <= low <= multiplier <= high <= 1, "
                             f"got {list(self.range)} around {self.multiplier}")
        return self

    @property
    def bounds(self) -> tuple[float, float]:
        return self.range if self.range is not None else (self.multiplier, self.multiplier)


class Modifier(BaseModel):
    """A multiplier on a deployment's dimension scores, by one field (step 3b): lifecycle by the
    status on the as-of date, evidence strength by confidence, national mitigation by a count."""

    model_config = STRICT
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    code: str = Field(pattern=r"^[A-Z]{2,3}$")
    question: str
    reads: str
    where: dict[str, tuple[str, ...]] | None = None
    levels: tuple[ModifierLevel, ...] = Field(min_length=2)

    def level_of(self) -> dict[str, int]:
        return {v: lv.level for lv in self.levels for v in (lv.values or ())}

    def multiplier(self, level: int) -> float:
        for lv in self.levels:
            if lv.level == level:
                return lv.multiplier
        raise KeyError(f"modifier {self.id!r} has no level {level}")


class Band(BaseModel):
    model_config = STRICT
    name: str
    min: float = Field(ge=0, le=100)


class Include(BaseModel):
    model_config = STRICT
    exclude_statuses: tuple[Literal[STATUSES], ...] = ()
    # Records that share a `system` key in one country describe one system: only the
    # highest-scoring of them counts (the others are listed with multiplier 0).
    count_system_once: bool = False


class Rubric(BaseModel):
    """A scoring rubric (see ``rubrics/techrisk-1.0.yaml`` for the format, in comments)."""

    model_config = STRICT

    id: str
    version: str
    # Set on a rubric made from another one (``with_weights``, or an edited copy of a bundled
    # rubric): the name of the original. Its version then carries the content hash.
    derived_from: str | None = None
    vector_prefix: str = Field(default="TR", pattern=r"^[A-Z]+$")
    date: PartialDate
    supersedes: str | None = None
    changelog: tuple[str, ...] = ()
    dimensions: dict[Literal[DIMENSIONS], Dimension]
    include: Include = Include()
    bands: tuple[Band, ...] = Field(min_length=1)
    factors: tuple[Factor, ...] = Field(min_length=1)
    modifiers: tuple[Modifier, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Rubric:
        problems: list[str] = []
        if set(self.dimensions) != set(DIMENSIONS):
            problems.append(f"dimensions must be exactly {list(DIMENSIONS)}")
        total = sum(d.weight for d in self.dimensions.values())
        if abs(total - 1) > WEIGHT_TOLERANCE:
            problems.append(f"dimension weights must sum to 1, got {total:g}")
        for dim in DIMENSIONS:
            members = [f for f in self.factors if f.dimension == dim]
            if not members:
                problems.append(f"dimension {dim!r} has no factors")
                continue
            total = sum(f.weight for f in members)
            if abs(total - 1) > WEIGHT_TOLERANCE:
                listing = ", ".join(f"{f.id}={f.weight:g}" for f in members)
                problems.append(f"factor weights in {dim!r} must sum to 1, got {total:g} ({listing})")
        for attr in ("id", "code"):
            values = [getattr(f, attr) for f in self.factors]
            dupes = sorted({v for v in values if values.count(v) > 1})
            if dupes:
                problems.append(f"duplicate factor {attr}s: {dupes}")
        mins = [b.min for b in self.bands]
        if mins[0] != 0 or mins != sorted(set(mins)):
            problems.append(f"band thresholds must start at 0 and rise, got {mins}")
        problems.extend(self._modifier_problems())
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def _modifier_problems(self) -> list[str]:
        problems: list[str] = []
        codes = [f.code for f in self.factors] + [m.code for m in self.modifiers]
        ids = [f.id for f in self.factors] + [m.id for m in self.modifiers]
        for label, values in (("code", codes), ("id", ids)):
            dupes = sorted({v for v in values if values.count(v) > 1})
            if dupes and any(m.code in dupes or m.id in dupes for m in self.modifiers):
                problems.append(f"modifier {label}s repeat a factor or modifier {label}: {dupes}")
        for m in self.modifiers:
            where = f"modifier {m.id!r}"
            spec = FIELDS.get(m.reads)
            if spec is None or m.reads not in MODIFIER_FIELDS:
                problems.append(f"{where}: reads {m.reads!r}; modifiers read one of {', '.join(MODIFIER_FIELDS)}")
                continue
            numbers = [lv.level for lv in m.levels]
            if numbers != sorted(set(numbers)):
                problems.append(f"{where}: levels must be listed in ascending order without repeats, got {numbers}")
            if spec.kind == "values":
                placed = [v for lv in m.levels for v in (lv.values or ())]
                if any(lv.values is None or lv.min_count is not None for lv in m.levels):
                    problems.append(f"{where}: field {m.reads!r} is matched by `values`")
                bad = [v for v in placed if v not in spec.known_values]
                if bad:
                    problems.append(f"{where}: {bad} are not values of {m.reads!r}")
                dupes = sorted({v for v in placed if placed.count(v) > 1})
                if dupes:
                    problems.append(f"{where}: values on two levels: {dupes}")
                skip = set(self.include.exclude_statuses) if m.reads == "status" else set()
                missing = [v for v in spec.known_values if v not in placed and v not in skip]
                if missing:
                    problems.append(f"{where}: values {missing} of {m.reads!r} are on no level")
            else:
                counts = [lv.min_count for lv in m.levels if lv.min_count is not None]
                if len(counts) != len(m.levels) or any(lv.values is not None for lv in m.levels):
                    problems.append(f"{where}: field {m.reads!r} is a count, matched by `min_count`")
                elif counts != sorted(set(counts)) or counts[0] != 0:
                    problems.append(f"{where}: min_count must start at 0 and rise, got {counts}")
            for key in m.where or {}:
                allowed = (spec.where_keys or {}).get(key)
                if allowed is None:
                    problems.append(f"{where}: `where` key {key!r} is not allowed for {m.reads!r}")
                else:
                    bad = [w for w in (m.where or {})[key] if w not in allowed]
                    if bad:
                        problems.append(f"{where}: `where.{key}` has unknown values {bad}")
        return problems

    @property
    def name(self) -> str:
        """``<id>-<version>``, e.g. ``techrisk-1.0``; also the vector prefix's source."""
        return f"{self.id}-{self.version}"

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of everything that decides a score (all fields but the id, version and
        ``derived_from`` labels), so two rubrics that score alike hash alike."""
        content = self.model_dump(mode="json", exclude={"id", "version", "derived_from"})
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()

    @property
    def is_derived(self) -> bool:
        return self.derived_from is not None

    def derive(self, data: dict, how: str) -> Rubric:
        """A rubric made from this one's ``data`` (a changed ``model_dump()``), named as derived:
        ``techrisk-1.0+1a2b3c4d``, where the suffix is the start of the new content hash. Its
        vectors (``TR1.0+1a2b3c4d/...``) then never pass for this rubric's."""
        base = self.derived_from or self.name
        base_version = self.version.split("+", 1)[0]
        data = {**data, "derived_from": base, "version": base_version}
        draft = _validate_rubric(data, f"{self.name} ({how})")
        if draft.content_hash == self.content_hash:
            return self  # nothing changed: still the same rubric
        return draft.model_copy(update={"version": f"{base_version}+{draft.content_hash[:8]}"})

    def factor_for_role(self, role: str) -> Factor | None:
        """The factor that declares ``role``; in a rubric that declares no roles, the one factor
        reading the role's field (:data:`ROLE_FIELDS`); else ``None``."""
        declared = [f for f in self.factors if f.role == role]
        if declared or any(f.role is not None for f in self.factors):
            return declared[0] if declared else None
        reading = [f for f in self.factors if f.reads == ROLE_FIELDS[role]]
        return reading[0] if len(reading) == 1 else None

    def factor(self, factor_id: str) -> Factor:
        for f in self.factors:
            if f.id == factor_id or f.code == factor_id:
                return f
        raise KeyError(f"rubric {self.name} has no factor {factor_id!r}")

    def band(self, score: float) -> str:
        """The highest band whose ``min`` the score reaches."""
        name = self.bands[0].name
        for b in self.bands:
            if score >= b.min:
                name = b.name
        return name

    @model_validator(mode="after")
    def _check_roles(self) -> Rubric:
        roles = [f.role for f in self.factors if f.role is not None]
        dupes = sorted({r for r in roles if roles.count(r) > 1})
        if dupes:
            raise ValueError(f"duplicate factor roles: {dupes}")
        return self

    def with_weights(self, factors: dict[str, float] | None = None, dimensions: dict[str, float] | None = None) -> Rubric:
        """A copy with some weights replaced, validated again (weights must still sum to 1)."""
        factors = factors or {}
        data = self.model_dump()
        for f in data["factors"]:
            if f["id"] in factors:
                f["weight"] = factors[f["id"]]
        unknown = set(factors) - {f.id for f in self.factors}
        if unknown:
            raise KeyError(f"no such factors: {sorted(unknown)}")
        for name, weight in (dimensions or {}).items():
            data["dimensions"][name]["weight"] = weight
        return self.derive(data, "with_weights")

    @property
    def source(self) -> str:
        """Where this rubric comes from, for provenance lines: ``rubrics/techrisk-1.0.yaml`` for
        an unchanged bundled rubric, else its derived name and content hash."""
        bundled = bundled_rubrics().get(self.name)
        if bundled is not None and not self.is_derived and load_rubric(bundled).content_hash == self.content_hash:
            return f"rubrics/{self.name}.yaml"
        origin = f"derived from rubrics/{self.derived_from}.yaml, " if self.is_derived else ""
        return f"{self.name} ({origin}sha256 {self.content_hash[:12]})"


def _validate_rubric(data: object, label: str, doc=None) -> Rubric:
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        problems = []
        raw_factors = data.get("factors", []) if isinstance(data, dict) else []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            record = None
            if len(loc) >= 2 and loc[0] == "factors" and isinstance(loc[1], int) and loc[1] < len(raw_factors):
                raw = raw_factors[loc[1]]
                record = str(raw.get("id")) if isinstance(raw, dict) else None
            field = ".".join(str(p) for p in loc) or None
            line = doc.line(loc) if doc is not None else None
            message = error["msg"]
            if error["type"] == "value_error":
                message = message.split(", ", 1)[1] if ", " in message else message
            elif error["type"] == "literal_error":
                message = f"{error.get('input')!r} is not one of: {error.get('ctx', {}).get('expected', '')}"
            for part in message.split("\n"):
                problems.append(Problem(label, line, record, field, part))
        raise RubricError(problems) from exc


RubricLike = Rubric | str | os.PathLike[str] | None


def bundled_rubrics() -> dict[str, Path]:
    """Bundled rubric files by name (``techrisk-1.0``), oldest first."""
    folder = data_source().rubrics
    return {p.stem: p for p in sorted(folder.glob("*.yaml"), key=lambda p: _version_key(p.stem))}


def _version_key(stem: str) -> tuple:
    version = stem.rsplit("-", 1)[-1]
    return tuple(int(x) if x.isdigit() else x for x in version.split("."))


def load_rubric(rubric: RubricLike = None) -> Rubric:
    """Return a rubric: the newest bundled one by default, a bundled one by name, or a file.

    Args:
        rubric: ``None`` (newest bundled), a name such as ``"techrisk-1.0"`` (or its version
            alone, ``"1.0"``), a path to a YAML file, or a :class:`Rubric` (returned as is).

    Raises:
        RubricError: the rubric is invalid; the message names the factor and field.
        FileNotFoundError: no such bundled rubric or file.

    Example:
        >>> load_rubric().name
        'techrisk-2.0'
        >>> load_rubric("1.0").name
        'techrisk-1.0'
    """
    if isinstance(rubric, Rubric):
        return rubric
    if rubric is None:
        available = bundled_rubrics()
        if not available:
            raise FileNotFoundError(f"no rubrics in {data_source().rubrics}")
        path = list(available.values())[-1]
    else:
        available = bundled_rubrics()
        text = str(rubric)
        path = available.get(text) or available.get(f"techrisk-{text}") or Path(text)
        if not path.is_file():
            raise FileNotFoundError(f"no rubric named {text!r}: not a bundled rubric ({', '.join(available)}) nor a file")
    # A deep copy: a caller who edits the returned rubric's dicts cannot change the cache.
    return _load_rubric_file(str(path.resolve())).model_copy(deep=True)


@_cache.register_lru
@lru_cache(maxsize=32)
def _load_rubric_file(path: str) -> Rubric:
    doc = read_yaml(Path(path), path)
    rubric = _validate_rubric(doc.data, path, doc)
    # An edited copy of a bundled rubric that kept its id and version is named as derived.
    bundled = bundled_rubrics().get(rubric.name)
    if bundled is not None and bundled.resolve() != Path(path) and not rubric.is_derived:
        original = _load_rubric_file(str(bundled.resolve()))
        if original.content_hash != rubric.content_hash:
            return original.derive(rubric.model_dump(), f"edited copy at {path}")
    return rubric
