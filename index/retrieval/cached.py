"""Candidate generation through the cache: query embeddings and candidate lists in Redis."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import orjson

from index.cache import SyncCache, candidates_key, embedding_key
from index.lookup import AliasIndex
from index.retrieval.base import Retriever
from index.retrieval.embedded import context_terms

__all__ = ["CachedCandidates"]


class CachedCandidates:
    """``(surface, text) -> [(row, score)]`` for the linker; ``cache=None`` disables caching
    (counted nowhere, used by tests and batch tools that ask for it explicitly)."""

    def __init__(self, retriever: Retriever, embed: Callable[[list[str]], np.ndarray], embedder_version: str,
                 cache: SyncCache | None, k: int = 20, live_index: Callable[[], AliasIndex] | None = None):
        """``live_index``: the KB index the linker serves now (live updates). For a backend that
        does not see updates (embedded files), rows it tombstoned are dropped from shortlists and
        records upserted since the retrieval index was built are added when the mention is one of
        their names. A backend that sees them (OpenSearch) maps its hits onto that index itself."""
        self.retriever = retriever
        self._live = live_index
        self._embed = embed
        self.embedder_version = embedder_version
        self.cache = cache
        self.k = k
        f = retriever.fusion
        # a rebuilt index (new layout, new embedder, same KB version) must not serve old lists
        built = retriever.build_id
        self._fusion_sig = f"{built}-{f.method}-{'-'.join(f'{w:g}' for w in f.weights)}-{f.rank_constant}"

    def vector(self, surface: str) -> np.ndarray:
        if self.cache is None:
            return self._embed([surface])[0]
        key = embedding_key(self.embedder_version, surface)
        (hit,) = self.cache.get_many([key])
        if hit is not None:
            return np.frombuffer(hit, dtype=np.float32)
        v = self._embed([surface])[0].astype(np.float32)
        self.cache.set_many({key: v.tobytes()})
        return v

    def __call__(self, surface: str, text: str) -> list[tuple[int, float]]:
        key = candidates_key(self.retriever.kb_version, self._fusion_sig, surface, context_terms(surface, text), self.k)
        found: list[tuple[int, float]] | None = None
        if self.cache is not None:
            (hit,) = self.cache.get_many([key])
            if hit is not None:
                found = [(int(r), float(s)) for r, s in orjson.loads(hit)]
        if found is None:
            found = [(c.row, c.score) for c in self.retriever.search(surface, text, k=self.k, vector=self.vector(surface))]
            if self.cache is not None:
                self.cache.set_many({key: orjson.dumps(found)})
        return self._with_live_changes(surface, found)

    def _with_live_changes(self, surface: str, found: list[tuple[int, float]]) -> list[tuple[int, float]]:
        if self._live is None or self.retriever.sees_live_updates:
            return found
        live = self._live()
        if live is self.retriever.index:
            return found
        base_rows = len(self.retriever.index)
        kept = [(r, s) for r, s in found if live.ids[r]]
        added = [(r, 1.0) for r in live.lookup(surface) if r >= base_rows]
        return added + kept
