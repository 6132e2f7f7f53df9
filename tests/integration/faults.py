"""Helpers of the fault suite: the audit on a test's own topics, a pipeline split over worker
processes, and a private Redis the test may stop and start again."""

from __future__ import annotations

import socket
import subprocess
import time
from datetime import datetime
from pathlib import Path

import orjson

from mentionflow.audit import AuditReport, audit, format_report
from mentionflow.settings import Settings
from streams.topics import TopicNames, message_key
from tests.integration.conftest import WorkerProcess

__all__ = ["audit_topics", "assert_nothing_lost", "docs", "encoded", "split_workers", "PrivateRedis", "free_port"]

CITIES = ["Paris", "Berlin", "Tokyo", "Lagos", "Sydney", "Toronto", "Moscow", "Mumbai"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def docs(prefix: str, n: int) -> list[dict]:
    return [{"id": f"{prefix}-{i:05d}", "text": f"Report {i}: Angela Merkel spoke in {CITIES[i % len(CITIES)]}."}
            for i in range(n)]


def encoded(items: list[dict]) -> list[tuple[bytes | None, bytes]]:
    return [(message_key(d["id"]), orjson.dumps(d)) for d in items]


def audit_topics(bootstrap: str, topics: TopicNames, since: datetime) -> AuditReport:
    """``mentionflow audit --since`` on the test's topics (the same function the command runs)."""
    settings = Settings.model_validate({"KAFKA_BOOTSTRAP": bootstrap, "topic_prefix": topics.prefix})
    return audit(settings, since)


def assert_nothing_lost(bootstrap: str, topics: TopicNames, since: datetime, inputs: int) -> AuditReport:
    report = audit_topics(bootstrap, topics, since)
    print("\nAUDIT:", format_report(report))
    assert report.inputs == inputs, format_report(report)
    assert not report.lost, format_report(report)
    return report


def split_workers(factory, topics: TopicNames, tmp_path: Path, roles: list[str],
                  env: dict[str, str] | None = None) -> dict[str, WorkerProcess]:
    """One worker process per role (its own group, log and instance id), not started."""
    out = {}
    for role in roles:
        w = factory(topics, role)
        w.env.update({"MENTIONFLOW_INSTANCE_ID": f"{topics.prefix}{role}-0", **(env or {})})
        w.log = tmp_path / f"{role}.log"
        out[role] = w
    return out


class PrivateRedis:
    """A redis-server of the test's own, on its own port: stopping it touches no other test."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.dir = tmp_path / "redis"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.dir)],
                                     stdout=open(self.dir / "redis.log", "ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError("private redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
