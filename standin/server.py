"""The stand-in's HTTP shell (aiohttp): ``POST /v1/chat/completions`` as OpenAI serves it.

Order per request: auth -> simulated outage (``error_rate``: 503 with Retry-After) -> decode
(400 when the request is not one the teacher client writes) -> answer on one worker thread
(spaCy and the linker are not shared across threads) -> simulated latency -> usage (tokens
approximated as characters / 4, stated in the README) -> response.
"""

from __future__ import annotations

import asyncio
import hmac
import random
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import orjson
import structlog
from aiohttp import web

from standin.decode import ExtractionTask, RequestNotUnderstood, decode_request
from standin.engine import StandinEngine

__all__ = ["StandinOptions", "build_app", "approx_tokens"]

log = structlog.get_logger("mentionflow.standin")


@dataclass(frozen=True, slots=True)
class StandinOptions:
    """api_key: the bearer token clients must send. latency_ms: added to every answer.
    error_rate: share of requests answered 503 (outage drills). model: name reported back."""

    api_key: str
    model: str = "mentionflow-standin"
    latency_ms: float = 0.0
    error_rate: float = 0.0
    seed: int = 0


def approx_tokens(text: str) -> int:
    return max(1, (len(text) + 3) // 4)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    body = {"error": {"message": message, "type": "invalid_request_error" if status < 500 else "server_error"}}
    return web.Response(status=status, body=orjson.dumps(body), content_type="application/json", headers=headers)


def build_app(engine: StandinEngine, opts: StandinOptions) -> web.Application:
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="standin")
    rng = random.Random(opts.seed)
    counters = {"requests": 0, "answered": 0, "rejected": 0, "outages": 0}

    async def completions(request: web.Request) -> web.Response:
        counters["requests"] += 1
        auth = request.headers.get("Authorization", "")
        if not hmac.compare_digest(auth.encode(), f"Bearer {opts.api_key}".encode()):
            counters["rejected"] += 1
            return _error(401, "invalid API key")
        if opts.error_rate and rng.random() < opts.error_rate:
            counters["outages"] += 1
            return _error(503, "simulated outage", {"Retry-After": "0"})
        try:
            body = orjson.loads(await request.read())
            task = decode_request(body)
        except (orjson.JSONDecodeError, RequestNotUnderstood, KeyError, TypeError, AttributeError) as exc:
            counters["rejected"] += 1
            return _error(400, f"request not understood: {type(exc).__name__}: {exc}")
        loop = asyncio.get_running_loop()
        fn = engine.extract if isinstance(task, ExtractionTask) else engine.normalize
        arg: Any = task.text if isinstance(task, ExtractionTask) else task
        answer = await loop.run_in_executor(pool, fn, arg)
        if opts.latency_ms:
            await asyncio.sleep(opts.latency_ms / 1000)
        content = orjson.dumps(answer).decode()
        prompt = sum(approx_tokens(str(m.get("content", ""))) for m in body.get("messages", []))
        completion = approx_tokens(content)
        counters["answered"] += 1
        return web.json_response({
            "id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "object": "chat.completion", "created": int(time.time()),
            "model": opts.model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
        }, dumps=lambda o: orjson.dumps(o).decode())

    async def models(_: web.Request) -> web.Response:
        return web.json_response({"object": "list", "data": [{"id": opts.model, "object": "model", "owned_by": "mentionflow"}]})

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"ok": True, **counters})

    async def shutdown(_: web.Application) -> None:
        pool.shutdown(wait=False, cancel_futures=True)

    app = web.Application(client_max_size=4 * 1024 * 1024)
    for prefix in ("/v1", ""):
        app.router.add_post(f"{prefix}/chat/completions", completions)
        app.router.add_get(f"{prefix}/models", models)
    app.router.add_get("/health", health)
    app.on_cleanup.append(shutdown)
    return app
