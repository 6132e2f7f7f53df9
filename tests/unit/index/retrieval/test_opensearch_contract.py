"""Request-body contract tests for the OpenSearch backend (no server on this machine)."""

from __future__ import annotations

from index.retrieval.base import EXACT_BOOST, TYPO_SCORE
from index.retrieval.fusion import FusionConfig
from index.retrieval.opensearch_queries import (
    EMBEDDING_DIM,
    hybrid_query,
    index_body,
    index_name,
    pipeline_body,
    pipeline_name,
    record_document,
)


def test_index_body_has_text_ngram_and_hnsw_fields():
    body = index_body()
    assert body["settings"]["index"]["knn"] is True
    props = body["mappings"]["properties"]
    assert props["name"]["fields"]["trigram"]["analyzer"] == "name_trigram"
    assert props["aliases"]["fields"]["trigram"]["analyzer"] == "name_trigram"
    for field in ("name", "aliases"):
        assert props[field]["fields"]["exact"] == {"type": "keyword", "normalizer": "name_exact"}
    assert body["settings"]["analysis"]["normalizer"]["name_exact"]["filter"] == ["lowercase", "asciifolding"]
    emb = props["embedding"]
    assert emb["type"] == "knn_vector" and emb["dimension"] == EMBEDDING_DIM == 384
    assert emb["method"]["name"] == "hnsw" and emb["method"]["space_type"] == "cosinesimil"
    # the pure-Java engine: the k-NN zip on Maven Central has no faiss/nmslib native libraries, and
    # a faiss field there kills the node at its first refresh (UnsatisfiedLinkError, seen live)
    assert emb["method"]["engine"] == "lucene"
    assert props["popularity"]["type"] == "float" and props["type"]["type"] == "keyword"
    tok = body["settings"]["analysis"]["tokenizer"]["name_ngram"]
    assert (tok["type"], tok["min_gram"], tok["max_gram"]) == ("ngram", 3, 3)


def test_minmax_pipeline_body():
    cfg = FusionConfig(weights=(0.3, 0.7))
    body = pipeline_body(cfg)
    (proc,) = body["phase_results_processors"]
    norm = proc["normalization-processor"]
    assert norm["normalization"] == {"technique": "min_max"}
    assert norm["combination"] == {"technique": "arithmetic_mean", "parameters": {"weights": [0.3, 0.7]}}
    assert pipeline_name(cfg) == "mentionflow-minmax-0.3-0.7"


def test_rrf_pipeline_body():
    body = pipeline_body(FusionConfig(method="rrf", rank_constant=40))
    assert body["phase_results_processors"] == [
        {"score-ranker-processor": {"combination": {"technique": "rrf", "rank_constant": 40}}}]


def test_hybrid_query_shape_and_filters():
    q = hybrid_query("Paris", [0.1] * 384, k=20, type_filter=["LOC"])
    assert q["size"] == 20
    lexical, knn = q["query"]["hybrid"]["queries"]
    assert knn["knn"]["embedding"]["k"] == 20 and len(knn["knn"]["embedding"]["vector"]) == 384
    assert knn["knn"]["embedding"]["filter"] == {"terms": {"type": ["LOC"]}}
    assert lexical["bool"]["filter"] == [{"terms": {"type": ["LOC"]}}]
    fs = lexical["bool"]["must"][0]["function_score"]
    assert fs["boost_mode"] == "multiply" and fs["score_mode"] == "sum"
    assert fs["functions"][0] == {"field_value_factor": {"field": "popularity", "missing": 0.5}}
    exact, words, trigrams, _one_edit = fs["query"]["bool"]["should"]
    assert exact["multi_match"]["fields"] == ["name.exact", "aliases.exact"] and exact["multi_match"]["boost"] == EXACT_BOOST
    assert words["multi_match"]["fields"] == ["name^3", "aliases"]
    assert trigrams["multi_match"]["fields"] == ["name.trigram", "aliases.trigram"]
    short = hybrid_query("Oslo", [0.0] * 384, k=5)["query"]["hybrid"]["queries"][0]
    assert len(short["function_score"]["query"]["bool"]["should"]) == 3  # too short for one edit
    typo = hybrid_query("Britol  City", [0.0] * 384, k=5)["query"]["hybrid"]["queries"][0]
    (*_, one_edit) = typo["function_score"]["query"]["bool"]["should"]
    assert one_edit == {"constant_score": {"boost": TYPO_SCORE, "filter": {"match": {"name.exact": {
        "query": "Britol City", "fuzziness": 1, "fuzzy_transpositions": True, "prefix_length": 0}}}}}
    plain = hybrid_query("Paris", [0.0] * 384, k=5)
    assert "filter" not in plain["query"]["hybrid"]["queries"][1]["knn"]["embedding"]


def test_versioned_index_name_and_document():
    assert index_name("mentionflow-kb", "kb-ABC123") == "mentionflow-kb-kb-abc123"
    doc = record_document({"id": "geonames:1", "name": "Paris", "type": "LOC", "aliases": ["Paname"]}, [0.0] * 384)
    assert doc["kb_id"] == "geonames:1" and doc["popularity"] == 0.5 and doc["same_as"] == []


def test_context_only_reranks_name_matches():
    q = hybrid_query("Paris", [0.0] * 384, k=20, context="the mayor of Paris, Texas")
    lexical = q["query"]["hybrid"]["queries"][0]["function_score"]["query"]["bool"]
    assert lexical["must"][0]["bool"]["minimum_should_match"] == 1
    assert lexical["should"] == [{"match": {"description": {"query": "the mayor of Paris, Texas", "boost": 0.5}}}]
