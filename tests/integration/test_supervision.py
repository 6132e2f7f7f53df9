"""Issue 12, defect 5: ``mentionflow run`` stopped every worker when one died and restarted none;
a broker outage wrote ~215 log lines per second."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from streams.topics import message_key
from tests.integration.conftest import ROOT, produce, read_all, wait_for
from tests.integration.test_review_worker import free_port

pytestmark = pytest.mark.integration


def children(pid: int) -> dict[int, str]:
    """pid -> command line of the processes whose parent is ``pid``."""
    out = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    out[int(d.name)] = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, ValueError, IndexError):
                continue
    return out


def test_run_restarts_a_killed_worker_and_keeps_the_others(bootstrap, topics, tmp_path: Path):
    env = {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
           "MENTIONFLOW_APP_ID": f"{topics.prefix}app", "MENTIONFLOW_HOME": str(tmp_path),
           "MENTIONFLOW_KB_PATH": str(ROOT / "tests" / "data" / "kb_small.jsonl"), "MENTIONFLOW_PARTITIONS": "3",
           "MENTIONFLOW_RESTART_BACKOFF_S": "0.5"}
    log = tmp_path / "run.log"
    proc = subprocess.Popen([sys.executable, "-m", "mentionflow.cli", "run", "--loglevel", "info"], env=env, cwd=ROOT,
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    try:
        ready = wait_for(lambda: log.read_text(errors="replace").count("[^Worker]: Ready") >= 2, 120, 0.5)
        assert ready, log.read_text(errors="replace")[-3000:]
        kids = children(proc.pid)
        (victim,) = [p for p, cmd in kids.items() if "--role extraction" in cmd]
        (other,) = [p for p, cmd in kids.items() if "--role normalization" in cmd]
        os.kill(victim, signal.SIGKILL)
        back = wait_for(lambda: log.read_text(errors="replace").count("[^Worker]: Ready") >= 3, 120, 0.5)
        assert back, log.read_text(errors="replace")[-3000:]
        assert proc.poll() is None, "the supervisor exited"
        now = children(proc.pid)
        assert other in now and victim not in now  # the other slot was never touched
        assert [p for p, cmd in now.items() if "--role extraction" in cmd]
        text = log.read_text(errors="replace")
        assert "restart #1" in text
        docs = [{"id": f"sv-{i}", "text": f"Angela Merkel visited Tokyo, day {i}."} for i in range(20)]
        produce(bootstrap, topics.raw, [(message_key(d["id"]), orjson.dumps(d)) for d in docs])
        keys = wait_for(lambda: len(k := {r.key for r in read_all(bootstrap, topics.normalized)}) >= 20 and k, 120, 2)
        assert keys == {message_key(d["id"]) for d in docs}
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0


def start_broker(data: Path, port: int) -> subprocess.Popen:
    """A private Kafka-protocol broker (noida-db) this test may take down: the shared one stays up."""
    import noida_db

    from tests.integration.conftest import _reachable

    binary = Path(noida_db.__file__).parent / "noida-db"
    proc = subprocess.Popen([str(binary), "start", "--data-dir", str(data), "--host", "127.0.0.1", "--only", "kafka",
                             "--kafka-port", str(port)], stdout=open(data / "broker.log", "ab"), stderr=subprocess.STDOUT)
    assert wait_for(lambda: _reachable(f"127.0.0.1:{port}"), 20, 0.1), (data / "broker.log").read_text()
    return proc


def test_broker_outage_logs_are_rate_limited(topics, tmp_path: Path):
    """A 20 s broker outage under a running worker: one line per kind per interval, with counts."""
    import asyncio

    from streams.broker import ensure_topics
    from streams.codec import encode
    from streams.schemas import ExtractedDocument, InputDocument, Mention

    port = free_port()
    data = tmp_path / "broker"
    data.mkdir()
    broker = start_broker(data, port)
    bootstrap = f"127.0.0.1:{port}"
    asyncio.run(ensure_topics(bootstrap, topics.all(), partitions=3))
    env = {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
           "MENTIONFLOW_APP_ID": f"{topics.prefix}app", "MENTIONFLOW_HOME": str(tmp_path),
           "MENTIONFLOW_KB_PATH": str(ROOT / "tests" / "data" / "kb_small.jsonl"), "MENTIONFLOW_PARTITIONS": "3",
           "MENTIONFLOW_INSTANCE_ID": f"{topics.prefix}slot-0", "MENTIONFLOW_LOG_THROTTLE_S": "5"}
    log = tmp_path / "worker.log"
    # the normalization role: no spaCy to load
    w = subprocess.Popen([sys.executable, "-m", "mentionflow.cli", "worker", "--role", "normalization"], env=env,
                         cwd=ROOT, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    try:
        # running: a document goes through (the default log level, warning, prints no "Ready")
        doc = ExtractedDocument(doc=InputDocument(id="o-1", text="Berlin."), extractor_version="x", mentions=(
            Mention(start=0, end=6, surface="Berlin", type="LOC", score=0.9),))
        produce(bootstrap, topics.extracted, [(b"o-1", encode(doc))])
        assert wait_for(lambda: read_all(bootstrap, topics.normalized, idle_s=0.5), 120, 1), log.read_text()
        broker.kill()
        broker.wait(10)
        start = len(log.read_text(errors="replace").splitlines())
        time.sleep(20)
        lines = log.read_text(errors="replace").splitlines()[start:]
        broker = start_broker(data, port)
    finally:
        w.send_signal(signal.SIGTERM)
        try:
            w.wait(30)
        except subprocess.TimeoutExpired:
            w.kill()
            w.wait(5)
        broker.kill()
        broker.wait(10)
    assert lines, "the outage went unreported"
    assert len(lines) <= 80, f"{len(lines)} lines in 20 s:\n" + "\n".join(lines[:40])  # not 215 a second
