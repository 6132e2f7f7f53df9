"""The retriever interface and its result type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

    from index.lookup import AliasIndex
    from index.retrieval.fusion import FusionConfig

__all__ = ["EXACT_BOOST", "TYPO_MAX_LEN", "TYPO_MIN_LEN", "TYPO_SCORE", "RetrievedCandidate", "Retriever"]

# Ranking constants both backends share (so switching backends keeps decisions):
# a mention equal to a whole name or alias (lower-cased, ASCII-folded) gets this boost.
EXACT_BOOST = 4.0
# a whole name one edit away from the mention (insertion, deletion, substitution, adjacent
# transposition) adds this constant score, for surfaces of TYPO_MIN_LEN..TYPO_MAX_LEN characters
TYPO_SCORE = 8.0
TYPO_MIN_LEN, TYPO_MAX_LEN = 5, 40


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
    """A hybrid retrieval backend (``embedded.EmbeddedRetriever``, ``opensearch.OpenSearchRetriever``)."""

    @property
    def index(self) -> AliasIndex:
        """The KB columns its rows refer to (a live backend: the index the linker serves now)."""
        ...

    @property
    def kb_version(self) -> str: ...

    @property
    def fusion(self) -> FusionConfig: ...

    @property
    def build_id(self) -> str:
        """Changes when the searched data is rebuilt for the same KB version (cache keys)."""
        ...

    @property
    def sees_live_updates(self) -> bool:
        """True when KB upserts/deletes reach the backend itself (OpenSearch); False when only
        the linker's in-memory index has them (the embedded files are not rebuilt live)."""
        ...

    def search(self, mention: str, context: str | None = None, k: int = 20,
               mode: str = "hybrid", vector: np.ndarray | None = None) -> list[RetrievedCandidate]:
        """Ranked candidates for a mention; ``mode`` is ``hybrid`` (configured fusion),
        ``bm25``, ``knn`` or ``rrf``; ``vector``: the mention's embedding when the caller has it."""
        ...

    def health(self) -> bool: ...
