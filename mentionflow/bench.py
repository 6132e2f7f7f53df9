"""``mentionflow bench stream``: documents/second through the broker, against the same pipeline
run in process (no Kafka) on the same documents in the same run (the baseline)."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
import uuid
from typing import Any

import orjson

from mentionflow.demo import sample_path
from mentionflow.pipeline import link_rows, load_models
from mentionflow.settings import Settings
from streams.broker import consume_topic, ensure_topics, produce_values
from streams.schemas import InputDocument
from streams.topics import TopicNames, message_key

__all__ = ["bench_stream", "bench_documents"]


def bench_documents(n: int) -> list[dict[str, Any]]:
    """Short post-sized documents: single real sentences from the bundled sample, cycled."""
    sents: list[str] = []
    for line in sample_path().read_bytes().splitlines():
        text = orjson.loads(line)["text"]
        sents += [s for s in re.split(r"(?<=[.!?])\s+", text) if 40 <= len(s) <= 280]
    return [{"id": f"bench-{i:06d}", "text": sents[i % len(sents)]} for i in range(n)]


def _count_keys(bootstrap: str, topics: list[str], idle_s: float = 0.3) -> int:
    async def go() -> int:
        keys = set()
        for t in topics:
            async for r in consume_topic(bootstrap, t, idle_timeout_s=idle_s):
                keys.add(r.key)
        return len(keys)

    return asyncio.run(go())


async def _produce_and_wait(bootstrap: str, topics: TopicNames, docs: list[dict[str, Any]],
                            runner: subprocess.Popen, timeout_s: float = 600) -> tuple[float, int]:
    """Produce every document, then follow ``entities.normalized`` with ONE consumer (cheap: the
    measurement must not steal CPU from the workers) until every id came out."""
    t = time.perf_counter()
    await produce_values(bootstrap, topics.raw, [(message_key(d["id"]), orjson.dumps(d)) for d in docs])
    produced_s = time.perf_counter() - t
    want = {message_key(d["id"]) for d in docs}
    seen: set[bytes] = set()
    deadline = time.monotonic() + timeout_s
    def give_up() -> bool:
        return time.monotonic() > deadline or runner.poll() is not None

    async for r in consume_topic(bootstrap, topics.normalized, follow=True, idle_timeout_s=1.0, stop=give_up):
        if r.key in want:
            seen.add(r.key)
        if len(seen) >= len(want) or give_up():
            break
    return produced_s, len(seen)


def _through_broker(settings: Settings, bootstrap: str, broker: str, docs: list[dict[str, Any]]) -> dict[str, float]:
    """Workers (1 extraction + 1 normalization process) on fresh topics of ``bootstrap``; seconds
    from the first produce to the last normalized document."""
    topics = TopicNames(f"bench{uuid.uuid4().hex[:6]}-")
    asyncio.run(ensure_topics(bootstrap, topics.all(), settings.partitions))
    env = {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
           "MENTIONFLOW_APP_ID": f"{topics.prefix}app", "MENTIONFLOW_BROKER": broker,
           "MENTIONFLOW_PARTITIONS": str(settings.partitions)}
    log = settings.home / f"bench-workers-{broker}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    runner = subprocess.Popen([sys.executable, "-m", "mentionflow.cli", "run"], env=env,
                              stdout=open(log, "ab"), stderr=subprocess.STDOUT)
    try:
        # readiness: one document all the way through
        asyncio.run(produce_values(bootstrap, topics.raw, [(b"warmup", orjson.dumps({"id": "warmup", "text": "Paris is in France."}))]))
        deadline = time.monotonic() + 180
        while _count_keys(bootstrap, [topics.normalized]) < 1:
            if time.monotonic() > deadline or runner.poll() is not None:
                raise RuntimeError(f"workers did not become ready; see {log}")
            time.sleep(0.5)
        t = time.perf_counter()
        produced_s, done = asyncio.run(_produce_and_wait(bootstrap, topics, docs, runner))
        if done < len(docs):
            raise RuntimeError(f"only {done}/{len(docs)} documents came out; see {log}")
        return {"stream_s": time.perf_counter() - t, "produce_s": produced_s}
    finally:
        runner.terminate()
        runner.wait(30)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _on_private_stack(settings: Settings, broker: str, docs: list[dict[str, Any]]) -> dict[str, float]:
    """Start a private local stack of ``broker`` (own home and ports under <home>/bench-stacks),
    measure, stop it and delete its data (the bench's own, made for this run)."""
    from mentionflow.stack import stack_down, stack_reset, stack_up

    own = Settings(home=settings.home / "bench-stacks" / broker, kafka_port=_free_port(),
                   kafka_controller_port=_free_port(), redis_port=_free_port(), partitions=settings.partitions,
                   kafka_cache=settings.kafka_cache, kafka_heap_mb=settings.kafka_heap_mb)
    t = time.perf_counter()
    stack_up(own, broker=broker, log=lambda *_: None)
    up_s = time.perf_counter() - t
    try:
        return {**_through_broker(settings, own.kafka_bootstrap, broker, docs), "stack_up_s": up_s}
    finally:
        stack_down(own, log=lambda *_: None)
        stack_reset(own, yes=True, log=lambda *_: None)


def bench_stream(settings: Settings, n_docs: int, as_json: bool, brokers: list[str] | None = None) -> int:
    """Without ``brokers``: through the stack the settings point at. With them (``--broker
    kafka,noida``): each on a private stack started for it, one after the other, same documents."""
    docs = bench_documents(n_docs)
    # baseline: the same pipeline in process
    models = load_models(settings)
    warm = [InputDocument(**d) for d in docs[:50]]
    list(link_rows(warm, models))
    t = time.perf_counter()
    n_mentions = sum(1 for _ in link_rows((InputDocument(**d) for d in docs), models))
    inproc_s = time.perf_counter() - t
    del models

    from mentionflow.configs import broker_kind

    runs = ({b: _on_private_stack(settings, b, docs) for b in brokers} if brokers
            else {broker_kind(settings): _through_broker(settings, settings.kafka_bootstrap, broker_kind(settings), docs)})
    result: dict[str, Any] = {
        "bench": "stream", "documents": n_docs, "mentions": n_mentions,
        "avg_chars": round(sum(len(d["text"]) for d in docs) / n_docs, 1),
        "inprocess_docs_per_s": round(n_docs / inproc_s, 1),
        "workers": "1 extraction + 1 normalization process", "cores": os.cpu_count(),
        "brokers": {b: {"broker_docs_per_s": round(n_docs / r["stream_s"], 1),
                        "broker_vs_inprocess": round(inproc_s / r["stream_s"], 3),
                        "produce_s": round(r["produce_s"], 2), "stream_s": round(r["stream_s"], 2),
                        **({"stack_up_s": round(r["stack_up_s"], 1)} if "stack_up_s" in r else {})}
                    for b, r in runs.items()},
    }
    first = next(iter(result["brokers"].values()))
    result.update({k: first[k] for k in ("broker_docs_per_s", "broker_vs_inprocess", "produce_s", "stream_s")})
    print(f"documents {n_docs} (avg {result['avg_chars']} chars), mentions {n_mentions}")
    print(f"in process (baseline, no Kafka): {result['inprocess_docs_per_s']} docs/s")
    for b, r in result["brokers"].items():
        print(f"through {b}, end to end: {r['broker_docs_per_s']} docs/s ({r['broker_vs_inprocess']:.2f}x the "
              "in-process baseline; time measured from first produce to last normalized)"
              + (f"; stack up {r['stack_up_s']} s" if "stack_up_s" in r else ""))
    if as_json:
        print(orjson.dumps(result).decode())
    return 0
