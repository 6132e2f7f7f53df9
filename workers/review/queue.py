"""The human review queue as a pure fold over two topics (no I/O here).

``entities.review`` holds what the model was unsure of (text, span, candidates, proposal);
``entities.reviewed`` holds every decision. An item waits for a person when its latest decision
says ``next="human"`` (the teacher was unsure, its answer was unusable, or it was drawn for
quality control) and no person has decided it yet. Lowest confidence first.

A person's decision with ``next="human"`` reopens the item (a reviewer's undo within its lease,
``mentionflow/review_ui.py``): it waits again, with the teacher's decision still shown. Every
decision is kept per document, with the broker timestamp it arrived with, for the history view
and the queue statistics (``mentionflow/review_stats.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from streams.schemas import ReviewDecision, ReviewItem, ReviewRequest

__all__ = ["HumanItem", "item_id", "ReviewBook", "Event"]


def item_id(doc_id: str, start: int, end: int) -> str:
    return f"{doc_id}:{start}-{end}"


@dataclass(frozen=True, slots=True)
class HumanItem:
    id: str
    doc_id: str
    text: str
    item: ReviewItem
    teacher: ReviewDecision

    @property
    def confidence(self) -> float:
        return min(self.teacher.confidence, self.item.proposed.score)


@dataclass(frozen=True, slots=True)
class Event:
    """One decision as it arrived: ``at_ms`` is the broker timestamp (ms since the epoch)."""

    at_ms: int
    decision: ReviewDecision = field(compare=False)


class ReviewBook:
    """What has been asked and decided; ``queue()`` lists what waits for a person."""

    def __init__(self) -> None:
        self.requests: dict[str, ReviewRequest] = {}
        self.latest: dict[str, ReviewDecision] = {}
        self.human_done: set[str] = set()
        self.teacher: dict[str, ReviewDecision] = {}
        self.waiting_since: dict[str, int] = {}  # item id -> when it (last) started waiting for a person
        self.events: dict[str, list[Event]] = {}  # document id -> every decision, in arrival order
        self._applied: set[tuple[int, int]] = set()  # (partition, offset) of decisions folded in

    def add_request(self, req: ReviewRequest) -> None:
        self.requests[req.id] = req

    def add_decision(self, d: ReviewDecision, at_ms: int = 0, position: tuple[int, int] | None = None) -> None:
        """Fold one decision in; ``position`` (partition, offset on ``entities.reviewed``) makes it
        idempotent: the review UI folds its own decisions in when the broker acks them, and again
        when it reads them back."""
        if position is not None:
            if position in self._applied:
                return
            self._applied.add(position)
        iid = item_id(d.doc_id, d.start, d.end)
        self.latest[iid] = d
        self.events.setdefault(d.doc_id, []).append(Event(at_ms, d))
        if d.decided_by == "teacher":
            self.teacher[iid] = d
        if d.next == "human" and (d.decided_by == "teacher" or iid in self.human_done):
            self.waiting_since[iid] = at_ms
        if d.decided_by == "human":
            if d.next == "human":
                self.human_done.discard(iid)  # reopened (an undo)
            else:
                self.human_done.add(iid)

    def feed(self, requests: Iterable[ReviewRequest], decisions: Iterable[ReviewDecision]) -> ReviewBook:
        for r in requests:
            self.add_request(r)
        for d in decisions:
            self.add_decision(d)
        return self

    def get(self, iid: str) -> HumanItem | None:
        d = self.latest.get(iid)
        req = self.requests.get(d.doc_id) if d is not None else None
        if d is None or req is None:
            return None
        item = next((i for i in req.items if (i.start, i.end) == (d.start, d.end)), None)
        return None if item is None else HumanItem(iid, req.id, req.text, item, self.teacher.get(iid, d))

    def queue(self) -> list[HumanItem]:
        waiting = [self.get(iid) for iid, d in self.latest.items()
                   if d.next == "human" and iid in self.teacher and iid not in self.human_done]
        return sorted((h for h in waiting if h is not None), key=lambda h: (h.confidence, h.id))
