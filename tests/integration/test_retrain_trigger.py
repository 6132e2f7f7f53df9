"""`mentionflow train retrain`: nothing happens without a reason; a review rate drifting up (the
workers' counts in the real Redis) with new reviewed examples triggers training, the locked eval
and the registry's gate; then nothing new to learn from (or a promoted model with no routing
history of its own yet) trains nothing."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from redis.asyncio import Redis

from mentionflow.registry import Registry
from tests.integration.test_live_kb import ROOT, cli
from tests.unit.training.test_normalizer import _row
from training.normalizer import train_normalizer
from training.retraining import RetrainingStore
from workers.normalization.routing_rate import RouteTally, flush_tally

pytestmark = pytest.mark.integration

DB = 7  # a Redis database of its own: other tests' workers count routed mentions in db 0


def retrain(env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "mentionflow.cli", "train", "retrain", "--quick", "--min-new", "100",
                           "--min-mentions", "500"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def test_review_rate_drift_triggers_a_gated_retrain(tmp_path: Path, small_kb_path: Path, redis_url: str):
    home = tmp_path / "home"
    url = redis_url.rsplit("/", 1)[0] + f"/{DB}"
    env = {**os.environ, "MENTIONFLOW_HOME": str(home), "REDIS_URL": url}
    env.pop("MENTIONFLOW_KB_PATH", None)
    cli(env, "kb", "load", str(small_kb_path))
    ds = home / "training" / "datasets" / "ds-test"
    ds.mkdir(parents=True)
    rows = [_row(i, "geonames:4717560" if i % 2 else "geonames:2988507", split="train" if i < 24 else "val")
            for i in range(30)]
    (ds / "normalization.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    (ds / "extraction.jsonl").write_bytes(b"")
    (ds / "manifest.json").write_text('{"version": "ds-test", "teacher": {"model": "test"}}')
    (ds.parent / "CURRENT").write_text("ds-test")
    # a student serves (the baseline routes by a fixed threshold: it has no calibrated rate to drift from)
    built = tmp_path / "built"
    train_normalizer(ds / "normalization.jsonl", built, lambda _: 0.5, epochs=1, k=2, max_train=None, max_length=48,
                     progress=False)
    reg = Registry(home / "models" / "registry")
    v1 = reg.register("normalizer", built, {"locked_f1": 0.5})
    reg.promote("normalizer", v1.name)
    meta = json.loads((v1.path / "meta.json").read_text())
    serving = f"normalizer-student.{meta.get('version', meta['created_at'])}"  # what its workers report
    store = RetrainingStore(home / "training" / "retraining", [])
    reviewed = [dict(_row(100 + i, "geonames:4717560"), doc_id=f"rev-{i}", decided_by="teacher") for i in range(30)]
    assert store.add_many(reviewed)["added"] == 30

    async def counts(mentions: int, routed: int) -> None:
        redis = Redis.from_url(url)
        try:
            await redis.flushdb()
            tally = RouteTally()
            tally.add(serving, mentions, routed)
            await flush_tally(redis, tally, datetime.now(UTC))
        finally:
            await redis.aclose()

    asyncio.run(counts(600, 30))  # 5% reviewed, target 10%: no drift, and 30 new examples < 100
    out = retrain(env)
    assert "nothing to do" in out and "review rate 0.050" in out
    assert [v.name for v in reg.versions("normalizer")] == [v1.name]

    asyncio.run(counts(600, 120))  # 20% reviewed >= 1.5 x 10%, and 30 new examples >= 100 // 4
    out = retrain(env)
    assert "triggered: review rate drifted up" in out, out[-2000:]
    v2 = reg.versions("normalizer")[-1]
    assert v2.name != v1.name and "locked_f1" in v2.info and v2.info["dataset_version"] == "ds-test+review30"
    promoted = reg.current("normalizer").name == v2.name  # the gate decided, and said so
    assert (f"{v2.name} locked-eval" in out) and (("NOT promoted" in out) == (not promoted))
    assert (home / "training" / "retraining" / "last_retrain.json").exists()

    out = retrain(env)
    if promoted:  # the new model serves: its own review rate starts from zero
        assert "0 mentions routed (< 500): too few to judge" in out
    else:  # v1 still serves and still drifts, but nothing was reviewed since the retrain
        assert "nothing (new enough) to learn from" in out
    assert "nothing to do" in out and len(reg.versions("normalizer")) == 2
