"""``mentionflow review serve``: the human review web UI (aiohttp), 127.0.0.1 by default.

Each reviewer signs in with their own token (``mentionflow/review_access.py``); the reviewer name
recorded on a decision is the one that token belongs to, never one the client sends. The HTTP
boundary (CSRF guard, security headers, 400/503 mapping, an access log without tokens) is
``mentionflow/review_http.py``.

State is read from Kafka, never kept only in memory: the server follows ``entities.review``
(what was asked), ``entities.reviewed`` (every decision) and ``entities.normalized`` (each
document's latest entity list) from the beginning, so a restart rebuilds the same queue. A
person's decision is produced to ``entities.reviewed`` (``decided_by: human``) and the corrected
document to ``entities.normalized`` (same key) and acknowledged by the broker before the page
moves on; then it joins the retraining set. Before that, the decision is recorded in Redis
(``workers/review/decision_store.py``): a person's decision is final, no worker replaces it. Two reviewers never hold the same item: an item is
leased in Redis (``SET NX PX``) to one reviewer until they decide, skip, or the lease expires.
Leases are taken by POST only (``/api/lease``, ``/export/labelstudio``), and every decision path
(a candidate, a KB record found by search, a NIL choice with an optional reason, a Label Studio
import) is refused unless the caller holds the lease.

Undo: a reviewer may take back their own last decision while its lease would still run (an undo
entry in Redis with the lease's TTL). It is explicit and audited: the decision store's
``retract`` puts back what the decision replaced (only if nothing was recorded since), a
reopening decision (``decided_by: human``, ``next: human``, the reason naming the undo) goes to
``entities.reviewed``, the document without that entity to ``entities.normalized``, the
retraining example is withdrawn, a ``human_undo`` log line is written, and the item comes back
leased to the same reviewer. Machines still never replace a person: only the person's own undo
removes their decision.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import orjson
import structlog
from aiohttp import web
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pydantic import BaseModel, Field

from mentionflow.metrics import REVIEW_DECISIONS
from mentionflow.review_access import Reviewers
from mentionflow.review_http import (
    COOKIE,
    ReviewAccessLogger,
    add_security_headers,
    fail,
    middlewares,
    read_body,
)
from mentionflow.review_search import KBSearch
from mentionflow.review_stats import choice_of, doc_history, queue_stats
from mentionflow.settings import Settings
from streams.codec import encode
from streams.schemas import Entity, NormalizedDocument, ReviewDecision, ReviewRequest
from streams.topics import TopicNames, message_key
from streams.trace import trace_headers, trace_id_from
from workers.review.decision_store import DecisionStore
from workers.review.precedence import (
    DecisionRecord,
    decode_record,
    encode_record,
    overlay,
    span_key,
)
from workers.review.queue import HumanItem, ReviewBook

__all__ = ["build_review_app", "serve_review", "item_json", "labelstudio_tasks", "decisions_from_labelstudio"]

log = structlog.get_logger("mentionflow.review_ui")
NIL_CHOICES = ("not_in_kb", "needs_context")
DATA = Path(__file__).parent / "data"
LABELSTUDIO_LEASE_S = 8 * 3600
# the lease becomes "<reviewer> deciding" only if <reviewer> holds it (names have no spaces)
_CLAIM = """if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) and 1 else return 0 end"""  # an exported batch stays the exporter's for a working day


def item_json(h: HumanItem) -> dict[str, Any]:
    it, t = h.item, h.teacher
    return {"id": h.id, "doc_id": h.doc_id, "text": h.text, "start": it.start, "end": it.end, "surface": it.surface,
            "type": it.type, "reason": it.reason, "confidence": round(h.confidence, 4),
            "model": {"kb_id": it.proposed.kb_id, "nil_reason": it.proposed.nil_reason, "score": it.proposed.score},
            "teacher": {"kb_id": t.kb_id, "nil_reason": t.nil_reason, "confidence": t.confidence, "reason": t.reason},
            "candidates": [{"kb_id": c.kb_id, "name": c.name, "type": c.type, "score": c.score,
                            "description": c.description} for c in it.candidates]}


def human_decision(h: HumanItem, choice: str, reviewer: str, reason: str = "human review",
                   known: frozenset[str] = frozenset()) -> ReviewDecision:
    """``choice``: a candidate's KB id, a KB id in ``known`` (found by search), or a NIL reason."""
    ids = {c.kb_id for c in h.item.candidates} | known
    if choice not in ids and choice not in NIL_CHOICES:
        raise ValueError(f"choice {choice!r} is neither a candidate, a KB record nor one of {NIL_CHOICES}")
    kb_id = choice if choice in ids else None
    return ReviewDecision(doc_id=h.doc_id, start=h.item.start, end=h.item.end, surface=h.item.surface,
                          type=h.item.type, kb_id=kb_id, nil_reason=None if kb_id else choice,  # type: ignore[arg-type]
                          decided_by="human", confidence=1.0, reviewer=reviewer, reason=reason,
                          model_proposed=h.item.proposed, next="done")


def human_entity(h: HumanItem, d: ReviewDecision, name: str | None = None) -> Entity:
    name = name or next((c.name for c in h.item.candidates if c.kb_id == d.kb_id), None)
    return h.item.proposed.model_copy(update={"kb_id": d.kb_id, "nil_reason": d.nil_reason, "name": name,
                                              "decided_by": "human", "score": 1.0})


def corrected_document(doc: NormalizedDocument | None, h: HumanItem, d: ReviewDecision) -> NormalizedDocument:
    ent = human_entity(h, d)
    others = [e for e in (doc.entities if doc else ()) if (e.start, e.end) != (d.start, d.end)]
    pending = max(0, (doc.pending_review if doc else 1) - 1)
    return NormalizedDocument(id=h.doc_id, entities=tuple(sorted([*others, ent], key=lambda e: e.start)),
                              pending_review=pending)


def reopened_document(doc: NormalizedDocument | None, doc_id: str, start: int, end: int) -> NormalizedDocument:
    """The document with the span's entity taken out again: it waits for review once more."""
    ents = tuple(e for e in (doc.entities if doc else ()) if (e.start, e.end) != (start, end))
    return NormalizedDocument(id=doc_id, entities=ents, pending_review=(doc.pending_review if doc else 0) + 1)


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


class LabelStudioResult(BaseModel):
    type: str
    value: dict[str, Any] = {}


class LabelStudioAnnotation(BaseModel):
    completed_by: Any = None
    result: list[LabelStudioResult] = []


class LabelStudioTask(BaseModel):
    data: dict[str, Any]
    annotations: list[LabelStudioAnnotation] = []


def decisions_from_labelstudio(tasks: list[LabelStudioTask]) -> list[tuple[str, str, str]]:
    """(item id, choice, annotator) for every completed Label Studio choice annotation."""
    out = []
    for t in tasks:
        iid = str(t.data.get("item_id", ""))
        for ann in t.annotations:
            for r in ann.result:
                choices = r.value.get("choices")
                if r.type == "choices" and isinstance(choices, list) and choices:
                    out.append((iid, str(choices[0]).removeprefix("NIL:"), str(ann.completed_by or "labelstudio")))
    return out


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


class ReviewServer:
    def __init__(self, settings: Settings, lease_s: int = 300):
        import redis.asyncio as aioredis

        self.settings = settings
        self.topics = TopicNames(settings.topic_prefix)
        self.lease_ms = lease_s * 1000
        self.book = ReviewBook()
        self.docs: dict[str, NormalizedDocument] = {}
        self.redis = aioredis.from_url(settings.redis_url, socket_connect_timeout=2, socket_timeout=5)
        self.decisions = DecisionStore(self.redis, self.topics.prefix)
        self.producer: AIOKafkaProducer | None = None
        self.ready = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.traces: dict[str, str] = {}  # document id -> trace id (from entities.review's headers)
        from mentionflow.configs import eval_root
        from training.dataset import eval_material
        from training.retraining import RetrainingStore

        self.retraining = RetrainingStore(settings.home / "training" / "retraining", eval_material(eval_root(settings))[0])
        self.search: KBSearch | None = None
        self.search_loaded: asyncio.Future[None] | None = None
        self.search_error = "the KB is still loading"

    def load_search(self) -> None:
        """The KB the linker serves, for reviewers' searches (in a thread: a big KB takes seconds)."""
        from mentionflow.pipeline import load_alias_index

        try:
            self.search = KBSearch.build(load_alias_index(self.settings))
        except (OSError, ValueError) as exc:
            self.search_error = f"KB search is unavailable: {exc}"
            log.warning("review_kb_search_unavailable", error=str(exc)[:300])

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
                        if r.topic == t.review and r.key:  # the document's trace id, for the decisions' headers
                            self.traces[r.key.decode("utf-8", "replace")] = trace_id_from(
                                r.headers or (), r.topic, r.partition, r.offset)
                        self._apply(r.topic, r.value, r.timestamp, (r.partition, r.offset))
                idle = 0 if batch else idle + 1
                if idle >= 2:
                    self.ready.set()  # caught up with what was there at start
        finally:
            await consumer.stop()

    def _apply(self, topic: str, value: bytes | None, at_ms: int = 0,
               position: tuple[int, int] | None = None) -> None:
        if value is None:
            return
        try:
            if topic == self.topics.review:
                self.book.add_request(ReviewRequest.model_validate_json(value, extra="ignore"))
            elif topic == self.topics.reviewed:
                self.book.add_decision(ReviewDecision.model_validate_json(value, extra="ignore"), at_ms, position)
            else:
                d = NormalizedDocument.model_validate_json(value, extra="ignore")
                self.docs[d.id] = d
        except ValueError as exc:
            log.warning("undecodable_message_skipped", topic=topic, error=str(exc)[:200])

    def _undo_key(self, reviewer: str) -> str:
        return f"mf:undo:{self.topics.prefix}{reviewer}"

    def _lease_key(self, iid: str) -> str:
        return f"mf:lease:{self.topics.prefix}{iid}"

    async def lease_holder(self, iid: str) -> str:
        v = await self.redis.get(self._lease_key(iid))
        return v.decode() if isinstance(v, bytes) else (v or "")

    async def lease(self, reviewer: str, limit: int = 1, lease_ms: int | None = None) -> list[HumanItem]:
        """Lease up to ``limit`` waiting items to ``reviewer`` (theirs already count), lowest confidence first."""
        await asyncio.wait_for(self.ready.wait(), 30)
        out: list[HumanItem] = []
        for h in self.book.queue():
            if len(out) >= limit:
                break
            key, px = self._lease_key(h.id), lease_ms or self.lease_ms
            if await self.redis.set(key, reviewer, nx=True, px=px) or await self.lease_holder(h.id) == reviewer:
                await self.redis.pexpire(key, px)
                out.append(h)
        return out

    async def release(self, iid: str, reviewer: str) -> None:
        if await self.lease_holder(iid) == reviewer:
            await self.redis.delete(self._lease_key(iid))

    async def decide(self, iid: str, choice: str, reviewer: str, reason: str = "human review") -> ReviewDecision:
        """Publish a person's decision: only for an item waiting for a person and leased to ``reviewer``.

        Order: claim the lease (atomically, so a concurrent decision on it finds it taken) ->
        produce the decision and the corrected document and wait for the broker's acks -> fold
        them in -> drop the lease. A failed publish gives the lease back to the reviewer."""
        await asyncio.wait_for(self.ready.wait(), 30)
        h = self.book.get(iid)
        if h is None or iid in self.book.human_done:
            raise fail(web.HTTPConflict, f"{iid} is not waiting for a person")
        picked = self.search.record(choice) if self.search is not None else None
        try:
            d = human_decision(h, choice, reviewer, reason, frozenset({choice}) if picked else frozenset())
        except ValueError as exc:
            raise fail(web.HTTPBadRequest, str(exc)) from None
        in_list = any(c.kb_id == choice for c in h.item.candidates)
        key = self._lease_key(iid)
        if not await self.redis.eval(_CLAIM, 1, key, reviewer, f"{reviewer} deciding", self.lease_ms):
            raise fail(web.HTTPConflict, f"{iid} is not leased to {reviewer}: lease it first")
        try:
            # the decision record first: from now on no worker republishes this span with a lower
            # precedence (the review worker checks before asking the teacher and before publishing)
            record = DecisionRecord(d, human_entity(h, d, picked["name"] if picked and not in_list else None))
            previous = (await self.decisions.get(h.doc_id)).get(span_key(d.start, d.end))
            records = await self.decisions.record(h.doc_id, [record])
            doc = overlay(corrected_document(self.docs.get(h.doc_id), h, d), records)
            assert self.producer is not None
            mkey = message_key(h.doc_id)
            hdrs = list(trace_headers(self.traces[h.doc_id])) if h.doc_id in self.traces else None
            futs = [await self.producer.send(self.topics.reviewed, encode(d), key=mkey, headers=hdrs),
                    await self.producer.send(self.topics.normalized, encode(doc), key=mkey, headers=hdrs)]
            meta = (await asyncio.gather(*futs))[0]  # durable before the reviewer moves on
        except BaseException:
            await self.redis.set(key, reviewer, px=self.lease_ms)
            raise
        self.book.add_decision(d, int(time.time() * 1000), (meta.partition, meta.offset))
        self.docs[h.doc_id] = doc
        from workers.review.agent import retraining_row

        row = retraining_row(self.book.requests[h.doc_id], d)
        if picked and not in_list:  # the label joins the candidates the example offers
            row["candidates"].append({k: picked[k] for k in ("kb_id", "name", "type", "description")})
        self.retraining.add(row)
        undo = {"iid": iid, "doc_id": h.doc_id, "record": encode_record(record).decode(),
                "previous": encode_record(previous).decode() if previous else None, "row": row}
        await self.redis.set(self._undo_key(reviewer), orjson.dumps(undo), px=self.lease_ms)
        await self.redis.delete(key)
        REVIEW_DECISIONS.labels(d.decided_by, d.type, d.next).inc()
        log.info("human_decision", item=iid, reviewer=reviewer, kb_id=d.kb_id, nil_reason=d.nil_reason,
                 from_search=bool(picked and not in_list), doc_id=h.doc_id, trace_id=self.traces.get(h.doc_id))
        return d

    async def undo(self, reviewer: str) -> HumanItem:
        """Take back ``reviewer``'s last decision while its lease would still run (module docstring).

        Order: take the undo entry (GETDEL: one undo per decision) -> lease the item back to the
        reviewer -> retract the decision record (refused if anything was recorded since) ->
        publish the reopening decision and the document and wait for the acks -> withdraw the
        retraining example. A failed publish re-records the decision and restores the entry."""
        await asyncio.wait_for(self.ready.wait(), 30)
        raw = await self.redis.getdel(self._undo_key(reviewer))
        if raw is None:
            raise fail(web.HTTPConflict, f"nothing to undo: your last decision is older than its {self.lease_ms // 1000} s "
                                         "lease, or was undone already")
        u = orjson.loads(raw)
        record = decode_record(u["record"].encode())
        previous = decode_record(u["previous"].encode()) if u["previous"] else None
        d = record.decision
        h = self.book.get(u["iid"])
        if h is None:
            raise fail(web.HTTPConflict, f"{u['iid']} is no longer in the review book")
        await self.redis.set(self._lease_key(u["iid"]), reviewer, px=self.lease_ms)
        if not await self.decisions.retract(d.doc_id, record, previous):
            raise fail(web.HTTPConflict, f"{u['iid']} was decided again since; nothing undone")
        reopen = d.model_copy(update={"next": "human", "reason": f"undo by {reviewer} of their decision {choice_of(d)} "
                                      f"(within its {self.lease_ms // 1000} s lease)"})
        try:
            records = await self.decisions.get(d.doc_id)
            doc = overlay(reopened_document(self.docs.get(d.doc_id), d.doc_id, d.start, d.end), records)
            assert self.producer is not None
            mkey = message_key(d.doc_id)
            futs = [await self.producer.send(self.topics.reviewed, encode(reopen), key=mkey),
                    await self.producer.send(self.topics.normalized, encode(doc), key=mkey)]
            meta = (await asyncio.gather(*futs))[0]
        except BaseException:
            await self.decisions.record(d.doc_id, [record])
            await self.redis.set(self._undo_key(reviewer), raw, px=self.lease_ms)
            raise
        self.book.add_decision(reopen, int(time.time() * 1000), (meta.partition, meta.offset))
        self.docs[d.doc_id] = doc
        self.retraining.withdraw(u["row"], reason=f"undone by {reviewer}")
        log.info("human_undo", item=u["iid"], reviewer=reviewer, undone=choice_of(d), restored=
                 choice_of(previous.decision) if previous else None)
        return h

    async def start(self, _: web.Application) -> None:
        self.producer = AIOKafkaProducer(bootstrap_servers=self.settings.kafka_bootstrap, acks="all")
        await self.producer.start()
        self._tasks.append(asyncio.create_task(self.follow()))
        self.search_loaded = asyncio.get_running_loop().run_in_executor(None, self.load_search)

    async def stop(self, _: web.Application) -> None:
        for t in self._tasks:
            t.cancel()
        if self.producer is not None:
            await self.producer.stop()
        await self.redis.aclose()


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
