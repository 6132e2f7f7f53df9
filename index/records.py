"""The KB record schema and its validation (pure: lines in, records or line-numbered errors out)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

__all__ = ["KBRecord", "LineError", "ParseResult", "parse_kb_lines", "dump_record", "kb_version_of", "same_as_index"]

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*:\S+$")


class KBRecord(BaseModel):
    """One entity of a knowledge base.

    id: ``<namespace>:<local id>``, stable (e.g. ``geonames:2988507``, ``wiki:Paris``).
    aliases: other names the entity goes by (the name itself need not be repeated).
    type: for the default KB one of PER/ORG/LOC/MISC; a customer KB may use its own strings.
    popularity: prior in [0, 1] (how often a mention of this name means this entity).
    same_as: ids of the same entity in other namespaces (merged duplicates).
    country / admin1: where a place is (ISO 3166 alpha-2; first-level region code), for
    geographic coherence; feature: what kind of record it is (country, admin1, admin2, capital,
    city, airport, company, article; free text for a customer KB); population: for places.
    All four are optional: a customer KB without them links on names, priors and context.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=3, max_length=512)
    name: str = Field(min_length=1, max_length=1000)
    aliases: tuple[str, ...] = ()
    type: str = Field(min_length=1, max_length=64)
    description: str = ""
    popularity: float | None = Field(default=None, ge=0.0, le=1.0)
    same_as: tuple[str, ...] = ()
    country: str | None = Field(default=None, max_length=8)
    admin1: str | None = Field(default=None, max_length=32)
    feature: str | None = Field(default=None, max_length=32)
    population: int | None = Field(default=None, ge=0)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not _ID_RE.match(v):
            raise ValueError(f"id must look like 'namespace:local_id' without spaces, got {v!r}")
        return v

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("name is blank")
        return v


@dataclass(frozen=True, slots=True)
class LineError:
    """A record that failed validation: 1-based line number and why."""

    line: int
    error: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    records: tuple[KBRecord, ...]
    errors: tuple[LineError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.records)


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err.get("loc", ())) or "<record>"
        parts.append(f"{loc}: {err.get('msg')}")
    return "; ".join(parts)


def parse_kb_lines(lines: Iterable[bytes]) -> ParseResult:
    """Validate every line; collect all errors (bad JSON, bad fields, duplicate ids)."""
    records: list[KBRecord] = []
    errors: list[LineError] = []
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            errors.append(LineError(lineno, f"not JSON: {exc}"))
            continue
        if not isinstance(obj, dict):
            errors.append(LineError(lineno, "expected a JSON object"))
            continue
        try:
            rec = KBRecord.model_validate(obj)
        except ValidationError as exc:
            errors.append(LineError(lineno, _explain(exc)))
            continue
        if rec.id in seen:
            errors.append(LineError(lineno, f"duplicate id {rec.id!r} (first on line {seen[rec.id]})"))
            continue
        seen[rec.id] = lineno
        records.append(rec)
    return ParseResult(tuple(records), tuple(errors))


def dump_record(rec: KBRecord) -> bytes:
    return orjson.dumps(rec.model_dump(exclude_none=True))


def kb_version_of(record_lines: Iterator[bytes] | Iterable[bytes]) -> str:
    """Content hash of a KB: same records in the same order -> same version string."""
    h = hashlib.sha1()
    for line in record_lines:
        h.update(line)
        h.update(b"\n")
    return f"kb-{h.hexdigest()[:12]}"


def same_as_index(records: Iterable[KBRecord]) -> dict[str, list[str]]:
    """id -> equivalent ids, in both directions (``wiki:France`` <-> ``iso3166:FR``)."""
    out: dict[str, list[str]] = {}
    for r in records:
        for other in r.same_as:
            out.setdefault(r.id, []).append(other)
            out.setdefault(other, []).append(r.id)
    return out
