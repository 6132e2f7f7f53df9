"""Fault suite (issue 12): Redis goes down under running normalization and review workers and
comes back. Documents produced during the outage are held (nothing published without the
decision records) and come out once Redis answers again; the audit shows 0 lost. In the review
case only the review worker loses its Redis (the first stage keeps the stack's)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.integration.conftest import produce, read_all, wait_for
from tests.integration.faults import (
    PrivateRedis,
    assert_nothing_lost,
    docs,
    encoded,
    free_port,
    split_workers,
)
from tests.integration.test_review_worker import start_standin

pytestmark = pytest.mark.integration


def _ids(bootstrap: str, topic: str) -> set[str]:
    return {r.key.decode() for r in read_all(bootstrap, topic, idle_s=0.5)}


@pytest.mark.parametrize("held_by", ["normalization", "review"])
def test_redis_down_and_back_holds_then_publishes(bootstrap, redis_url, topics, worker_factory, tmp_path: Path,
                                                  held_by: str):
    redis = PrivateRedis(tmp_path).start()
    since = datetime.now(UTC)
    port = free_port()
    env = {"REDIS_URL": redis.url, "MENTIONFLOW_PUBLISH_MAX_HOLD_S": "2",
           "MENTIONFLOW_TEACHER_BASE_URL": f"http://127.0.0.1:{port}/v1", "MENTIONFLOW_REVIEW_QC_RATE": "0",
           "MENTIONFLOW_REVIEW_TEACHER_MIN_CONFIDENCE": "0"}
    if held_by == "review":
        env["MENTIONFLOW_REVIEW_THRESHOLD"] = "0.999"  # every document goes through the review worker
    w = split_workers(worker_factory, topics, tmp_path, ["extraction,normalization", "review"], env)
    if held_by == "review":  # the first stage keeps the stack's Redis: its requests reach the review worker
        w["extraction,normalization"].env["REDIS_URL"] = redis_url
    standin = start_standin(w["review"].env, port, tmp_path / "standin.log")
    held = w["extraction,normalization"] if held_by == "normalization" else w["review"]
    out_topic = topics.normalized if held_by == "normalization" else topics.reviewed
    try:
        for x in w.values():
            x.start()
        before, during = docs("rb", 30), docs("rd", 30)
        produce(bootstrap, topics.raw, encoded(before))
        assert wait_for(lambda: len(_ids(bootstrap, out_topic)) >= 30, 100, 1), held.log.read_text()[-3000:]
        redis.stop()  # under the running worker
        produce(bootstrap, topics.raw, encoded(during))
        assert wait_for(lambda: "decisions_unavailable_holding" in held.log.read_text(errors="replace"), 90, 1), \
            held.log.read_text()[-3000:]
        time.sleep(5)
        out_during = {d["id"] for d in during} & _ids(bootstrap, out_topic)
        assert not out_during, f"published without the decision records: {sorted(out_during)[:5]}"
        redis.start()  # same port, empty: the records were not persisted (a test Redis)
        assert wait_for(lambda: {d["id"] for d in during} <= _ids(bootstrap, out_topic), 100, 1), \
            held.log.read_text()[-3000:]
    finally:
        standin.terminate()
        standin.wait(20)
        for x in w.values():
            x.stop()
        redis.stop()
    report = assert_nothing_lost(bootstrap, topics, since, 60)
    print(f"REDIS DOWN ({held_by}): inputs=60 (30 during the outage) output ids={len(_ids(bootstrap, out_topic))} "
          f"published during outage=0 done={report.done} pending={len(report.pending)} lost={len(report.lost)}")
