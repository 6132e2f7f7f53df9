"""Thin aiokafka shell: topic creation, connectivity checks, produce and consume helpers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

__all__ = ["ensure_topics", "produce_values", "consume_topic", "Record", "StackError"]


class StackError(Exception):
    """A service of the stack is missing or unreachable."""

    retriable = True


@dataclass(frozen=True, slots=True)
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


async def ensure_topics(bootstrap: str, names: Iterable[str], partitions: int) -> list[str]:
    """Create the topics that do not exist yet; returns the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    try:
        await admin.start()
    except KafkaError as exc:
        raise StackError(f"Kafka at {bootstrap} is not reachable: {exc}") from exc
    try:
        existing = set(await admin.list_topics())
        todo = [n for n in names if n not in existing]
        if todo:
            try:
                await admin.create_topics([NewTopic(n, num_partitions=partitions, replication_factor=1) for n in todo])
            except TopicAlreadyExistsError:
                pass
        return todo
    finally:
        await admin.close()


async def produce_values(bootstrap: str, topic: str, items: Iterable[tuple[bytes | None, bytes]]) -> int:
    """Send (key, value) pairs and wait for every acknowledgement; returns how many."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    try:
        await producer.start()
        futs = [await producer.send(topic, value=v, key=k) for k, v in items]
        await asyncio.gather(*futs)
        return len(futs)
    finally:
        await producer.stop()


async def consume_topic(bootstrap: str, topic: str, *, from_beginning: bool = True,
                        idle_timeout_s: float = 2.0, limit: int | None = None,
                        follow: bool = False, stop: Callable[[], bool] | None = None) -> AsyncIterator[Record]:
    """Read a topic without a consumer group (commits nothing). Stops after ``idle_timeout_s``
    without new records unless ``follow``."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
    )
    n = 0
    try:
        await consumer.start()
        while True:
            batch = await consumer.getmany(timeout_ms=int(idle_timeout_s * 1000), max_records=1000)
            if not batch and (not follow or (stop is not None and stop())):
                return
            for tp_records in batch.values():
                for r in tp_records:
                    yield Record(r.topic, r.partition, r.offset, r.key, r.value)
                    n += 1
                    if limit is not None and n >= limit:
                        return
    finally:
        await consumer.stop()
