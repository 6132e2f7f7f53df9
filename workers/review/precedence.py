"""Decision precedence, pure: human > teacher > model, whatever order messages are replayed in.

Every reviewed mention has at most one decision record per span (doc id + ``start-end``): the
decision itself (``ReviewDecision``) and the entity it puts into the document (``None`` while it
waits for a person). A record is replaced only by one of equal or higher rank (a person may
correct a person; the teacher never replaces a person). Documents are republished as
``overlay(document, records)``, so a replay of ``entities.review`` or ``mentions.extracted``
republishes the same decided entities instead of replacing them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import orjson

from streams.schemas import Entity, NormalizedDocument, ReviewDecision, ReviewRequest

__all__ = ["RANK", "DecisionRecord", "span_key", "outranks", "overlay", "document_from", "encode_record",
           "decode_record"]

RANK = {"model": 0, "teacher": 1, "human": 2}


def span_key(start: int, end: int) -> str:
    return f"{start}-{end}"


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    decision: ReviewDecision
    entity: Entity | None  # what the decision puts into the document; None: waits for a person

    @property
    def rank(self) -> int:
        return RANK[self.decision.decided_by]


def outranks(new: DecisionRecord, old: DecisionRecord | None) -> bool:
    """May ``new`` replace ``old``? Equal rank may (idempotent replays, a person's correction)."""
    return old is None or new.rank >= old.rank


def encode_record(r: DecisionRecord) -> bytes:
    """``<rank>|<json>``: the rank first, so the store can compare without parsing."""
    entity = r.entity.model_dump_json() if r.entity is not None else "null"
    return f'{r.rank}|{{"decision":{r.decision.model_dump_json()},"entity":{entity}}}'.encode()


def decode_record(raw: bytes) -> DecisionRecord:
    obj = orjson.loads(raw.split(b"|", 1)[1])
    return DecisionRecord(ReviewDecision.model_validate(obj["decision"]),
                          None if obj["entity"] is None else Entity.model_validate(obj["entity"]))


def _merge(entities: Mapping[tuple[int, int], Entity],
           records: Mapping[str, DecisionRecord]) -> tuple[dict[tuple[int, int], Entity], int]:
    out = dict(entities)
    added = 0
    for r in records.values():
        span = (r.decision.start, r.decision.end)
        have = out.get(span)
        if r.entity is not None and (have is None or r.rank >= RANK[have.decided_by]):
            added += have is None
            out[span] = r.entity
    return out, added


def overlay(doc: NormalizedDocument, records: Mapping[str, DecisionRecord]) -> NormalizedDocument:
    """``doc`` with every recorded decision that outranks what it holds for that span; spans it
    lacked (they were pending review) join it and leave ``pending_review``."""
    if not records:
        return doc
    ents, added = _merge({(e.start, e.end): e for e in doc.entities}, records)
    return NormalizedDocument(id=doc.id, entities=tuple(sorted(ents.values(), key=lambda e: (e.start, e.end))),
                              pending_review=max(0, doc.pending_review - added))


def document_from(req: ReviewRequest, records: Mapping[str, DecisionRecord]) -> NormalizedDocument:
    """The document a review request stands for, with every recorded decision applied; an item
    without a decided entity is pending."""
    ents, _ = _merge({(e.start, e.end): e for e in req.normalized}, records)
    pending = sum(1 for it in req.items if (it.start, it.end) not in ents)
    return NormalizedDocument(id=req.id, entities=tuple(sorted(ents.values(), key=lambda e: (e.start, e.end))),
                              pending_review=pending)
