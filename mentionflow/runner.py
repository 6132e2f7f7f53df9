"""``mentionflow run``: supervise worker processes (one per role by default, N per group)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence

from mentionflow.broker_compat import workarounds
from mentionflow.settings import Settings
from workers.agents import ALL_ROLES

__all__ = ["run_workers", "worker_command"]


def worker_command(role: str, loglevel: str) -> list[str]:
    return [sys.executable, "-m", "mentionflow.cli", "worker", "--role", role, "--loglevel", loglevel]


def run_workers(settings: Settings, roles: Sequence[str], processes: int, single: bool, loglevel: str,
                stagger_s: float | None = None) -> int:
    bad = [r for r in roles if r not in ALL_ROLES]
    if bad:
        raise ValueError(f"unknown worker(s) {bad}; expected {list(ALL_ROLES)}")
    groups = [",".join(roles)] if single else list(roles)
    procs: list[subprocess.Popen] = []
    # On noida-db, slots of one group start `stagger_s` (8 s) apart: simultaneous JoinGroups made it
    # hand a member an undecodable assignment (aiokafka "Unexpected error in coordinator routine"),
    # after which the group stalled. Apache Kafka handles concurrent joins: no stagger there.
    if stagger_s is None:
        stagger_s = workarounds(settings).join_stagger_s
    for slot in range(processes):
        if slot:
            time.sleep(stagger_s)
        for g in groups:
            env = {**os.environ, "MENTIONFLOW_INSTANCE_ID": f"{socket.gethostname()}-{g.replace(',', '+')}-{slot}"}
            procs.append(subprocess.Popen(worker_command(g, loglevel), env=env))
    print(f"started {len(procs)} worker process(es): " + ", ".join(f"{g} x{processes}" for g in groups), file=sys.stderr)

    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    rc = 0
    while any(p.poll() is None for p in procs):
        for p in procs:
            if p.poll() not in (None, 0) and not stopping:
                print(f"worker pid {p.pid} exited with {p.returncode}; stopping the others", file=sys.stderr)
                rc = p.returncode or 1
                stop()
        time.sleep(0.2)
    deadline = time.monotonic() + 15
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
    return rc
