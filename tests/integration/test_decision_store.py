"""Decision records on the real Redis: the write is atomic and a teacher never lands over a person."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from redis.asyncio import Redis

from tests.unit.workers.test_precedence import record
from workers.review.decision_store import DecisionStore, DecisionStoreUnavailable

pytestmark = pytest.mark.integration


def test_decision_store_keeps_the_human_decision_whatever_the_order(redis_url):
    async def go() -> None:
        r = Redis.from_url(redis_url)
        store = DecisionStore(r, f"t{uuid.uuid4().hex[:8]}-")
        try:
            after = await store.record("d1", [record(0, 5, "human", "h:1")])
            after = await store.record("d1", [record(0, 5, "teacher", "t:1"), record(10, 21, "teacher", "t:2")])
            assert {k: v.decision.decided_by for k, v in after.items()} == {"0-5": "human", "10-21": "teacher"}
            await store.record("d2", [record(0, 5, "teacher", "t:1")])
            after = await store.record("d2", [record(0, 5, "human", "h:1")])
            assert after["0-5"].entity is not None and after["0-5"].entity.kb_id == "h:1"
            assert (await store.get_many(["d1", "d2", "nothing"]))["nothing"] == {}
        finally:
            await r.aclose()
        down = DecisionStore(Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5), "x")
        with pytest.raises(DecisionStoreUnavailable):
            await down.get("d1")

    asyncio.run(go())
