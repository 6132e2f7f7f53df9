"""The retriever interface and its result type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["RetrievedCandidate", "Retriever"]


@dataclass(frozen=True, slots=True)
class RetrievedCandidate:
    """One KB record on a shortlist.

    row: position of the record in the KB version's columns (backend-independent).
    score: fused score (min-max + weighted mean, or RRF), higher is better.
    bm25/knn: the raw sub-query scores (None where that sub-query did not return the record).
    """

    kb_id: str
    row: int
    score: float
    bm25: float | None = None
    knn: float | None = None


class Retriever(Protocol):
    kb_version: str

    def search(self, mention: str, context: str | None = None, k: int = 20,
               mode: str = "hybrid") -> list[RetrievedCandidate]:
        """Ranked candidates for a mention; ``mode`` is ``hybrid`` (configured fusion),
        ``bm25``, ``knn`` or ``rrf``."""
        ...

    def health(self) -> bool: ...
