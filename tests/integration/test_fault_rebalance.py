"""Fault suite (issue 12): three workers in one consumer group and rebalances in the middle of a
stream of 3,000 small documents: a third worker joins, then one leaves (SIGTERM). Commits can be
lost on a rebalance (redelivery, duplicates); no document may be lost."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.integration.conftest import produce, read_all, wait_for
from tests.integration.faults import assert_nothing_lost, encoded

pytestmark = pytest.mark.integration

N = 3000


def _ids(bootstrap: str, topic: str) -> set[bytes]:
    return {r.key for r in read_all(bootstrap, topic, idle_s=0.5)}


def test_three_workers_rebalance_mid_stream_loses_nothing(bootstrap, topics, worker_factory, tmp_path: Path):
    since = datetime.now(UTC)
    workers = []
    for i in range(3):
        w = worker_factory(topics)  # extraction + normalization, one group
        w.env["MENTIONFLOW_INSTANCE_ID"] = f"{topics.prefix}slot-{i}"
        w.log = tmp_path / f"worker-{i}.log"
        workers.append(w)
    workers[0].start()
    workers[1].start()
    items = [{"id": f"rb-{i:05d}", "text": f"Lagos {i}."} for i in range(N)]

    def stream() -> None:  # 3,000 documents over ~60 s, in slices
        for k in range(0, N, 50):
            produce(bootstrap, topics.raw, encoded(items[k:k + 50]))
            time.sleep(1.0)

    producer = threading.Thread(target=stream)
    producer.start()
    assert wait_for(lambda: len(read_all(bootstrap, topics.normalized, idle_s=0.5, limit=200)) >= 200, 100, 0.5), \
        workers[0].log.read_text()[-3000:]
    at_join = len(_ids(bootstrap, topics.normalized))
    workers[2].start()  # joins mid-stream: a rebalance over three members
    assert wait_for(lambda: "worker_starting" in workers[2].log.read_text(errors="replace"), 60, 0.5)
    time.sleep(5)
    at_leave = len(_ids(bootstrap, topics.normalized))
    assert at_leave < N, "the stream ended before the rebalances; slow it down"
    assert workers[0].stop() == 0  # leaves mid-stream: a second rebalance
    producer.join()
    done = wait_for(lambda: len(_ids(bootstrap, topics.normalized) | _ids(bootstrap, f"{topics.raw}.dlq")) >= N, 100, 2)
    assert done, workers[1].log.read_text()[-3000:]
    messages = len(read_all(bootstrap, topics.normalized, idle_s=0.5))
    report = assert_nothing_lost(bootstrap, topics, since, N)
    print(f"REBALANCE: inputs={N} normalized ids when the 3rd joined={at_join}, when one left={at_leave} normalized messages={messages} "
          f"(duplicates {messages - N}) done={report.done} pending={len(report.pending)} lost={len(report.lost)}")
    assert workers[1].stop() == 0 and workers[2].stop() == 0
