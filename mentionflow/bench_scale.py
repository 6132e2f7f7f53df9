"""``mentionflow bench scale``: 1 -> 2 -> 4 worker processes in one consumer group.

Each process is a combined extraction + normalization worker (``mentionflow worker --role
extraction,normalization``: one group, both stages, as ``mentionflow run --single-process``
starts them), on fresh topics of the running stack. Per step:

- **docs/s**: a burst of documents produced at once; seconds from the first produce to the last
  ``entities.normalized`` output, and docs per CPU-second of the workers (the per-core figure);
- **p50/p95 latency**: documents produced at a paced rate (the same for every step, under the
  1-process capacity) for a while; latency = the output record's broker timestamp minus the
  input's, per document;
- **RSS / CPU** of each worker process (``/proc``), the figures the Kubernetes requests use.

After the last step, under the paced load, one more process joins and, once the group is stable,
one leaves (SIGTERM): the **rebalance pause** is the longest stretch without any output from the
event until 5 s after the group is stable again (the steady-state figure beside it is the same
measure over the paced phase before). Numbers depend on the machine and on what else runs
on it; the printout says how many cores there were.
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from mentionflow.bench import bench_documents
from mentionflow.settings import Settings
from streams.broker import ensure_topics
from streams.topics import TopicNames, message_key

__all__ = ["bench_scale"]


@dataclass
class Fleet:
    """The worker processes of one consumer group on the bench's topics."""

    settings: Settings
    topics: TopicNames
    partitions: int
    log: Path
    procs: list[subprocess.Popen] = field(default_factory=list)
    started: int = 0

    def add(self) -> subprocess.Popen:
        env = {**os.environ, "KAFKA_BOOTSTRAP": self.settings.kafka_bootstrap, "MENTIONFLOW_TOPIC_PREFIX": self.topics.prefix,
               "MENTIONFLOW_APP_ID": f"{self.topics.prefix}app", "MENTIONFLOW_PARTITIONS": str(self.partitions),
               "MENTIONFLOW_INSTANCE_ID": f"{self.topics.prefix}slot-{self.started}", "MENTIONFLOW_METRICS_PORT": "-1",
               "REDIS_URL": self.settings.redis_url}
        p = subprocess.Popen([sys.executable, "-m", "mentionflow.cli", "worker", "--role", "extraction,normalization"],
                             env=env, stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)
        self.procs.append(p)
        self.started += 1
        return p

    def remove(self) -> None:
        p = self.procs.pop()
        p.send_signal(signal.SIGTERM)
        p.wait(60)

    def stop(self) -> None:
        for p in self.procs:
            p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(60)
            except subprocess.TimeoutExpired:
                p.kill()
        self.procs.clear()

    def usage(self) -> list[tuple[float, float]]:
        """(RSS MiB, CPU seconds so far) per live process."""
        out = []
        tick = os.sysconf("SC_CLK_TCK")
        for p in self.procs:
            try:
                status = Path(f"/proc/{p.pid}/status").read_text()
                rss_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
                fields = Path(f"/proc/{p.pid}/stat").read_text().rsplit(")", 1)[1].split()
                out.append((rss_kb / 1024, (int(fields[11]) + int(fields[12])) / tick))
            except (OSError, StopIteration):
                continue
        return out


class Outputs:
    """Follows ``entities.normalized``: first output time (broker timestamp, ms) per key."""

    def __init__(self, bootstrap: str, topic: str):
        self.bootstrap, self.topic = bootstrap, topic
        self.first: dict[bytes, int] = {}
        self.times: list[int] = []
        self._consumer: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        self._consumer = AIOKafkaConsumer(self.topic, bootstrap_servers=self.bootstrap, group_id=None,
                                          auto_offset_reset="earliest", enable_auto_commit=False)
        await self._consumer.start()

    async def poll(self, timeout_ms: int = 200) -> None:
        assert self._consumer is not None
        batch = await self._consumer.getmany(timeout_ms=timeout_ms, max_records=5000)
        for recs in batch.values():
            for r in recs:
                self.times.append(r.timestamp)
                if r.key is not None and r.key not in self.first:
                    self.first[r.key] = r.timestamp

    async def wait_for(self, keys: set[bytes], timeout_s: float, alive: Any) -> bool:
        deadline = time.monotonic() + timeout_s
        while not keys <= self.first.keys():
            if time.monotonic() > deadline or not alive():
                return False
            await self.poll()
        return True

    async def stop(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()


async def _send(producer: AIOKafkaProducer, topic: str, docs: list[dict[str, Any]]) -> dict[bytes, int]:
    futs = [await producer.send(topic, value=orjson.dumps(d), key=message_key(d["id"])) for d in docs]
    metas = [await f for f in futs]
    return {message_key(d["id"]): m.timestamp for d, m in zip(docs, metas, strict=True)}


async def _pace(producer: AIOKafkaProducer, out: Outputs, topic: str, docs: Any, rate: float,
                stop: asyncio.Event) -> dict[bytes, int]:
    """Produce at ``rate``/s in 100 ms ticks until ``stop``, following the outputs meanwhile."""
    sent: dict[bytes, int] = {}
    per_tick = max(1, round(rate / 10))
    t0 = time.monotonic()
    tick = 0
    while not stop.is_set():
        sent.update(await _send(producer, topic, [next(docs) for _ in range(per_tick)]))
        await out.poll(timeout_ms=1)
        tick += 1
        await asyncio.sleep(max(0.0, t0 + tick * 0.1 - time.monotonic()))
    return sent


async def _wait_stable(bootstrap: str, group: str, n: int, timeout_s: float = 300) -> float:
    """Until the group is Stable with ``n`` members that all hold partitions; returns when (epoch s)."""
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            (resp,) = await admin.describe_consumer_groups([group])
            g = resp.to_object()["groups"][0]
            members = g["members"]
            if g["state"] == "Stable" and len(members) == n and all(len(m["member_assignment"]) > 16 for m in members):
                return time.time()
            await asyncio.sleep(0.25)
    finally:
        await admin.close()
    raise RuntimeError(f"consumer group {group} did not settle with {n} member(s) within {timeout_s:g}s")


def _pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def _max_gap_ms(times: list[int], start_ms: int, end_ms: int) -> int:
    """The longest stretch in [start, end] without any output."""
    edges = [start_ms, *sorted(t for t in times if start_ms <= t <= end_ms), end_ms]
    return max(b - a for a, b in zip(edges, edges[1:], strict=False))


async def _run(settings: Settings, steps: list[int], burst: int, paced_s: float, rate: float, partitions: int,
               log: Any) -> dict[str, Any]:
    topics = TopicNames(f"scale{uuid.uuid4().hex[:6]}-")
    group = f"{topics.prefix}app"
    bootstrap = settings.kafka_bootstrap
    await ensure_topics(bootstrap, topics.all(), partitions)
    await asyncio.sleep(3)  # new topics: let the partition leaders settle before producing
    logfile = settings.home / "bench-scale-workers.log"
    logfile.parent.mkdir(parents=True, exist_ok=True)
    fleet = Fleet(settings, topics, partitions, logfile)
    out = Outputs(bootstrap, topics.normalized)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    await out.start()
    docs = iter(bench_documents(burst * len(steps) + int(rate * (paced_s + 300) * (len(steps) + 1)) + 1000))
    rows: list[dict[str, Any]] = []

    def alive() -> bool:
        return all(p.poll() is None for p in fleet.procs)

    window: dict[str, int] = {}

    async def paced_phase(seconds: float, during: Any = None) -> tuple[list[float], Any]:
        window["start"] = int(time.time() * 1000)
        stop = asyncio.Event()
        task = asyncio.create_task(_pace(producer, out, topics.raw, docs, rate, stop))
        extra = None
        if during is not None:
            extra = await during()
        else:
            await asyncio.sleep(seconds)
        stop.set()
        window["end"] = int(time.time() * 1000)
        sent = await task
        if not await out.wait_for(set(sent), 300, alive):
            raise RuntimeError(f"paced documents did not all come out; see {logfile}")
        return [float(out.first[k] - ts) for k, ts in sent.items()], extra

    try:
        for n in steps:
            while len(fleet.procs) < n:
                fleet.add()
            await _wait_stable(bootstrap, group, n)
            warm = [next(docs) for _ in range(partitions * 4)]
            await _send(producer, topics.raw, warm)
            if not await out.wait_for({message_key(d["id"]) for d in warm}, 300, alive):
                raise RuntimeError(f"{n} worker(s) did not become ready; see {logfile}")
            batch = [next(docs) for _ in range(burst)]
            cpu0 = sum(c for _, c in fleet.usage())
            t = time.perf_counter()
            await _send(producer, topics.raw, batch)
            if not await out.wait_for({message_key(d["id"]) for d in batch}, 900, alive):
                raise RuntimeError(f"burst did not finish with {n} worker(s); see {logfile}")
            burst_s = time.perf_counter() - t
            use = fleet.usage()
            cpu = sum(c for _, c in use) - cpu0
            lat, _ = await paced_phase(paced_s)
            row = {"processes": n, "docs_per_s": round(burst / burst_s, 1), "burst_s": round(burst_s, 2),
                   "docs_per_cpu_s": round(burst / cpu, 1) if cpu > 0 else None, "paced_rate": rate,
                   "p50_ms": round(_pct(lat, 50)), "p95_ms": round(_pct(lat, 95)),
                   "rss_mib_per_process": round(max(r for r, _ in use)), "cpu_s_burst": round(cpu, 1)}
            rows.append(row)
            log(f"  {n} process(es): {row['docs_per_s']} docs/s, {row['docs_per_cpu_s']} docs/CPU-s, "
                f"p50 {row['p50_ms']} / p95 {row['p95_ms']} ms at {rate:g} docs/s, RSS {row['rss_mib_per_process']} "
                "MiB/process")

        # rebalance pauses under the paced load: one more process joins, then one leaves (SIGTERM)
        n = len(fleet.procs)
        steady_ms = _max_gap_ms(out.times, window["start"] + 2000, window["end"])  # the last step's paced phase

        async def join_then_leave() -> dict[str, float]:
            await asyncio.sleep(3)
            t_join = int(time.time() * 1000)
            fleet.add()
            settled = await _wait_stable(bootstrap, group, n + 1)
            await asyncio.sleep(5)
            await out.poll()
            join_ms = _max_gap_ms(out.times, t_join, int(settled * 1000) + 5000)
            t_leave = int(time.time() * 1000)
            await asyncio.get_running_loop().run_in_executor(None, fleet.remove)
            settled = await _wait_stable(bootstrap, group, n)
            await asyncio.sleep(5)
            await out.poll()
            leave_ms = _max_gap_ms(out.times, t_leave, int(settled * 1000) + 5000)
            return {"join": join_ms, "leave": leave_ms, "join_to_stable_s": round(settled - t_join / 1000, 1)}

        _, pauses = await paced_phase(0, join_then_leave)
        pauses["steady_max_gap"] = steady_ms
        pauses["processes"] = n
    finally:
        fleet.stop()
        await out.stop()
        await producer.stop()
    return {"rows": rows, "rebalance_pause_ms": pauses}


def bench_scale(settings: Settings, steps: list[int], burst: int, paced_s: float, rate: float, partitions: int,
                as_json: bool) -> int:
    print(f"bench scale: {steps} worker processes (extraction + normalization each) in one group, {partitions} "
          f"partitions, burst {burst} docs, paced {rate:g} docs/s for {paced_s:g} s; {os.cpu_count()} cores",
          file=sys.stderr, flush=True)
    res = asyncio.run(_run(settings, steps, burst, paced_s, rate, partitions,
                           lambda m: print(m, file=sys.stderr, flush=True)))
    base = res["rows"][0]["docs_per_s"]
    print("| processes | docs/s | vs 1 | docs per CPU-second | p50 ms | p95 ms | RSS MiB/process |")
    print("|---|---|---|---|---|---|---|")
    for r in res["rows"]:
        print(f"| {r['processes']} | {r['docs_per_s']} | {r['docs_per_s'] / base:.2f}x | {r['docs_per_cpu_s']} | "
              f"{r['p50_ms']} | {r['p95_ms']} | {r['rss_mib_per_process']} |")
    p = res["rebalance_pause_ms"]
    n = p["processes"]
    print(f"rebalance pause (longest stretch without any output, at {rate:g} docs/s): one process joins {n} -> "
          f"{n + 1}: {p['join']} ms; one leaves (SIGTERM) {n + 1} -> {n}: {p['leave']} ms; steady state before: "
          f"{p['steady_max_gap']} ms; {os.cpu_count()} cores, shared machine")
    if as_json:
        print(orjson.dumps({"bench": "scale", "cores": os.cpu_count(), **res}).decode())
    return 0
