"""The review queue at a glance, and one document's history: pure folds over the review book.

- waiting: items waiting for a person, by mention type and by age (since they started waiting);
- mine_today: the reviewer's decisions since 00:00 UTC (minus those they undid);
- agreement with the teacher: on items a person decided that the teacher had decided first,
  how often the person chose the same (a KB id, or NIL with the same reason);
- agreement between reviewers: on double-reviewed items (final decisions by two or more people),
  the share of reviewer pairs that chose the same. ``None`` rates mean there is no such data yet.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any

from streams.schemas import ReviewDecision
from workers.review.queue import Event, ReviewBook, item_id

__all__ = ["AGE_BUCKETS", "choice_of", "queue_stats", "doc_history"]

#: (label, upper bound in seconds) of the age buckets, youngest first.
AGE_BUCKETS = (("< 1 h", 3600), ("1-24 h", 86_400), ("> 24 h", None))
DAY_MS = 86_400_000


def choice_of(d: ReviewDecision) -> str:
    return d.kb_id if d.kb_id is not None else f"NIL:{d.nil_reason or 'not_in_kb'}"


def _age_bucket(age_s: float) -> str:
    for label, bound in AGE_BUCKETS:
        if bound is None or age_s < bound:
            return label
    return AGE_BUCKETS[-1][0]


def _rate(agree: int, n: int) -> dict[str, Any]:
    return {"n": n, "agree": agree, "rate": round(agree / n, 4) if n else None}


def _final_human(book: ReviewBook) -> dict[str, dict[str, ReviewDecision]]:
    """item id -> {reviewer: their latest decision}, for items whose latest human word is final."""
    out: dict[str, dict[str, ReviewDecision]] = {}
    for events in book.events.values():
        for e in events:
            d = e.decision
            if d.decided_by != "human":
                continue
            iid = item_id(d.doc_id, d.start, d.end)
            by = out.setdefault(iid, {})
            if d.next == "human":
                by.pop(d.reviewer, None)  # undone
            else:
                by[d.reviewer] = d
    return {k: v for k, v in out.items() if v}


def queue_stats(book: ReviewBook, reviewer: str, now_ms: int) -> dict[str, Any]:
    waiting = book.queue()
    by_type = Counter(h.item.type for h in waiting)
    by_age = Counter(_age_bucket((now_ms - book.waiting_since.get(h.id, now_ms)) / 1000) for h in waiting)
    day_start = now_ms - now_ms % DAY_MS
    mine = 0
    for events in book.events.values():
        for e in events:
            d = e.decision
            if d.decided_by == "human" and d.reviewer == reviewer and e.at_ms >= day_start:
                mine += -1 if d.next == "human" else 1
    finals = _final_human(book)
    t_all = t_all_ok = t_me = t_me_ok = 0
    for iid, by in finals.items():
        teacher = book.teacher.get(iid)
        if teacher is None:
            continue
        for who, d in by.items():
            same = choice_of(d) == choice_of(teacher)
            t_all, t_all_ok = t_all + 1, t_all_ok + same
            if who == reviewer:
                t_me, t_me_ok = t_me + 1, t_me_ok + same
    double = {iid: by for iid, by in finals.items() if len(by) >= 2}
    pairs = [(a, b) for by in double.values() for a, b in combinations(by.values(), 2)]
    return {
        "waiting": len(waiting),
        "waiting_by_type": dict(sorted(by_type.items())),
        "waiting_by_age": {label: by_age.get(label, 0) for label, _ in AGE_BUCKETS},
        "mine_today": max(0, mine),
        "teacher_agreement": {"mine": _rate(t_me_ok, t_me), "all": _rate(t_all_ok, t_all)},
        "reviewer_agreement": {"items": len(double),
                               **_rate(sum(choice_of(a) == choice_of(b) for a, b in pairs), len(pairs))},
    }


def _event_json(e: Event) -> dict[str, Any]:
    d = e.decision
    return {"at_ms": e.at_ms, "span": f"{d.start}-{d.end}", "surface": d.surface, "type": d.type,
            "decided_by": d.decided_by, "reviewer": d.reviewer, "choice": choice_of(d),
            "confidence": d.confidence, "reason": d.reason,
            "action": "undo" if d.decided_by == "human" and d.next == "human" else
                      "to a person" if d.next == "human" else "decided"}


def doc_history(book: ReviewBook, doc_id: str) -> list[dict[str, Any]]:
    """Every decision on ``doc_id``'s reviewed mentions, oldest first."""
    return [_event_json(e) for e in sorted(book.events.get(doc_id, []), key=lambda e: e.at_ms)]
