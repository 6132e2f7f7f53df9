"""``mentionflow review serve``: the human review web UI (aiohttp), 127.0.0.1 by default, token auth.

State is read from Kafka, never kept only in memory: the server follows ``entities.review``
(what was asked), ``entities.reviewed`` (every decision) and ``entities.normalized`` (each
document's latest entity list) from the beginning, so a restart rebuilds the same queue. A
person's decision is produced to ``entities.reviewed`` (``decided_by: human``) and the corrected
document to ``entities.normalized`` (same key) and acknowledged by the broker before the page
moves on; then it joins the retraining set. Before that, the decision is recorded in Redis
(``workers/review/decision_store.py``): a person's decision is final, no worker replaces it. Two reviewers never hold the same item: an item is
leased in Redis (``SET NX PX``) to one reviewer until they decide, skip, or the lease expires.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
from pathlib import Path
from typing import Any

import orjson
import structlog
from aiohttp import web
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from mentionflow.settings import Settings
from streams.codec import encode
from streams.schemas import Entity, NormalizedDocument, ReviewDecision, ReviewRequest
from streams.topics import TopicNames, message_key
from workers.review.decision_store import DecisionStore
from workers.review.precedence import DecisionRecord, overlay
from workers.review.queue import HumanItem, ReviewBook

__all__ = ["build_review_app", "serve_review", "item_json", "labelstudio_tasks", "decisions_from_labelstudio"]

log = structlog.get_logger("mentionflow.review_ui")
NIL_CHOICES = ("not_in_kb", "needs_context")
PAGE = (Path(__file__).parent / "data" / "review.html")


def item_json(h: HumanItem) -> dict[str, Any]:
    it, t = h.item, h.teacher
    return {"id": h.id, "doc_id": h.doc_id, "text": h.text, "start": it.start, "end": it.end, "surface": it.surface,
            "type": it.type, "reason": it.reason, "confidence": round(h.confidence, 4),
            "model": {"kb_id": it.proposed.kb_id, "nil_reason": it.proposed.nil_reason, "score": it.proposed.score},
            "teacher": {"kb_id": t.kb_id, "nil_reason": t.nil_reason, "confidence": t.confidence, "reason": t.reason},
            "candidates": [{"kb_id": c.kb_id, "name": c.name, "type": c.type, "score": c.score,
                            "description": c.description} for c in it.candidates]}


def human_decision(h: HumanItem, choice: str, reviewer: str) -> ReviewDecision:
    ids = {c.kb_id for c in h.item.candidates}
    if choice not in ids and choice not in NIL_CHOICES:
        raise ValueError(f"choice {choice!r} is neither a candidate nor one of {NIL_CHOICES}")
    kb_id = choice if choice in ids else None
    return ReviewDecision(doc_id=h.doc_id, start=h.item.start, end=h.item.end, surface=h.item.surface,
                          type=h.item.type, kb_id=kb_id, nil_reason=None if kb_id else choice,  # type: ignore[arg-type]
                          decided_by="human", confidence=1.0, reviewer=reviewer, reason="human review",
                          model_proposed=h.item.proposed, next="done")


def human_entity(h: HumanItem, d: ReviewDecision) -> Entity:
    name = next((c.name for c in h.item.candidates if c.kb_id == d.kb_id), None)
    return h.item.proposed.model_copy(update={"kb_id": d.kb_id, "nil_reason": d.nil_reason, "name": name,
                                              "decided_by": "human", "score": 1.0})


def corrected_document(doc: NormalizedDocument | None, h: HumanItem, d: ReviewDecision) -> NormalizedDocument:
    ent = human_entity(h, d)
    others = [e for e in (doc.entities if doc else ()) if (e.start, e.end) != (d.start, d.end)]
    pending = max(0, (doc.pending_review if doc else 1) - 1)
    return NormalizedDocument(id=h.doc_id, entities=tuple(sorted([*others, ent], key=lambda e: e.start)),
                              pending_review=pending)


def labelstudio_tasks(items: list[HumanItem]) -> list[dict[str, Any]]:
    """Label Studio JSON tasks (text + the span as a prediction + the candidate choices)."""
    tasks = []
    for h in items:
        j = item_json(h)
        choice = h.teacher.kb_id or f"NIL:{h.teacher.nil_reason or 'not_in_kb'}"
        tasks.append({"data": {"text": h.text, "item_id": h.id, "candidates": j["candidates"]},
                      "predictions": [{"model_version": "mentionflow-teacher", "score": h.teacher.confidence, "result": [
                          {"id": "span", "from_name": "label", "to_name": "text", "type": "labels",
                           "value": {"start": h.item.start, "end": h.item.end, "text": h.item.surface,
                                     "labels": [h.item.type]}},
                          {"id": "entity", "from_name": "entity", "to_name": "text", "type": "choices",
                           "value": {"choices": [choice]}}]}]})
    return tasks


def decisions_from_labelstudio(tasks: list[dict[str, Any]], book: ReviewBook) -> list[tuple[HumanItem, str, str]]:
    """(item, choice, reviewer) for every completed Label Studio annotation of a known item."""
    out = []
    for t in tasks:
        h = book.get(str(t.get("data", {}).get("item_id", "")))
        for ann in t.get("annotations", []):
            for r in ann.get("result", []):
                if r.get("type") == "choices" and h is not None:
                    c = r["value"]["choices"][0]
                    out.append((h, c.removeprefix("NIL:"), str(ann.get("completed_by", "labelstudio"))))
    return out


class ReviewServer:
    def __init__(self, settings: Settings, token: str, lease_s: int = 300):
        import redis.asyncio as aioredis

        self.settings = settings
        self.topics = TopicNames(settings.topic_prefix)
        self.token = token
        self.lease_ms = lease_s * 1000
        self.book = ReviewBook()
        self.docs: dict[str, NormalizedDocument] = {}
        self.redis = aioredis.from_url(settings.redis_url)
        self.decisions = DecisionStore(self.redis, self.topics.prefix)
        self.producer: AIOKafkaProducer | None = None
        self.ready = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        from mentionflow.traincmd import eval_texts
        from training.retraining import RetrainingStore

        self.retraining = RetrainingStore(settings.home / "training" / "retraining", eval_texts())

    async def follow(self) -> None:
        t = self.topics
        consumer = AIOKafkaConsumer(t.review, t.reviewed, t.normalized, bootstrap_servers=self.settings.kafka_bootstrap,
                                    group_id=None, auto_offset_reset="earliest", enable_auto_commit=False)
        await consumer.start()
        try:
            idle = 0
            while True:
                batch = await consumer.getmany(timeout_ms=300)
                for recs in batch.values():
                    for r in recs:
                        self._apply(r.topic, r.value)
                idle = 0 if batch else idle + 1
                if idle >= 2:
                    self.ready.set()  # caught up with what was there at start
        finally:
            await consumer.stop()

    def _apply(self, topic: str, value: bytes | None) -> None:
        if value is None:
            return
        try:
            if topic == self.topics.review:
                self.book.add_request(ReviewRequest.model_validate_json(value))
            elif topic == self.topics.reviewed:
                self.book.add_decision(ReviewDecision.model_validate_json(value))
            else:
                d = NormalizedDocument.model_validate_json(value)
                self.docs[d.id] = d
        except ValueError as exc:
            log.warning("undecodable_message_skipped", topic=topic, error=str(exc)[:200])

    def _lease_key(self, iid: str) -> str:
        return f"mf:lease:{self.topics.prefix}{iid}"

    async def lease_holder(self, iid: str) -> str:
        v = await self.redis.get(self._lease_key(iid))
        return v.decode() if isinstance(v, bytes) else (v or "")

    async def next_item(self, reviewer: str) -> HumanItem | None:
        for h in self.book.queue():
            key = self._lease_key(h.id)
            if await self.redis.set(key, reviewer, nx=True, px=self.lease_ms):
                return h
            if await self.lease_holder(h.id) == reviewer:
                return h  # already this reviewer's
        return None

    async def decide(self, iid: str, choice: str, reviewer: str, check_lease: bool = True) -> ReviewDecision:
        h = self.book.get(iid)
        if h is None or iid in self.book.human_done:
            raise web.HTTPConflict(text=f"{iid} is not waiting for a person")
        if check_lease and await self.lease_holder(iid) != reviewer:
            raise web.HTTPConflict(text=f"{iid} is not leased to {reviewer}")
        d = human_decision(h, choice, reviewer)
        # the decision record first: from now on no worker republishes this span with a lower
        # precedence (the review worker checks before asking the teacher and before publishing)
        records = await self.decisions.record(h.doc_id, [DecisionRecord(d, human_entity(h, d))])
        doc = overlay(corrected_document(self.docs.get(h.doc_id), h, d), records)
        assert self.producer is not None
        key = message_key(h.doc_id)
        futs = [await self.producer.send(self.topics.reviewed, encode(d), key=key),
                await self.producer.send(self.topics.normalized, encode(doc), key=key)]
        await asyncio.gather(*futs)  # durable before the reviewer moves on
        self.book.add_decision(d)
        self.docs[h.doc_id] = doc
        from workers.review.agent import retraining_row

        req = self.book.requests[h.doc_id]
        self.retraining.add(retraining_row(req, d))
        await self.redis.delete(self._lease_key(iid))
        log.info("human_decision", item=iid, reviewer=reviewer, kb_id=d.kb_id, nil_reason=d.nil_reason)
        return d

    async def start(self, _: web.Application) -> None:
        self.producer = AIOKafkaProducer(bootstrap_servers=self.settings.kafka_bootstrap, acks="all")
        await self.producer.start()
        self._tasks.append(asyncio.create_task(self.follow()))

    async def stop(self, _: web.Application) -> None:
        for t in self._tasks:
            t.cancel()
        if self.producer is not None:
            await self.producer.stop()
        await self.redis.aclose()


def build_review_app(settings: Settings, token: str) -> web.Application:
    srv = ReviewServer(settings, token)

    @web.middleware
    async def auth(request: web.Request, handler: Any) -> web.StreamResponse:
        given = request.query.get("token") or request.cookies.get("mf_review_token") or \
            request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise web.HTTPUnauthorized(text="review token required (?token=...)")
        resp = await handler(request)
        if request.query.get("token"):
            resp.set_cookie("mf_review_token", token, httponly=True, samesite="Strict")
        return resp

    async def page(_: web.Request) -> web.Response:
        return web.Response(text=PAGE.read_text(), content_type="text/html")

    async def next_(request: web.Request) -> web.Response:
        await asyncio.wait_for(srv.ready.wait(), 30)
        reviewer = request.query.get("reviewer", "reviewer")
        h = await srv.next_item(reviewer)
        return web.json_response({"item": item_json(h) if h else None, "waiting": len(srv.book.queue())},
                                 dumps=lambda o: orjson.dumps(o).decode())

    async def decide(request: web.Request) -> web.Response:
        body = await request.json()
        d = await srv.decide(str(body["id"]), str(body["choice"]), str(body.get("reviewer", "reviewer")))
        return web.json_response({"ok": True, "kb_id": d.kb_id, "nil_reason": d.nil_reason})

    async def skip(request: web.Request) -> web.Response:
        body = await request.json()
        if await srv.lease_holder(str(body["id"])) == str(body.get("reviewer", "reviewer")):
            await srv.redis.delete(srv._lease_key(str(body["id"])))
        return web.json_response({"ok": True})

    async def export(_: web.Request) -> web.Response:
        await asyncio.wait_for(srv.ready.wait(), 30)
        return web.json_response(labelstudio_tasks(srv.book.queue()), dumps=lambda o: orjson.dumps(o).decode())

    async def import_(request: web.Request) -> web.Response:
        await asyncio.wait_for(srv.ready.wait(), 30)
        done = 0
        for h, choice, who in decisions_from_labelstudio(await request.json(), srv.book):
            if h.id not in srv.book.human_done:
                await srv.decide(h.id, choice, who, check_lease=False)
                done += 1
        return web.json_response({"imported": done})

    app = web.Application(middlewares=[auth])
    app.router.add_get("/", page)
    app.router.add_get("/api/next", next_)
    app.router.add_post("/api/decide", decide)
    app.router.add_post("/api/skip", skip)
    app.router.add_get("/export/labelstudio", export)
    app.router.add_post("/import/labelstudio", import_)
    app.on_startup.append(srv.start)
    app.on_cleanup.append(srv.stop)
    return app


def serve_review(settings: Settings, host: str, port: int, token: str | None) -> None:
    token = token or secrets.token_urlsafe(16)
    print(f"review UI: http://{host}:{port}/?token={token}", flush=True)
    web.run_app(build_review_app(settings, token), host=host, port=port, print=None)
