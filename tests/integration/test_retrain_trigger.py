"""`mentionflow train retrain`: nothing happens without a reason; a review rate drifting up (the
workers' counts in the real Redis) with new reviewed examples triggers training, the locked eval
and the registry's gate; then nothing new to learn from (or a promoted model with no routing
history of its own yet) trains nothing."""

from __future__ import annotations

import asyncio
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
    store = RetrainingStore(home / "training" / "retraining", [])
    reviewed = [dict(_row(100 + i, "geonames:4717560"), doc_id=f"rev-{i}", decided_by="teacher") for i in range(5)]
    assert store.add_many(reviewed)["added"] == 5

    async def counts(mentions: int, routed: int) -> None:
        redis = Redis.from_url(url)
        try:
            await redis.flushdb()
            tally = RouteTally()
            tally.add("alias-baseline.v1", mentions, routed)  # what a worker serving the baseline reports
            await flush_tally(redis, tally, datetime.now(UTC))
        finally:
            await redis.aclose()

    asyncio.run(counts(600, 30))  # 5% reviewed, target 10%: no drift, and 5 new examples < 100
    out = retrain(env)
    assert "nothing to do" in out and "review rate 0.050" in out
    reg = Registry(home / "models" / "registry")
    assert reg.versions("normalizer") == []

    asyncio.run(counts(600, 120))  # 20% reviewed >= 1.5 x 10%
    out = retrain(env)
    assert "triggered: review rate drifted up" in out, out[-2000:]
    (version,) = reg.versions("normalizer")
    assert "locked_f1" in version.info and version.info["dataset_version"] == "ds-test+review5"
    promoted = reg.current("normalizer")
    assert ("promoted" in out) and (promoted is None or promoted.name == version.name)  # the gate decided
    assert (home / "training" / "retraining" / "last_retrain.json").exists()

    out = retrain(env)
    if promoted is None:  # the baseline still serves and still drifts, but nothing new was reviewed since
        assert "nothing to learn from" in out
    else:  # the new model serves: its own review rate starts from zero
        assert "0 mentions routed (< 500): too few to judge" in out
    assert "nothing to do" in out and len(reg.versions("normalizer")) == 1
