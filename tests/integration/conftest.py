"""Integration tests run against the real Kafka-protocol broker and Redis that scripts/test.sh
(and CI) start. They fail loudly when those are missing; they never skip."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.broker import consume_topic, ensure_topics, produce_values
from streams.topics import TopicNames

pytestmark = pytest.mark.integration

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_FOR_TESTS", "127.0.0.1:9092")
REDIS_URL = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6390/0")
ROOT = Path(__file__).resolve().parents[2]


def _reachable(hostport: str) -> bool:
    host, _, port = hostport.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def bootstrap() -> str:
    if not _reachable(BOOTSTRAP):
        pytest.fail(f"Kafka broker not reachable at {BOOTSTRAP}: run the tests through scripts/test.sh "
                    "(it starts the stack) or `mentionflow stack up` first", pytrace=False)
    return BOOTSTRAP


@pytest.fixture(scope="session")
def redis_url() -> str:
    hostport = REDIS_URL.split("//", 1)[1].split("/", 1)[0]
    if not _reachable(hostport):
        pytest.fail(f"Redis not reachable at {REDIS_URL}: run the tests through scripts/test.sh", pytrace=False)
    return REDIS_URL


@pytest.fixture
def topics(bootstrap: str) -> TopicNames:
    names = TopicNames(f"t{uuid.uuid4().hex[:10]}-")
    asyncio.run(ensure_topics(bootstrap, names.all(), partitions=3))
    return names


class WorkerProcess:
    """A real `mentionflow worker` subprocess on the test's own topics and consumer group."""

    def __init__(self, topics: TopicNames, home: Path, kb_path: Path, bootstrap: str, roles: str = "extraction,normalization"):
        self.env = {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
                    "MENTIONFLOW_APP_ID": f"{topics.prefix}app", "MENTIONFLOW_KB_PATH": str(kb_path),
                    "MENTIONFLOW_HOME": str(home), "MENTIONFLOW_PARTITIONS": "3", "MENTIONFLOW_BATCH_MAX": "8",
                    "MENTIONFLOW_INSTANCE_ID": f"{topics.prefix}slot-0"}
        self.roles = roles
        self.log = home / "worker.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([sys.executable, "-m", "mentionflow.cli", "worker", "--role", self.roles],
                                     env=self.env, cwd=ROOT, stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)
        return self

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode


@pytest.fixture
def worker_factory(tmp_path: Path, bootstrap: str) -> Iterator:
    started: list[WorkerProcess] = []
    kb = ROOT / "tests" / "data" / "kb_small.jsonl"

    def make(topics: TopicNames, roles: str = "extraction,normalization") -> WorkerProcess:
        w = WorkerProcess(topics, tmp_path / "home", kb, bootstrap, roles)
        started.append(w)
        return w

    yield make
    for w in started:
        if w.proc is not None and w.proc.poll() is None:
            w.stop()


def produce(bootstrap: str, topic: str, items: list[tuple[bytes | None, bytes]]) -> int:
    return asyncio.run(produce_values(bootstrap, topic, items))


def read_all(bootstrap: str, topic: str, idle_s: float = 1.0, limit: int | None = None) -> list:
    """Everything in the topic so far (stops after ``idle_s`` without new records, or ``limit``)."""

    async def go() -> list:
        return [r async for r in consume_topic(bootstrap, topic, idle_timeout_s=idle_s, limit=limit)]

    return asyncio.run(go())


def wait_for(predicate, timeout_s: float, interval_s: float = 1.0):
    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval_s)
    return last
