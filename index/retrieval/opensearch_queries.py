"""OpenSearch request bodies as pure functions (no client here): index mapping, search
pipelines, the hybrid query. Written against OpenSearch >= 2.10 (hybrid query,
normalization-processor) and >= 2.19 (score-ranker-processor RRF); covered by contract tests."""

from __future__ import annotations

from typing import Any

from index.retrieval.base import EXACT_BOOST, TYPO_MAX_LEN, TYPO_MIN_LEN, TYPO_SCORE
from index.retrieval.fusion import FusionConfig

__all__ = ["index_body", "pipeline_body", "pipeline_name", "hybrid_query", "record_document",
           "index_name", "EMBEDDING_DIM"]

EMBEDDING_DIM = 384


def index_name(alias: str, kb_version: str) -> str:
    """Versioned physical index behind the ``alias`` (zero-downtime reindex: build, then swap)."""
    return f"{alias}-{kb_version}".lower()


def index_body(shards: int = 1, replicas: int = 0, ef_construction: int = 128, m: int = 16) -> dict[str, Any]:
    return {
        "settings": {
            "index": {"knn": True, "number_of_shards": shards, "number_of_replicas": replicas},
            "analysis": {
                "tokenizer": {"name_ngram": {"type": "ngram", "min_gram": 3, "max_gram": 3,
                                             "token_chars": ["letter", "digit"]}},
                "normalizer": {"name_exact": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
                "analyzer": {
                    "name_folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
                    "name_trigram": {"type": "custom", "tokenizer": "name_ngram", "filter": ["lowercase", "asciifolding"]},
                },
            },
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "kb_id": {"type": "keyword"},
                "name": {"type": "text", "analyzer": "name_folded",
                         "fields": {"trigram": {"type": "text", "analyzer": "name_trigram"},
                                    "exact": {"type": "keyword", "normalizer": "name_exact"},
                                    "raw": {"type": "keyword"}}},
                "aliases": {"type": "text", "analyzer": "name_folded",
                            "fields": {"trigram": {"type": "text", "analyzer": "name_trigram"},
                                       "exact": {"type": "keyword", "normalizer": "name_exact"}}},
                "type": {"type": "keyword"},
                "description": {"type": "text", "analyzer": "name_folded"},
                "popularity": {"type": "float"},
                "same_as": {"type": "keyword"},
                "embedding": {
                    "type": "knn_vector",
                    "dimension": EMBEDDING_DIM,
                    "method": {"name": "hnsw", "space_type": "cosinesimil", "engine": "lucene",
                               "parameters": {"m": m, "ef_construction": ef_construction}},
                },
            },
        },
    }


def pipeline_name(config: FusionConfig) -> str:
    if config.method == "rrf":
        return f"mentionflow-rrf-{config.rank_constant}"
    return "mentionflow-minmax-" + "-".join(f"{w:g}" for w in config.weights)


def pipeline_body(config: FusionConfig) -> dict[str, Any]:
    if config.method == "rrf":
        processor = {"score-ranker-processor": {"combination": {"technique": "rrf", "rank_constant": config.rank_constant}}}
    else:
        processor = {"normalization-processor": {
            "normalization": {"technique": "min_max"},
            "combination": {"technique": "arithmetic_mean", "parameters": {"weights": list(config.weights)}},
        }}
    return {"description": f"mentionflow hybrid fusion ({config.method})", "phase_results_processors": [processor]}


def bm25_clause(mention: str, context: str | None = None) -> dict[str, Any]:
    """The lexical sub-query: names and aliases, exact words boosted over trigrams (typos,
    transliterations), the whole surface equal to a name or alias boosted above both; context
    words against descriptions only re-rank name matches. Mirrors ``embedded.EmbeddedRetriever.bm25``."""
    surface = " ".join(mention.split())
    should: list[dict[str, Any]] = [
        {"multi_match": {"query": surface, "fields": ["name.exact", "aliases.exact"], "type": "best_fields",
                         "boost": EXACT_BOOST}},
        {"multi_match": {"query": mention, "fields": ["name^3", "aliases"], "type": "best_fields"}},
        {"multi_match": {"query": mention, "fields": ["name.trigram", "aliases.trigram"], "type": "best_fields",
                         "boost": 0.3}},
    ]
    if TYPO_MIN_LEN <= len(surface) <= TYPO_MAX_LEN:
        # the whole name one edit away (the embedded backend's one-deletion terms)
        should.append({"constant_score": {"boost": TYPO_SCORE, "filter": {"match": {"name.exact": {
            "query": surface, "fuzziness": 1, "fuzzy_transpositions": True, "prefix_length": 0}}}}})
    names = {"bool": {"should": should, "minimum_should_match": 1}}
    lexical: dict[str, Any] = names if not context else {
        "bool": {"must": [names], "should": [{"match": {"description": {"query": context, "boost": 0.5}}}]}}
    # bm25 * (1 + popularity), as the embedded backend does
    return {"function_score": {"query": lexical, "functions": [
        {"field_value_factor": {"field": "popularity", "missing": 0.5}}, {"weight": 1}],
        "score_mode": "sum", "boost_mode": "multiply"}}


def hybrid_query(mention: str, vector: list[float], k: int, type_filter: list[str] | None = None,
                 context: str | None = None) -> dict[str, Any]:
    knn: dict[str, Any] = {"embedding": {"vector": vector, "k": k}}
    if type_filter:
        knn["embedding"]["filter"] = {"terms": {"type": type_filter}}
    lexical = bm25_clause(mention, context)
    if type_filter:
        lexical = {"bool": {"must": [lexical], "filter": [{"terms": {"type": type_filter}}]}}
    return {
        "size": k,
        "_source": ["kb_id", "name", "type", "description", "popularity", "same_as"],
        "query": {"hybrid": {"queries": [lexical, {"knn": knn}]}},
    }


def record_document(record: dict[str, Any], vector: list[float] | None) -> dict[str, Any]:
    """The indexed document; without a vector (a long-tail name, as the embedded backend's
    popularity floor) the record is reached by the lexical sub-query only."""
    doc = {
        "kb_id": record["id"], "name": record["name"], "aliases": record.get("aliases", []),
        "type": record["type"], "description": record.get("description", ""),
        "popularity": record.get("popularity", 0.5), "same_as": record.get("same_as", []),
    }
    if vector is not None:
        doc["embedding"] = vector
    return doc
