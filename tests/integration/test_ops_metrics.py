"""Operator endpoints and trace ids on the real broker and Redis: a worker process serves
/metrics, /healthz and /readyz; the values move as documents stream; every output carries the
input's trace id header and the worker's lines about a document carry it too."""

from __future__ import annotations

import asyncio
import socket

import httpx
import orjson
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from prometheus_client.parser import text_string_to_metric_families

from streams.topics import dlq_topic, message_key
from streams.trace import TRACE_HEADER, mint_trace_id
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration

DOCS = [
    {"id": "doc-1", "text": "Barack Obama met Angela Merkel in Berlin on Tuesday."},
    {"id": "doc-2", "text": "Toyota and Microsoft opened offices in Tokyo and Lagos."},
    {"id": "doc-3", "text": "The mayor of Paris visited Springfield."},
]
GIVEN_TRACE = "trace-given-by-the-producer-0001"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _produce(bootstrap: str, topic: str, items: list[tuple[bytes | None, bytes, list | None]]) -> list:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        futs = [await producer.send(topic, value=v, key=k, headers=h) for k, v, h in items]
        return [await f for f in futs]
    finally:
        await producer.stop()


async def _read(bootstrap: str, topic: str) -> list:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest",
                                enable_auto_commit=False)
    await consumer.start()
    out = []
    try:
        while True:
            batch = await consumer.getmany(timeout_ms=1000)
            if not batch:
                return out
            out.extend(r for rs in batch.values() for r in rs)
    finally:
        await consumer.stop()


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for fam in text_string_to_metric_families(text) for s in fam.samples}


def _value(samples: dict, name: str, **labels: str) -> float | None:
    want = tuple(sorted(labels.items()))
    return samples.get((name, want))


def _trace(record) -> str | None:
    return next((v.decode() for k, v in (record.headers or ()) if k == TRACE_HEADER), None)


def test_ops_endpoints_metrics_move_and_trace_ids_reach_every_output(bootstrap, redis_url, topics, worker_factory):
    port = _free_port()
    worker = worker_factory(topics)
    worker.env.update({"MENTIONFLOW_METRICS_PORT": str(port), "REDIS_URL": redis_url})
    worker.start()
    base = f"http://127.0.0.1:{port}"

    def scrape(path: str) -> httpx.Response | None:
        try:
            return httpx.get(base + path, timeout=5)
        except httpx.HTTPError:
            return None

    ready = wait_for(lambda: (r := scrape("/readyz")) is not None and r.status_code == 200 and r, timeout_s=90)
    assert ready, f"/readyz never answered 200: {scrape('/readyz')}; worker log:\n{worker.log.read_text()[-3000:]}"
    assert ready.json() == {"ready": True, "checks": {"broker": "ok", "redis": "ok", "models": "ok"}}
    health = scrape("/healthz")
    assert health is not None and health.status_code == 200 and health.json() == {"status": "alive"}
    before = _samples(scrape("/metrics").text)  # type: ignore[union-attr]
    assert _value(before, "mentionflow_documents_total", stage="extraction", outcome="published") in (None, 0.0)
    assert any(name == "mentionflow_model_info" for name, _ in before)
    assert any(name == "mentionflow_kb_info" for name, _ in before)

    items = [(message_key(d["id"]), orjson.dumps(d), [(TRACE_HEADER, GIVEN_TRACE.encode())] if i == 0 else None)
             for i, d in enumerate(DOCS)] + [(b"bad-json", b"{not json", None)]
    meta = asyncio.run(_produce(bootstrap, topics.raw, items))
    bad_trace = mint_trace_id(topics.raw, meta[-1].partition, meta[-1].offset)

    def moved():
        s = _samples(scrape("/metrics").text)  # type: ignore[union-attr]
        done = _value(s, "mentionflow_documents_total", stage="normalization", outcome="published") or 0
        return s if done >= 3 else None

    after = wait_for(moved, timeout_s=90)
    assert after, f"documents never counted; worker log:\n{worker.log.read_text()[-3000:]}"
    assert _value(after, "mentionflow_documents_total", stage="extraction", outcome="published") == 3
    assert _value(after, "mentionflow_documents_total", stage="extraction", outcome="dead_lettered") == 1
    assert _value(after, "mentionflow_dead_letters_total", stage="extraction", topic=topics.raw, reason="not_json") == 1
    assert (_value(after, "mentionflow_stage_step_seconds_count", stage="extraction", step="transform") or 0) >= 1
    assert (_value(after, "mentionflow_record_latency_seconds_count", stage="normalization") or 0) >= 3
    mentions = sum(v for (name, _), v in after.items() if name == "mentionflow_mentions_total")
    assert mentions >= 6

    def lag_topics():  # the gauge is refreshed every 5 s
        s = _samples(scrape("/metrics").text)  # type: ignore[union-attr]
        got = {dict(labels)["topic"]: v for (name, labels), v in s.items() if name == "mentionflow_consumer_lag"}
        return got if set(got) == {topics.raw, topics.extracted} else None

    lags = wait_for(lag_topics, timeout_s=30)
    assert lags, f"no lag gauge for the worker's topics; worker log:\n{worker.log.read_text()[-3000:]}"

    # the trace id: the producer's on doc-1, a minted one elsewhere, the same on every output
    extracted = {r.key: _trace(r) for r in asyncio.run(_read(bootstrap, topics.extracted))}
    normalized = {r.key: _trace(r) for r in asyncio.run(_read(bootstrap, topics.normalized))}
    review = {r.key: _trace(r) for r in asyncio.run(_read(bootstrap, topics.review))}
    letters = asyncio.run(_read(bootstrap, dlq_topic(topics.raw)))
    assert extracted[b"doc-1"] == normalized[b"doc-1"] == GIVEN_TRACE
    for key, m in zip((b"doc-2", b"doc-3"), meta[1:3], strict=True):
        assert extracted[key] == normalized[key] == mint_trace_id(topics.raw, m.partition, m.offset)
    assert all(review[k] == extracted[k] for k in review)
    assert [_trace(r) for r in letters] == [bad_trace]
    log = worker.log.read_text()
    assert any("dead_lettered" in line and bad_trace in line for line in log.splitlines()), log[-3000:]
    assert worker.stop() == 0


def test_review_ui_serves_ops_endpoints_counts_decisions_and_keeps_the_trace_id(bootstrap, redis_url, topics,
                                                                               tmp_path):
    import os

    from tests.integration.test_review_ui import _seed, api, start_ui
    from tests.integration.test_review_worker import free_port

    _seed(bootstrap, topics)
    review_recs = asyncio.run(_read(bootstrap, topics.review))
    minted = {r.key: mint_trace_id(r.topic, r.partition, r.offset) for r in review_recs}
    ops_port = free_port()
    env = {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "REDIS_URL": redis_url, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
           "MENTIONFLOW_HOME": str(tmp_path / "home"), "MENTIONFLOW_METRICS_PORT": str(ops_port)}
    srv, base = start_ui(env, free_port(), tmp_path / "review-ui.log")
    ops = f"http://127.0.0.1:{ops_port}"
    try:
        ready = wait_for(lambda: httpx.get(ops + "/readyz", timeout=5).status_code == 200, timeout_s=30)
        assert ready, httpx.get(ops + "/readyz", timeout=5).text
        assert httpx.get(ops + "/healthz", timeout=5).json() == {"status": "alive"}
        status, _, leased = api(base, "/api/lease")
        assert status == 200, leased
        item = leased["item"]  # type: ignore[index]
        status, _, body = api(base, "/api/decide", {"id": item["id"], "choice": item["candidates"][0]["kb_id"]})
        assert status == 200, body
        samples = _samples(httpx.get(ops + "/metrics", timeout=5).text)
        human = sum(v for (name, labels), v in samples.items()
                    if name == "mentionflow_review_decisions_total" and dict(labels)["decided_by"] == "human")
        assert human == 1
    finally:
        srv.terminate()
        srv.wait(20)
    people = [r for r in asyncio.run(_read(bootstrap, topics.reviewed)) if orjson.loads(r.value)["decided_by"] == "human"]
    assert len(people) == 1 and _trace(people[0]) == minted[people[0].key]


def test_run_serves_the_supervisor_on_the_base_port_and_slot_k_on_base_plus_one_plus_k(bootstrap, redis_url, topics,
                                                                                       tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from tests.integration.conftest import ROOT

    base_port = _free_port()
    while any(_busy(base_port + i) for i in range(3)):
        base_port = _free_port()
    env = {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "REDIS_URL": redis_url, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
           "MENTIONFLOW_APP_ID": f"{topics.prefix}app", "MENTIONFLOW_HOME": str(tmp_path),
           "MENTIONFLOW_KB_PATH": str(ROOT / "tests" / "data" / "kb_small.jsonl"), "MENTIONFLOW_PARTITIONS": "3",
           "MENTIONFLOW_METRICS_PORT": str(base_port)}
    log = tmp_path / "run.log"
    proc = subprocess.Popen([sys.executable, "-m", "mentionflow.cli", "run"], env=env, cwd=ROOT,
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT)

    def get(port: int, path: str) -> httpx.Response | None:
        try:
            return httpx.get(f"http://127.0.0.1:{port}{path}", timeout=5)
        except httpx.HTTPError:
            return None

    try:
        # slot 0 is extraction#0, slot 1 normalization#0 (start order)
        for port, stage in ((base_port + 1, "extraction"), (base_port + 2, "normalization")):
            r = wait_for(lambda p=port: (x := get(p, "/readyz")) is not None and x.status_code == 200 and x, 120)
            assert r, f"{stage} slot on {port}: {get(port, '/readyz')}; log:\n{log.read_text(errors='replace')[-3000:]}"
            info = _samples(get(port, "/metrics").text)  # type: ignore[union-attr]
            assert {dict(labels)["role"] for (name, labels) in info if name == "mentionflow_model_info"} == {stage}
        sup = _samples(get(base_port, "/metrics").text)  # type: ignore[union-attr]
        assert _value(sup, "mentionflow_worker_up", slot="extraction#0") == 1.0
        assert _value(sup, "mentionflow_worker_up", slot="normalization#0") == 1.0
        ready = get(base_port, "/readyz")
        assert ready is not None and ready.status_code == 200 and ready.json()["checks"] == {"slots": "ok"}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)


def _busy(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
