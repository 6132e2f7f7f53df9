"""The OpenSearch retriever wired to the settings: built for workers (``pipeline.hybrid_candidates``),
filled by ``kb index`` (versioned index, alias swap) and kept current by ``kb upsert``/``kb delete``.
The embedded backend needs none of this (its files sit beside the KB version)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from index.lookup import AliasIndex
from index.records import KBRecord
from index.retrieval.opensearch import OpenSearchRetriever
from mentionflow.settings import Settings

__all__ = ["opensearch_retriever", "opensearch_reindex", "opensearch_sync"]


def opensearch_retriever(settings: Settings, index: AliasIndex, embed: Callable[[list[str]], np.ndarray],
                         live_index: Callable[[], AliasIndex] | None = None) -> OpenSearchRetriever:
    return OpenSearchRetriever(settings.opensearch_url, index, embed, alias=settings.opensearch_alias,
                               live_index=live_index)


def _record_dict(r: KBRecord) -> dict[str, Any]:
    return r.model_dump(exclude_none=True)


def opensearch_reindex(settings: Settings, index: AliasIndex, records: Sequence[KBRecord],
                       embed: Callable[[list[str]], np.ndarray], embedder_version: str,
                       embed_min_popularity: float) -> dict[str, Any]:
    """``kb index`` for the OpenSearch backend: the same name vectors as the embedded build (the
    shared name-vector cache; names under the popularity floor get none), a new versioned index,
    then the alias swap."""
    from index.retrieval.name_vectors import NameVectorCache

    t0 = time.perf_counter()
    best: dict[str, float] = {}
    for r in records:
        pop = 0.5 if r.popularity is None else r.popularity  # as the KB columns (AliasIndex)
        best[r.name] = max(best.get(r.name, 0.0), pop)
    names = [n for n, p in best.items() if p >= embed_min_popularity]
    vecs, embedded_now = NameVectorCache(settings.kb_root, embedder_version).vectors(names, embed)
    by_name = dict(zip(names, vecs, strict=True))
    t_embed = time.perf_counter() - t0

    def vectors(batch: list[str]) -> list[np.ndarray | None]:
        return [by_name.get(n) for n in batch]

    retriever = opensearch_retriever(settings, index, embed)
    t1 = time.perf_counter()
    name = retriever.reindex((_record_dict(r) for r in records), vectors=vectors)
    meta = {"backend": "opensearch", "url": settings.opensearch_url, "alias": settings.opensearch_alias,
            "index": name, "records": len(records), "names": len(names), "embedded_now": embedded_now,
            "embed_s": round(t_embed, 1), "index_s": round(time.perf_counter() - t1, 1),
            "build_s": round(time.perf_counter() - t0, 1)}
    print(f"OpenSearch index {name} ({len(records):,} records, {len(names):,} names with vectors, {embedded_now:,} "
          f"embedded now) built in {meta['build_s']}s; alias {settings.opensearch_alias} now points at it",
          file=sys.stderr)
    return meta


def opensearch_sync(settings: Settings, index: AliasIndex, upserts: Sequence[KBRecord], deletes: Sequence[str]) -> None:
    """Write live KB changes into the alias's index (before they are announced to the workers).
    Upserted records get a vector whatever their popularity (a new record is news)."""
    if settings.retriever != "opensearch":
        return
    from index.embedder import OnnxEmbedder, ensure_embedder

    embedder = OnnxEmbedder(ensure_embedder(settings.home / "models"), device=settings.device)
    retriever = opensearch_retriever(settings, index, embedder.embed)
    if upserts:
        retriever.upsert([_record_dict(r) for r in upserts])
    if deletes:
        retriever.delete(list(deletes))
