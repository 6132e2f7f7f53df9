"""The review worker: ``entities.review`` -> the teacher -> ``entities.reviewed`` (one decision per
item; ``next="human"`` is the human queue) and the document's corrected entity list on
``entities.normalized`` (same key: consumers upsert), every valid teacher decision appended to
the retraining set.

Order of effects per batch: decode (bad messages -> ``entities.review.dlq``) -> ask the teacher
for every item at once (the client's concurrency limit applies) -> on a teacher outage or a
spending-cap stop, HOLD: nothing is published or acked; wait (backoff doubling to
``max_hold_s``) and ask again, so items are never lost or dropped -> pure transform -> publish
and await the broker's acks -> retraining set -> ``take_events`` acks the batch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import faust
import structlog

from streams.codec import decode_review, encode
from streams.schemas import ReviewDecision, ReviewRequest
from streams.topics import TopicNames, message_key
from teacher.client import TeacherClient
from teacher.errors import TeacherError
from teacher.shapes import CandidateView, Invalid, NormalizationAnswer, NormalizationQuery
from workers.review.transform import ReviewPolicy, apply_teacher
from workers.shell import Outgoing, RawRecord, dead_letter

__all__ = ["ReviewSettings", "attach_review_agent", "retraining_row", "ask_teacher"]

log = structlog.get_logger("mentionflow.review")


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    policy: ReviewPolicy
    teacher_version: str
    batch_max: int = 16
    within_s: float = 0.5
    first_hold_s: float = 1.0
    max_hold_s: float = 60.0


def retraining_row(req: ReviewRequest, d: ReviewDecision) -> dict[str, Any]:
    item = next(i for i in req.items if (i.start, i.end) == (d.start, d.end))
    return {"id": f"{req.id}:{d.start}-{d.end}", "doc_id": req.id, "text": req.text, "start": d.start, "end": d.end,
            "surface": d.surface, "type": d.type, "label": d.kb_id, "nil_reason": d.nil_reason,
            "candidates": [{"kb_id": c.kb_id, "name": c.name, "type": c.type, "description": c.description}
                           for c in item.candidates],
            "teacher_confidence": d.confidence, "decided_by": d.decided_by, "split": "train"}


async def ask_teacher(client: TeacherClient, req: ReviewRequest) -> list[NormalizationAnswer | Invalid]:
    qs = [NormalizationQuery(doc_text=req.text, start=i.start, end=i.end, surface=i.surface, type=i.type,
                             candidates=tuple(CandidateView(c.kb_id, c.name, c.type, c.description) for c in i.candidates))
          for i in req.items]
    return list(await asyncio.gather(*(client.normalize(q, doc_id=req.id) for q in qs)))


def attach_review_agent(app: faust.App, topics: TopicNames, source: Any, client: TeacherClient, cfg: ReviewSettings,
                        publish: Callable[[Sequence[Outgoing]], Any], retraining: Any | None = None,
                        sleep: Callable[[float], Any] = asyncio.sleep) -> None:
    async def _consume(stream: Any) -> None:
        async for events in stream.take_events(cfg.batch_max, within=cfg.within_s):
            now = datetime.now(UTC)
            outgoing: list[Outgoing] = []
            reqs: list[ReviewRequest] = []
            for e in events:
                rec = RawRecord(e.message.topic, e.message.partition, e.message.offset, e.message.key, e.message.value)
                msg = decode_review(rec.value)
                if isinstance(msg, ReviewRequest):
                    reqs.append(msg)
                else:
                    outgoing.append(dead_letter(rec, msg.reason, msg.detail, "review", now))
            hold = cfg.first_hold_s
            while True:
                try:
                    answers = await asyncio.gather(*(ask_teacher(client, r) for r in reqs))
                    break
                except TeacherError as exc:  # outage or cap: hold the batch, never drop it
                    log.error("teacher_unavailable_holding", items=sum(len(r.items) for r in reqs),
                              error=type(exc).__name__, retriable=exc.retriable, hold_s=hold)
                    await sleep(hold)
                    hold = min(cfg.max_hold_s, hold * 2)
            rows = []
            for req, ans in zip(reqs, answers, strict=True):
                out = apply_teacher(req, ans, cfg.policy, cfg.teacher_version)
                key = message_key(req.id)
                outgoing += [Outgoing(topics.reviewed, key, encode(d)) for d in out.decisions]
                outgoing.append(Outgoing(topics.normalized, key, encode(out.normalized)))
                rows += [retraining_row(req, d) for d in out.decisions if d.confidence > 0]
                to_people = sum(d.next == "human" for d in out.decisions)
                log.info("reviewed", doc_id=req.id, items=len(req.items), to_people=to_people)
            await publish(outgoing)
            if retraining is not None and rows:
                counts = retraining.add_many(rows)
                log.info("retraining_set", **counts)

    _consume.__name__ = "review_agent"
    app.agent(source, name="mentionflow.review")(_consume)
