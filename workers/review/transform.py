"""Pure transform of the review worker: a review request + the teacher's answers -> decisions
for ``entities.reviewed``, the document's corrected entity list for ``entities.normalized`` and
what goes on to people.

An item goes on to the human queue (``next="human"``) when the teacher's answer was unusable,
when the teacher is unsure (confidence under ``min_confidence``, or NIL "needs context"), or when
it is drawn for quality control (a stable hash of document id and span, so a replay draws the
same items). Teacher-decided items that are not waiting for a person join the document's entity
list with ``decided_by="teacher"``; the rest stay pending.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from streams.schemas import Entity, NormalizedDocument, ReviewDecision, ReviewRequest
from teacher.shapes import Invalid, NormalizationAnswer

__all__ = ["ReviewPolicy", "ReviewOutcome", "qc_drawn", "apply_teacher"]


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    min_confidence: float = 0.7
    qc_rate: float = 0.05


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    decisions: tuple[ReviewDecision, ...]
    normalized: NormalizedDocument


def qc_drawn(doc_id: str, start: int, end: int, rate: float) -> bool:
    h = int(hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:8], 16)
    return h / 0xFFFFFFFF < rate


def apply_teacher(req: ReviewRequest, answers: Sequence[NormalizationAnswer | Invalid], policy: ReviewPolicy,
                  teacher_version: str) -> ReviewOutcome:
    decisions: list[ReviewDecision] = []
    corrected: list[Entity] = []
    for item, ans in zip(req.items, answers, strict=True):
        if isinstance(ans, Invalid):
            decisions.append(ReviewDecision(
                doc_id=req.id, start=item.start, end=item.end, surface=item.surface, type=item.type, kb_id=None,
                decided_by="teacher", confidence=0.0, reason=f"teacher answer unusable ({ans.kind})",
                model_proposed=item.proposed, next="human"))
            continue
        unsure = ans.confidence < policy.min_confidence or ans.nil_reason == "needs_context"
        nxt: Literal["done", "human"] = (
            "human" if unsure or qc_drawn(req.id, item.start, item.end, policy.qc_rate) else "done")
        decisions.append(ReviewDecision(
            doc_id=req.id, start=item.start, end=item.end, surface=item.surface, type=item.type, kb_id=ans.kb_id,
            nil_reason=ans.nil_reason, decided_by="teacher", confidence=min(1.0, max(0.0, ans.confidence)),
            reason=ans.reason, model_proposed=item.proposed, next=nxt))
        if not unsure:
            name = next((c.name for c in item.candidates if c.kb_id == ans.kb_id), None)
            corrected.append(item.proposed.model_copy(update={
                "kb_id": ans.kb_id, "nil_reason": ans.nil_reason, "name": name, "decided_by": "teacher",
                "score": min(1.0, max(0.0, ans.confidence)), "model_version": teacher_version}))
    pending = sum(1 for d in decisions if d.next == "human" and not any(
        e.start == d.start and e.end == d.end for e in corrected))
    ents = tuple(sorted((*req.normalized, *corrected), key=lambda e: e.start))
    return ReviewOutcome(tuple(decisions), NormalizedDocument(id=req.id, entities=ents, pending_review=pending))
