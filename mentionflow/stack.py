"""``mentionflow stack up|down|status``: a local Kafka-protocol broker (noida-db) and Redis on
127.0.0.1, state and pids under ``<home>/stack``. With ``KAFKA_BOOTSTRAP``/``REDIS_URL`` set it
starts nothing and only checks connectivity. With ``opensearch`` (or ``MENTIONFLOW_RETRIEVER=
opensearch``) also a local OpenSearch node (``opensearch_node.py``)."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import orjson

from mentionflow.kafka_admin import StackError, ensure_topics
from mentionflow.settings import Settings
from streams.topics import TopicNames

__all__ = ["stack_up", "stack_down", "stack_status", "check_services"]


@dataclass(frozen=True, slots=True)
class Endpoint:
    host: str
    port: int


def kafka_endpoint(settings: Settings) -> Endpoint:
    first = settings.kafka_bootstrap.split(",")[0]
    host, _, port = first.rpartition(":")
    return Endpoint(host or "127.0.0.1", int(port or 9092))


def redis_endpoint(settings: Settings) -> Endpoint:
    u = urlparse(settings.redis_url)
    return Endpoint(u.hostname or "127.0.0.1", u.port or 6379)


def port_open(ep: Endpoint, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((ep.host, ep.port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_port(ep: Endpoint, timeout_s: float, name: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if port_open(ep):
            return
        if proc is not None and proc.poll() is not None:
            raise StackError(f"{name} exited with code {proc.returncode} before listening on {ep.host}:{ep.port}")
        time.sleep(0.05)
    raise StackError(f"{name} did not listen on {ep.host}:{ep.port} within {timeout_s:.0f}s")


def noida_binary() -> Path:
    import noida_db

    path = Path(noida_db.__file__).parent / "noida-db"
    if not path.exists():
        raise StackError(f"noida-db binary not found at {path} (pip install noida-db==0.2.3)")
    return path


def redis_binary() -> str:
    path = shutil.which("redis-server")
    if path is None:
        raise StackError("redis-server not found: apt-get install -y redis-server")
    return path


def _pids_file(settings: Settings) -> Path:
    return settings.stack_root / "pids.json"


def _alive(pid: int, expect: str) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    return expect in cmdline


def _redis_ping(settings: Settings) -> None:
    import redis

    try:
        redis.Redis.from_url(settings.redis_url, socket_timeout=2).ping()
    except redis.RedisError as exc:
        raise StackError(f"Redis at {settings.redis_url} is not reachable: {exc}") from exc


def check_services(settings: Settings) -> None:
    """Raise StackError unless both Kafka and Redis answer."""
    ep = kafka_endpoint(settings)
    if not port_open(ep, timeout=2):
        raise StackError(f"Kafka at {settings.kafka_bootstrap} is not reachable")
    _redis_ping(settings)


def _ensure_topics(settings: Settings) -> list[str]:
    return asyncio.run(ensure_topics(settings.kafka_bootstrap, TopicNames(settings.topic_prefix).all(), settings.partitions))


def stack_up(settings: Settings, keep_data: bool = False, log=print, opensearch: bool = False) -> dict:
    if opensearch or settings.retriever == "opensearch":
        from mentionflow.opensearch_node import opensearch_up

        opensearch_up(settings, log=log)
    if settings.external_stack:
        check_services(settings)
        created = _ensure_topics(settings)
        log(f"external stack reachable (Kafka {settings.kafka_bootstrap}, Redis {settings.redis_url}); started nothing; topics created: {len(created)}")
        return {}
    root = settings.stack_root
    root.mkdir(parents=True, exist_ok=True)
    pids_path = _pids_file(settings)
    if pids_path.exists():
        running = orjson.loads(pids_path.read_bytes())
        if all(_alive(v["pid"], v["expect"]) for v in running.values()):
            desc = ", ".join(f"{k} pid {v['pid']}" for k, v in running.items())
            log(f"stack already up: {desc}")
            return running
        stack_down(settings, log=lambda *_: None)
    kep, rep = kafka_endpoint(settings), redis_endpoint(settings)
    for name, ep in (("Kafka", kep), ("Redis", rep)):
        if port_open(ep):
            raise StackError(f"port {ep.host}:{ep.port} for {name} is already taken by another process; stop it or set MENTIONFLOW_* / KAFKA_BOOTSTRAP / REDIS_URL")
    kdata = root / "kafka-data"
    if kdata.exists() and not keep_data:
        shutil.rmtree(kdata)
    kdata.mkdir(parents=True, exist_ok=True)
    rdata = root / "redis-data"
    rdata.mkdir(parents=True, exist_ok=True)
    started: dict = {}
    try:
        noida = noida_binary()
        kproc = subprocess.Popen(
            [str(noida), "start", "--data-dir", str(kdata.resolve()), "--host", "127.0.0.1", "--only", "kafka",
             "--kafka-port", str(kep.port)],
            stdout=open(root / "kafka.log", "ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        started["kafka"] = {"pid": kproc.pid, "expect": "noida-db", "port": kep.port}
        rproc = subprocess.Popen(
            [redis_binary(), "--port", str(rep.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--dir", str(rdata.resolve())],
            stdout=open(root / "redis.log", "ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        started["redis"] = {"pid": rproc.pid, "expect": "redis-server", "port": rep.port}
        pids_path.write_bytes(orjson.dumps(started))
        wait_port(kep, 20, "Kafka (noida-db)", kproc)
        wait_port(rep, 20, "Redis", rproc)
        _redis_ping(settings)
        created = _ensure_topics(settings)
    except BaseException:
        stack_down(settings, log=lambda *_: None)
        raise
    log(f"stack up: Kafka 127.0.0.1:{kep.port} (pid {kproc.pid}), Redis 127.0.0.1:{rep.port} (pid {rproc.pid}), "
        f"{len(created)} topics created x{settings.partitions} partitions; state in {root}")
    return started


def stack_down(settings: Settings, log=print) -> int:
    """Stop exactly what ``stack_up`` started (pids recorded, command line checked)."""
    from mentionflow.opensearch_node import opensearch_down

    opensearch_down(settings, log=log)
    pids_path = _pids_file(settings)
    if settings.external_stack or not pids_path.exists():
        log("nothing to stop")
        return 0
    running = orjson.loads(pids_path.read_bytes())
    stopped = 0
    for name, v in running.items():
        pid = v["pid"]
        if not _alive(pid, v["expect"]):
            continue
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while _alive(pid, v["expect"]) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.05)
        if _alive(pid, v["expect"]):
            os.kill(pid, signal.SIGKILL)
        _reap(pid)
        stopped += 1
        log(f"stopped {name} (pid {pid})")
    pids_path.unlink(missing_ok=True)
    return stopped


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def stack_status(settings: Settings) -> dict:
    kep, rep = kafka_endpoint(settings), redis_endpoint(settings)
    out: dict[str, Any] = {"mode": "external" if settings.external_stack else "local",
           "kafka": {"address": f"{kep.host}:{kep.port}", "reachable": port_open(kep)},
           "redis": {"address": f"{rep.host}:{rep.port}", "reachable": port_open(rep)}}
    if settings.retriever == "opensearch" or (settings.stack_root / "opensearch.json").exists():
        from mentionflow.opensearch_node import opensearch_status

        out["opensearch"] = opensearch_status(settings)
    pids_path = _pids_file(settings)
    if pids_path.exists():
        for name, v in orjson.loads(pids_path.read_bytes()).items():
            out[name]["pid"] = v["pid"]
            out[name]["running"] = _alive(v["pid"], v["expect"])
    return out
