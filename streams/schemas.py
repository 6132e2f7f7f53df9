"""Frozen, versioned message schemas.

Offsets (``start``/``end``) are Python code-point offsets into the document text, ``end``
exclusive, so ``text[start:end] == surface`` always holds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "SCHEMA_VERSION",
    "ENTITY_TYPES",
    "EntityType",
    "NilReason",
    "DecidedBy",
    "InputDocument",
    "Mention",
    "ExtractedDocument",
    "Candidate",
    "Entity",
    "NormalizedDocument",
    "ReviewItem",
    "ReviewRequest",
    "ReviewDecision",
    "KBUpdate",
]

SCHEMA_VERSION = 1

#: Coarse mention types (CoNLL style). KB records of a customer may carry other type strings;
#: the linker treats unknown KB types as compatible with every mention type.
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
EntityType = Literal["PER", "ORG", "LOC", "MISC"]
NilReason = Literal["not_in_kb", "needs_context"]
DecidedBy = Literal["model", "teacher", "human"]

MAX_ID_CHARS = 512


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class InputDocument(BaseModel):
    """One raw mention document on ``mentions.raw``. Unknown top-level keys are ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str = Field(min_length=1, max_length=MAX_ID_CHARS)
    text: str
    source: str | None = None
    lang: str | None = None
    published_at: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is empty")
        return v

    @field_validator("published_at")
    @classmethod
    def _rfc3339(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            parsed = datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError(f"published_at is not RFC 3339: {v!r}") from exc
        if parsed.tzinfo is None or "T" not in v.upper():
            raise ValueError(f"published_at is not RFC 3339 (needs date, time and offset): {v!r}")
        return v


class Mention(_Frozen):
    """A span found by the extractor."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    surface: str
    type: EntityType
    score: float = Field(ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _ordered(self) -> Mention:
        if self.end <= self.start:
            raise ValueError("end must be greater than start")
        return self


class ExtractedDocument(_Frozen):
    """``mentions.extracted``: the input document with its spans."""

    schema_version: int = SCHEMA_VERSION
    doc: InputDocument
    mentions: tuple[Mention, ...]
    extractor_version: str

    @model_validator(mode="after")
    def _spans_match_text(self) -> ExtractedDocument:
        text = self.doc.text
        for m in self.mentions:
            if m.end > len(text) or text[m.start : m.end] != m.surface:
                raise ValueError(f"mention {m.start}:{m.end} does not match the text")
        return self


class Candidate(_Frozen):
    """One KB record considered for a mention, with the linker's score for it."""

    kb_id: str
    name: str
    type: str
    score: float
    description: str = ""


class Entity(_Frozen):
    """One linked (or NIL) mention in ``entities.normalized``."""

    start: int
    end: int
    surface: str
    kb_id: str | None
    nil_reason: NilReason | None = None
    name: str | None
    type: EntityType
    score: float = Field(ge=0.0, le=1.0)
    model_version: str
    kb_version: str
    decided_by: DecidedBy = "model"

    @model_validator(mode="after")
    def _nil_has_reason(self) -> Entity:
        if (self.kb_id is None) != (self.nil_reason is not None):
            raise ValueError("nil_reason is set exactly when kb_id is null")
        return self


class NormalizedDocument(_Frozen):
    """``entities.normalized``: one message per document, key = document id.

    ``pending_review`` counts the document's mentions that went to ``entities.review`` instead;
    their decisions arrive later as messages with the same key (consumers upsert by
    ``(id, start, end)``).
    """

    schema_version: int = SCHEMA_VERSION
    id: str
    entities: tuple[Entity, ...]
    pending_review: int = 0


class ReviewItem(_Frozen):
    """A mention the model was not confident about, with what it saw."""

    start: int
    end: int
    surface: str
    type: EntityType
    reason: str
    proposed: Entity
    candidates: tuple[Candidate, ...]


class ReviewRequest(_Frozen):
    """``entities.review``: one message per document holding its low-confidence mentions.

    normalized: the document's confident entities (already on ``entities.normalized``), so a
    reviewer can publish the document's complete, corrected entity list under the same key.
    """

    schema_version: int = SCHEMA_VERSION
    id: str
    text: str
    items: tuple[ReviewItem, ...]
    normalized: tuple[Entity, ...] = ()


class ReviewDecision(_Frozen):
    """``entities.reviewed``: one decision on one reviewed mention, key = document id.

    decided_by: ``teacher`` or ``human``; ``next``: where the item goes after this decision
    (``done``, or ``human`` when the teacher was unsure or the item was drawn for quality control).
    """

    schema_version: int = SCHEMA_VERSION
    doc_id: str
    start: int
    end: int
    surface: str
    type: EntityType
    kb_id: str | None
    nil_reason: NilReason | None = None
    decided_by: DecidedBy
    confidence: float = Field(ge=0.0, le=1.0)
    reason: str = ""
    reviewer: str = ""
    model_proposed: Entity
    next: Literal["done", "human"] = "done"


class KBUpdate(_Frozen):
    """``kb.updates``: one KB change for running workers, key = record id.

    base_version: the stored KB version the change applies on top of (workers serving another
    base ignore it). seq: position in the change log of that base (workers apply in seq order).
    record: the full record (KB JSONL schema) for ``upsert``; null for ``delete``.
    """

    schema_version: int = SCHEMA_VERSION
    op: Literal["upsert", "delete"]
    id: str
    base_version: str
    seq: int = Field(ge=0)
    record: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _record_for_upsert(self) -> KBUpdate:
        if (self.op == "upsert") != (self.record is not None):
            raise ValueError("record is required for upsert and forbidden for delete")
        return self
