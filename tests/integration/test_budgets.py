"""Issue 12, defect 2: one ~1 MB document with tens of thousands of mentions stalled a worker
(37-56 s, 4+ GB) while small documents waited behind it. Now it is extracted chunk by chunk and
dead-lettered (``too_many_mentions``) once over the budget; the documents behind it come out."""

from __future__ import annotations

import time

import orjson
import pytest

from streams.dlq import DeadLetter
from streams.topics import dlq_topic, message_key
from tests.integration.conftest import produce, read_all, wait_for
from tests.integration.test_publish_refusal import SMALL, big_text

pytestmark = pytest.mark.integration


def test_budgets_many_mentions_dead_lettered_and_neighbours_not_held(bootstrap, topics, worker_factory):
    worker = worker_factory(topics, roles="extraction").start()
    produce(bootstrap, topics.raw, [(b"warm", orjson.dumps({"id": "warm", "text": "Angela Merkel."}))])
    assert wait_for(lambda: read_all(bootstrap, topics.extracted, idle_s=0.5), 180, 1), worker.log.read_text()[-3000:]
    big = {"id": "big-2", "text": big_text(950_000)}  # ~68K mentions
    docs = [{"id": f"b-{i:02d}", "text": f"{SMALL[i % len(SMALL)]} ({i})"} for i in range(19)]
    t0 = time.monotonic()
    # one partition: every small document is behind the big one
    produce(bootstrap, topics.raw, [(message_key(big["id"]), orjson.dumps(big))]
            + [(message_key(big["id"]), orjson.dumps(d)) for d in docs])
    expected = {d["id"] for d in docs}

    def done():
        out = {orjson.loads(r.value)["doc"]["id"] for r in read_all(bootstrap, topics.extracted, idle_s=0.5)}
        return out if expected <= out else None

    assert wait_for(done, 120, 0.5), worker.log.read_text(errors="replace")[-3000:]
    took = time.monotonic() - t0
    (letter,) = [DeadLetter.model_validate_json(r.value) for r in read_all(bootstrap, dlq_topic(topics.raw))]
    assert (letter.doc_id, letter.reason) == ("big-2", "too_many_mentions")
    assert took < 45, f"the documents behind the big one waited {took:.0f} s"  # one budget (10 s) + a busy machine
    print(f"\nBUDGET TEST: 19 small documents behind a {len(big['text']):,}-character one out after {took:.1f} s")
    assert worker.stop() == 0
