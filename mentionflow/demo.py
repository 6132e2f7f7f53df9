"""``mentionflow demo``: the main job end to end on this machine."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import orjson

from index.store import KBStore
from mentionflow.kbcmd import kb_build, kb_load
from mentionflow.settings import Settings
from mentionflow.stack import stack_up
from mentionflow.topicio import produce_file, review_list
from streams.broker import consume_topic
from streams.codec import DecodeError, decode_normalized
from streams.dlq import DeadLetter
from streams.files import read_jsonl
from streams.schemas import ReviewDecision
from streams.topics import TopicNames, dlq_topic

__all__ = ["run_demo", "sample_path"]


def sample_path() -> Path:
    return Path(str(resources.files("mentionflow") / "data" / "sample_docs.jsonl"))


def _collect(settings: Settings, topics: TopicNames, ids: set[str]) -> tuple[dict, set, set]:
    async def go() -> tuple[dict, set, set]:
        norm: dict = {}
        async for r in consume_topic(settings.kafka_bootstrap, topics.normalized, idle_timeout_s=0.5):
            m = decode_normalized(r.value)
            if not isinstance(m, DecodeError) and m.id in ids:
                norm[m.id] = m
        review = {r.key.decode() async for r in consume_topic(settings.kafka_bootstrap, topics.review, idle_timeout_s=0.5) if r.key}
        dlq = set()
        async for r in consume_topic(settings.kafka_bootstrap, dlq_topic(topics.raw), idle_timeout_s=0.5):
            dlq.add(DeadLetter.model_validate_json(r.value or b"{}").doc_id)
        return norm, review & ids, dlq & ids

    return asyncio.run(go())


def _teacher_decisions(settings: Settings, topics: TopicNames, ids: set[str]) -> list[ReviewDecision]:
    async def go() -> list[ReviewDecision]:
        out = []
        async for r in consume_topic(settings.kafka_bootstrap, topics.reviewed, idle_timeout_s=0.5):
            d = ReviewDecision.model_validate_json(r.value or b"{}")
            if d.doc_id in ids and d.decided_by == "teacher":
                out.append(d)
        return out

    return asyncio.run(go())


def ensure_students(settings: Settings) -> None:
    """The shipped students installed through the gate (``mentionflow.shipped``); trained
    students in the registry, else: label the quick dataset with the teacher stand-in, train
    both students (quick profile), register them and promote those the gate accepts (a student
    worse than what serves on the locked eval is not promoted, and the demo says so)."""
    from mentionflow.registry import KINDS, Registry
    from mentionflow.shipped import install_line, install_shipped
    from mentionflow.traincmd import train_data, train_models

    reg = Registry(settings.registry_root)
    missing = [k for k in KINDS if not any(not v.info.get("shipped") for v in reg.versions(k))]
    for r in install_shipped(settings):  # the students that come with the repository, gated like trained ones
        if r["installed"]:
            print(install_line(r), flush=True)
    if not missing:
        print("students already trained; serving: " + ", ".join(f"{k} {reg.state(k)['current'] or 'baseline (gate refused the student)'}"
                                                             for k in KINDS) + " (retrain: mentionflow train all --quick)")
        return
    train_data(settings, "quick")  # labelled by the teacher stand-in run_demo started
    train_models(settings, missing, quick=True)


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout_s: float = 180) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"teacher stand-in exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"teacher stand-in not ready after {timeout_s}s; see {log}")


def run_demo(settings: Settings, full_kb: bool = True) -> int:
    t0 = time.perf_counter()
    print(f"== 1/7 stack: {'Apache Kafka (KRaft)' if settings.broker == 'kafka' else 'noida-db'} + Redis on 127.0.0.1", flush=True)
    stack_up(settings)
    print("== 2/7 knowledge base", flush=True)
    store = KBStore(settings.kb_root)
    if full_kb:
        if store.current_version() is None:
            kb_build(settings, None, load=True)
        else:
            print(f"using the current KB {store.current_version()} (rebuild: mentionflow kb build)")
    else:
        kb_load(settings, Path(__file__).resolve().parents[1] / "tests" / "data" / "kb_small.jsonl")
    print("== 3/7 models: distilled students (quick profile) from the teacher stand-in", flush=True)
    teacher_log = settings.home / "demo-teacher.log"
    teacher = subprocess.Popen([sys.executable, "-m", "mentionflow.cli", "teacher", "serve"], env=os.environ.copy(),
                               stdout=open(teacher_log, "ab"), stderr=subprocess.STDOUT)
    try:
        _wait_http(f"http://127.0.0.1:{settings.standin_port}/health", teacher, teacher_log)
        ensure_students(settings)
        return _stream_through(settings, t0)
    finally:
        teacher.terminate()
        teacher.wait(30)


def _stream_through(settings: Settings, t0: float) -> int:
    from mentionflow.pipeline import model_dir

    serving = {k: (f"student {p.name}" if (p := model_dir(settings, k)) else "baseline") for k in ("extractor", "normalizer")}
    print(f"== 4/7 workers: extraction ({serving['extractor']}) + normalization ({serving['normalizer']}) + review "
          "(asks the teacher stand-in), one process each", flush=True)
    log = settings.home / "demo-workers.log"
    runner = subprocess.Popen([sys.executable, "-m", "mentionflow.cli", "run", "--workers",
                               "extraction,normalization,review", "--loglevel", "warning"],
                              env=os.environ.copy(), stdout=open(log, "ab"), stderr=subprocess.STDOUT)
    try:
        topics = TopicNames(settings.topic_prefix)
        # this run's own ids (sample-000.r<time>): results shown are this run's, never an earlier run's
        run = f"r{int(time.time())}"
        docs = read_jsonl(sample_path())
        for d in docs:
            d["id"] = f"{d['id']}.{run}"
        sample = settings.home / "demo-input.jsonl"
        sample.write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in docs))
        ids = {d["id"] for d in docs}
        print(f"== 5/7 streaming {len(ids)} real texts (Wikipedia Vital Articles) into {topics.raw}", flush=True)
        t_send = time.perf_counter()
        produce_file(settings, sample, None)
        deadline = time.monotonic() + 300
        norm: dict = {}
        review: set = set()
        dlq: set = set()
        while time.monotonic() < deadline:
            if runner.poll() is not None:
                raise RuntimeError(f"workers exited with {runner.returncode}; see {log}")
            norm, review, dlq = _collect(settings, topics, ids)
            if ids <= set(norm) | review | dlq:
                break
            time.sleep(1)
        else:
            raise RuntimeError(f"not every document came out within 300s; see {log}")
        took = time.perf_counter() - t_send
        print(f"== 6/7 results: {len(norm)} documents normalized in {took:.1f}s "
              f"(includes worker start-up), {len(dlq)} dead-lettered\n", flush=True)
        for doc_id in sorted(norm)[:12]:
            d = norm[doc_id]
            ents = ", ".join(f"{e.surface} -> {e.kb_id or 'NIL:' + str(e.nil_reason)} ({e.score:.2f})" for e in d.entities[:6])
            more = f" +{len(d.entities) - 6} more" if len(d.entities) > 6 else ""
            print(f"  {doc_id}: {ents}{more}" + (f"  [{d.pending_review} to review]" if d.pending_review else ""))
        print()
        review_list(settings, limit=8)
        print("\n== 7/7 review worker: the teacher decides the low-confidence mentions", flush=True)
        decisions: list[ReviewDecision] = []
        wait_until = time.monotonic() + 120
        while review and time.monotonic() < wait_until:
            decisions = _teacher_decisions(settings, topics, review)
            if {d.doc_id for d in decisions} >= review:
                break
            time.sleep(2)
        people = sum(d.next == "human" for d in decisions)
        print(f"{len({(d.doc_id, d.start, d.end) for d in decisions})} teacher decisions for {len({d.doc_id for d in decisions})} of {len(review)} documents "
              f"({people} go on to people: unsure or quality sample); corrected entities are on entities.normalized")
        for d in decisions[:6]:
            proposed = d.model_proposed.kb_id or f"NIL:{d.model_proposed.nil_reason}"
            print(f"  {d.doc_id}  {d.surface!r}: model {proposed} ({d.model_proposed.score:.2f}) -> teacher "
                  f"{d.kb_id or 'NIL:' + str(d.nil_reason)} ({d.confidence:.2f}){'  -> people' if d.next == 'human' else ''}")
        print(f"\ndone in {time.perf_counter() - t0:.0f}s. Explore: .venv/bin/mentionflow consume entities.normalized | "
              ".venv/bin/mentionflow review add-reviewer NAME, then review serve (the human queue) | stop the services: .venv/bin/mentionflow stack down")
        return 0
    finally:
        runner.terminate()
        try:
            runner.wait(30)
        except subprocess.TimeoutExpired:
            runner.kill()
