"""Issue 12, defect 1: a document whose output the broker refuses took its whole batch with it
(faust's take_events acked the batch in its ``finally``; 12 of 21 documents lost, offsets
committed, no DLQ record). Now the oversized output dead-letters its own input
(``output_too_large``, original bytes) and every neighbour comes out."""

from __future__ import annotations

import asyncio

import orjson
import pytest

from streams.dlq import DeadLetter
from streams.topics import dlq_topic, message_key
from tests.integration.conftest import produce, read_all, wait_for

pytestmark = pytest.mark.integration

SMALL = ["Angela Merkel spoke in Berlin about Toyota.", "Barack Obama visited Tokyo.",
         "Владимир Путин прибыл в Москву.", "東京でトヨタが新車を発表した。", "Emmanuel Macron met Olaf Scholz in Paris.",
         "محمد صلاح يلعب في ليفربول.", "Lagos and Sydney signed an agreement."]


def big_text(target_bytes: int = 335_000) -> str:
    # many capitalized words: tens of thousands of mentions, a multi-MB extracted message
    line = "Alice Smith met Bob Jones and Carol White of Acme Corporation in Paris and Berlin.\n"
    return line * (target_bytes // len(line))


def test_output_refused_dead_letters_that_document_and_its_neighbours_go_through(bootstrap, topics, worker_factory):
    worker = worker_factory(topics, roles="extraction")
    # this test is about the output limit, not the extraction budgets (defect 2): lift them
    worker.env.update({"MENTIONFLOW_EXTRACT_MAX_MENTIONS": "10000000", "MENTIONFLOW_EXTRACT_TIMEOUT_S": "600",
                       "MENTIONFLOW_BATCH_MAX": "32", "MENTIONFLOW_BATCH_WITHIN_S": "2"})
    docs = [{"id": f"n-{i:02d}", "text": f"{SMALL[i % len(SMALL)]} ({i})"} for i in range(20)]
    big = {"id": "big-1", "text": big_text()}
    items = [(message_key(d["id"]), orjson.dumps(d)) for d in docs[:10]]
    items += [(message_key(big["id"]), orjson.dumps(big))] + [(message_key(d["id"]), orjson.dumps(d)) for d in docs[10:]]
    assert 300_000 < len(items[10][1]) < 1_000_000  # under the 1 MB input limit
    produce(bootstrap, topics.raw, items)  # one produce: the 21 documents share fetches and batches
    worker.start()
    expected = {d["id"] for d in docs}

    def accounted():
        out = {r.key.decode() for r in read_all(bootstrap, topics.extracted, idle_s=1.0)}
        dlq = [DeadLetter.model_validate_json(r.value) for r in read_all(bootstrap, dlq_topic(topics.raw), idle_s=0.5)]
        return (out, dlq) if expected <= out and dlq else None

    got = wait_for(accounted, timeout_s=240, interval_s=3)
    log = worker.log.read_text(errors="replace")
    assert got, f"documents missing: worker log:\n{log[-3000:]}"
    out, dlq = got
    assert "big-1" not in out
    (letter,) = dlq
    assert (letter.doc_id, letter.reason) == ("big-1", "output_too_large")
    assert letter.original_value() == items[10][1]
    assert worker.stop() == 0
    # and the offsets were committed (acks after publishing do reach faust's commits)
    assert committed_offsets(bootstrap, f"{topics.prefix}app.extraction", topics.raw) == end_offsets(bootstrap, topics.raw)


def committed_offsets(bootstrap: str, group: str, topic: str) -> dict[int, int]:
    from aiokafka.admin import AIOKafkaAdminClient

    async def go() -> dict[int, int]:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            got = await admin.list_consumer_group_offsets(group)
            return {tp.partition: m.offset for tp, m in got.items() if tp.topic == topic}
        finally:
            await admin.close()

    return asyncio.run(go())


def end_offsets(bootstrap: str, topic: str) -> dict[int, int]:
    from aiokafka import AIOKafkaConsumer, TopicPartition

    async def go() -> dict[int, int]:
        from streams.broker import topic_partitions

        count = (await topic_partitions(bootstrap, [topic]))[topic]  # Kafka loads topic metadata lazily
        c = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
        await c.start()
        try:
            tps = [TopicPartition(topic, p) for p in range(count)]
            return {tp.partition: o for tp, o in (await c.end_offsets(tps)).items() if o}
        finally:
            await c.stop()

    return asyncio.run(go())
