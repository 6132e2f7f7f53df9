"""The review UI's pure transforms of one waiting item: its JSON for the page, a person's decision
on it, and the document with that decision applied (or taken out again by an undo)."""

from __future__ import annotations

from typing import Any

from streams.schemas import Entity, NormalizedDocument, ReviewDecision
from workers.review.queue import HumanItem

__all__ = ["NIL_CHOICES", "item_json", "human_decision", "human_entity", "corrected_document", "reopened_document"]

NIL_CHOICES = ("not_in_kb", "needs_context")


def item_json(h: HumanItem) -> dict[str, Any]:
    it, t = h.item, h.teacher
    return {"id": h.id, "doc_id": h.doc_id, "text": h.text, "start": it.start, "end": it.end, "surface": it.surface,
            "type": it.type, "reason": it.reason, "confidence": round(h.confidence, 4),
            "model": {"kb_id": it.proposed.kb_id, "nil_reason": it.proposed.nil_reason, "score": it.proposed.score},
            "teacher": {"kb_id": t.kb_id, "nil_reason": t.nil_reason, "confidence": t.confidence, "reason": t.reason},
            "candidates": [{"kb_id": c.kb_id, "name": c.name, "type": c.type, "score": c.score,
                            "description": c.description} for c in it.candidates]}


def human_decision(h: HumanItem, choice: str, reviewer: str, reason: str = "human review",
                   known: frozenset[str] = frozenset()) -> ReviewDecision:
    """``choice``: a candidate's KB id, a KB id in ``known`` (found by search), or a NIL reason."""
    ids = {c.kb_id for c in h.item.candidates} | known
    if choice not in ids and choice not in NIL_CHOICES:
        raise ValueError(f"choice {choice!r} is neither a candidate, a KB record nor one of {NIL_CHOICES}")
    kb_id = choice if choice in ids else None
    return ReviewDecision(doc_id=h.doc_id, start=h.item.start, end=h.item.end, surface=h.item.surface,
                          type=h.item.type, kb_id=kb_id, nil_reason=None if kb_id else choice,  # type: ignore[arg-type]
                          decided_by="human", confidence=1.0, reviewer=reviewer, reason=reason,
                          model_proposed=h.item.proposed, next="done")


def human_entity(h: HumanItem, d: ReviewDecision, name: str | None = None) -> Entity:
    name = name or next((c.name for c in h.item.candidates if c.kb_id == d.kb_id), None)
    return h.item.proposed.model_copy(update={"kb_id": d.kb_id, "nil_reason": d.nil_reason, "name": name,
                                              "decided_by": "human", "score": 1.0})


def corrected_document(doc: NormalizedDocument | None, h: HumanItem, d: ReviewDecision) -> NormalizedDocument:
    ent = human_entity(h, d)
    others = [e for e in (doc.entities if doc else ()) if (e.start, e.end) != (d.start, d.end)]
    pending = max(0, (doc.pending_review if doc else 1) - 1)
    return NormalizedDocument(id=h.doc_id, entities=tuple(sorted([*others, ent], key=lambda e: e.start)),
                              pending_review=pending)


def reopened_document(doc: NormalizedDocument | None, doc_id: str, start: int, end: int) -> NormalizedDocument:
    """The document with the span's entity taken out again: it waits for review once more."""
    ents = tuple(e for e in (doc.entities if doc else ()) if (e.start, e.end) != (start, end))
    return NormalizedDocument(id=doc_id, entities=ents, pending_review=(doc.pending_review if doc else 0) + 1)
