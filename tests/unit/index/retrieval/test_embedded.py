"""The embedded hybrid retriever on the small real KB (tantivy + hnswlib + the ONNX embedder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.embedder import OnnxEmbedder
from index.records import parse_kb_lines
from index.retrieval.embedded import EmbeddedRetriever, build_embedded_index


@pytest.fixture(scope="module")
def retriever(small_kb_path: Path, small_index, exported_embedder: Path, tmp_path_factory) -> EmbeddedRetriever:
    with open(small_kb_path, "rb") as f:
        records = parse_kb_lines(f).records
    emb = OnnxEmbedder(exported_embedder)
    out = tmp_path_factory.mktemp("retrieval") / "kb-test.retrieval"
    meta = build_embedded_index(small_index, [r.aliases for r in records], out, emb.embed, emb.version)
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
