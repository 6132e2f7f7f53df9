"""Score fusion, pure. Reproduces OpenSearch's hybrid-search processors so that the embedded
backend and OpenSearch rank alike:

- ``normalization-processor`` with ``min_max`` + ``arithmetic_mean``: each sub-query's scores are
  rescaled to [0, 1] from that sub-query's own results (a lone or constant result list maps to
  1.0; a normalised 0 becomes 0.001, as OpenSearch's MinMax technique does), then combined as a
  weighted arithmetic mean over the sub-queries; a document a sub-query did not return contributes
  0 for it while the weight still counts.
- ``score-ranker-processor`` with ``rrf``: sum over sub-queries of 1 / (rank_constant + rank),
  rank starting at 1.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

__all__ = ["FusionConfig", "minmax_normalize", "minmax_fuse", "rrf_fuse", "fuse"]

K = TypeVar("K", bound=Hashable)

MIN_SCORE = 0.001


@dataclass(frozen=True, slots=True)
class FusionConfig:
    """How sub-query result lists become one ranking.

    method: ``minmax`` (OpenSearch normalization-processor) or ``rrf`` (score-ranker-processor).
    weights: one per sub-query (BM25, kNN), for ``minmax``.
    rank_constant: for ``rrf`` (OpenSearch default 60).
    """

    method: Literal["minmax", "rrf"] = "minmax"
    # chosen on `mentionflow bench retrieval`-style sets (seed 11, KB-derived, not the eval set);
    # the recall@20 of each weighting tried is in the README (retrieval)
    weights: tuple[float, ...] = (0.8, 0.2)
    rank_constant: int = 60


def minmax_normalize(scores: Mapping[K, float]) -> dict[K, float]:
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    if hi == lo:
        return dict.fromkeys(scores, 1.0)
    out = {}
    for k, s in scores.items():
        v = (s - lo) / (hi - lo)
        out[k] = MIN_SCORE if v == 0.0 else v
    return out


def minmax_fuse(lists: Sequence[Mapping[K, float]], weights: Sequence[float]) -> dict[K, float]:
    if len(lists) != len(weights):
        raise ValueError(f"{len(lists)} result lists but {len(weights)} weights")
    total = sum(weights)
    if total <= 0:
        raise ValueError("weights must sum to a positive number")
    fused: dict[K, float] = {}
    for scores, w in zip(lists, weights, strict=True):
        for k, v in minmax_normalize(scores).items():
            fused[k] = fused.get(k, 0.0) + w * v
    return {k: v / total for k, v in fused.items()}


def rrf_fuse(rankings: Sequence[Sequence[K]], rank_constant: int = 60) -> dict[K, float]:
    fused: dict[K, float] = {}
    for ranking in rankings:
        for rank, k in enumerate(ranking, start=1):
            fused[k] = fused.get(k, 0.0) + 1.0 / (rank_constant + rank)
    return fused


def fuse(lists: Sequence[Mapping[K, float]], config: FusionConfig) -> list[tuple[K, float]]:
    """Fused ranking, best first; ties broken by key for determinism."""
    if config.method == "rrf":
        rankings = [sorted(s, key=lambda k: (-s[k], str(k))) for s in lists]
        fused = rrf_fuse(rankings, config.rank_constant)
    else:
        fused = minmax_fuse(lists, config.weights)
    return sorted(fused.items(), key=lambda kv: (-kv[1], str(kv[0])))
