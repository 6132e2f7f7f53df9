"""``mentionflow run``: supervise worker processes (one per role by default, N per group).

A slot is one worker process of one group. When a slot dies without having been asked to stop
(a crash, an OOM kill, exit code 70 after a failed batch), it alone is restarted, after a wait
that doubles with each quick death (``restart_backoff_s`` up to ``restart_backoff_max_s``; a
slot that ran for ``stable_s`` starts again from the first wait), and its restart counter goes
up; the other slots keep running. Only SIGTERM/SIGINT stops everything.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mentionflow.configs import broker_workarounds as workarounds
from mentionflow.metrics import RESTARTS, SLOT_UP
from mentionflow.settings import Settings
from workers.agents import ALL_ROLES

__all__ = ["run_workers", "worker_command", "Slot", "Supervisor", "slot_metrics_port"]


def worker_command(role: str, loglevel: str) -> list[str]:
    return [sys.executable, "-m", "mentionflow.cli", "worker", "--role", role, "--loglevel", loglevel]


def slot_metrics_port(base: int, k: int) -> int:
    """The /metrics port of slot ``k``: ``base + 1 + k`` for a fixed base; 0 (a free port) and -1
    (none) are passed on as they are."""
    return base + 1 + k if base > 0 else base


def say(msg: str) -> None:
    print(f"mentionflow run: {msg}", file=sys.stderr, flush=True)


@dataclass
class Slot:
    name: str
    command: list[str]
    env: dict[str, str]
    proc: subprocess.Popen | None = None
    started_at: float = 0.0
    restarts: int = 0
    backoff_s: float = 0.0
    next_start: float = 0.0
    history: list[int | None] = field(default_factory=list)  # exit codes of its past processes


class Supervisor:
    """Starts slots, restarts a dead one with backoff, stops all on request. The clock, the
    sleep and the process factory are parameters (tests)."""

    def __init__(self, slots: Sequence[Slot], backoff_s: float = 1.0, backoff_max_s: float = 60.0,
                 stable_s: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 spawn: Callable[[Slot], subprocess.Popen] | None = None):
        self.slots = list(slots)
        self.backoff_s, self.backoff_max_s, self.stable_s = backoff_s, backoff_max_s, stable_s
        self.clock = clock
        self.spawn = spawn or (lambda s: subprocess.Popen(s.command, env=s.env))
        self.stopping = False

    def start(self, slot: Slot) -> None:
        slot.proc = self.spawn(slot)
        slot.started_at = self.clock()
        SLOT_UP.labels(slot.name).set(1)
        say(f"slot {slot.name} started pid {slot.proc.pid} (restarts {slot.restarts})")

    def tick(self) -> None:
        """One supervision step: notice deaths, schedule restarts, start what is due."""
        now = self.clock()
        for s in self.slots:
            if self.stopping:
                return
            if s.proc is not None and s.proc.poll() is not None:
                rc = s.proc.returncode
                s.history.append(rc)
                uptime = now - s.started_at
                s.backoff_s = self.backoff_s if uptime >= self.stable_s or not s.backoff_s \
                    else min(self.backoff_max_s, s.backoff_s * 2)
                s.next_start = now + s.backoff_s
                s.restarts += 1
                RESTARTS.labels(s.name).inc()
                SLOT_UP.labels(s.name).set(0)
                say(f"slot {s.name} pid {s.proc.pid} exited with {rc} after {uptime:.1f} s; restart #{s.restarts} "
                    f"in {s.backoff_s:g} s")
                s.proc = None
            if s.proc is None and now >= s.next_start:
                self.start(s)

    def stop(self) -> None:
        self.stopping = True
        for s in self.slots:
            if s.proc is not None and s.proc.poll() is None:
                s.proc.send_signal(signal.SIGTERM)

    def wait_stopped(self, timeout_s: float = 15.0) -> None:
        deadline = time.monotonic() + timeout_s
        for s in self.slots:
            if s.proc is None:
                continue
            try:
                s.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                s.proc.kill()
                s.proc.wait(5)


def run_workers(settings: Settings, roles: Sequence[str], processes: int, single: bool, loglevel: str,
                stagger_s: float | None = None) -> int:
    bad = [r for r in roles if r not in ALL_ROLES]
    if bad:
        raise ValueError(f"unknown worker(s) {bad}; expected {list(ALL_ROLES)}")
    groups = [",".join(roles)] if single else list(roles)
    slots = [Slot(f"{g.replace(',', '+')}#{i}", worker_command(g, loglevel),
                  {**os.environ, "MENTIONFLOW_INSTANCE_ID": f"{socket.gethostname()}-{g.replace(',', '+')}-{i}",
                   "MENTIONFLOW_METRICS_PORT": str(slot_metrics_port(settings.metrics_port, k))})
             for k, (i, g) in enumerate((i, g) for i in range(processes) for g in groups)]
    sup = Supervisor(slots, settings.restart_backoff_s, settings.restart_backoff_max_s)
    if settings.metrics_port >= 0:
        from mentionflow.ops import serve_ops_in_thread

        async def slots_alive() -> str | None:
            down = [s.name for s in sup.slots if s.proc is None or s.proc.poll() is not None]
            return f"not running: {', '.join(down)}" if down else None

        port = serve_ops_in_thread({"slots": slots_alive}, settings.metrics_host, settings.metrics_port, "supervisor")
        say(f"metrics on http://{settings.metrics_host}:{port}/metrics; slot k on "
            + (f"port {settings.metrics_port} + 1 + k" if settings.metrics_port else "a port of its own (logged)"))
    signal.signal(signal.SIGTERM, lambda *_: sup.stop())
    signal.signal(signal.SIGINT, lambda *_: sup.stop())
    # On noida-db, slots of one group start `stagger_s` (8 s) apart: simultaneous JoinGroups made it
    # hand a member an undecodable assignment (aiokafka "Unexpected error in coordinator routine"),
    # after which the group stalled. Apache Kafka handles concurrent joins: no stagger there.
    if stagger_s is None:
        stagger_s = workarounds(settings).join_stagger_s
    for i in range(processes):
        if i:
            time.sleep(stagger_s)
        for s in slots[i * len(groups):(i + 1) * len(groups)]:
            if not sup.stopping:
                sup.start(s)
    say(f"started {len(slots)} worker process(es): " + ", ".join(f"{g} x{processes}" for g in groups))
    while not sup.stopping:
        sup.tick()
        time.sleep(0.2)
    sup.wait_stopped()
    return 0
