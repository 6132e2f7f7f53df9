"""Retriever backend ``embedded``: tantivy BM25 + hnswlib vectors in files beside the KB version
(``kb index`` builds them). Live KB changes reach it through the workers' live index
(``kb.updates``); the files are rebuilt by the next ``kb index``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from index.lookup import AliasIndex
from index.retrieval.base import Retriever
from mentionflow.components import Embed, retrievers
from mentionflow.settings import Settings

if TYPE_CHECKING:
    from index.embedder import OnnxEmbedder
    from index.records import KBRecord
    from index.store import KBStore

__all__ = ["EmbeddedBackend"]


@dataclass(frozen=True)
class EmbeddedBackend:
    local_service: str | None = None

    def serve(self, settings: Settings, index: AliasIndex, embed: Embed,
              live_index: Callable[[], AliasIndex] | None) -> Retriever:
        from index.retrieval.embedded import EmbeddedRetriever, retrieval_dir

        path = retrieval_dir(settings.kb_root / "versions", index.kb_version)
        if not (path / "meta.json").exists():
            raise FileNotFoundError(f"no retrieval index for {index.kb_version}: run `mentionflow kb index`")
        return EmbeddedRetriever(index, path, embed)

    def build(self, settings: Settings, store: KBStore, version: str, index: AliasIndex, embedder: OnnxEmbedder,
              embed_min_popularity: float, progress: Callable[[str], None]) -> dict[str, Any]:
        from index.retrieval.embedded import build_embedded_index, retrieval_dir

        aliases = [r.aliases for r in store.iter_records(version)]
        return build_embedded_index(index, aliases, retrieval_dir(store.versions, version), embedder.embed,
                                    embedder.version, vector_cache=settings.kb_root,
                                    embed_min_popularity=embed_min_popularity, progress=progress)

    def describe(self, version: str, meta: dict[str, Any]) -> str:
        return (f"retrieval index for {version}: {meta['records']:,} records, {meta['distinct_names']:,} distinct "
                f"names ({meta['names']:,} embedded at popularity >= {meta['embed_min_popularity']}, "
                f"{meta['embedded_now']:,} of them new); BM25 {meta['bm25_s']}s, embeddings {meta['embed_s']}s, "
                f"HNSW {meta['hnsw_s']}s, total {meta['total_s']}s, peak RSS {meta['peak_rss_mb']} MB")

    def sync(self, settings: Settings, index: AliasIndex, upserts: Sequence[KBRecord], deletes: Sequence[str]) -> None:
        return None  # the workers apply kb.updates to their live index; nothing to write here


retrievers.register("embedded")(EmbeddedBackend())
