"""SIGKILL a worker mid-stream, restart it, and account for every input id."""

from __future__ import annotations

import orjson
import pytest

from streams.dlq import DeadLetter
from streams.topics import dlq_topic, message_key
from tests.integration.conftest import produce, read_all, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.slow]

N = 4000
CITIES = ["Paris", "Berlin", "Tokyo", "Lagos", "Sydney", "Toronto", "Moscow", "Mumbai"]


def make_docs(n: int) -> list[dict]:
    return [{"id": f"k-{i:05d}", "text": f"Report {i}: Angela Merkel spoke in {CITIES[i % len(CITIES)]} about Toyota."}
            for i in range(n)]


def test_sigkill_mid_stream_loses_nothing(bootstrap, topics, worker_factory):
    docs = make_docs(N)
    poison = [(f"p-{i}".encode(), b"\xff\xfe garbage") for i in range(5)]
    first = worker_factory(topics).start()
    produce(bootstrap, topics.raw, [(message_key(d["id"]), orjson.dumps(d)) for d in docs] + poison)

    def some_output():
        # stop reading at 500: a full read would only end when the worker pauses, i.e. at the end
        n = len(read_all(bootstrap, topics.normalized, idle_s=1.0, limit=500))
        return n if n >= 500 else None

    before_kill = wait_for(some_output, timeout_s=120, interval_s=0.1)
    assert before_kill, f"worker produced nothing; log:\n{first.log.read_text()[-3000:]}"
    first.kill()
    at_kill = len({r.key for r in read_all(bootstrap, topics.normalized, idle_s=0.5)})
    assert at_kill < N, "the worker finished before it could be killed; raise N"

    second = worker_factory(topics).start()
    expected = {d["id"] for d in docs} | {f"p-{i}" for i in range(5)}

    def accounted():
        norm = {r.key.decode() for r in read_all(bootstrap, topics.normalized, idle_s=0.5)}
        review = {r.key.decode() for r in read_all(bootstrap, topics.review, idle_s=0.5)}
        dlq = {DeadLetter.model_validate_json(r.value).doc_id for r in read_all(bootstrap, dlq_topic(topics.raw), idle_s=0.5)}
        missing = expected - (norm | review | dlq)
        return (norm, review, dlq) if not missing else None

    got = wait_for(accounted, timeout_s=180, interval_s=2)
    assert got, f"ids missing after restart; log:\n{second.log.read_text()[-3000:]}"
    norm, review, dlq = got
    total_msgs = len(read_all(bootstrap, topics.normalized, idle_s=0.5))
    print(f"\nKILL TEST: inputs={N}+5 poison, outputs before kill={at_kill}, normalized ids={len(norm)}, "
          f"review ids={len(review)}, dlq ids={len(dlq & expected)}, normalized messages={total_msgs} "
          f"(redelivered duplicates={total_msgs - len(norm)}), missing=0")
    assert second.stop() == 0
