"""``mentionflow bench pipeline``: students vs teacher in one run.

1. Quality on every eval set (locked): span and link F1 of the students (the registry's current
   versions), of the teacher (the configured API: by default the local stand-in) and of the
   baselines; F1 retention = student link F1 / teacher link F1.
2. Cost per 1,000 documents on short post-sized documents: the teacher's = its billed tokens x
   the price table (a client without the answer store, so every answer is priced); the
   students' = measured CPU-seconds per document (in process, both models) x the instance price
   per vCPU-hour / 3600 x 1,000 (``--vcpu-hour-usd``, default 0.0425: a 2-vCPU general-purpose
   cloud instance at ~$0.085/h on demand).
3. Throughput through the broker (students, then the baselines as the same-run reference, then
   the teacher): 1 extraction + 1 normalization worker process, a burst of
   documents, docs/s from first produce to last normalized; then latency raw -> normalized per
   document (send time -> receive time of its ``entities.normalized`` message, both clocks in
   this process) at half that rate, p50/p95.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from typing import Any

import numpy as np
import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from mentionflow.bench import bench_documents
from mentionflow.settings import Settings
from streams.broker import ensure_topics
from streams.files import read_jsonl
from streams.schemas import InputDocument
from streams.topics import TopicNames, message_key

__all__ = ["bench_pipeline"]


def _quality(settings: Settings) -> dict[str, Any]:
    from mentionflow.batch import same_as_map
    from mentionflow.configs import eval_root
    from mentionflow.evaluate import evaluate
    from mentionflow.pipeline import model_dir, read_documents
    from mentionflow.traincmd import eval_pipeline
    from training.dataset import locked_sets

    sets = locked_sets(eval_root(settings))
    gold = [g for _, gp in sets for g in read_jsonl(gp)]
    same_as = same_as_map(settings)
    out: dict[str, Any] = {}
    for name, ext, norm in (("students", model_dir(settings, "extractor"), model_dir(settings, "normalizer")),
                            ("baseline", None, None)):
        rep, models = eval_pipeline(settings, ext, norm)
        out[name] = {"span_f1": rep["span"]["f1"], "link_f1": rep["link"]["f1"], "link_p": rep["link"]["precision"],
                     "link_r": rep["link"]["recall"], "extractor": models.extractor.version,
                     "normalizer": models.linker.version}
    from mentionflow.configs import teacher_config
    from mentionflow.pipeline import load_alias_index, make_shortlist
    from mentionflow.teachercmd import annotate_documents, teacher_rows
    from teacher.client import TeacherClient

    shortlist = make_shortlist(settings, load_alias_index(settings))
    docs = [x for d, _ in sets for x in read_documents(d)]

    async def run() -> list[Any]:
        async with TeacherClient(teacher_config(settings)) as client:
            return await annotate_documents(client, shortlist, docs, settings.teacher_concurrency, progress=False)

    rep = evaluate(teacher_rows(asyncio.run(run())), gold, same_as)
    out["teacher"] = {"span_f1": rep["span"]["f1"], "link_f1": rep["link"]["f1"], "link_p": rep["link"]["precision"],
                      "link_r": rep["link"]["recall"], "model": settings.teacher_model}
    t = out["teacher"]["link_f1"]
    out["f1_retention"] = round(out["students"]["link_f1"] / t, 4) if t else None
    return out


def _costs(settings: Settings, docs: list[dict[str, Any]], vcpu_hour_usd: float, teacher_docs: int) -> dict[str, Any]:
    from mentionflow.configs import teacher_config
    from mentionflow.pipeline import link_rows, load_alias_index, load_models, make_shortlist
    from mentionflow.teachercmd import annotate_documents, stats_dict
    from teacher.client import TeacherClient

    cold_settings = settings.model_copy(update={"decision_cache": False})  # every document is new to the model
    models = load_models(cold_settings)
    list(link_rows((InputDocument(**d) for d in docs[:50]), models))  # warm-up
    inner: Any = getattr(models.linker, "inner", models.linker)
    stats0 = inner.stats.as_dict() if hasattr(inner, "stats") else None
    c0, t0 = time.process_time(), time.perf_counter()
    n_mentions = sum(1 for _ in link_rows((InputDocument(**d) for d in docs), models))
    cpu_s, wall_s = time.process_time() - c0, time.perf_counter() - t0
    student_per_1000 = cpu_s / len(docs) * 1000 * vcpu_hour_usd / 3600
    cascade = None
    if stats0 is not None:
        cascade = {k: v - stats0[k] for k, v in inner.stats.as_dict().items()}
    repeat_cpu_ms = None
    if settings.decision_cache and settings.cache_ttl_s > 0 and stats0 is not None:
        # the same documents again with the Redis decision cache (a stream of reposts): fill, then measure
        warm = load_models(settings)
        list(link_rows((InputDocument(**d) for d in docs), warm))
        c1 = time.process_time()
        list(link_rows((InputDocument(**d) for d in docs), warm))
        repeat_cpu_ms = round((time.process_time() - c1) / len(docs) * 1000, 2)

    sample = [InputDocument(**d) for d in docs[:teacher_docs]]
    shortlist = make_shortlist(settings, load_alias_index(settings))

    async def run() -> dict[str, Any]:
        async with TeacherClient(teacher_config(settings)) as client:
            t = time.perf_counter()
            await annotate_documents(client, shortlist, sample, settings.teacher_concurrency, progress=False)
            st = stats_dict(client)
            st["wall_s"] = time.perf_counter() - t
            return st

    st = asyncio.run(run())
    teacher_per_1000 = st["cost_usd"] / len(sample) * 1000
    return {"documents": len(docs), "mentions": n_mentions, "student_cpu_s_per_doc": round(cpu_s / len(docs), 5),
            "student_inprocess_docs_per_s": round(len(docs) / wall_s, 1), "vcpu_hour_usd": vcpu_hour_usd,
            "normalizer_cascade": cascade, "repeat_cpu_ms_per_doc_decision_cache": repeat_cpu_ms,
            "student_usd_per_1000_docs": round(student_per_1000, 6),
            "teacher_docs": len(sample), "teacher_tokens_per_doc": round((st["prompt_tokens"] + st["completion_tokens"]) / len(sample), 1),
            "teacher_usd_per_1000_docs": round(teacher_per_1000, 4), "teacher_requests": st["requests"],
            "teacher_inprocess_docs_per_s": round(len(sample) / st["wall_s"], 1),
            "cost_ratio": round(teacher_per_1000 / student_per_1000, 1) if student_per_1000 else None}


async def _stream(bootstrap: str, topics: TopicNames, docs: list[dict[str, Any]], rate: float | None,
                  timeout_s: float = 600) -> tuple[float, list[float]]:
    """Produce ``docs`` (all at once, or paced at ``rate`` docs/s) while following
    ``entities.normalized``; returns (seconds from first send to last output, latencies in ms)."""
    consumer = AIOKafkaConsumer(topics.normalized, bootstrap_servers=bootstrap, auto_offset_reset="latest",
                                enable_auto_commit=False, group_id=None)
    await consumer.start()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=2)
    await producer.start()
    sent: dict[bytes, float] = {}
    got: dict[bytes, float] = {}
    try:
        for _ in range(3):  # resolve the "latest" positions before anything is produced
            await consumer.getmany(timeout_ms=300)
        for tp in consumer.assignment():
            await consumer.position(tp)
        t0 = time.perf_counter()

        async def produce() -> None:
            for i, d in enumerate(docs):
                if rate:
                    delay = t0 + i / rate - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                k = message_key(d["id"])
                sent[k] = time.perf_counter()
                await producer.send(topics.raw, value=orjson.dumps(d), key=k)
            await producer.flush()

        task = asyncio.create_task(produce())
        deadline = time.monotonic() + timeout_s
        while len(got) < len(docs) and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            now = time.perf_counter()
            for recs in batch.values():
                for r in recs:
                    if r.key in sent and r.key not in got:
                        got[r.key] = now
        await task
        if len(got) < len(docs):
            raise RuntimeError(f"only {len(got)}/{len(docs)} documents came out")
        return max(got.values()) - t0, [(got[k] - sent[k]) * 1000 for k in got]
    finally:
        await producer.stop()
        await consumer.stop()


def _broker(settings: Settings, docs: list[dict[str, Any]], paced_docs: int, engine: str = "student") -> dict[str, Any]:
    topics = TopicNames(f"benchp{uuid.uuid4().hex[:6]}-")
    asyncio.run(ensure_topics(settings.kafka_bootstrap, topics.all(), settings.partitions))
    env = {**os.environ, "KAFKA_BOOTSTRAP": settings.kafka_bootstrap, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
           "MENTIONFLOW_APP_ID": f"{topics.prefix}app", "MENTIONFLOW_ENGINE": engine,
           "MENTIONFLOW_TEACHER_FRESH": "true", "MENTIONFLOW_DECISION_CACHE": "false"}  # cold: every document new
    log = settings.home / "bench-pipeline-workers.log"
    runner = subprocess.Popen([sys.executable, "-m", "mentionflow.cli", "run"], env=env,
                              stdout=open(log, "ab"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 240
        while True:  # readiness: one document all the way through
            try:
                asyncio.run(_stream(settings.kafka_bootstrap, topics, [{"id": f"warm-{time.time()}", "text": "Paris is in France."}],
                                    None, timeout_s=20))
                break
            except RuntimeError:
                if time.monotonic() > deadline or runner.poll() is not None:
                    raise RuntimeError(f"workers did not become ready; see {log}") from None
        burst_s, burst_lat = asyncio.run(_stream(settings.kafka_bootstrap, topics, docs, None))
        rate = len(docs) / burst_s
        paced = [dict(d, id=f"{d['id']}-paced") for d in docs[:paced_docs]]
        _, lat = asyncio.run(_stream(settings.kafka_bootstrap, topics, paced, rate / 2))
    finally:
        runner.terminate()
        runner.wait(30)
    return {"broker_docs_per_s": round(rate, 1), "burst_latency_p95_ms": round(float(np.percentile(burst_lat, 95)), 1),
            "half_load_docs_per_s": round(rate / 2, 1), "latency_p50_ms": round(float(np.percentile(lat, 50)), 1),
            "latency_p95_ms": round(float(np.percentile(lat, 95)), 1), "paced_documents": len(paced)}


def bench_pipeline(settings: Settings, n_docs: int, as_json: bool, vcpu_hour_usd: float, teacher_docs: int,
                   skip_broker: bool = False) -> int:
    docs = bench_documents(n_docs)
    quality = _quality(settings)
    s, t, b = quality["students"], quality["teacher"], quality["baseline"]
    print(f"locked eval link F1: students {s['link_f1']:.4f} ({s['extractor']} + {s['normalizer']}), "
          f"teacher {t['link_f1']:.4f} ({t['model']}), baseline {b['link_f1']:.4f}; "
          f"F1 retention {quality['f1_retention']}")
    print(f"locked eval span F1: students {s['span_f1']:.4f}, teacher {t['span_f1']:.4f}, baseline {b['span_f1']:.4f}")
    costs = _costs(settings, docs, vcpu_hour_usd, teacher_docs)
    print(f"cost per 1,000 documents: students ${costs['student_usd_per_1000_docs']:.6f} "
          f"({costs['student_cpu_s_per_doc'] * 1000:.1f} CPU-ms/doc at ${vcpu_hour_usd}/vCPU-h), teacher "
          f"${costs['teacher_usd_per_1000_docs']:.4f} ({costs['teacher_tokens_per_doc']} tokens/doc); "
          f"students are {costs['cost_ratio']}x cheaper")
    if costs["normalizer_cascade"]:
        c = costs["normalizer_cascade"]
        print(f"normalizer cascade over {costs['mentions']} mentions: {c['no_candidate']} no candidate, {c['rule']} "
              f"decided by the confident rule, {c['model']} to the cross-encoder ({c['pairs_scored']} pairs); reposts through "
              f"the Redis decision cache: {costs['repeat_cpu_ms_per_doc_decision_cache']} CPU-ms/doc")
    broker: dict[str, Any] = {}
    if not skip_broker:
        broker["students"] = _broker(settings, docs, paced_docs=min(len(docs), 1500))
        broker["baselines"] = _broker(settings, docs, paced_docs=min(len(docs), 1500), engine="baseline")
        broker["teacher"] = _broker(settings, docs[:teacher_docs], paced_docs=min(teacher_docs, 200), engine="teacher")
        for who, r in broker.items():
            print(f"through the broker ({who}): {r['broker_docs_per_s']} docs/s; at half load "
                  f"({r['half_load_docs_per_s']} docs/s) latency raw->normalized p50 {r['latency_p50_ms']} ms, "
                  f"p95 {r['latency_p95_ms']} ms")
    if broker:
        st, bl = broker["students"], broker["baselines"]
        print(f"students vs baselines in this run: throughput x{st['broker_docs_per_s'] / bl['broker_docs_per_s']:.2f}, "
              f"p95 latency at half load x{st['latency_p95_ms'] / bl['latency_p95_ms']:.2f}")
    if as_json:
        print(orjson.dumps({"bench": "pipeline", "f1_retention": quality["f1_retention"], "quality": quality,
                            "costs": costs, "broker": broker, "cores": os.cpu_count(),
                            "avg_chars": round(sum(len(d["text"]) for d in docs) / len(docs), 1)}).decode())
    return 0


