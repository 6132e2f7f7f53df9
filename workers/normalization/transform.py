"""Pure transform: an extracted document -> its normalized message and, if any mention is
uncertain, a review request (no Kafka, Redis or clock here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from streams.schemas import Entity, ExtractedDocument, NormalizedDocument, ReviewItem, ReviewRequest
from workers.normalization.model import LinkDecision, Linker

__all__ = ["Routing", "NormalizeResult", "normalize_document", "normalize_documents", "review_reason"]


@dataclass(frozen=True, slots=True)
class Routing:
    """Mentions scoring under ``threshold`` go to review (per-type overrides allowed).

    A mention without any KB candidate (an unseen surface form: NIL ``not_in_kb`` by rule) is
    routed only when ``unseen`` is set: with exact-alias candidates a reviewer has nothing to
    choose from, so by default it is not spent on them, and the calibrated review rates count
    only the mentions that have candidates."""

    threshold: float = 0.5
    per_type: tuple[tuple[str, float], ...] = ()
    unseen: bool = False

    def threshold_for(self, etype: str) -> float:
        return dict(self.per_type).get(etype, self.threshold)

    def to_review(self, etype: str, d: LinkDecision) -> bool:
        if not d.candidates and d.kb_id is None:
            return self.unseen
        return d.score < self.threshold_for(etype)


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
    """A batch: a linker with ``link_many`` (the cross-encoder) scores every mention of every
    document in shared model batches (the worker's dynamic batching: batch_max / batch_within_s)."""
    many = getattr(linker, "link_many", None)
    if many is None:
        return [normalize_document(d, linker, routing) for d in docs]
    decided = many([(d.doc.text, d.mentions) for d in docs])
    return [normalize_document(d, linker, routing, decisions) for d, decisions in zip(docs, decided, strict=True)]


def normalize_document(doc: ExtractedDocument, linker: Linker, routing: Routing,
                       decisions: Sequence[LinkDecision] | None = None) -> NormalizeResult:
    decisions = linker.link(doc.doc.text, doc.mentions) if decisions is None else decisions
    confident: list[Entity] = []
    review: list[ReviewItem] = []
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
            model_version=f"{doc.extractor_version}+{linker.version}",
            kb_version=linker.kb_version,
            decided_by=getattr(linker, "decided_by", "model"),  # the teacher engine says "teacher"
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
