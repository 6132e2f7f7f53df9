"""The review server's state and its effects: the review book followed from Kafka, leases in
Redis, a person's decision (recorded, published, acknowledged) and its undo.

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

import orjson
import structlog
from aiohttp import web

from mentionflow.metrics import REVIEW_DECISIONS
from mentionflow.review_http import fail
from mentionflow.review_items import (
    corrected_document,
    human_decision,
    human_entity,
    reopened_document,
)
from mentionflow.review_search import KBSearch
from mentionflow.review_stats import choice_of
from mentionflow.settings import Settings
from streams.broker import Follower, Outbound, Publisher
from streams.codec import encode
from streams.schemas import NormalizedDocument, ReviewDecision, ReviewRequest
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

__all__ = ["ReviewServer"]

log = structlog.get_logger("mentionflow.review_ui")
# the lease becomes "<reviewer> deciding" only if <reviewer> holds it (names have no spaces)
_CLAIM = """if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) and 1 else return 0 end"""


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
        self.producer: Publisher | None = None
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
        async with Follower(self.settings.kafka_bootstrap, [t.review, t.reviewed, t.normalized]) as follower:
            idle = 0
            while True:
                batch = await follower.batch(300)
                for r in batch:
                    if r.topic == t.review and r.key:  # the document's trace id, for the decisions' headers
                        self.traces[r.key.decode("utf-8", "replace")] = trace_id_from(
                            r.headers, r.topic, r.partition, r.offset)
                    self._apply(r.topic, r.value, r.timestamp, (r.partition, r.offset))
                idle = 0 if batch else idle + 1
                if idle >= 2:
                    self.ready.set()  # caught up with what was there at start

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
            meta = (await self.producer.publish([  # durable before the reviewer moves on
                Outbound(self.topics.reviewed, encode(d), mkey, hdrs),
                Outbound(self.topics.normalized, encode(doc), mkey, hdrs)]))[0]
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
            meta = (await self.producer.publish([Outbound(self.topics.reviewed, encode(reopen), mkey),
                                                 Outbound(self.topics.normalized, encode(doc), mkey)]))[0]
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
        self.producer = Publisher(self.settings.kafka_bootstrap, linger_ms=0)
        await self.producer.start()
        self._tasks.append(asyncio.create_task(self.follow()))
        self.search_loaded = asyncio.get_running_loop().run_in_executor(None, self.load_search)

    async def stop(self, _: web.Application) -> None:
        for t in self._tasks:
            t.cancel()
        if self.producer is not None:
            await self.producer.stop()
        await self.redis.aclose()
