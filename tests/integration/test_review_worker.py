"""The review loop on the real broker: a low-confidence mention reaches the review worker, the
teacher (the real stand-in server, over HTTP) decides, the decision lands on
``entities.reviewed``, the corrected document on ``entities.normalized`` (decided_by teacher,
same key) and the example in the retraining set. During a teacher outage the items are held,
not dropped, and go through once the teacher is back."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import orjson
import pytest

from streams.codec import decode_normalized
from streams.schemas import ReviewDecision
from streams.topics import message_key
from tests.integration.conftest import ROOT, WorkerProcess, produce, read_all

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_standin(env: dict, port: int, log: Path, error_rate: float = 0.0, latency_ms: float = 0.0) -> subprocess.Popen:
    # the judge would export the MiniLM embedder into each test's fresh home: these tests check the
    # review loop, not the stand-in's quality (bench quality measures that with the judge on)
    env = {**env, "MENTIONFLOW_STANDIN_JUDGE": "false"}
    proc = subprocess.Popen([sys.executable, "-m", "mentionflow.cli", "teacher", "serve", "--port", str(port),
                             "--error-rate", str(error_rate), "--latency-ms", str(latency_ms)], env=env, cwd=ROOT, stdout=open(log, "ab"),
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError(f"stand-in did not start: {log.read_text()[-1500:]}")


def decisions(bootstrap: str, topic: str, doc_id: str) -> list[ReviewDecision]:
    return [ReviewDecision.model_validate_json(r.value) for r in read_all(bootstrap, topic, idle_s=0.3)
            if r.key == message_key(doc_id)]


def wait_for(fn, timeout_s: float, what: str):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        got = fn()
        if got:
            return got
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_low_confidence_item_is_decided_by_the_teacher_and_held_through_an_outage(bootstrap, topics, tmp_path: Path,
                                                                                small_kb_path: Path):
    home = tmp_path / "home"
    port = free_port()
    worker = WorkerProcess(topics, home, small_kb_path, bootstrap, roles="extraction,normalization,review")
    worker.env.update({"MENTIONFLOW_TEACHER_BASE_URL": f"http://127.0.0.1:{port}/v1",
                       "MENTIONFLOW_REVIEW_THRESHOLD": "0.999",  # every mention goes to review
                       "MENTIONFLOW_REVIEW_QC_RATE": "0"})
    standin = start_standin(worker.env, port, tmp_path / "standin.log", error_rate=1.0)  # an outage first
    worker.start()
    try:
        doc = {"id": "rv-1", "text": "Angela Merkel met the mayor of Paris, Texas on Monday."}
        produce(bootstrap, topics.raw, [(message_key(doc["id"]), orjson.dumps(doc))])
        wait_for(lambda: "teacher_unavailable_holding" in worker.log.read_text(), 90, "the worker to hold")
        assert decisions(bootstrap, topics.reviewed, "rv-1") == []  # held, not dropped
        standin.terminate()
        standin.wait(20)
        standin = start_standin(worker.env, port, tmp_path / "standin.log")  # the teacher is back
        got = wait_for(lambda: decisions(bootstrap, topics.reviewed, "rv-1"), 120, "teacher decisions")
    finally:
        assert worker.stop() == 0
        standin.terminate()
        standin.wait(20)
    assert {d.decided_by for d in got} == {"teacher"}
    merkel = next(d for d in got if d.surface == "Angela Merkel")
    assert merkel.kb_id == "wiki:Angela_Merkel"
    docs = [decode_normalized(r.value) for r in read_all(bootstrap, topics.normalized, idle_s=0.3)
            if r.key == message_key("rv-1")]
    latest = docs[-1]
    assert any(e.decided_by == "teacher" and e.kb_id == "wiki:Angela_Merkel" for e in latest.entities)
    rows = [orjson.loads(x) for x in (home / "training" / "retraining" / "examples.jsonl").read_bytes().splitlines()]
    assert any(r["label"] == "wiki:Angela_Merkel" and r["decided_by"] == "teacher" for r in rows)
