"""Live OpenSearch suite against the real cluster at OPENSEARCH_URL (OpenSearch 2.19 with k-NN and
neural-search): scripts/test.sh (and CI) start a local node built from Maven Central with
`mentionflow stack up --opensearch` and export the URL. Like the other integration tests it fails,
never skips, when the service is missing."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid

import orjson
import pytest

from streams.broker import ensure_topics
from streams.topics import TopicNames

URL = os.environ.get("OPENSEARCH_URL", "")
pytestmark = [pytest.mark.opensearch_live, pytest.mark.integration]


@pytest.fixture(scope="module", autouse=True)
def cluster() -> str:
    from mentionflow.opensearch_node import _health

    if not URL or _health(URL, timeout=5) is None:
        pytest.fail(f"no OpenSearch at OPENSEARCH_URL={URL!r}: run the tests through scripts/test.sh (it starts "
                    "one with `mentionflow stack up --opensearch`)", pytrace=False)
    return URL


@pytest.fixture(scope="module")
def retriever(small_kb_path, small_index, exported_embedder):
    from index.embedder import OnnxEmbedder
    from index.retrieval.opensearch import OpenSearchRetriever

    emb = OnnxEmbedder(exported_embedder)
    alias = f"mf-test-{uuid.uuid4().hex[:8]}"
    r = OpenSearchRetriever(URL or "", small_index, emb.embed, alias=alias)
    r.reindex(orjson.loads(line) for line in small_kb_path.read_bytes().splitlines())
    yield r
    r.client.indices.delete(index=f"{alias}-*")


@pytest.mark.parametrize("mode", ["bm25", "knn", "hybrid", "rrf"])
def test_live_modes_find_obama(retriever, mode):
    got = [c.kb_id for c in retriever.search("Barack Obama", k=5, mode=mode)]
    assert "wiki:Barack_Obama" in got


def test_live_hybrid_agrees_with_embedded_on_top1(retriever, small_index, small_kb_path, exported_embedder, tmp_path):
    from index.embedder import OnnxEmbedder
    from index.records import parse_kb_lines
    from index.retrieval.embedded import EmbeddedRetriever, build_embedded_index

    emb = OnnxEmbedder(exported_embedder)
    with open(small_kb_path, "rb") as f:
        records = parse_kb_lines(f).records
    build_embedded_index(small_index, [r.aliases for r in records], tmp_path / "ret", emb.embed, emb.version,
                         vector_cache=tmp_path, embed_min_popularity=0.0)
    embedded = EmbeddedRetriever(small_index, tmp_path / "ret", emb.embed)
    for q in ("Paris", "Angela Merkel", "Tokyo", "Toyota"):
        assert retriever.search(q, k=1)[0].kb_id == embedded.search(q, k=1)[0].kb_id, q


def _records(path):
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def test_reindex_swaps_the_alias_to_the_new_version(small_kb_path, small_index, exported_embedder):
    from dataclasses import replace

    from index.embedder import OnnxEmbedder
    from index.retrieval.opensearch import OpenSearchRetriever

    emb = OnnxEmbedder(exported_embedder)
    alias = f"mf-swap-{uuid.uuid4().hex[:8]}"
    recs = _records(small_kb_path)
    try:
        first = OpenSearchRetriever(URL, small_index, emb.embed, alias=alias)
        old = first.reindex(recs)
        second = OpenSearchRetriever(URL, replace(small_index, kb_version="kb-test-next"), emb.embed, alias=alias)
        new = second.reindex(recs[:10])
        assert old != new
        assert list(second.client.indices.get_alias(name=alias)) == [new]  # one index behind the alias
        assert second.build_id.startswith(new + "/")
        assert second.client.count(index=alias)["count"] == 10
    finally:
        OpenSearchRetriever(URL, small_index, emb.embed, alias=alias).client.indices.delete(index=f"{alias}-*")


def test_kb_index_then_workers_candidates_and_live_updates(tmp_path, small_kb_path, exported_embedder, bootstrap):
    """The setting selects OpenSearch: `kb index` builds the versioned index behind the alias,
    the linker's candidate generator queries it, and `kb upsert`/`kb delete` reach it (the
    worker's live index, as its KB follower would build it, maps the new record's hit)."""
    from index.embedder import EMBEDDER_VERSION
    from index.live import apply_updates
    from index.lookup import AliasIndex
    from index.store import KBStore
    from mentionflow.kbcmd import kb_index, kb_load
    from mentionflow.kbupdates import kb_delete, kb_upsert
    from mentionflow.pipeline import hybrid_candidates
    from mentionflow.settings import Settings
    from streams.schemas import KBUpdate

    alias = f"mf-e2e-{uuid.uuid4().hex[:8]}"
    settings = Settings(home=tmp_path, retriever="opensearch", OPENSEARCH_URL=URL, opensearch_alias=alias,
                        KAFKA_BOOTSTRAP=bootstrap, topic_prefix=f"{alias}-", cache_ttl_s=0)
    # topics exist only when the admin path creates them (the broker never auto-creates one)
    asyncio.run(ensure_topics(bootstrap, TopicNames(settings.topic_prefix).all(), partitions=settings.partitions))
    shutil.copytree(exported_embedder, tmp_path / "models" / EMBEDDER_VERSION)
    base = kb_load(settings, small_kb_path)
    store = KBStore(settings.kb_root)
    try:
        meta = kb_index(settings, embed_min_popularity=0.0)
        assert meta["backend"] == "opensearch" and meta["records"] == 71
        index = AliasIndex.load_or_build(store, base)
        live = {"index": index}
        cands = hybrid_candidates(settings, index, live_index=lambda: live["index"])
        rows = [r for r, _ in cands("Barack Obama", "The former president spoke.")]
        assert index.ids[rows[0]] == "wiki:Barack_Obama"

        new = tmp_path / "new.jsonl"
        new.write_bytes(orjson.dumps({"id": "wiki:Zorblax_Industries", "name": "Zorblax Industries", "type": "ORG",
                                      "aliases": ["Zorblax"], "description": "A maker of widgets.",
                                      "popularity": 0.9}) + b"\n")
        kb_upsert(settings, new)
        kb_delete(settings, ["wiki:Barack_Obama"])
        updates = [KBUpdate.model_validate(orjson.loads(line)) for line in store.read_updates(base)]
        live["index"], _ = apply_updates(index, base, updates)  # what the worker's KB follower does
        found = [live["index"].ids[r] for r, _ in cands("Zorblax Industries", "")]
        assert found and found[0] == "wiki:Zorblax_Industries"
        assert "wiki:Barack_Obama" not in [live["index"].ids[r] for r, _ in cands("Barack Obama", "")]
    finally:
        from opensearchpy import OpenSearch

        OpenSearch(hosts=[URL]).indices.delete(index=f"{alias}-*")
