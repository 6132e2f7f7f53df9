"""Worker transforms as batch functions (pure apart from model calls) and the faust agents.

Order of effects, enforced in :func:`consume_batches`: poll a batch WITHOUT acking
(``noack_take``) -> decode/transform (in a thread, so the event loop keeps heartbeating) ->
publish every record's outputs, or its dead letter when the broker refuses them, and wait for
the broker's acks (:mod:`workers.publish`) -> only then ack the batch's events, so faust can
commit their offsets. faust's ``take_events`` acks a batch in its ``finally`` even when the body
raised, which committed batches that were never published; it is not used. Any exception that
escapes a batch stops the process with the batch unacked (exit code 70): the supervisor
(``mentionflow run``) restarts it and the batch is redelivered. At-least-once; outputs are keyed
by document id, so a redelivered document overwrites its earlier output (idempotent).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

import faust
import structlog

from streams.codec import decode_extracted, decode_input, encode
from streams.schemas import ExtractedDocument, InputDocument
from streams.topics import TopicNames, message_key
from workers.extraction.budget import ExtractBudget, extract_within_budget
from workers.extraction.model import Extractor
from workers.logthrottle import Throttle
from workers.normalization.decided import apply_decisions, normalized_ids
from workers.normalization.linker import Linker
from workers.normalization.routing_rate import RouteTally
from workers.normalization.transform import NormalizeResult, normalize_documents
from workers.observe import NoObserver, StageObserver, outcomes
from workers.publish import Send, publish_processed
from workers.review.decision_store import DecisionStore, DecisionStoreUnavailable
from workers.shell import (
    Outgoing,
    Processed,
    RawRecord,
    Rejected,
    doc_id_of,
    process_records,
    segments,
)

__all__ = ["Stage", "Handler", "declare_stages", "extraction_transform", "normalization_transform", "attach_agents", "publish_all", "raw_topic", "ROLES",
           "ALL_ROLES", "consume_batches", "EXIT_BATCH_FAILED", "sender"]

ROLES = ("extraction", "normalization")
ALL_ROLES = (*ROLES, "review")  # the review worker is opt-in: it calls the (paid) teacher
log = structlog.get_logger("mentionflow.workers")


#: exit code of a worker that stopped because a batch failed unacked (the supervisor restarts it)
EXIT_BATCH_FAILED = 70


#: a stage's own batch handler: the raw batch -> published (returns when every output is acked)
Handler = Callable[[list[RawRecord]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Stage:
    """One stream stage as data: the runner (``attach_agents``) consumes ``source`` batch by batch
    and acks a batch only when its outputs (on ``outputs``, or the source's DLQ) are published.

    The body is one of two kinds. A ``transform`` stage: each record is decoded with ``decode``
    (bytes -> message, or a reason to dead-letter it), ``transform`` runs on the decoded batch on
    the model thread (pure apart from model calls), and the runner publishes. A ``handler`` stage,
    for a body with async effects of its own (review: the teacher, the decision store, holds on an
    outage): ``handler`` gets the app's ``send`` and returns the coroutine that decodes, decides
    and publishes a raw batch itself. ``batch``: (max records, within seconds) when the stage
    batches otherwise than the worker's settings."""

    role: str
    source: str
    decode: Callable[[bytes | None], Any] | None
    transform: Callable[[Sequence[Any]], list[list[Outgoing] | Rejected]] | None
    outputs: tuple[str, ...]
    handler: Callable[[Send], Handler] | None = None
    batch: tuple[int, float] | None = None

    def __post_init__(self) -> None:
        if (self.transform is None) == (self.handler is None) or (self.transform is not None and self.decode is None):
            raise ValueError(f"stage {self.role}: give decode + transform, or a handler")


def declare_stages(topics: TopicNames, max_bytes: int, extractor: Extractor | None, linker: Linker | None,
                   tally: RouteTally | None = None, budget: ExtractBudget | None = None,
                   observe_normalized: Callable[[Sequence[NormalizeResult]], None] | None = None,
                   review: Stage | None = None) -> list[Stage]:
    """The stages this process can run: one per loaded model, and the review stage when the app
    built it (``workers/review/agent.py::review_stage``: it needs the teacher client and the
    decision store)."""
    stages = []
    if extractor is not None:
        stages.append(Stage("extraction", topics.raw, partial(decode_input, max_bytes=max_bytes),
                            extraction_transform(topics, extractor, budget), (topics.extracted,)))
    if linker is not None:
        stages.append(Stage("normalization", topics.extracted, partial(decode_extracted, max_bytes=max_bytes),
                            normalization_transform(topics, linker, tally, budget.max_mentions if budget else None,
                                                    observe_normalized),
                            (topics.normalized, topics.review)))
    if review is not None:
        stages.append(review)
    return stages


def extraction_transform(topics: TopicNames, extractor: Extractor, budget: ExtractBudget | None = None,
                         clock: Callable[[], float] = time.monotonic,
                         ) -> Callable[[Sequence[InputDocument]], list[list[Outgoing] | Rejected]]:
    """Documents -> their ``mentions.extracted`` message, or a :class:`Rejected` value when a
    document exceeds its budget (``too_many_mentions``, ``timeout``: see ``budget.py``)."""
    budget = budget or ExtractBudget()

    def run(docs: Sequence[InputDocument]) -> list[list[Outgoing] | Rejected]:
        return [ex if isinstance(ex, Rejected) else [Outgoing(topics.extracted, message_key(ex.doc.id), encode(ex))]
                for ex in extract_within_budget(docs, extractor, budget, clock)]

    return run


def normalization_transform(topics: TopicNames, linker: Linker,
                            tally: RouteTally | None = None, max_mentions: int | None = None,
                            observe: Callable[[Sequence[NormalizeResult]], None] | None = None,
                            ) -> Callable[[Sequence[ExtractedDocument]], list[list[Outgoing] | Rejected]]:
    def run(all_docs: Sequence[ExtractedDocument]) -> list[list[Outgoing] | Rejected]:
        # a document over the mention budget is refused before the linker sees it
        over = {i for i, d in enumerate(all_docs) if max_mentions is not None and len(d.mentions) > max_mentions}
        docs = [d for i, d in enumerate(all_docs) if i not in over]
        out: list[list[Outgoing] | Rejected] = []
        # the serving model's routing, read once per batch (a promotion brings its own thresholds)
        results = normalize_documents(docs, linker, linker.routing) if docs else []
        for d, res in zip(docs, results, strict=True):
            msgs = [Outgoing(topics.normalized, message_key(d.doc.id), encode(res.normalized))]
            if res.review is not None:
                msgs.append(Outgoing(topics.review, message_key(d.doc.id), encode(res.review)))
            out.append(msgs)
        if tally is not None:  # the live review rate: shares of mentions with candidates, as calibrated
            tally.add(linker.version, sum(r.routable for r in results), sum(r.routed for r in results))
        if observe is not None:
            observe(results)
        if over:
            it = iter(out)
            out = [Rejected("too_many_mentions", f"{len(d.mentions)} mentions, limit is {max_mentions}")
                   if i in over else next(it) for i, d in enumerate(all_docs)]
        return out

    return run


def _raw_topic(app: faust.App, name: str, partitions: int) -> Any:
    return app.topic(name, partitions=partitions, key_type=bytes, value_type=bytes,
                     key_serializer="raw", value_serializer="raw")


async def _publish(app: faust.App, outgoing: Sequence[Outgoing]) -> None:
    """Hand every output to the app's producer, then wait for all the broker acks (acks=all).

    The producer is faust's own (aiokafka underneath): bytes are already encoded, so the topic
    object's serializer path is skipped; partitioning is by key, like any Kafka producer.
    """
    futs = [await sender(app)(o) for o in outgoing]
    await asyncio.gather(*futs)  # broker acks for every output before the batch is acked


def sender(app: faust.App) -> Callable[[Outgoing], Any]:
    async def send(o: Outgoing) -> Any:
        return await app.producer.send(o.topic, o.key, o.value, partition=None, timestamp=None,
                                       headers=list(o.headers) or None)

    return send


publish_all = _publish


def raw_topic(app: faust.App, name: str, partitions: int) -> Any:
    return _raw_topic(app, name, partitions)


def _exit_unacked(code: int) -> None:
    sys.stderr.flush()
    os._exit(code)  # no shutdown path runs: nothing of the failed batch can be acked or committed


def _headers(raw: Any) -> tuple[tuple[str, bytes], ...]:
    if not raw:
        return ()
    items = raw.items() if isinstance(raw, dict) else raw
    return tuple((str(k), bytes(v)) for k, v in items if v is not None)


def record_of(message: Any) -> RawRecord:
    """A faust message as a :class:`RawRecord` (headers and the broker timestamp included)."""
    ts = getattr(message, "timestamp", None)
    return RawRecord(message.topic, message.partition, message.offset, message.key, message.value,
                     _headers(getattr(message, "headers", None)), int(ts * 1000) if ts else None)


async def consume_batches(stream: Any, batch_max: int, within_s: float, handle: Callable[[list[RawRecord]], Any],
                          worker: str, exit_process: Callable[[int], None] = _exit_unacked) -> None:
    """Poll batches without acking; ack a batch's events only after ``handle`` returned for it.

    If ``handle`` raises, nothing of the batch is acked and the process exits with
    :data:`EXIT_BATCH_FAILED` (faust would otherwise restart the agent past the batch)."""
    async for events in stream.noack_take(batch_max, within=within_s):
        records = [record_of(e.message) for e in events]
        try:
            await handle(records)
        except asyncio.CancelledError:
            raise  # a rebalance or a stop: unacked, so redelivered from the committed offset
        except BaseException as exc:  # noqa: BLE001 - anything at all: stop with the batch unacked
            log.critical("batch_failed_unacked_stopping", worker=worker, size=len(records),
                         topic=records[0].topic if records else None,
                         partition=records[0].partition if records else None,
                         first_offset=records[0].offset if records else None,
                         error=f"{type(exc).__name__}: {exc}"[:500], exit_code=EXIT_BATCH_FAILED)
            exit_process(EXIT_BATCH_FAILED)
            raise
        for e in events:
            await stream.ack(e)


def attach_agents(app: faust.App, roles: Sequence[str], topics: TopicNames, partitions: int,
                  batch_max: int, batch_within_s: float, max_bytes: int,
                  extractor: Extractor | None, linker: Linker | None, tally: RouteTally | None = None,
                  budget: ExtractBudget | None = None, max_output_bytes: int | None = None,
                  max_hold_s: float = 30.0, decisions: DecisionStore | None = None,
                  observer: StageObserver | None = None, review: Stage | None = None) -> None:
    """Register one agent per role on ``app``, each running its declared stage (composition; the
    app module wires it)."""
    obs: StageObserver = observer or NoObserver()
    out_names = set(topics.all())
    topics_by_name = {n: _raw_topic(app, n, partitions) for n in out_names}
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mf-model")
    throttle = Throttle(10.0)
    chunk = (budget or ExtractBudget()).chunk_chars
    # records over this are handled one by one (an extracted message carries its mentions too)
    heavy_by_role = {"extraction": chunk, "normalization": chunk * 4}
    # a dead letter carries the original (up to max_bytes, base64: 4/3) and may exceed the output limit
    dlq_limit = None if max_output_bytes is None else max(max_output_bytes, max_bytes * 4 // 3 + 16_384)

    def transform_handler(role: str, decode: Callable[[bytes | None], Any], transform: Callable[..., Any]) -> Handler:
        async def handle(records: list[RawRecord]) -> None:
            for seg in segments(records, heavy_by_role[role]):  # published in order, each before the next starts
                await handle_segment(seg)

        async def handle_segment(records: list[RawRecord]) -> None:
            loop = asyncio.get_running_loop()
            now = datetime.now(UTC)
            t0 = time.perf_counter()
            processed = await loop.run_in_executor(
                pool, partial(process_records, records, decode, transform, role, now, max_output_bytes))
            t1 = time.perf_counter()
            obs.timed(role, "transform", t1 - t0)
            if decisions is not None and role == "normalization":
                processed = await with_decisions(processed)
                obs.timed(role, "decisions", time.perf_counter() - t1)
                t1 = time.perf_counter()
            report = await publish_processed(sender(app), processed, role, now, dlq_limit, max_hold_s=max_hold_s)
            t2 = time.perf_counter()
            obs.timed(role, "publish", t2 - t1)
            done = outcomes(processed, report.refused)
            obs.published(role, done, time.time() * 1000)
            log.debug("batch", worker=role, size=len(records), transform_ms=round((t1 - t0) * 1000, 1),
                      publish_ms=round((t2 - t1) * 1000, 1))
            for o in done:
                if o.reason is not None:
                    rec = o.processed.record
                    with structlog.contextvars.bound_contextvars(trace_id=rec.trace_id, doc_id=doc_id_of(rec)):
                        log.warning("dead_lettered", worker=role, topic=rec.topic, partition=rec.partition,
                                    offset=rec.offset, reason=o.reason)

        async def with_decisions(processed: list[Processed]) -> list[Processed]:
            """Recorded review decisions outrank the model (a replay must not undo them); without
            the records nothing is published: hold until Redis answers."""
            assert decisions is not None
            hold = 0.5
            while True:
                try:
                    recs = await decisions.get_many(normalized_ids(processed, topics.normalized))
                    return apply_decisions(processed, topics.normalized, recs)
                except DecisionStoreUnavailable as exc:
                    throttle.log(log, "decisions_unavailable_holding", level="error", worker=role, error=str(exc)[:200],
                                 hold_s=hold)
                    await asyncio.sleep(hold)
                    hold = min(max_hold_s, hold * 2)

        return handle

    def attach(stage: Stage) -> None:
        if stage.handler is not None:
            handle = stage.handler(sender(app))
        else:
            assert stage.decode is not None and stage.transform is not None
            handle = transform_handler(stage.role, stage.decode, stage.transform)
        size, within = stage.batch or (batch_max, batch_within_s)

        async def _consume(stream: Any) -> None:
            await consume_batches(stream, size, within, handle, stage.role)

        _consume.__name__ = f"{stage.role}_agent"
        app.agent(topics_by_name[stage.source], name=f"mentionflow.{stage.role}")(_consume)

    unknown = set(roles) - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"unknown worker role(s) {sorted(unknown)}; expected one of {ALL_ROLES}")
    declared = {s.role: s for s in declare_stages(topics, max_bytes, extractor, linker, tally, budget, obs.normalized,
                                                  review)}
    for role in roles:
        if role not in declared:
            raise ValueError(f"worker role {role!r} needs what it runs on loaded (its model; the teacher for review)")
        stage = declared[role]
        assert set(stage.outputs) <= out_names, f"{role} writes topics the app does not know"
        attach(stage)
