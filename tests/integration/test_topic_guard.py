"""Issue 12, defect 4: topics come only from the admin path with the configured partitions; a
worker that finds a topic missing or with another partition count says so and exits non-zero,
at start and while running, and creates nothing."""

from __future__ import annotations

import asyncio
import subprocess
import uuid

import orjson
import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from streams.broker import ensure_topics, topic_partitions
from streams.topics import TopicNames, message_key
from tests.integration.conftest import produce, read_all, wait_for

pytestmark = pytest.mark.integration


def _fresh_topics() -> TopicNames:
    return TopicNames(f"g{uuid.uuid4().hex[:10]}-")


def _admin(bootstrap: str, action) -> None:
    async def go() -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            await action(admin)
        finally:
            await admin.close()

    asyncio.run(go())


def test_worker_refuses_to_start_without_its_topics_and_creates_none(bootstrap, worker_factory):
    topics = _fresh_topics()  # nothing created
    w = worker_factory(topics).start()
    assert w.proc is not None
    rc = w.proc.wait(120)
    log = w.log.read_text()
    assert rc != 0, log[-3000:]
    assert f"{topics.raw}: missing" in log, log[-3000:]
    # neither faust's declarations nor any client's metadata request created a topic
    assert asyncio.run(topic_partitions(bootstrap, [*topics.all(), f"{topics.prefix}app-__assignor-__leader"])) == {}


def test_worker_refuses_a_topic_with_another_partition_count(bootstrap, worker_factory):
    topics = _fresh_topics()
    others = [n for n in topics.all() if n != topics.extracted]
    asyncio.run(ensure_topics(bootstrap, others, partitions=3))

    async def one_partition(admin: AIOKafkaAdminClient) -> None:
        await admin.create_topics([NewTopic(topics.extracted, num_partitions=1, replication_factor=1)])

    _admin(bootstrap, one_partition)
    w = worker_factory(topics).start()
    assert w.proc is not None
    rc = w.proc.wait(120)
    log = w.log.read_text()
    assert rc != 0, log[-3000:]
    assert f"{topics.extracted}: 1 partition(s), expected 3" in log, log[-3000:]


def test_running_worker_exits_when_a_topic_vanishes(bootstrap, topics, worker_factory):
    w = worker_factory(topics)
    w.env["MENTIONFLOW_TOPIC_CHECK_S"] = "2"
    w.start()
    doc = {"id": "guard-1", "text": "Angela Merkel visited Paris."}
    produce(bootstrap, topics.raw, [(message_key(doc["id"]), orjson.dumps(doc))])
    got = wait_for(lambda: read_all(bootstrap, topics.normalized, idle_s=0.5), timeout_s=180)
    assert got, f"worker produced nothing; log:\n{w.log.read_text()[-3000:]}"

    async def delete(admin: AIOKafkaAdminClient) -> None:
        await admin.delete_topics([topics.extracted])

    _admin(bootstrap, delete)
    assert w.proc is not None
    try:
        rc = w.proc.wait(90)
    except subprocess.TimeoutExpired:
        pytest.fail(f"worker still running 90 s after the topic was deleted; log:\n{w.log.read_text()[-4000:]}")
    log = w.log.read_text()
    assert rc == 1, log[-3000:]
    assert "topics_not_as_configured" in log and f"{topics.extracted}: missing" in log, log[-3000:]
    # it stopped instead of re-creating the topic
    assert topics.extracted not in asyncio.run(topic_partitions(bootstrap, topics.all()))


def test_stack_up_refuses_topics_with_another_partition_count(bootstrap, redis_url, tmp_path, monkeypatch):
    """`stack up` (here in external mode, on the session broker) creates what is missing and names
    every existing topic whose partition count differs instead of carrying on."""
    from mentionflow.settings import Settings
    from mentionflow.stack import stack_up
    from streams.broker import StackError

    topics = _fresh_topics()

    async def one_partition(admin: AIOKafkaAdminClient) -> None:
        await admin.create_topics([NewTopic(topics.raw, num_partitions=1, replication_factor=1)])

    _admin(bootstrap, one_partition)
    monkeypatch.setenv("KAFKA_BOOTSTRAP", bootstrap)
    monkeypatch.setenv("REDIS_URL", redis_url)
    s = Settings(home=tmp_path, topic_prefix=topics.prefix, partitions=3)
    with pytest.raises(StackError, match=rf"{topics.raw}: 1 partition\(s\), expected 3"):
        stack_up(s, log=lambda *_: None)
    found = asyncio.run(topic_partitions(bootstrap, topics.all()))
    assert found == {**dict.fromkeys(topics.all(), 3), topics.raw: 1}  # the rest created, nothing altered
