"""``mentionflow review serve``: the human review web UI (aiohttp), 127.0.0.1 by default: the
routes (this module) over the review server's state and effects (``mentionflow/review_server.py``:
the queue followed from Kafka, leases, decisions, undo), with the pure parts beside it
(``review_items.py``, ``review_labelstudio.py``, ``review_stats.py``, ``review_search.py``).

Each reviewer signs in with their own token (``mentionflow/review_access.py``); the reviewer name
recorded on a decision is the one that token belongs to, never one the client sends. The HTTP
boundary (CSRF guard, security headers, 400/503 mapping, an access log without tokens) is
``mentionflow/review_http.py``.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import orjson
from aiohttp import web
from pydantic import BaseModel, Field

from mentionflow.review_access import Reviewers
from mentionflow.review_http import (
    COOKIE,
    ReviewAccessLogger,
    add_security_headers,
    fail,
    middlewares,
    read_body,
)
from mentionflow.review_items import item_json
from mentionflow.review_labelstudio import (
    LABELSTUDIO_LEASE_S,
    LabelStudioTask,
    decisions_from_labelstudio,
    labelstudio_tasks,
)
from mentionflow.review_server import ReviewServer
from mentionflow.review_stats import doc_history, queue_stats
from mentionflow.settings import Settings

__all__ = ["build_review_app", "serve_review"]

DATA = Path(__file__).parent / "data"


class DecideBody(BaseModel):
    id: str
    choice: str  # a client-sent "reviewer" is ignored: the identity comes from the token
    reason: str = Field(default="", max_length=500)  # why (a NIL's reason; optional otherwise)


class SearchBody(BaseModel):
    q: str = Field(max_length=200)
    k: int = Field(default=10, ge=1, le=50)


class HistoryBody(BaseModel):
    doc_id: str = Field(min_length=1, max_length=512)


class ItemBody(BaseModel):
    id: str


class LoginBody(BaseModel):
    token: str


class ExportBody(BaseModel):
    limit: int = Field(default=100, ge=1, le=1000)


def _json(o: Any) -> web.Response:
    return web.json_response(o, dumps=lambda v: orjson.dumps(v).decode())


def build_review_app(settings: Settings, reviewers: Reviewers) -> web.Application:
    """Routes: ``GET /`` (the page, public), ``POST /api/login`` (token -> session cookie),
    ``POST /api/lease`` (lease the next item), ``POST /api/decide``, ``POST /api/skip``,
    ``POST /export/labelstudio`` (lease up to ``limit`` items as Label Studio tasks),
    ``POST /import/labelstudio`` (decisions for items leased to the caller), ``POST /api/search``
    (the KB by id, name, alias or prefix), ``POST /api/stats`` (the queue at a glance),
    ``POST /api/history`` (one document's decisions), ``POST /api/undo`` (the caller's last decision)."""
    srv = ReviewServer(settings, lease_s=settings.review_lease_s)

    def static(name: str, content_type: str) -> Any:
        async def handler(_: web.Request) -> web.Response:
            return web.Response(text=(DATA / name).read_text(), content_type=content_type)
        return handler

    async def login(request: web.Request) -> web.Response:
        body = await read_body(request, LoginBody)
        reviewer = reviewers.identify(body.token)
        if reviewer is None:
            raise fail(web.HTTPUnauthorized, "unknown reviewer token")
        resp = _json({"reviewer": reviewer})
        resp.set_cookie(COOKIE, body.token, httponly=True, samesite="Strict", path="/")
        return resp

    async def logout(_: web.Request) -> web.Response:
        resp = _json({"ok": True})
        resp.del_cookie(COOKIE, path="/")
        return resp

    async def lease(request: web.Request) -> web.Response:
        reviewer = request["reviewer"]
        got = await srv.lease(reviewer)
        return _json({"reviewer": reviewer, "item": item_json(got[0]) if got else None,
                      "waiting": len(srv.book.queue())})

    async def decide(request: web.Request) -> web.Response:
        body = await read_body(request, DecideBody)
        d = await srv.decide(body.id, body.choice, request["reviewer"], reason=body.reason.strip() or "human review")
        return _json({"ok": True, "kb_id": d.kb_id, "nil_reason": d.nil_reason, "reason": d.reason})

    async def search(request: web.Request) -> web.Response:
        body = await read_body(request, SearchBody)
        if srv.search_loaded is not None:
            await asyncio.wait_for(asyncio.shield(srv.search_loaded), 60)  # the KB loads once, at start
        if srv.search is None:
            raise fail(web.HTTPServiceUnavailable, srv.search_error)
        return _json({"q": body.q, "results": srv.search.search(body.q, body.k)})

    async def stats(request: web.Request) -> web.Response:
        await asyncio.wait_for(srv.ready.wait(), 30)
        return _json(queue_stats(srv.book, request["reviewer"], int(time.time() * 1000)))

    async def history(request: web.Request) -> web.Response:
        body = await read_body(request, HistoryBody)
        await asyncio.wait_for(srv.ready.wait(), 30)
        doc = srv.docs.get(body.doc_id)
        return _json({"doc_id": body.doc_id, "events": doc_history(srv.book, body.doc_id),
                      "entities": [e.model_dump(mode="json") for e in doc.entities] if doc else [],
                      "pending_review": doc.pending_review if doc else None})

    async def undo(request: web.Request) -> web.Response:
        h = await srv.undo(request["reviewer"])
        return _json({"ok": True, "undone": h.id, "item": item_json(h), "waiting": len(srv.book.queue())})

    async def skip(request: web.Request) -> web.Response:
        await srv.release((await read_body(request, ItemBody)).id, request["reviewer"])
        return _json({"ok": True})

    async def export(request: web.Request) -> web.Response:
        body = await read_body(request, ExportBody)
        return _json(labelstudio_tasks(await srv.lease(request["reviewer"], body.limit, LABELSTUDIO_LEASE_S * 1000)))

    async def import_(request: web.Request) -> web.Response:
        reviewer, done, refused = request["reviewer"], 0, []
        for iid, choice, who in decisions_from_labelstudio(await read_body(request, list[LabelStudioTask])):
            if iid in srv.book.human_done:
                continue  # decided already (a re-import)
            try:
                await srv.decide(iid, choice, reviewer, reason=f"label studio annotation by {who[:64]}")
                done += 1
            except (web.HTTPConflict, web.HTTPBadRequest) as exc:
                refused.append({"item_id": iid, "error": orjson.loads(exc.text or "{}").get("error", "")})
        return _json({"imported": done, "refused": refused})

    app = web.Application(middlewares=middlewares(reviewers))
    app.router.add_get("/", static("review.html", "text/html"))
    app.router.add_get("/review.js", static("review.js", "text/javascript"))
    app.router.add_get("/review.css", static("review.css", "text/css"))
    app.router.add_post("/api/login", login)
    app.router.add_post("/api/logout", logout)
    app.router.add_post("/api/lease", lease)
    app.router.add_post("/api/decide", decide)
    app.router.add_post("/api/skip", skip)
    app.router.add_post("/api/search", search)
    app.router.add_post("/api/stats", stats)
    app.router.add_post("/api/history", history)
    app.router.add_post("/api/undo", undo)
    app.router.add_post("/export/labelstudio", export)
    app.router.add_post("/import/labelstudio", import_)
    app.on_response_prepare.append(add_security_headers)
    app.on_startup.append(srv.start)
    app.on_cleanup.append(srv.stop)
    return app


def serve_review(settings: Settings, host: str, port: int) -> None:
    reviewers = Reviewers(settings.reviewers_path, settings.reviewers)
    print(f"review UI: http://{host}:{port}/ for {len(reviewers.names())} reviewer(s) from {settings.reviewers_path}",
          flush=True)
    app = build_review_app(settings, reviewers)
    if settings.metrics_port >= 0:  # /metrics, /healthz, /readyz on a loopback port of their own
        from mentionflow.ops import broker_check, redis_check, start_ops

        servers: list[Any] = []  # kept referenced while the UI runs

        async def ops(_: web.Application) -> None:
            checks = {"broker": broker_check(settings.kafka_bootstrap), "redis": redis_check(settings.redis_url)}
            servers.append(await start_ops(checks, settings.metrics_host, settings.metrics_port, "review-ui"))

        app.on_startup.append(ops)
    web.run_app(app, host=host, port=port, print=None, access_log_class=ReviewAccessLogger)
