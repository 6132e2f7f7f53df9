"""Pure transform: an extracted document -> its normalized message and, if any mention is
uncertain, a review request (no Kafka, Redis or clock here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from streams.schemas import Entity, ExtractedDocument, NormalizedDocument, ReviewItem, ReviewRequest
from workers.normalization.linker import Linker, Routing
from workers.normalization.model import LinkDecision

__all__ = ["NormalizeResult", "normalize_document", "normalize_documents", "review_reason"]


@dataclass(frozen=True, slots=True)
class NormalizeResult:
    """The document's messages, and how many of its mentions had candidates (``routable``: the
    ones review rates are shares of) and how many of those went to review (``routed``)."""

    normalized: NormalizedDocument
    review: ReviewRequest | None
    routable: int = 0
    routed: int = 0


def review_reason(d: LinkDecision) -> str:
    if d.kb_id is None and d.nil_reason == "needs_context":
        return "nil_ambiguity"
    if d.kb_id is None and not d.candidates:
        return "unseen_surface"
    return "low_score"


def normalize_documents(docs: Sequence[ExtractedDocument], linker: Linker, routing: Routing) -> list[NormalizeResult]:
    """A batch: ``link_many`` lets a model (the cross-encoder) score every mention of every
    document in shared model batches (the worker's dynamic batching: batch_max / batch_within_s)."""
    decided = linker.link_many([(d.doc.text, d.mentions) for d in docs])
    return [normalize_document(d, linker, routing, decisions) for d, decisions in zip(docs, decided, strict=True)]


def normalize_document(doc: ExtractedDocument, linker: Linker, routing: Routing,
                       decisions: Sequence[LinkDecision] | None = None) -> NormalizeResult:
    decisions = linker.link(doc.doc.text, doc.mentions) if decisions is None else decisions
    confident: list[Entity] = []
    review: list[ReviewItem] = []
    model_version, kb_version = f"{doc.extractor_version}+{linker.version}", linker.kb_version
    decided_by = linker.decided_by  # the teacher engine says "teacher"
    for m, d in zip(doc.mentions, decisions, strict=True):
        ent = Entity(
            start=m.start,
            end=m.end,
            surface=m.surface,
            kb_id=d.kb_id,
            nil_reason=d.nil_reason,  # type: ignore[arg-type]
            name=d.name,
            type=m.type,
            score=d.score,
            model_version=model_version,
            kb_version=kb_version,
            decided_by=decided_by,
        )
        if not routing.to_review(m.type, d):
            confident.append(ent)
        else:
            review.append(ReviewItem(start=m.start, end=m.end, surface=m.surface, type=m.type,
                                     reason=review_reason(d), proposed=ent, candidates=d.candidates))
    normalized = NormalizedDocument(id=doc.doc.id, entities=tuple(confident), pending_review=len(review))
    req = ReviewRequest(id=doc.doc.id, text=doc.doc.text, items=tuple(review), normalized=tuple(confident)) if review else None
    routable = sum(1 for d in decisions if d.candidates or d.kb_id is not None)
    return NormalizeResult(normalized, req, routable, sum(1 for it in review if it.reason != "unseen_surface"))
