"""`mentionflow kb upsert` / `kb delete` reach a running worker within seconds, no restart."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from streams.codec import decode_normalized, decode_review
from streams.topics import message_key
from tests.integration.conftest import ROOT, WorkerProcess, produce, read_all

pytestmark = pytest.mark.integration


def cli(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "mentionflow.cli", *args], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=120)


def linked(bootstrap: str, topics, doc_id: str) -> str | None | bool:
    """kb_id the worker gave 'Zyxville' in doc_id (None = NIL), or False if the doc is not out yet."""
    for r in read_all(bootstrap, topics.normalized, idle_s=0.5):
        if r.key == message_key(doc_id):
            ents = [e for e in decode_normalized(r.value).entities if e.surface == "Zyxville"]
            if ents:
                return ents[0].kb_id
            for rv in read_all(bootstrap, topics.review, idle_s=0.5):
                if rv.key == message_key(doc_id):
                    return next(i.proposed.kb_id for i in decode_review(rv.value).items if i.surface == "Zyxville")
            return None
    return False


def wait_doc(bootstrap, topics, doc_id, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        got = linked(bootstrap, topics, doc_id)
        if got is not False:
            return got
        time.sleep(0.5)
    raise AssertionError(f"{doc_id} never came out")


def test_upsert_and_delete_reach_running_worker(bootstrap, topics, tmp_path: Path, small_kb_path: Path):
    home = tmp_path / "home"
    env = {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix, "MENTIONFLOW_HOME": str(home)}
    env.pop("MENTIONFLOW_KB_PATH", None)
    cli(env, "kb", "load", str(small_kb_path))
    worker = WorkerProcess(topics, home, small_kb_path, bootstrap)
    worker.env.pop("MENTIONFLOW_KB_PATH")
    worker.start()
    text = "Flooding hit Zyxville, a river town, on Monday."

    def send(doc_id: str) -> None:
        produce(bootstrap, topics.raw, [(message_key(doc_id), orjson.dumps({"id": doc_id, "text": text}))])

    send("before")
    assert wait_doc(bootstrap, topics, "before") is None  # not in the KB yet: NIL

    (tmp_path / "new.jsonl").write_bytes(orjson.dumps(
        {"id": "custom:zyxville", "name": "Zyxville", "type": "LOC", "description": "River town", "popularity": 0.8}) + b"\n")
    t0 = time.monotonic()
    cli(env, "kb", "upsert", str(tmp_path / "new.jsonl"))
    deadline = time.monotonic() + 30
    got = None
    n = 0
    while time.monotonic() < deadline and got != "custom:zyxville":
        n += 1
        send(f"after-{n}")
        got = wait_doc(bootstrap, topics, f"after-{n}")
    took = time.monotonic() - t0
    assert got == "custom:zyxville", worker.log.read_text()[-2000:]
    print(f"\nLIVE KB: upsert visible to the running worker after {took:.1f}s ({n} probe documents)")

    cli(env, "kb", "delete", "custom:zyxville")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and got is not None:
        n += 1
        send(f"deleted-{n}")
        got = wait_doc(bootstrap, topics, f"deleted-{n}")
    assert got is None
    assert worker.stop() == 0
    assert "kb_updates_applied" in worker.log.read_text()
