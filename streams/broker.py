"""The broker boundary: every plain Kafka client of the project is made here, and aiokafka's
errors are named here once. faust's own clients (the worker agents) are the exception; the
guards below cover them too, since they patch aiokafka itself.

- consume: :class:`Follower` (a group-less consumer over topics, read batch by batch; it commits
  nothing), :func:`consume_topic` (its records as an async iterator), :func:`read_since` (each
  partition from the first offset at or after a time up to the end it had then);
- publish: :class:`Publisher` (``publish`` returns only when the broker acked every record,
  acks=all), :func:`produce_values` (one batch through a short-lived publisher);
- admin: :func:`ensure_topics` (the only path that creates topics), :func:`check_topics`,
  :func:`topic_partitions`, :func:`broker_reachable`;
- the client guards (aiokafka compat patches), each installed once per process:

  *no topic auto-creation* (installed when this module is imported): aiokafka (0.14) asks for
  topic auto-creation in every metadata request and has no option to stop it. A broker that allows
  it (noida-db always; Apache Kafka unless ``auto.create.topics.enable=false``) then creates any
  topic a producer or consumer merely names, with the broker's default partition count (1): after
  the broker lost its data, running workers re-created the core topics with 1 partition and
  stalled silently (issue 12, defect 4). With the guard, metadata requests never ask for creation;
  topics come only from :func:`ensure_topics`.

  *idle fetch backoff* (:func:`install_client_guards`, called once by the process's entry point,
  ``mentionflow.cli.common.settings``, with the broker's value from ``mentionflow.configs``):
  noida-db answers a fetch at once even when it has nothing (it ignores ``fetch.max.wait.ms``), so
  every aiokafka consumer re-polls in a tight loop that starves the models on a small machine
  (figures: README). The fetcher pauses briefly after a fetch that brought no records. Against
  Apache Kafka (which long-polls) the value is 0: nothing is patched.

Imports nothing of the project beyond ``streams`` (it sits right above the contract).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from aiokafka import AIOKafkaClient, AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

__all__ = ["StackError", "BrokerError", "Record", "Outbound", "Ack", "Follower", "Publisher", "consume_topic",
           "read_since", "produce_values", "ensure_topics", "check_topics", "topic_partitions", "topic_problems",
           "problems_message", "broker_reachable", "TopicProblem", "TopicsReport", "install_client_guards"]

log = structlog.get_logger("mentionflow.broker")

#: every error the Kafka client raises (each class says whether it is ``retriable``)
BrokerError = KafkaError


class StackError(Exception):
    """A service of the stack (the broker, Redis, the search node) is missing or unreachable."""

    retriable = True


# --- the client guards -------------------------------------------------------------------------

_installed_backoff_ms: float | None = None
_no_auto_create = False


def _install_no_auto_create_topics() -> None:
    """Idempotent: every aiokafka metadata request (producers, consumers, faust, admin) says
    ``allow_auto_topic_creation=False`` unless a caller explicitly asks otherwise."""
    global _no_auto_create
    if _no_auto_create:
        return
    from aiokafka.protocol.metadata import MetadataRequest

    original_init = MetadataRequest.__init__

    def __init__(self: Any, topics: list[str] | None = None, allow_auto_topic_creation: bool | None = False) -> None:
        original_init(self, topics, False if allow_auto_topic_creation is None else allow_auto_topic_creation)

    MetadataRequest.__init__ = __init__  # type: ignore[method-assign]
    _no_auto_create = True


def _install_fetch_idle_backoff(backoff_ms: float) -> None:
    """Idempotent; ``backoff_ms <= 0`` leaves aiokafka untouched."""
    global _installed_backoff_ms
    if backoff_ms <= 0 or _installed_backoff_ms is not None:
        return
    from aiokafka.consumer import fetcher

    original = fetcher.Fetcher._proc_fetch_request
    delay = backoff_ms / 1000.0

    async def proc_fetch_request(self: Any, assignment: Any, node_id: Any, request: Any) -> bool:
        got_records = await original(self, assignment, node_id, request)
        if not got_records:
            # aiokafka's Fetcher.close() cancels pending fetch tasks and awaits them expecting a
            # normal return, as the original coroutine gives: do the same.
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.sleep(delay)
        return got_records

    fetcher.Fetcher._proc_fetch_request = proc_fetch_request  # type: ignore[method-assign]
    _installed_backoff_ms = backoff_ms
    log.debug("fetch_idle_backoff_installed", backoff_ms=backoff_ms,
              reason="broker answers empty fetches without waiting (noida-db)")


def install_client_guards(fetch_idle_backoff_ms: float) -> None:
    """Everything a process installs before it makes Kafka clients; its entry point calls this once
    (idempotent: a second call changes nothing)."""
    _install_no_auto_create_topics()
    _install_fetch_idle_backoff(fetch_idle_backoff_ms)


# every client of this process asks the broker for metadata without auto-creating topics
_install_no_auto_create_topics()


# --- records -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Record:
    """One consumed record."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp: int = 0  # ms since the epoch, as the broker stamped it
    headers: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True, slots=True)
class Outbound:
    """One record to publish."""

    topic: str
    value: bytes
    key: bytes | None = None
    headers: Sequence[tuple[str, bytes]] | None = None


@dataclass(frozen=True, slots=True)
class Ack:
    """Where the broker stored a published record."""

    topic: str
    partition: int
    offset: int


def _record(r: Any) -> Record:
    return Record(r.topic, r.partition, r.offset, r.key, r.value, r.timestamp or 0, tuple(r.headers or ()))


# --- consume -----------------------------------------------------------------------------------

class Follower:
    """A group-less consumer of ``topics`` (every reader gets every record; nothing is committed),
    from the oldest record (``from_beginning``) or from the newest on. ``async with`` starts and
    stops it."""

    def __init__(self, bootstrap: str, topics: Sequence[str], from_beginning: bool = True):
        self._consumer = AIOKafkaConsumer(*topics, bootstrap_servers=bootstrap, group_id=None,
                                          enable_auto_commit=False,
                                          auto_offset_reset="earliest" if from_beginning else "latest")

    async def __aenter__(self) -> Follower:
        try:
            await self._consumer.start()
        except BaseException:
            await self._consumer.stop()  # a failed start leaves connections open
            raise
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._consumer.stop()

    async def batch(self, timeout_ms: int, max_records: int | None = None) -> list[Record]:
        """The next records (empty after ``timeout_ms`` without any), partition by partition in log order."""
        got = await self._consumer.getmany(timeout_ms=timeout_ms, max_records=max_records)
        return [_record(r) for recs in got.values() for r in recs]


async def consume_topic(bootstrap: str, topic: str, *, from_beginning: bool = True,
                        idle_timeout_s: float = 2.0, limit: int | None = None,
                        follow: bool = False, stop: Callable[[], bool] | None = None) -> AsyncIterator[Record]:
    """Read a topic without a consumer group (commits nothing). Stops after ``idle_timeout_s``
    without new records unless ``follow``."""
    n = 0
    async with Follower(bootstrap, [topic], from_beginning) as f:
        while True:
            batch = await f.batch(int(idle_timeout_s * 1000), max_records=1000)
            if not batch and (not follow or (stop is not None and stop())):
                return
            for r in batch:
                yield r
                n += 1
                if limit is not None and n >= limit:
                    return


async def read_since(bootstrap: str, topic: str, since_ms: int) -> list[Record]:
    """Each partition of ``topic`` from its first record at or after ``since_ms`` up to the end it
    had when the read began (records arriving meanwhile are left out)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        counts = await topic_partitions(bootstrap, [topic])  # the admin path: Kafka loads metadata lazily
        tps = [TopicPartition(topic, p) for p in range(counts.get(topic, 0))]
        if not tps:
            return []
        consumer.assign(tps)
        starts = await consumer.offsets_for_times({tp: since_ms for tp in tps})
        ends = await consumer.end_offsets(tps)
        todo = {}
        for tp in tps:
            found = starts.get(tp)
            if found is None:
                continue  # nothing at or after T
            consumer.seek(tp, found.offset)
            if found.offset < ends[tp]:
                todo[tp] = ends[tp]
        out: list[Record] = []
        while todo:
            batch = await consumer.getmany(*todo, timeout_ms=1000, max_records=5000)
            for tp, recs in batch.items():
                out += [_record(r) for r in recs if r.offset < todo[tp]]
                if recs and recs[-1].offset >= todo[tp] - 1:
                    todo.pop(tp, None)
        return out
    finally:
        await consumer.stop()


# --- publish -----------------------------------------------------------------------------------

class Publisher:
    """A producer with acks=all; ``start``/``stop`` around its life (or ``async with``)."""

    def __init__(self, bootstrap: str, linger_ms: int = 5):
        self._producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=linger_ms)

    async def start(self) -> None:
        try:
            await self._producer.start()
        except BaseException:
            await self._producer.stop()  # a failed start leaves connections open
            raise

    async def stop(self) -> None:
        await self._producer.stop()

    async def __aenter__(self) -> Publisher:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    async def publish(self, records: Iterable[Outbound]) -> list[Ack]:
        """Send every record, then wait for every acknowledgement: returns only when all are
        durable (a refused or timed-out record raises its ``BrokerError``)."""
        futs = [await self._producer.send(o.topic, o.value, key=o.key, headers=list(o.headers) if o.headers else None)
                for o in records]
        return [Ack(m.topic, m.partition, m.offset) for m in await asyncio.gather(*futs)]


async def produce_values(bootstrap: str, topic: str, items: Iterable[tuple[bytes | None, bytes]]) -> int:
    """Send (key, value) pairs and wait for every acknowledgement; returns how many."""
    async with Publisher(bootstrap) as p:
        return len(await p.publish(Outbound(topic, v, k) for k, v in items))


# --- admin -------------------------------------------------------------------------------------

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


async def broker_reachable(bootstrap: str, timeout_ms: int = 2000) -> None:
    """Returns when the broker answers a metadata request; raises its ``BrokerError`` otherwise."""
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=timeout_ms)
    try:
        await client.bootstrap()
    finally:
        await client.close()
