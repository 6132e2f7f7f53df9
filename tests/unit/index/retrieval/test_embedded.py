"""The embedded hybrid retriever on the small real KB (tantivy + hnswlib + the ONNX embedder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.embedder import OnnxEmbedder
from index.records import parse_kb_lines
from index.retrieval.embedded import (
    EmbeddedRetriever,
    build_embedded_index,
    exact_term,
    one_deletions,
    query_tokens,
)
from index.retrieval.name_vectors import NameVectorCache


@pytest.fixture(scope="module")
def retriever(small_kb_path: Path, small_index, exported_embedder: Path, tmp_path_factory) -> EmbeddedRetriever:
    with open(small_kb_path, "rb") as f:
        records = parse_kb_lines(f).records
    emb = OnnxEmbedder(exported_embedder)
    out = tmp_path_factory.mktemp("retrieval") / "kb-test.retrieval"
    meta = build_embedded_index(small_index, [r.aliases for r in records], out, emb.embed, emb.version,
                                vector_cache=out.parent, embed_min_popularity=0.0)
    assert meta["records"] == len(records) and meta["names"] <= len(records)
    return EmbeddedRetriever(small_index, out, emb.embed)


@pytest.mark.parametrize(("query", "mode", "expected"), [
    ("Barack Obama", "bm25", "wiki:Barack_Obama"),
    ("Barak Obama", "hybrid", "wiki:Barack_Obama"),      # typo
    ("Tokio", "hybrid", "geonames:1850147"),              # variant spelling
    ("Moskva", "hybrid", "geonames:524901"),              # alias
    ("Toyota Motor", "knn", "isin:JP3633400001"),
])
def test_top5_contains_the_entity(retriever, query, mode, expected):
    got = [c.kb_id for c in retriever.search(query, k=5, mode=mode)]
    assert expected in got, got


def test_popular_namesake_first_and_context_reranks(retriever):
    plain = retriever.search("Paris", k=20)
    assert plain[0].kb_id == "geonames:2988507"
    texas = retriever.search("Paris", "The mayor of Paris, Texas, United States spoke.", k=20)
    ranks = [c.kb_id for c in texas]
    assert ranks.index("geonames:4717560") < ranks.index("geonames:4500771")  # Texas before New Jersey


def test_modes_report_their_sub_scores(retriever):
    (c,) = retriever.search("Angela Merkel", k=1, mode="hybrid")
    assert c.kb_id == "wiki:Angela_Merkel" and c.bm25 is not None and c.knn is not None
    rrf = retriever.search("Angela Merkel", k=3, mode="rrf")
    assert rrf[0].kb_id == "wiki:Angela_Merkel" and rrf[0].score <= 2 / 61
    assert retriever.search("", k=3, mode="bm25") == []


@pytest.mark.parametrize(("a", "b", "near"), [
    ("almaty", "almtay", True),     # adjacent transposition
    ("bristol", "britol", True),    # deletion
    ("patna", "patnaa", True),      # insertion
    ("sao joao", "sao noao", True),  # substitution, several words
    ("almaty", "amlayt", False),    # three edits
    ("rome", "rone", False),        # too short to be matched with an edit
])
def test_one_deletions_share_a_member_within_one_edit(a, b, near):
    assert bool(set(one_deletions(a)) & set(one_deletions(b))) is near


def test_exact_alias_and_one_edit_names_reach_the_shortlist(retriever):
    assert retriever.search("Mat-xco-va", k=3, mode="bm25")[0].kb_id == "geonames:524901"
    assert "geonames:2988507" in [c.kb_id for c in retriever.search("Pairs", k=5, mode="bm25")]
    assert exact_term("  São   Paulo ") == "sao paulo"
    # queries are analysed by the index's own analyzer: combining marks stay (Devanagari vowel
    # signs, Japanese voicing marks), as they do in the indexed aliases
    assert query_tokens("सोफिया カンダーラ Øresund") == ["सोफिया", "カンダーラ", "oresund"]


def test_old_layout_is_refused_with_the_fix(small_index, tmp_path, retriever):
    import json

    out = tmp_path / "old.retrieval"
    out.mkdir()
    (out / "meta.json").write_text(json.dumps({**retriever.meta, "layout": "embedded-retrieval.v1"}))
    with pytest.raises(ValueError, match="mentionflow kb index"):
        EmbeddedRetriever(small_index, out, lambda xs: None)


def test_name_vector_cache_embeds_each_name_once(tmp_path):
    import numpy as np

    calls: list[list[str]] = []

    def embed(xs: list[str]) -> np.ndarray:
        calls.append(list(xs))
        return np.array([[len(x), 1.0] for x in xs], dtype=np.float32)

    cache = NameVectorCache(tmp_path, "fake.v1")
    v1, new1 = cache.vectors(["Paris", "Rome"], embed)
    v2, new2 = NameVectorCache(tmp_path, "fake.v1").vectors(["Rome", "Oslo", "Paris"], embed)
    assert (new1, new2) == (2, 1) and calls == [["Paris", "Rome"], ["Oslo"]]
    assert v2[:, 0].tolist() == [4.0, 4.0, 5.0] and v1[0].tolist() == v2[2].tolist()
    assert NameVectorCache(tmp_path, "other.v2").vectors(["Rome"], embed)[1] == 1  # per embedder


def test_popularity_floor_leaves_unpopular_names_to_bm25(small_kb_path, small_index, exported_embedder, tmp_path):
    with open(small_kb_path, "rb") as f:
        records = parse_kb_lines(f).records
    emb = OnnxEmbedder(exported_embedder)
    meta = build_embedded_index(small_index, [r.aliases for r in records], tmp_path / "r", emb.embed, emb.version,
                                vector_cache=tmp_path, embed_min_popularity=0.9)
    assert 0 < meta["names"] < meta["distinct_names"]
    r = EmbeddedRetriever(small_index, tmp_path / "r", emb.embed)
    with_vectors = {n for n in small_index.names if max(
        small_index.popularity[i] for i, m in enumerate(small_index.names) if m == n) >= 0.9}
    got = r.search("Springfield", k=20, mode="hybrid")
    assert all(c.knn is None or small_index.names[c.row] in with_vectors for c in got)
    assert any(c.knn is None and c.bm25 is not None for c in got)  # the tail is still found, by BM25
