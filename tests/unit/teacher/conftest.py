"""A real local HTTP server that plays scripted Chat Completions responses."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import orjson
import pytest
from aiohttp import web

API_KEY = "sk-test-DO-NOT-LEAK-4f9a2c"


def completion(
    content: str | None, prompt_tokens: int = 1000, completion_tokens: int = 200, **message: Any
) -> dict[str, Any]:
    """A Chat Completions response body with one choice."""
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, **message},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


@dataclass
class Reply:
    """One scripted response. ``body`` is JSON-encoded unless it is already bytes."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


class FakeTeacher:
    """Plays ``script`` in order, then ``default``; records requests and peak concurrency."""

    def __init__(self) -> None:
        self.script: deque[Reply] = deque()
        self.default: Reply | None = None
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.base_url = ""

    def play(self, *replies: Reply) -> None:
        self.script.extend(replies)

    async def handle(self, request: web.Request) -> web.Response:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            raw = await request.read()
            self.requests.append(
                {"path": request.path, "headers": dict(request.headers), "json": orjson.loads(raw)}
            )
            reply = self.script.popleft() if self.script else self.default
            assert reply is not None, "fake teacher: script exhausted"
            if reply.delay_s:
                await asyncio.sleep(reply.delay_s)
            body = reply.body if isinstance(reply.body, bytes) else orjson.dumps(reply.body)
            return web.Response(
                status=reply.status,
                body=body,
                headers={"Content-Type": "application/json", **reply.headers},
            )
        finally:
            self.in_flight -= 1


@pytest.fixture
async def fake_teacher() -> AsyncIterator[FakeTeacher]:
    server = FakeTeacher()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", server.handle)
    runner = web.AppRunner(app, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    server.base_url = f"http://{host}:{port}/v1"
    try:
        yield server
    finally:
        await runner.cleanup()


class RecordedSleep:
    """An injectable ``sleep`` that records the delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> RecordedSleep:
    return RecordedSleep()
