"""The retrieval cache on the real Redis started by scripts/test.sh; and with Redis down."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import numpy as np
import pytest
from structlog.testing import capture_logs

from index.cache import SyncCache
from index.embedder import OnnxEmbedder
from index.records import parse_kb_lines
from index.retrieval.cached import CachedCandidates
from index.retrieval.embedded import EmbeddedRetriever, build_embedded_index

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def retriever(small_kb_path: Path, small_index, exported_embedder: Path, tmp_path_factory):
    with open(small_kb_path, "rb") as f:
        records = parse_kb_lines(f).records
    emb = OnnxEmbedder(exported_embedder)
    out = tmp_path_factory.mktemp("ret") / "kb-test.retrieval"
    build_embedded_index(small_index, [r.aliases for r in records], out, emb.embed, emb.version,
                         vector_cache=out.parent, embed_min_popularity=0.0)
    return EmbeddedRetriever(small_index, out, emb.embed), emb


def test_cache_hits_on_repeat_and_results_equal(retriever, redis_url):
    r, emb = retriever
    cache = SyncCache(redis_url, ttl_s=60)
    try:
        cc = CachedCandidates(r, emb.embed, f"{emb.version}-{uuid.uuid4().hex[:6]}", cache)
        text = f"Tourists in Paris {uuid.uuid4().hex}"
        first = cc("Paris", text)
        before = cache.stats.as_dict()
        second = cc("Paris", text)
        after = cache.stats.as_dict()
        assert first == second and first[0][0] == r.index.ids.index("geonames:2988507")
        assert after["hits"] - before["hits"] == 1 and after["misses"] == before["misses"]
        assert np.allclose(cc.vector("Paris"), emb.embed(["Paris"])[0], atol=0.05)
    finally:
        cache.close()


def test_redis_down_bypasses_and_logs_once(retriever):
    r, emb = retriever
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    cache = SyncCache(f"redis://127.0.0.1:{dead_port}/0", ttl_s=60, timeout_s=0.2)
    try:
        cc = CachedCandidates(r, emb.embed, emb.version, cache)
        with capture_logs() as logs:
            a = cc("Tokyo", "Visitors to Tokyo")
            b = cc("Tokyo", "Visitors to Tokyo")
        assert a == b and a[0][0] == r.index.ids.index("geonames:1850147")
        assert cache.stats.bypassed >= 4 and cache.stats.hits == 0
        assert [e["event"] for e in logs].count("redis_unavailable_cache_bypassed") == 1
    finally:
        cache.close()


def test_live_changes_reach_hybrid_shortlists(retriever, redis_url):
    from index.records import KBRecord

    r, emb = retriever
    live = {"index": r.index}
    cache = SyncCache(redis_url, ttl_s=60)
    try:
        cc = CachedCandidates(r, emb.embed, emb.version, cache, live_index=lambda: live["index"])
        tokyo = r.index.ids.index("geonames:1850147")
        assert cc("Tokyo", "in Tokyo")[0][0] == tokyo
        new = KBRecord(id="custom:neo-tokyo", name="Neo Tokyo", aliases=("Tokyo",), type="LOC", description="x")
        live["index"] = r.index.with_changes([new], ["geonames:1850147"], "kb-test+u1")
        rows = [row for row, _ in cc("Tokyo", "in Tokyo")]  # served from the cache, then corrected
        assert tokyo not in rows and live["index"].ids[rows[0]] == "custom:neo-tokyo"
    finally:
        cache.close()




def test_decision_cache_serves_repeats_from_redis(tiny_model, small_index, redis_url):
    from streams.schemas import Mention
    from workers.normalization.student import CrossEncoderLinker

    cache = SyncCache(redis_url, ttl_s=60)
    try:
        text = f"The mayor of Paris, Texas spoke ({uuid.uuid4().hex})."
        ms = [Mention(start=13, end=18, surface="Paris", type="LOC", score=0.9)]
        cold = CrossEncoderLinker(small_index, tiny_model[0], cache=cache, rule_min_score=None)
        first = cold.link(text, ms)
        assert cold.stats.cache_hits == 0 and cold.stats.pairs_scored > 0
        warm = CrossEncoderLinker(small_index, tiny_model[0], cache=cache, rule_min_score=None)  # another worker, same model
        again = warm.link(text, ms)
        assert warm.stats.cache_hits == 1 and warm.stats.pairs_scored == 0
        assert again == first
        uncached = CrossEncoderLinker(small_index, tiny_model[0], rule_min_score=None)
        assert uncached.link(text, ms) == first
    finally:
        cache.close()


def test_routing_rate_counts_add_up_in_redis(redis_url):
    import asyncio
    from datetime import UTC, datetime

    from redis.asyncio import Redis

    from workers.normalization.routing_rate import RouteTally, flush_tally, observed_rate

    version = f"test-{uuid.uuid4().hex[:8]}"

    async def run() -> tuple[int, int]:
        redis = Redis.from_url(redis_url)
        try:
            now = datetime.now(UTC)
            for _ in range(2):  # two workers' flushes sum up
                tally = RouteTally()
                tally.add(version, 40, 6)
                await flush_tally(redis, tally, now)
                assert tally.drain() == {}
            assert await redis.ttl(f"mf:routing:{version}:{now.strftime('%Y%m%d%H')}") > 0
            return await observed_rate(redis, [version], now, hours=24)
        finally:
            await redis.aclose()

    assert asyncio.run(run()) == (80, 12)

    async def down() -> dict:
        redis = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
        tally = RouteTally()
        tally.add(version, 3, 1)
        try:
            await flush_tally(redis, tally, datetime.now(UTC))
        except Exception:  # noqa: BLE001 - expected: nothing listens there
            pass
        finally:
            await redis.aclose()
        return tally.drain()

    assert asyncio.run(down()) == {version: (3, 1)}  # kept for the next flush, not lost
