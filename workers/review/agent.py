"""The review worker: ``entities.review`` -> the teacher -> ``entities.reviewed`` (one decision per
item; ``next="human"`` is the human queue) and the document's corrected entity list on
``entities.normalized`` (same key: consumers upsert), every valid teacher decision appended to
the retraining set.

Order of effects per batch: decode (bad messages -> ``entities.review.dlq``) -> read the
documents' decision records (Redis, :mod:`workers.review.decision_store`) -> ask the teacher only
for the items nobody has decided yet (a person's decision is final; a replay does not pay twice)
-> record the teacher's decisions with precedence (human > teacher > model) -> on a teacher
outage, a spending-cap stop or Redis down, HOLD: nothing is published or acked; wait (backoff
doubling to ``max_hold_s``) and try again, so items are never lost, dropped or decided without
the check -> publish every document as ``document_from(request, records)`` and await the
broker's acks -> read the records again and republish a document a person decided meanwhile ->
retraining set -> ack the batch (the runner, :func:`workers.agents.consume_batches`; an
exception leaves it unacked). Declared as a handler ``Stage`` (:func:`review_stage`) in the same
list as extraction and normalization.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog

from streams.codec import decode_review, encode
from streams.schemas import ReviewDecision, ReviewRequest
from streams.topics import TopicNames, message_key
from teacher.client import TeacherClient
from teacher.errors import TeacherError
from teacher.shapes import CandidateView, Invalid, NormalizationAnswer, NormalizationQuery
from workers.agents import Handler, Stage
from workers.observe import NoObserver, StageObserver, outcomes
from workers.publish import Send, publish_processed
from workers.review.decision_store import DecisionStore, DecisionStoreUnavailable
from workers.review.precedence import DecisionRecord, document_from, span_key
from workers.review.transform import ReviewPolicy, apply_teacher
from workers.shell import Outgoing, Processed, RawRecord, dead_letter, traced

__all__ = ["ReviewSettings", "review_stage", "review_handler", "retraining_row", "ask_teacher", "decide", "outputs", "Decided"]

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


@dataclass(frozen=True, slots=True)
class Decided:
    """One request after the decision step: every record of its document (after this batch's
    writes) and the decisions this batch made and stored (for the retraining set)."""

    req: ReviewRequest
    records: dict[str, DecisionRecord]
    new: tuple[ReviewDecision, ...]


async def decide(client: TeacherClient, store: DecisionStore, reqs: Sequence[ReviewRequest],
                 cfg: ReviewSettings) -> list[Decided]:
    """Check the decision records first: an item already decided (by a person, or by the teacher
    in an earlier delivery) is not asked again; the teacher's new decisions are recorded with
    precedence (they never land over a person's). Raises TeacherError / DecisionStoreUnavailable."""
    known = await store.get_many(r.id for r in reqs)
    todo = [r.model_copy(update={"items": tuple(i for i in r.items if span_key(i.start, i.end) not in known[r.id])})
            for r in reqs]
    answers = await asyncio.gather(*(ask_teacher(client, t) for t in todo))
    out = []
    for req, sub, ans in zip(reqs, todo, answers, strict=True):
        if not sub.items:
            out.append(Decided(req, known[req.id], ()))
            continue
        res = apply_teacher(sub, ans, cfg.policy, cfg.teacher_version)
        spans = {(i.start, i.end) for i in sub.items}
        made = {(e.start, e.end): e for e in res.normalized.entities if (e.start, e.end) in spans}
        recs = [DecisionRecord(d, made.get((d.start, d.end))) for d in res.decisions]
        after = await store.record(req.id, recs)
        stored = tuple(r.decision for r in recs if after.get(span_key(r.decision.start, r.decision.end)) == r)
        out.append(Decided(req, after, stored))
    return out


def outputs(d: Decided, topics: TopicNames) -> list[Outgoing]:
    """The request's teacher decisions (``entities.reviewed``; a replay republishes the same ones,
    never one a person has replaced) and its document with every recorded decision applied."""
    key = message_key(d.req.id)
    spans = {(i.start, i.end) for i in d.req.items}
    teacher = [r.decision for r in d.records.values()
               if r.decision.decided_by == "teacher" and (r.decision.start, r.decision.end) in spans]
    return ([Outgoing(topics.reviewed, key, encode(x)) for x in sorted(teacher, key=lambda x: x.start)]
            + [Outgoing(topics.normalized, key, encode(document_from(d.req, d.records)))])


def review_stage(topics: TopicNames, client: TeacherClient, cfg: ReviewSettings, store: DecisionStore,
                 retraining: Any | None = None, sleep: Callable[[float], Any] = asyncio.sleep,
                 observer: StageObserver | None = None) -> Stage:
    """The review stage, declared like the others (``workers.agents.declare_stages``): a handler
    stage, since its body awaits the teacher and the decision store (the order of effects is in
    the module docstring)."""
    return Stage("review", topics.review, None, None, (topics.reviewed, topics.normalized),
                 handler=lambda send: review_handler(topics, client, cfg, send, store, retraining, sleep, observer),
                 batch=(cfg.batch_max, cfg.within_s))


def review_handler(topics: TopicNames, client: TeacherClient, cfg: ReviewSettings, send: Send, store: DecisionStore,
                   retraining: Any | None = None, sleep: Callable[[float], Any] = asyncio.sleep,
                   observer: StageObserver | None = None) -> Handler:
    """One review batch: decode -> decide (teacher, decision records; hold on an outage) -> publish
    and await acks -> republish what a person decided meanwhile -> retraining set."""
    obs: StageObserver = observer or NoObserver()

    async def handle(records: list[RawRecord]) -> None:
        now = datetime.now(UTC)
        letters: list[Processed] = []
        reqs: list[tuple[RawRecord, ReviewRequest]] = []
        for rec in records:
            msg = decode_review(rec.value)
            if isinstance(msg, ReviewRequest):
                reqs.append((rec, msg))
            else:
                letters.append(Processed(rec, (dead_letter(rec, msg.reason, msg.detail, "review", now),)))
        hold = cfg.first_hold_s
        t0 = time.perf_counter()
        while True:
            try:
                decided = await decide(client, store, [r for _, r in reqs], cfg)
                break
            except (TeacherError, DecisionStoreUnavailable) as exc:  # outage or cap: hold, never drop
                event = "teacher_unavailable_holding" if isinstance(exc, TeacherError) else "decisions_unavailable_holding"
                log.error(event, items=sum(len(r.items) for _, r in reqs), error=type(exc).__name__,
                          retriable=exc.retriable, hold_s=hold)
                await sleep(hold)
                hold = min(cfg.max_hold_s, hold * 2)
        t1 = time.perf_counter()
        obs.timed("review", "teacher", t1 - t0)
        items = letters + [Processed(rec, traced(rec, outputs(d, topics))) for (rec, _), d in zip(reqs, decided, strict=True)]
        report = await publish_processed(send, items, "review", now)
        obs.timed("review", "publish", time.perf_counter() - t1)
        # a person may have decided between our read and our publish: their document is then
        # older than ours on the topic; publish the document again with every decision applied
        while True:
            try:
                again = await store.get_many(d.req.id for d in decided)
                break
            except DecisionStoreUnavailable as exc:
                log.error("decisions_unavailable_holding", error=str(exc)[:200], hold_s=hold)
                await sleep(hold)
                hold = min(cfg.max_hold_s, hold * 2)
        redo = [Processed(rec, traced(rec, outputs(Decided(d.req, again[d.req.id], ()), topics)))
                for (rec, _), d in zip(reqs, decided, strict=True) if again[d.req.id] != d.records]
        if redo:
            await publish_processed(send, redo, "review", now)
        rows = [retraining_row(d.req, x) for d in decided for x in d.new if x.confidence > 0]
        for (rec, _), d in zip(reqs, decided, strict=True):
            with structlog.contextvars.bound_contextvars(trace_id=rec.trace_id, doc_id=d.req.id):
                log.info("reviewed", items=len(d.req.items), asked=len(d.new),
                         to_people=sum(x.next == "human" for x in d.new))
            for x in d.new:
                obs.reviewed(x.decided_by, x.type, x.next)
        obs.published("review", outcomes(items, report.refused), time.time() * 1000)
        if retraining is not None and rows:
            counts = retraining.add_many(rows)
            log.info("retraining_set", **counts)

    return handle
