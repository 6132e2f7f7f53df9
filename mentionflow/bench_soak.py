"""``mentionflow bench soak``: a long paced run under steady load, with a memory and lag curve.

1. Starts an extraction and a normalization worker process on fresh topics of the running stack
   (one group each, as ``mentionflow run`` does) and waits until one document goes through.
2. Measures the pipeline's maximum: a burst of ``burst_docs`` short documents, docs/s from the
   first send to the last ``entities.normalized`` output.
3. Streams at ``rate_fraction`` of that maximum for ``minutes``; every ``sample_s`` seconds it
   samples each worker's resident memory (``/proc/<pid>/status`` VmRSS) and each group's consumer
   lag (end offsets minus the group's committed offsets), and counts the documents out.
4. Waits for the pipeline to drain, prints the curve as a table and ends with the audit of the
   run's topics (``mentionflow audit``): exit code 4 when a document is lost.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from mentionflow.audit import audit, format_report
from mentionflow.bench import bench_documents
from mentionflow.bench_pipeline import _stream
from mentionflow.settings import Settings
from streams.broker import ensure_topics, topic_partitions
from streams.topics import TopicNames, message_key

__all__ = ["Sample", "bench_soak", "rss_mb", "format_curve"]

STAGES = (("extraction", "raw"), ("normalization", "extracted"))  # role, the topic it consumes


@dataclass(frozen=True, slots=True)
class Sample:
    t_s: float  # seconds since the paced stream began
    sent: int  # documents sent so far
    out: int  # distinct documents out on entities.normalized so far
    lag: dict[str, int]  # role -> records behind (end offset - committed offset, all partitions)
    rss_mb: dict[str, float]  # role -> resident memory of its worker process


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MiB (Linux ``/proc``); 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def _lag(admin: AIOKafkaAdminClient, consumer: AIOKafkaConsumer, group: str, tps: list[TopicPartition]) -> int:
    committed = await admin.list_consumer_group_offsets(group, partitions=tps)
    ends = await consumer.end_offsets(tps)
    return sum(max(0, ends[tp] - (committed[tp].offset if tp in committed and committed[tp].offset >= 0 else 0))
               for tp in tps)


async def _paced(bootstrap: str, topics: TopicNames, groups: dict[str, str], pids: dict[str, int], rate: float,
                 minutes: float, sample_s: float, drain_s: float) -> list[Sample]:
    docs_needed = int(rate * minutes * 60) + 1
    docs = [dict(d, id=f"{d['id']}-soak") for d in bench_documents(docs_needed)]
    counts = await topic_partitions(bootstrap, [topics.raw, topics.extracted])
    tps = {role: [TopicPartition(getattr(topics, src), p) for p in range(counts[getattr(topics, src)])]
           for role, src in STAGES}
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    ends = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await ends.start()
    follow = AIOKafkaConsumer(topics.normalized, bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                              auto_offset_reset="earliest")
    await follow.start()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    wanted = {message_key(d["id"]) for d in docs}
    out: set[bytes] = set()
    sent = 0
    samples: list[Sample] = []
    t0 = time.perf_counter()

    async def produce() -> None:
        nonlocal sent
        for i, d in enumerate(docs):
            delay = t0 + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await producer.send(topics.raw, value=orjson.dumps(d), key=message_key(d["id"]))
            sent += 1
        await producer.flush()

    async def collect() -> None:
        while True:
            for recs in (await follow.getmany(timeout_ms=200)).values():
                out.update(r.key for r in recs if r.key in wanted)

    async def sample() -> Sample:
        lag = {role: await _lag(admin, ends, groups[role], tps[role]) for role, _ in STAGES}
        s = Sample(round(time.perf_counter() - t0, 1), sent, len(out), lag, {r: rss_mb(p) for r, p in pids.items()})
        print(format_curve([s], header=not samples), flush=True)
        samples.append(s)
        return s

    sender, collector = asyncio.create_task(produce()), asyncio.create_task(collect())
    try:
        await sample()
        while not sender.done():
            await asyncio.wait([sender], timeout=sample_s)
            await sample()
        await sender
        deadline = time.monotonic() + drain_s
        while len(out) < len(docs) and time.monotonic() < deadline:  # drain
            await asyncio.sleep(min(sample_s, 2.0))
        await sample()
    finally:
        collector.cancel()
        for c in (producer, follow, ends, admin):
            await c.close() if isinstance(c, AIOKafkaAdminClient) else await c.stop()
    return samples


def format_curve(samples: list[Sample], header: bool = True) -> str:
    roles = [r for r, _ in STAGES]
    head = (f"{'t_s':>7} {'sent':>7} {'out':>7} " + " ".join(f"{'lag_' + r[:4]:>9}" for r in roles) + " "
            + " ".join(f"{'rss_' + r[:4] + '_mb':>12}" for r in roles))
    rows = [f"{s.t_s:>7.1f} {s.sent:>7} {s.out:>7} " + " ".join(f"{s.lag.get(r, 0):>9}" for r in roles) + " "
            + " ".join(f"{s.rss_mb.get(r, 0.0):>12.1f}" for r in roles) for s in samples]
    return "\n".join(([head] if header else []) + rows)


def bench_soak(settings: Settings, minutes: float, rate_fraction: float, sample_s: float, burst_docs: int,
               as_json: bool) -> int:
    bs = settings.kafka_bootstrap
    topics = TopicNames(f"soak{uuid.uuid4().hex[:6]}-")
    asyncio.run(ensure_topics(bs, topics.all(), settings.partitions))
    since = datetime.now(UTC)
    app_id = f"{topics.prefix}app"
    procs: dict[str, subprocess.Popen] = {}
    log = settings.home / "bench-soak-workers.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    for role, _ in STAGES:
        env = {**os.environ, "KAFKA_BOOTSTRAP": bs, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
               "MENTIONFLOW_APP_ID": app_id, "MENTIONFLOW_INSTANCE_ID": f"{topics.prefix}{role}-0",
               "MENTIONFLOW_DECISION_CACHE": "false"}
        procs[role] = subprocess.Popen([sys.executable, "-m", "mentionflow.cli", "worker", "--role", role], env=env,
                                       stdout=open(log, "ab"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 240
        while True:  # readiness: one document all the way through
            try:
                asyncio.run(_stream(bs, topics, [{"id": f"warm-{time.time()}", "text": "Paris is in France."}], None,
                                    timeout_s=20))
                break
            except RuntimeError:
                if time.monotonic() > deadline or any(p.poll() is not None for p in procs.values()):
                    raise RuntimeError(f"workers did not become ready; see {log}") from None
        burst_s, _ = asyncio.run(_stream(bs, topics, bench_documents(burst_docs), None))
        max_rate = burst_docs / burst_s
        rate = max_rate * rate_fraction
        print(f"soak: max {max_rate:.1f} docs/s (burst of {burst_docs}); streaming {rate:.1f} docs/s "
              f"({rate_fraction:g} of it) for {minutes:g} min, a sample every {sample_s:g} s; topics {topics.prefix}*")
        groups = {role: f"{app_id}.{role}" for role, _ in STAGES}
        samples = asyncio.run(_paced(bs, topics, groups, {r: p.pid for r, p in procs.items()}, rate, minutes,
                                     sample_s, drain_s=120))
    finally:
        for p in procs.values():
            p.terminate()
        for p in procs.values():
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
    report = audit(Settings.model_validate({"KAFKA_BOOTSTRAP": bs, "topic_prefix": topics.prefix}), since)
    first, last = samples[1] if len(samples) > 1 else samples[0], samples[-1]
    growth = {r: round(last.rss_mb[r] - first.rss_mb[r], 1) for r in last.rss_mb}
    print(f"rss growth from the first paced sample to the end (MiB): {growth}; max lag: "
          f"{ {r: max(s.lag[r] for s in samples) for r, _ in STAGES} }")
    print(format_report(report))
    if as_json:
        print(orjson.dumps({"max_docs_per_s": round(max_rate, 1), "rate_docs_per_s": round(rate, 1),
                            "minutes": minutes, "samples": [{"t_s": s.t_s, "sent": s.sent, "out": s.out, "lag": s.lag, "rss_mb": s.rss_mb}
                                        for s in samples],
                            "rss_growth_mb": growth, "audit": {"inputs": report.inputs, "done": report.done,
                                                               "lost": len(report.lost),
                                                               "pending": len(report.pending)}}).decode())
    return 4 if report.lost else 0
