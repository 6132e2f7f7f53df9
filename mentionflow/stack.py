"""``mentionflow stack up|down|status|reset|install``: a local broker and Redis on 127.0.0.1, state
and pids under ``<home>/stack``. The broker is Apache Kafka in KRaft mode (jars from Maven Central,
see kafka_dist.py) by default, or noida-db (``--broker noida``) where there is no Java. With
``KAFKA_BOOTSTRAP``/``REDIS_URL`` set it starts nothing and only checks connectivity.

Data is kept across ``down``/``up`` and crashes; only ``stack reset --yes`` deletes it. Also the
local service the retriever backend needs (``RetrieverBackend.local_service``: OpenSearch's node,
``opensearch_node.py``, for ``MENTIONFLOW_RETRIEVER=opensearch``) and any named in ``services``
(``stack up --opensearch``), from ``mentionflow.local_services``."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import orjson

from mentionflow.settings import Settings
from streams.broker import StackError, ensure_topics, problems_message
from streams.topics import TopicNames

__all__ = ["stack_up", "stack_down", "stack_status", "stack_reset", "check_services", "BROKERS"]

BROKERS = ("kafka", "noida")


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


def _ensure_topics(settings: Settings, ready_timeout_s: float = 0.0) -> list[str]:
    """Create the missing topics (the admin path); StackError when existing ones differ."""
    report = asyncio.run(ensure_topics(settings.kafka_bootstrap, TopicNames(settings.topic_prefix).all(),
                                       settings.partitions, ready_timeout_s))
    if report.problems:
        raise StackError(problems_message(report.problems, settings.kafka_bootstrap))
    return list(report.created)


def controller_port(settings: Settings) -> int:
    return settings.kafka_controller_port or kafka_endpoint(settings).port + 1


def _start_kafka(settings: Settings, root: Path, log: Callable[[str], None]) -> tuple[subprocess.Popen, dict]:
    """Apache Kafka, KRaft, one process as broker and controller. The data dir is formatted once
    (its cluster id lives in its meta.properties) and kept across restarts and crashes."""
    from mentionflow import kafka_dist as kd

    dist = kd.install(settings.kafka_cache, log=log)
    kd.require_java()
    conf, data = root / "kafka", root / "kraft-data"
    conf.mkdir(parents=True, exist_ok=True)
    props, log4j = conf / "server.properties", conf / "log4j2.properties"
    port, cport = kafka_endpoint(settings).port, controller_port(settings)
    props.write_text(kd.server_properties(data, port, cport, settings.partitions))
    log4j.write_text(kd.log4j2_properties(root / "kafka.log"))
    if not (data / "meta.properties").exists():
        if data.exists() and any(data.iterdir()):
            raise StackError(f"{data} holds files but no meta.properties (not a Kafka log dir, or its format was "
                             "interrupted); nothing was deleted: look at it, then `mentionflow stack reset --yes`")
        cluster_id = kd.random_cluster_id()
        res = subprocess.run(kd.storage_format_command(dist, props, cluster_id, log4j), capture_output=True, text=True,
                             timeout=120, stdin=subprocess.DEVNULL)
        if res.returncode != 0:
            raise StackError(f"kafka-storage format failed:\n{(res.stdout + res.stderr).strip()[-2000:]}")
        log(f"formatted {data} (KRaft, cluster id {cluster_id})")
    proc = subprocess.Popen(
        kd.java_command(dist, "kafka.Kafka", [str(props.resolve())], log4j, settings.kafka_heap_mb),
        stdout=open(root / "kafka.out", "ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    info = {"pid": proc.pid, "expect": str(props.resolve()), "port": port, "controller_port": cport,
            "broker": "kafka", "version": dist.version}
    return proc, info


def _start_noida(settings: Settings, root: Path) -> tuple[subprocess.Popen, dict]:
    data = root / "noida-data"
    data.mkdir(parents=True, exist_ok=True)
    port = kafka_endpoint(settings).port
    proc = subprocess.Popen(
        [str(noida_binary()), "start", "--data-dir", str(data.resolve()), "--host", "127.0.0.1", "--only", "kafka",
         "--kafka-port", str(port)],
        stdout=open(root / "kafka.log", "ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    return proc, {"pid": proc.pid, "expect": str(data.resolve()), "port": port, "broker": "noida", "version": "0.2.3"}


def _wanted_services(settings: Settings, services: Sequence[str]) -> list[str]:
    """``services`` plus the one the retriever backend needs, in that order, each once."""
    from mentionflow.components import retrievers

    backend = retrievers.get(settings.retriever).local_service
    return list(dict.fromkeys([*services, *([backend] if backend else [])]))


def stack_up(settings: Settings, broker: str | None = None, log: Callable[[str], None] = print,
             services: Sequence[str] = ()) -> dict:
    """Start the local broker (``broker`` or settings.broker) and Redis, then create the missing
    topics; before them the local services (``services`` and the retriever backend's). Never
    deletes data: a stack that crashed comes back with its topics and offsets."""
    from mentionflow.local_services import local_services

    broker = broker or settings.broker
    if broker not in BROKERS:
        raise StackError(f"unknown broker {broker!r}; expected one of {BROKERS}")
    for name in _wanted_services(settings, services):
        local_services.get(name).up(settings, log)
    if settings.external_stack:
        check_services(settings)
        created = _ensure_topics(settings)
        log(f"external stack reachable (Kafka {settings.kafka_bootstrap}, Redis {settings.redis_url}); started nothing; topics created: {len(created)}")
        return {}
    t0 = time.monotonic()
    root = settings.stack_root
    root.mkdir(parents=True, exist_ok=True)
    pids_path = _pids_file(settings)
    if pids_path.exists():
        running = orjson.loads(pids_path.read_bytes())
        if all(_alive(v["pid"], v["expect"]) for v in running.values()):
            desc = ", ".join(f"{k} pid {v['pid']}" for k, v in running.items())
            log(f"stack already up: {desc}")
            return running
        log("the last stack did not stop cleanly (crash?); stopping what is left of it; its data is kept")
        stack_down(settings, log=lambda *_: None)
    kep, rep = kafka_endpoint(settings), redis_endpoint(settings)
    ports = [("Kafka", kep), ("Redis", rep)]
    if broker == "kafka":
        ports.append(("the Kafka controller", Endpoint("127.0.0.1", controller_port(settings))))
    for name, ep in ports:
        if port_open(ep):
            raise StackError(f"port {ep.host}:{ep.port} for {name} is already taken by another process; stop it or set MENTIONFLOW_* / KAFKA_BOOTSTRAP / REDIS_URL")
    rdata = root / "redis-data"
    rdata.mkdir(parents=True, exist_ok=True)
    started: dict = {}
    try:
        kproc, kinfo = _start_kafka(settings, root, log) if broker == "kafka" else _start_noida(settings, root)
        started["kafka"] = kinfo
        pids_path.write_bytes(orjson.dumps(started))
        rproc = subprocess.Popen(
            [redis_binary(), "--port", str(rep.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--dir", str(rdata.resolve())],
            stdout=open(root / "redis.log", "ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        started["redis"] = {"pid": rproc.pid, "expect": "redis-server", "port": rep.port}
        pids_path.write_bytes(orjson.dumps(started))
        label = f"Kafka {kinfo['version']} (KRaft)" if broker == "kafka" else "noida-db"
        wait_port(kep, 120, label, kproc)
        wait_port(rep, 20, "Redis", rproc)
        _redis_ping(settings)
        created = _ensure_topics(settings, ready_timeout_s=60)
    except BaseException:
        stack_down(settings, log=lambda *_: None)
        raise
    log(f"stack up in {time.monotonic() - t0:.1f}s: {label} 127.0.0.1:{kep.port} (pid {kproc.pid}), "
        f"Redis 127.0.0.1:{rep.port} (pid {rproc.pid}), {len(created)} topics created x{settings.partitions} "
        f"partitions; state in {root}")
    return started


def stack_down(settings: Settings, log: Callable[[str], None] = print) -> int:
    """Stop exactly what ``stack_up`` started (pids recorded, command line checked). Data stays."""
    from mentionflow.local_services import local_services

    for name in local_services.names():
        local_services.get(name).down(settings, log)
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
        # Kafka's controlled shutdown flushes and closes its logs: give it time before SIGKILL
        deadline = time.monotonic() + (60 if v.get("broker") == "kafka" else 10)
        while _alive(pid, v["expect"]) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.05)
        if _alive(pid, v["expect"]):
            os.kill(pid, signal.SIGKILL)
            log(f"{name} (pid {pid}) did not stop on SIGTERM: killed")
        _reap(pid)
        stopped += 1
        log(f"stopped {name} (pid {pid})")
    pids_path.unlink(missing_ok=True)
    return stopped


#: what ``stack reset`` deletes under the stack root (kafka-data: noida-db's dir before it was renamed)
DATA_DIRS = ("kraft-data", "noida-data", "kafka-data", "redis-data")


def stack_reset(settings: Settings, yes: bool, log: Callable[[str], None] = print) -> list[Path]:
    """Stop the local stack and delete its data (topics, DLQs, offsets, review decisions). Only
    with ``yes``; never for an external stack."""
    if settings.external_stack:
        raise StackError("stack reset deletes a local stack's data; KAFKA_BOOTSTRAP/REDIS_URL point at an external "
                         "stack, which it never touches")
    root = settings.stack_root
    doomed = [root / d for d in DATA_DIRS if (root / d).exists()]
    if not yes:
        listed = ", ".join(str(p) for p in doomed) or "nothing yet"
        raise StackError(f"stack reset deletes the broker's topics, DLQs, consumer offsets and review decisions "
                         f"({listed}): run it again with --yes")
    stack_down(settings, log=log)
    for p in doomed:
        shutil.rmtree(p)
        log(f"deleted {p}")
    return doomed


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
    from mentionflow.components import retrievers
    from mentionflow.local_services import local_services

    for name in local_services.names():
        service = local_services.get(name)
        if name == retrievers.get(settings.retriever).local_service or service.started(settings):
            out[name] = service.status(settings)
    pids_path = _pids_file(settings)
    if pids_path.exists():
        for name, v in orjson.loads(pids_path.read_bytes()).items():
            out[name]["pid"] = v["pid"]
            out[name]["running"] = _alive(v["pid"], v["expect"])
            for key in ("broker", "version", "controller_port"):
                if key in v:
                    out[name][key] = v[key]
    out["data"] = {d: str(settings.stack_root / d) for d in DATA_DIRS if (settings.stack_root / d).exists()}
    return out
