"""Fault suite (issue 12): SIGKILL of the normalization worker and of the review worker in the
middle of a batch; after the restart every input id is done, pending or dead-lettered (the audit
shows 0 lost); duplicates are allowed, loss is not."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.integration.conftest import produce, read_all, wait_for
from tests.integration.faults import assert_nothing_lost, docs, encoded, free_port, split_workers
from tests.integration.test_review_worker import start_standin

pytestmark = pytest.mark.integration


def _keys(bootstrap: str, topic: str) -> set[bytes]:
    return {r.key for r in read_all(bootstrap, topic, idle_s=0.5)}


def test_normalization_worker_sigkill_mid_batch_loses_nothing(bootstrap, topics, worker_factory, tmp_path: Path):
    n = 1200
    since = datetime.now(UTC)
    w = split_workers(worker_factory, topics, tmp_path, ["extraction", "normalization"])
    w["extraction"].start()
    w["normalization"].start()
    produce(bootstrap, topics.raw, encoded(docs("nk", n)))
    started = wait_for(lambda: len(read_all(bootstrap, topics.normalized, idle_s=0.5, limit=150)) >= 150, 100, 0.2)
    assert started, w["normalization"].log.read_text()[-3000:]
    w["normalization"].kill()
    at_kill = len(_keys(bootstrap, topics.normalized))
    assert at_kill < n, "normalization finished before the kill; raise n"
    w["normalization"].start()  # same slot: static membership takes its partitions back at once
    done = wait_for(lambda: len(_keys(bootstrap, topics.normalized) | _keys(bootstrap, f"{topics.raw}.dlq")) >= n, 100, 2)
    assert done, w["normalization"].log.read_text()[-3000:]
    messages = len(read_all(bootstrap, topics.normalized, idle_s=0.5))
    report = assert_nothing_lost(bootstrap, topics, since, n)
    print(f"NORMALIZATION KILL: inputs={n} normalized ids before kill={at_kill} normalized messages={messages} "
          f"(duplicates {messages - len(_keys(bootstrap, topics.normalized))}) done={report.done} "
          f"pending={len(report.pending)} lost={len(report.lost)}")
    assert w["normalization"].stop() == 0 and w["extraction"].stop() == 0


def test_review_worker_sigkill_mid_batch_loses_nothing(bootstrap, topics, worker_factory, tmp_path: Path):
    # the review worker finished 120, then 400, between two polls on a quiet machine: the stand-in
    # answers after 150 ms, so the reviews take seconds and the kill lands mid-stream
    n = 400
    since = datetime.now(UTC)
    port = free_port()
    env = {"MENTIONFLOW_TEACHER_BASE_URL": f"http://127.0.0.1:{port}/v1", "MENTIONFLOW_REVIEW_THRESHOLD": "0.999",
           "MENTIONFLOW_REVIEW_QC_RATE": "0", "MENTIONFLOW_REVIEW_TEACHER_MIN_CONFIDENCE": "0",
           "MENTIONFLOW_TEACHER_FRESH": "true"}
    w = split_workers(worker_factory, topics, tmp_path, ["extraction,normalization", "review"], env)
    standin = start_standin(w["review"].env, port, tmp_path / "standin.log", latency_ms=150)
    try:
        w["extraction,normalization"].start()
        w["review"].start()
        produce(bootstrap, topics.raw, encoded(docs("rk", n)))
        started = wait_for(lambda: len(_keys(bootstrap, topics.reviewed)) >= 20, 100, 0.2)
        assert started, w["review"].log.read_text()[-3000:]
        w["review"].kill()
        at_kill = len(_keys(bootstrap, topics.reviewed))
        assert at_kill < n, "review finished before the kill; raise n"
        w["review"].start()
        done = wait_for(lambda: len(_keys(bootstrap, topics.reviewed)) >= n, 110, 2)
        assert done, w["review"].log.read_text()[-3000:]
    finally:
        standin.terminate()
        standin.wait(20)
    report = assert_nothing_lost(bootstrap, topics, since, n)
    print(f"REVIEW KILL: inputs={n} reviewed docs before kill={at_kill} reviewed docs={len(_keys(bootstrap, topics.reviewed))} "
          f"done={report.done} pending={len(report.pending)} lost={len(report.lost)}")
    assert report.done == n
    assert w["review"].stop() == 0 and w["extraction,normalization"].stop() == 0
