"""Worker transforms as batch functions (pure apart from model calls) and the faust agents.

Order of effects, enforced in ``_consume``: poll a batch -> decode/transform (in a thread, so the
event loop keeps heartbeating) -> publish every output and wait for the broker's acks -> only
then does ``take_events`` ack the batch, so faust can commit its offsets. A crash anywhere
before the acks means redelivery, never loss (at-least-once); outputs are keyed by document id,
so a redelivered document overwrites its earlier output (idempotent for consumers that upsert).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from typing import Any

import faust
import structlog

from streams.codec import decode_extracted, decode_input, encode
from streams.schemas import ExtractedDocument, InputDocument
from streams.topics import TopicNames, message_key
from workers.extraction.model import Extractor
from workers.extraction.transform import extract_documents
from workers.normalization.model import Linker
from workers.normalization.routing_rate import RouteTally
from workers.normalization.transform import Routing, normalize_documents
from workers.shell import Outgoing, RawRecord, process_batch

__all__ = ["extraction_transform", "normalization_transform", "attach_agents", "publish_all", "raw_topic", "ROLES",
           "ALL_ROLES"]

ROLES = ("extraction", "normalization")
ALL_ROLES = (*ROLES, "review")  # the review worker is opt-in: it calls the (paid) teacher
log = structlog.get_logger("mentionflow.workers")


def extraction_transform(topics: TopicNames, extractor: Extractor) -> Callable[[Sequence[InputDocument]], list[list[Outgoing]]]:
    def run(docs: Sequence[InputDocument]) -> list[list[Outgoing]]:
        return [[Outgoing(topics.extracted, message_key(ex.doc.id), encode(ex))] for ex in extract_documents(docs, extractor)]

    return run


def normalization_transform(topics: TopicNames, linker: Linker, routing: Routing, target: str | None = None,
                            tally: RouteTally | None = None) -> Callable[[Sequence[ExtractedDocument]], list[list[Outgoing]]]:
    def run(docs: Sequence[ExtractedDocument]) -> list[list[Outgoing]]:
        out = []
        # the serving model's calibrated thresholds (they change with a promotion)
        route = linker.routing_for(routing, target) if hasattr(linker, "routing_for") else routing
        results = normalize_documents(docs, linker, route)
        for d, res in zip(docs, results, strict=True):
            msgs = [Outgoing(topics.normalized, message_key(d.doc.id), encode(res.normalized))]
            if res.review is not None:
                msgs.append(Outgoing(topics.review, message_key(d.doc.id), encode(res.review)))
            out.append(msgs)
        if tally is not None:  # the live review rate: shares of mentions with candidates, as calibrated
            tally.add(linker.version, sum(r.routable for r in results), sum(r.routed for r in results))
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
    producer = app.producer
    futs = [await producer.send(o.topic, o.key, o.value, partition=None, timestamp=None, headers=None) for o in outgoing]
    await asyncio.gather(*futs)  # broker acks for every output before the batch is acked


publish_all = _publish


def raw_topic(app: faust.App, name: str, partitions: int) -> Any:
    return _raw_topic(app, name, partitions)


def attach_agents(app: faust.App, roles: Sequence[str], topics: TopicNames, partitions: int,
                  batch_max: int, batch_within_s: float, max_bytes: int,
                  extractor: Extractor | None, linker: Linker | None, routing: Routing,
                  target: str | None = None, tally: RouteTally | None = None) -> None:
    """Register the agents for ``roles`` on ``app`` (composition; the app module wires it)."""
    out_names = set(topics.all())
    topics_by_name = {n: _raw_topic(app, n, partitions) for n in out_names}
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mf-model")

    def make_agent(role: str, source: str, decode: Callable[[bytes | None], Any], transform: Callable[..., Any]) -> None:
        async def _consume(stream: Any) -> None:
            loop = asyncio.get_running_loop()
            async for events in stream.take_events(batch_max, within=batch_within_s):
                records = [RawRecord(e.message.topic, e.message.partition, e.message.offset,
                                     e.message.key, e.message.value) for e in events]
                t0 = time.perf_counter()
                outgoing = await loop.run_in_executor(
                    pool, partial(process_batch, records, decode, transform, role, datetime.now(UTC)))
                t1 = time.perf_counter()
                await _publish(app, outgoing)
                log.debug("batch", worker=role, size=len(records), transform_ms=round((t1 - t0) * 1000, 1),
                          publish_ms=round((time.perf_counter() - t1) * 1000, 1))
                dlq = sum(1 for o in outgoing if o.topic.endswith(".dlq"))
                if dlq:
                    log.warning("dead_lettered", worker=role, topic=source, count=dlq,
                                first_offset=records[0].offset, partition=records[0].partition)

        _consume.__name__ = f"{role}_agent"
        app.agent(topics_by_name[source], name=f"mentionflow.{role}")(_consume)

    for role in roles:
        if role == "extraction":
            assert extractor is not None
            make_agent(role, topics.raw, partial(decode_input, max_bytes=max_bytes), extraction_transform(topics, extractor))
        elif role == "normalization":
            assert linker is not None
            make_agent(role, topics.extracted, partial(decode_extracted, max_bytes=max_bytes), normalization_transform(topics, linker, routing, target, tally))
        elif role == "review":
            continue  # attached by the app with its teacher client (workers/review/agent.py)
        else:
            raise ValueError(f"unknown worker role {role!r}; expected one of {ROLES}")
