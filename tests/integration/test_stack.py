"""`mentionflow stack` starts, reports and stops exactly its own services; external mode starts nothing."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from mentionflow.settings import Settings
from mentionflow.stack import stack_down, stack_status, stack_up

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_stack_up_status_down_own_processes(tmp_path: Path):
    s = Settings(home=tmp_path, kafka_port=free_port(), redis_port=free_port(), partitions=2)
    started = stack_up(s, log=lambda *_: None)
    try:
        assert set(started) == {"kafka", "redis"}
        st = stack_status(s)
        assert st["mode"] == "local"
        assert st["kafka"]["reachable"] and st["kafka"]["running"]
        assert st["redis"]["reachable"] and st["redis"]["running"]
        again = stack_up(s, log=lambda *_: None)  # idempotent: same pids
        assert {k: v["pid"] for k, v in again.items()} == {k: v["pid"] for k, v in started.items()}
    finally:
        stopped = stack_down(s, log=lambda *_: None)
    assert stopped == 2
    st = stack_status(s)
    assert not st["kafka"]["reachable"] and not st["redis"]["reachable"]
    assert not (tmp_path / "stack" / "pids.json").exists()


def test_stack_external_mode_starts_nothing(tmp_path: Path, bootstrap: str, redis_url: str, monkeypatch):
    monkeypatch.setenv("KAFKA_BOOTSTRAP", bootstrap)
    monkeypatch.setenv("REDIS_URL", redis_url)
    s = Settings(home=tmp_path, topic_prefix="ext-check-")
    assert s.external_stack
    assert stack_up(s, log=lambda *_: None) == {}
    assert not (tmp_path / "stack" / "pids.json").exists()
    assert stack_down(s, log=lambda *_: None) == 0


def test_stack_external_mode_fails_clearly_when_unreachable(tmp_path: Path, monkeypatch):
    from mentionflow.kafka_admin import StackError

    monkeypatch.setenv("KAFKA_BOOTSTRAP", f"127.0.0.1:{free_port()}")
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(StackError, match="not reachable"):
        stack_up(Settings(home=tmp_path), log=lambda *_: None)
