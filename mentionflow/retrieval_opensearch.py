"""Retriever backend ``opensearch``: the OpenSearch alias (``OPENSEARCH_URL``, else the local node
``stack up`` starts for it), searched by workers (``serve``), filled by ``kb index`` (a versioned
index, then the alias swap) and kept current by ``kb upsert``/``kb delete`` (``sync``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from index.lookup import AliasIndex
from index.records import KBRecord
from index.retrieval.base import Retriever
from mentionflow.components import Embed, retrievers
from mentionflow.settings import Settings

if TYPE_CHECKING:
    from index.embedder import OnnxEmbedder
    from index.retrieval.opensearch import OpenSearchRetriever
    from index.store import KBStore

__all__ = ["OpenSearchBackend", "opensearch_retriever", "opensearch_reindex", "opensearch_sync"]


def opensearch_retriever(settings: Settings, index: AliasIndex, embed: Callable[[list[str]], np.ndarray],
                         live_index: Callable[[], AliasIndex] | None = None) -> OpenSearchRetriever:
    from index.retrieval.opensearch import OpenSearchRetriever

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
    return {"backend": "opensearch", "url": settings.opensearch_url, "alias": settings.opensearch_alias,
            "index": name, "records": len(records), "names": len(names), "embedded_now": embedded_now,
            "embed_s": round(t_embed, 1), "index_s": round(time.perf_counter() - t1, 1),
            "build_s": round(time.perf_counter() - t0, 1)}


def opensearch_sync(settings: Settings, index: AliasIndex, upserts: Sequence[KBRecord], deletes: Sequence[str]) -> None:
    """Write live KB changes into the alias's index (before they are announced to the workers).
    Upserted records get a vector whatever their popularity (a new record is news)."""
    from index.embedder import OnnxEmbedder, ensure_embedder

    embedder = OnnxEmbedder(ensure_embedder(settings.home / "models"), device=settings.device)
    retriever = opensearch_retriever(settings, index, embedder.embed)
    if upserts:
        retriever.upsert([_record_dict(r) for r in upserts])
    if deletes:
        retriever.delete(list(deletes))


@dataclass(frozen=True)
class OpenSearchBackend:
    local_service: str | None = "opensearch"

    def serve(self, settings: Settings, index: AliasIndex, embed: Embed,
              live_index: Callable[[], AliasIndex] | None) -> Retriever:
        """The alias must point at an index built from this KB version."""
        from index.retrieval.opensearch_queries import index_name

        retriever = opensearch_retriever(settings, index, embed, live_index=live_index)
        expected = index_name(settings.opensearch_alias, retriever.base_version)
        if not retriever.build_id.startswith(expected + "/"):
            raise FileNotFoundError(f"OpenSearch alias {settings.opensearch_alias} points at {retriever.build_id}, "
                                    f"not {expected}: run `mentionflow kb index` with MENTIONFLOW_RETRIEVER=opensearch")
        return retriever

    def build(self, settings: Settings, store: KBStore, version: str, index: AliasIndex, embedder: OnnxEmbedder,
              embed_min_popularity: float, progress: Callable[[str], None]) -> dict[str, Any]:
        return opensearch_reindex(settings, index, list(store.iter_records(version)), embedder.embed,
                                  embedder.version, embed_min_popularity)

    def describe(self, version: str, meta: dict[str, Any]) -> str:
        return (f"OpenSearch index {meta['index']} ({meta['records']:,} records, {meta['names']:,} names with vectors, "
                f"{meta['embedded_now']:,} embedded now) built in {meta['build_s']}s; alias {meta['alias']} now "
                f"points at it")

    def sync(self, settings: Settings, index: AliasIndex, upserts: Sequence[KBRecord], deletes: Sequence[str]) -> None:
        opensearch_sync(settings, index, upserts, deletes)


retrievers.register("opensearch")(OpenSearchBackend())
