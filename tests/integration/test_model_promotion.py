"""A promotion in the registry reaches a running normalization worker without a restart, and a
rollback takes it back (the registry watcher + hot-swappable models)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import orjson
import pytest

from mentionflow.registry import Registry
from streams.codec import decode_normalized, decode_review
from streams.topics import message_key
from tests.integration.conftest import WorkerProcess, produce, read_all
from tests.integration.test_live_kb import cli
from tests.unit.training.test_normalizer import _row
from training.normalizer import train_normalizer

pytestmark = pytest.mark.integration

#: the version prefix of the rules linker a worker serves while no student is promoted
#: ("alias-ranker.distant.v1" by default, "alias-baseline.v1" with the hand weights)
BASELINE = "alias-"


def served_by(bootstrap: str, topics, doc_id: str) -> str | None:
    for topic, decode in ((topics.normalized, lambda v: decode_normalized(v).entities),
                          (topics.review, lambda v: [i.proposed for i in decode_review(v).items])):
        for r in read_all(bootstrap, topic, idle_s=0.3):
            if r.key == message_key(doc_id):
                ents = decode(r.value)
                if ents:
                    return ents[0].model_version
    return None


def probe_until(bootstrap, topics, want: str, prefix: str, timeout_s: float = 60) -> tuple[str, float]:
    t0 = time.monotonic()
    n = 0
    seen = ""
    while time.monotonic() - t0 < timeout_s:
        n += 1
        doc_id = f"{prefix}-{n}"
        produce(bootstrap, topics.raw, [(message_key(doc_id), orjson.dumps(
            {"id": doc_id, "text": "The mayor of Paris, Texas spoke on Monday."}))])
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (v := served_by(bootstrap, topics, doc_id)):
            time.sleep(0.3)
        seen = v or ""
        if want in seen:
            return seen, time.monotonic() - t0
    raise AssertionError(f"never served by {want!r}; last {seen!r}")


def test_promotion_and_rollback_reach_a_running_worker(bootstrap, topics, tmp_path: Path, small_kb_path: Path):
    home = tmp_path / "home"
    env = {**os.environ, "KAFKA_BOOTSTRAP": bootstrap, "MENTIONFLOW_TOPIC_PREFIX": topics.prefix,
           "MENTIONFLOW_HOME": str(home)}
    env.pop("MENTIONFLOW_KB_PATH", None)
    cli(env, "kb", "load", str(small_kb_path))
    rows = [_row(i, "geonames:4717560" if i % 2 else "geonames:2988507", split="train" if i < 16 else "val")
            for i in range(20)]
    (tmp_path / "norm.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    built = tmp_path / "built"
    train_normalizer(tmp_path / "norm.jsonl", built, lambda _: 0.5, epochs=1, k=2, max_train=None, max_length=48,
                     progress=False)

    worker = WorkerProcess(topics, home, small_kb_path, bootstrap)
    worker.env.pop("MENTIONFLOW_KB_PATH")
    worker.start()
    try:
        before, _ = probe_until(bootstrap, topics, BASELINE, "before")
        reg = Registry(home / "models" / "registry")
        v = reg.register("normalizer", built, {"locked_f1": 0.5})
        reg.promote("normalizer", v.name)
        after, took = probe_until(bootstrap, topics, "normalizer-student", "after")
        print(f"\nPROMOTION: {v.name} served by the running worker after {took:.1f}s ({after})")
        reg.rollback("normalizer")
        back, _ = probe_until(bootstrap, topics, BASELINE, "rollback")
    finally:
        assert worker.stop() == 0
    assert "model_swapped" in worker.log.read_text()
    assert "normalizer-student" not in before and BASELINE in back
