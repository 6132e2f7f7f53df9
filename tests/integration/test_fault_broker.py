"""Fault suite (issue 12): the broker itself is SIGKILLed under running workers and started again
on its data; every input id, before and after the crash, is accounted for (the audit shows 0 lost)."""

from __future__ import annotations

import contextlib
import os
import signal
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from mentionflow.settings import Settings
from mentionflow.stack import stack_down, stack_up
from streams.topics import TopicNames
from tests.integration.conftest import ROOT, WorkerProcess, produce, read_all, wait_for
from tests.integration.faults import assert_nothing_lost, docs, encoded, free_port

pytestmark = pytest.mark.integration


def test_broker_sigkill_and_restart_under_running_workers_loses_nothing(tmp_path: Path, redis_url: str):
    # a private Kafka (the test kills it), on its own ports and data; its topics come from `stack up`
    s = Settings(home=tmp_path / "stack-home", kafka_port=free_port(), kafka_controller_port=free_port(),
                 redis_port=free_port(), partitions=2)
    topics = TopicNames()
    stack_up(s, log=lambda *_: None)
    worker = WorkerProcess(topics, tmp_path / "worker", ROOT / "tests" / "data" / "kb_small.jsonl", s.kafka_bootstrap)
    worker.env.update({"MENTIONFLOW_PARTITIONS": "2", "REDIS_URL": redis_url, "MENTIONFLOW_INSTANCE_ID": "broker-kill-0"})
    since = datetime.now(UTC)
    try:
        worker.start()
        produce(s.kafka_bootstrap, topics.raw, encoded(docs("bk-a", 200)))
        assert wait_for(lambda: len(read_all(s.kafka_bootstrap, topics.normalized, idle_s=0.5)) >= 20, 180, 1), \
            worker.log.read_text()[-3000:]
        pids = orjson.loads((s.stack_root / "pids.json").read_bytes())
        os.kill(pids["kafka"]["pid"], signal.SIGKILL)  # the crash: no controlled shutdown
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pids["kafka"]["pid"], 0)
        stack_up(s, log=lambda *_: None)  # back on its data: topics, messages and offsets kept
        produce(s.kafka_bootstrap, topics.raw, encoded(docs("bk-b", 100)))

        def all_out() -> bool:
            ids = {r.key for r in read_all(s.kafka_bootstrap, topics.normalized, idle_s=0.5)}
            return len(ids) >= 300

        assert wait_for(all_out, 240, 3), worker.log.read_text()[-3000:]
        report = assert_nothing_lost(s.kafka_bootstrap, topics, since, 300)
        messages = len(read_all(s.kafka_bootstrap, topics.normalized, idle_s=0.5))
        print(f"BROKER KILL: inputs=300 normalized messages={messages} done={report.done} lost={len(report.lost)}")
        assert worker.stop() == 0
    finally:
        if worker.proc is not None and worker.proc.poll() is None:
            worker.proc.kill()
        stack_down(s, log=lambda *_: None)
