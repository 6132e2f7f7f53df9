"""Candidate generation through the cache: query embeddings and candidate lists in Redis."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import orjson

from index.cache import SyncCache, candidates_key, embedding_key
from index.retrieval.embedded import EmbeddedRetriever, context_terms

__all__ = ["CachedCandidates"]


class CachedCandidates:
    """``(surface, text) -> [(row, score)]`` for the linker; ``cache=None`` disables caching
    (counted nowhere, used by tests and batch tools that ask for it explicitly)."""

    def __init__(self, retriever: EmbeddedRetriever, embed: Callable[[list[str]], np.ndarray], embedder_version: str,
                 cache: SyncCache | None, k: int = 20):
        self.retriever = retriever
        self._embed = embed
        self._embedder_version = embedder_version
        self.cache = cache
        self.k = k
        f = retriever.fusion
        self._fusion_sig = f"{f.method}-{'-'.join(f'{w:g}' for w in f.weights)}-{f.rank_constant}"

    def vector(self, surface: str) -> np.ndarray:
        if self.cache is None:
            return self._embed([surface])[0]
        key = embedding_key(self._embedder_version, surface)
        (hit,) = self.cache.get_many([key])
        if hit is not None:
            return np.frombuffer(hit, dtype=np.float32)
        v = self._embed([surface])[0].astype(np.float32)
        self.cache.set_many({key: v.tobytes()})
        return v

    def __call__(self, surface: str, text: str) -> list[tuple[int, float]]:
        key = candidates_key(self.retriever.kb_version, self._fusion_sig, surface, context_terms(surface, text), self.k)
        if self.cache is not None:
            (hit,) = self.cache.get_many([key])
            if hit is not None:
                return [(int(r), float(s)) for r, s in orjson.loads(hit)]
        found = [(c.row, c.score) for c in self.retriever.search(surface, text, k=self.k, vector=self.vector(surface))]
        if self.cache is not None:
            self.cache.set_many({key: orjson.dumps(found)})
        return found
