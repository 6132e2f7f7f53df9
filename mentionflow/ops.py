"""The operator endpoints of a process: ``/metrics`` (Prometheus), ``/healthz``, ``/readyz``.

- ``/healthz``: the process's event loop answers (liveness; a wedged loop times the probe out).
- ``/readyz``: every readiness check passes (the broker answers a metadata request, Redis answers
  PING, the models report healthy); 503 with the failing checks otherwise. JSON body either way.
- ``/metrics``: the process's default Prometheus registry (:mod:`mentionflow.metrics`).

One small aiohttp app, run inside a worker's own event loop (faust's) or, for processes that have
none (the supervisor), on a thread of its own. It binds ``settings.metrics_host`` (127.0.0.1 by
default) and ``settings.metrics_port`` (0: a free port the OS picks, logged as ``ops_listening``;
-1: no endpoint). ``mentionflow run`` with a fixed port P gives itself P and slot k P + 1 + k.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import orjson
import structlog
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

__all__ = ["Check", "ops_app", "start_ops", "serve_ops_in_thread", "broker_check", "redis_check", "models_check",
           "run_checks"]

log = structlog.get_logger("mentionflow.ops")

#: a readiness check: None when fine, else what is wrong (one line)
Check = Callable[[], Awaitable[str | None]]


async def run_checks(checks: Mapping[str, Check], timeout_s: float = 3.0) -> dict[str, str]:
    """Every check at once, each time-boxed: ``{name: "ok" | problem}``."""

    async def one(check: Check) -> str:
        try:
            problem = await asyncio.wait_for(check(), timeout_s)
        except TimeoutError:
            return f"no answer within {timeout_s:g}s"
        except Exception as exc:  # noqa: BLE001 - a failing check is a verdict, not a crash
            return f"{type(exc).__name__}: {exc}"[:300]
        return problem or "ok"

    names = list(checks)
    results = await asyncio.gather(*(one(checks[n]) for n in names))
    return dict(zip(names, results, strict=True))


def ops_app(checks: Mapping[str, Check]) -> web.Application:
    async def metrics(_: web.Request) -> web.Response:
        body = generate_latest(REGISTRY)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(_: web.Request) -> web.Response:
        results = await run_checks(checks)
        ready = all(v == "ok" for v in results.values())
        return web.json_response({"ready": ready, "checks": results}, status=200 if ready else 503,
                                 dumps=lambda v: orjson.dumps(v).decode())

    app = web.Application()
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app


async def start_ops(checks: Mapping[str, Check], host: str, port: int, process: str) -> tuple[web.AppRunner, int]:
    """Serve the endpoints on the running loop; returns the runner and the bound port."""
    runner = web.AppRunner(ops_app(checks), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = int(runner.addresses[0][1]) if runner.addresses else port
    log.info("ops_listening", process=process, url=f"http://{host}:{bound}", endpoints=["/metrics", "/healthz", "/readyz"])
    return runner, bound


def serve_ops_in_thread(checks: Mapping[str, Check], host: str, port: int, process: str) -> int:
    """For a process without an event loop: the endpoints on a daemon thread; returns the port."""
    loop = asyncio.new_event_loop()
    started: dict[str, Any] = {}
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            started["port"] = loop.run_until_complete(start_ops(checks, host, port, process))[1]
        except BaseException as exc:  # noqa: BLE001 - reported to the caller below
            started["error"] = exc
            ready.set()
            return
        ready.set()
        loop.run_forever()

    threading.Thread(target=run, name="mf-ops-http", daemon=True).start()
    ready.wait(10)
    if "error" in started:
        raise started["error"]
    return int(started["port"])


def broker_check(bootstrap: str) -> Check:
    """The broker answers a metadata request."""

    async def check() -> str | None:
        from streams.broker import broker_reachable

        await broker_reachable(bootstrap, timeout_ms=2000)
        return None

    return check


def redis_check(url: str) -> Check:
    """Redis answers PING (one client per check, made on the loop that runs it)."""
    state: dict[str, Any] = {}

    async def check() -> str | None:
        from redis.asyncio import Redis

        if "redis" not in state:
            state["redis"] = Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        await state["redis"].ping()
        return None

    return check


def models_check(models: Mapping[str, Any]) -> Check:
    """Each loaded model reports healthy (``health()``), in a thread: a probe must not block the loop."""

    async def check() -> str | None:
        loop = asyncio.get_running_loop()
        bad = [name for name, m in models.items()
               if m is not None and not await loop.run_in_executor(None, m.health)]
        return f"unhealthy: {', '.join(bad)}" if bad else None

    return check
