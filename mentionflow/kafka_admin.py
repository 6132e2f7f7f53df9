"""Thin aiokafka shell: topic creation, connectivity checks, produce and consume helpers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from mentionflow.broker_compat import install_no_auto_create_topics

# every client this module makes asks the broker for metadata without auto-creating topics
install_no_auto_create_topics()

__all__ = ["ensure_topics", "check_topics", "topic_partitions", "topic_problems", "problems_message", "TopicProblem",
           "TopicsReport", "produce_values", "consume_topic", "Record", "StackError"]


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


@dataclass(frozen=True, slots=True)
class TopicProblem:
    """A topic the deployment needs that is missing or has another partition count."""

    topic: str
    expected_partitions: int
    found_partitions: int | None  # None: the topic does not exist

    def describe(self) -> str:
        if self.found_partitions is None:
            return f"{self.topic}: missing"
        return f"{self.topic}: {self.found_partitions} partition(s), expected {self.expected_partitions}"


@dataclass(frozen=True, slots=True)
class TopicsReport:
    created: tuple[str, ...]
    problems: tuple[TopicProblem, ...]


def topic_problems(expected: dict[str, int], found: dict[str, int]) -> list[TopicProblem]:
    """Pure: each expected topic that ``found`` (name -> partition count) lacks or counts differently."""
    return [TopicProblem(name, want, found.get(name)) for name, want in sorted(expected.items())
            if found.get(name) != want]


def problems_message(problems: Iterable[TopicProblem], bootstrap: str) -> str:
    listed = "; ".join(p.describe() for p in problems)
    return (f"topics on {bootstrap} are not as configured ({listed}). Topics are created only by "
            "`mentionflow stack up` (admin path, configured partitions); clients never auto-create them. "
            "A missing topic means the broker lost its data or was never set up; a wrong partition count "
            "means it was created elsewhere: `mentionflow stack reset --yes` deletes the local broker's data")


async def _admin(bootstrap: str, ready_timeout_s: float) -> AIOKafkaAdminClient:
    """A started admin client; retries until the broker answers (a broker that has just opened its
    port may still be loading its metadata)."""
    deadline = asyncio.get_running_loop().time() + ready_timeout_s
    while True:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
        try:
            await admin.start()
            await admin.list_topics()
            return admin
        except KafkaError as exc:
            await admin.close()
            if asyncio.get_running_loop().time() >= deadline:
                raise StackError(f"Kafka at {bootstrap} is not reachable: {exc}") from exc
            await asyncio.sleep(0.5)


async def _partition_counts(admin: AIOKafkaAdminClient, names: Iterable[str]) -> dict[str, int]:
    existing = set(await admin.list_topics())
    wanted = [n for n in names if n in existing]
    if not wanted:
        return {}
    return {d["topic"]: len(d["partitions"]) for d in await admin.describe_topics(wanted) if d["error_code"] == 0}


async def topic_partitions(bootstrap: str, names: Iterable[str], ready_timeout_s: float = 0.0) -> dict[str, int]:
    """name -> partition count of the given topics that exist."""
    admin = await _admin(bootstrap, ready_timeout_s)
    try:
        return await _partition_counts(admin, list(names))
    finally:
        await admin.close()


async def check_topics(bootstrap: str, names: Iterable[str], partitions: int,
                       ready_timeout_s: float = 0.0) -> list[TopicProblem]:
    """The problems of a deployment's topics (missing, other partition count); empty when fine."""
    names = list(names)
    found = await topic_partitions(bootstrap, names, ready_timeout_s)
    return topic_problems(dict.fromkeys(names, partitions), found)


async def ensure_topics(bootstrap: str, names: Iterable[str], partitions: int,
                        ready_timeout_s: float = 0.0) -> TopicsReport:
    """The admin path: create the topics that do not exist yet with ``partitions`` partitions;
    report existing ones with another partition count (never altered or deleted here)."""
    names = list(names)
    admin = await _admin(bootstrap, ready_timeout_s)
    try:
        found = await _partition_counts(admin, names)
        todo = [n for n in names if n not in found]
        if todo:
            try:
                await admin.create_topics([NewTopic(n, num_partitions=partitions, replication_factor=1) for n in todo])
            except TopicAlreadyExistsError:
                pass
        problems = topic_problems({n: partitions for n in names if n in found}, found)
        return TopicsReport(tuple(todo), tuple(problems))
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
