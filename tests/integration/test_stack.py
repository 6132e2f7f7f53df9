"""`mentionflow stack` starts, reports and stops exactly its own services; external mode starts nothing."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
from pathlib import Path

import orjson
import pytest

from mentionflow.settings import Settings
from mentionflow.stack import stack_down, stack_reset, stack_status, stack_up
from streams.broker import StackError, consume_topic, produce_values, topic_partitions
from streams.topics import TopicNames

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(autouse=True)
def _default_broker(monkeypatch):
    """These tests start their own stacks with the default broker (Apache Kafka), whatever broker
    the session's stack runs (MENTIONFLOW_BROKER=noida scripts/test.sh)."""
    monkeypatch.delenv("MENTIONFLOW_BROKER", raising=False)


def _settings(tmp_path: Path, **kw) -> Settings:
    return Settings(home=tmp_path, kafka_port=free_port(), kafka_controller_port=free_port(), redis_port=free_port(),
                    partitions=2, **kw)


def test_stack_up_status_down_own_processes(tmp_path: Path):
    s = _settings(tmp_path)
    started = stack_up(s, log=lambda *_: None)
    try:
        assert set(started) == {"kafka", "redis"}
        assert started["kafka"]["broker"] == "kafka"  # Apache Kafka is the default broker
        st = stack_status(s)
        assert st["mode"] == "local"
        assert st["kafka"]["reachable"] and st["kafka"]["running"] and st["kafka"]["broker"] == "kafka"
        assert st["redis"]["reachable"] and st["redis"]["running"]
        again = stack_up(s, log=lambda *_: None)  # idempotent: same pids
        assert {k: v["pid"] for k, v in again.items()} == {k: v["pid"] for k, v in started.items()}
        assert _broker_config(s.kafka_bootstrap, "auto.create.topics.enable") == "false"
    finally:
        stopped = stack_down(s, log=lambda *_: None)
    assert stopped == 2
    st = stack_status(s)
    assert not st["kafka"]["reachable"] and not st["redis"]["reachable"]
    assert not (tmp_path / "stack" / "pids.json").exists()


def _broker_config(bootstrap: str, key: str) -> str:
    from aiokafka.admin import AIOKafkaAdminClient
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    async def go() -> str:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            [resp] = await admin.describe_configs([ConfigResource(ConfigResourceType.BROKER, "1")])
            entries = {e[0]: e[1] for e in resp.resources[0][4]}
            return entries[key]
        finally:
            await admin.close()

    return asyncio.run(go())


def test_stack_up_after_a_crash_keeps_topics_offsets_and_messages(tmp_path: Path):
    """Issue 12, defect 4: `stack up` after a crash deleted the broker's data without a word."""
    s = _settings(tmp_path)
    topics = TopicNames()
    stack_up(s, log=lambda *_: None)
    try:
        produce_sync(s.kafka_bootstrap, topics.review, [(f"d{i}".encode(), b"human decision") for i in range(20)])
        commit_sync(s.kafka_bootstrap, topics.review, "decisions-group")
        pids = orjson.loads((tmp_path / "stack" / "pids.json").read_bytes())
        for v in pids.values():  # the crash: nothing stops cleanly
            os.kill(v["pid"], signal.SIGKILL)
        for v in pids.values():
            with contextlib.suppress(ChildProcessError):
                os.waitpid(v["pid"], 0)
        lines: list[str] = []
        stack_up(s, log=lines.append)
        assert any("data is kept" in line for line in lines), lines
        assert asyncio.run(topic_partitions(s.kafka_bootstrap, topics.all())) == dict.fromkeys(topics.all(), 2)
        assert len(read_sync(s.kafka_bootstrap, topics.review)) == 20
        assert committed_sync(s.kafka_bootstrap, topics.review, "decisions-group") == 20
    finally:
        stack_down(s, log=lambda *_: None)
    # plain `reset` refuses and deletes nothing; `reset --yes` deletes the data
    with pytest.raises(StackError, match="--yes"):
        stack_reset(s, yes=False, log=lambda *_: None)
    assert (tmp_path / "stack" / "kraft-data" / "meta.properties").exists()
    deleted = stack_reset(s, yes=True, log=lambda *_: None)
    assert tmp_path / "stack" / "kraft-data" in deleted
    assert not (tmp_path / "stack" / "kraft-data").exists()


def produce_sync(bootstrap: str, topic: str, items: list[tuple[bytes | None, bytes]]) -> int:
    return asyncio.run(produce_values(bootstrap, topic, items))


def read_sync(bootstrap: str, topic: str) -> list:
    async def go() -> list:
        return [r async for r in consume_topic(bootstrap, topic, idle_timeout_s=2.0)]

    return asyncio.run(go())


def commit_sync(bootstrap: str, topic: str, group: str) -> None:
    from aiokafka import AIOKafkaConsumer

    async def go() -> None:
        c = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest",
                             enable_auto_commit=False)
        await c.start()
        try:
            n = 0
            while n < 20:
                batch = await c.getmany(timeout_ms=5000)
                assert batch, "no messages"
                n += sum(len(v) for v in batch.values())
            await c.commit()
        finally:
            await c.stop()

    asyncio.run(go())


def committed_sync(bootstrap: str, topic: str, group: str) -> int:
    from aiokafka.admin import AIOKafkaAdminClient

    async def go() -> int:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            offsets = await admin.list_consumer_group_offsets(group)
            return sum(m.offset for tp, m in offsets.items() if tp.topic == topic)
        finally:
            await admin.close()

    return asyncio.run(go())


def test_stack_external_mode_starts_nothing(tmp_path: Path, bootstrap: str, redis_url: str, monkeypatch):
    monkeypatch.setenv("KAFKA_BOOTSTRAP", bootstrap)
    monkeypatch.setenv("REDIS_URL", redis_url)
    s = Settings(home=tmp_path, topic_prefix="ext-check-")
    assert s.external_stack
    assert stack_up(s, log=lambda *_: None) == {}
    assert not (tmp_path / "stack" / "pids.json").exists()
    assert stack_down(s, log=lambda *_: None) == 0


def test_stack_external_mode_fails_clearly_when_unreachable(tmp_path: Path, monkeypatch):
    from streams.broker import StackError

    monkeypatch.setenv("KAFKA_BOOTSTRAP", f"127.0.0.1:{free_port()}")
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(StackError, match="not reachable"):
        stack_up(Settings(home=tmp_path), log=lambda *_: None)
