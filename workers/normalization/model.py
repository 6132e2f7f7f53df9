"""Linkers behind one small interface.

``AliasLinker`` is the BASELINE: exact alias lookup over the KB, scored with a popularity prior,
type agreement, canonical-name match and document-context overlap with the record description,
plus within-document propagation ("Barack Obama ... Obama"). Retrieval + the distilled
cross-encoder replace it behind the same ``Linker`` protocol.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from index.analysis import alias_key, content_tokens
from index.lookup import AliasIndex
from streams.schemas import ENTITY_TYPES, Candidate, Mention

__all__ = ["LinkDecision", "Linker", "AliasLinker", "LinkerWeights", "type_agreement", "propagate_short_form",
           "NO_CANDIDATE_SCORE"]


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """What a linker decided for one mention.

    kb_id/name: the chosen record, or None (NIL) with ``nil_reason``.
    score: confidence in the decision, 0-1.
    candidates: what was considered, best first (for review and training).
    """

    kb_id: str | None
    name: str | None
    nil_reason: str | None
    score: float
    candidates: tuple[Candidate, ...]


class Linker(Protocol):
    version: str

    @property
    def kb_version(self) -> str: ...

    def link(self, text: str, mentions: Sequence[Mention]) -> list[LinkDecision]: ...

    def health(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class LinkerWeights:
    prior: float = 2.0
    type_match: float = 1.5
    canonical: float = 0.7
    context: float = 2.5
    local: float = 1.5  # description words right next to the mention ("Paris, Texas")
    local_window: int = 40  # characters on each side
    alias_match: float = 1.5  # the mention is one of the record's names (retrieval candidates only)
    retrieval: float = 1.0  # fused retrieval score (retrieval candidates only)
    nil: float = 2.0  # score of the NIL option; a candidate must beat it to be linked
    sharpness: float = 3.0  # softmax inverse temperature: many weak namesakes must not drown a clear winner
    max_candidates: int = 20


def type_agreement(mention_type: str, kb_type: str) -> float:
    if kb_type not in ENTITY_TYPES or kb_type == mention_type:
        return 1.0
    if "MISC" in (kb_type, mention_type):
        return 0.4
    if {kb_type, mention_type} == {"ORG", "LOC"}:
        return 0.3  # "Washington" the government vs the place, "Apple" tagged GPE
    return 0.0


#: A candidate generator: (mention surface, document text) -> (KB row, retrieval score in [0, 1]).
CandidateGenerator = Callable[[str, str], Sequence[tuple[int, float]]]


class AliasLinker:
    """BASELINE linker: priors + type agreement + context overlap (no learned model) over the
    candidates of a generator: exact alias lookup by default, or a ``Retriever`` shortlist
    (``retriever_candidates``). Candidates that do not carry the mention as an alias need the
    retrieval score and context to beat the NIL option."""

    def __init__(self, index: AliasIndex, weights: LinkerWeights | None = None,
                 candidates: CandidateGenerator | None = None, name: str = "alias-baseline.v1"):
        self.index = index
        self.w = weights or LinkerWeights()
        self.version = name
        self._candidates = candidates
        self._desc_tokens = lru_cache(maxsize=100_000)(self._desc_tokens_uncached)

    @property
    def kb_version(self) -> str:
        return self.index.kb_version

    def set_candidates(self, candidates: CandidateGenerator | None) -> None:
        self._candidates = candidates

    def swap_index(self, index: AliasIndex) -> None:
        """Serve a new KB version from now on (live updates; one atomic attribute swap)."""
        self.index = index

    def health(self) -> bool:
        return len(self.index) > 0

    def _desc_tokens_uncached(self, row: int) -> frozenset[str]:
        return content_tokens(self.index.descriptions[row])

    def _score_rows(self, mention: Mention, rows: Sequence[int], ctx: frozenset[str],
                    local: frozenset[str], retrieval: dict[int, float] | None = None) -> list[tuple[float, int]]:
        w, ix = self.w, self.index
        own = content_tokens(mention.surface)
        ctx = ctx - own
        local = local - own
        key = alias_key(mention.surface)
        exact = set(ix.lookup(mention.surface)) if retrieval is not None else set()
        scored = []
        for row in rows:
            desc = self._desc_tokens(row)
            overlap = len(ctx & desc)
            s = (
                w.prior * float(ix.popularity[row])
                + w.type_match * type_agreement(mention.type, ix.types[row])
                + w.canonical * (alias_key(ix.names[row]) == key)
                + w.context * min(1.0, overlap / 3.0)
                + w.local * (1.0 if local & desc else 0.0)
            )
            if retrieval is not None:
                s += w.retrieval * retrieval.get(row, 0.0) + w.alias_match * (row in exact) - w.alias_match
            scored.append((s, row))
        scored.sort(key=lambda t: (-t[0], ix.ids[t[1]]))
        return scored

    def _decide(self, scored: list[tuple[float, int]]) -> LinkDecision:
        ix = self.index
        top = scored[: self.w.max_candidates]
        k = self.w.sharpness
        exps = [math.exp(k * (s - self.w.nil)) for s, _ in top]
        z = sum(exps) + 1.0  # the NIL option, exp(k * 0)
        cands = tuple(
            Candidate(kb_id=ix.ids[r], name=ix.names[r], type=ix.types[r], score=round(e / z, 4),
                      description=ix.descriptions[r][:300])
            for e, (_, r) in zip(exps, top, strict=True)
        )
        p_nil = 1.0 / z
        best = cands[0]
        if best.score >= p_nil:
            return LinkDecision(best.kb_id, best.name, None, best.score, cands)
        return LinkDecision(None, None, "needs_context", round(p_nil, 4), cands)

    def decide_among(self, text: str, mention: Mention, rows: dict[int, float]) -> LinkDecision:
        """Score only ``rows`` (row -> retrieval score in [0, 1]) for one mention of ``text``."""
        win = self.w.local_window
        local = content_tokens(text[max(0, mention.start - win) : mention.end + win])
        return self._decide(self._score_rows(mention, list(rows), content_tokens(text), local, rows))

    def decide_exact(self, text: str, mention: Mention, rows: Sequence[int]) -> LinkDecision:
        """The baseline's decision for one mention over ``rows`` (exact alias matches): what
        ``link`` decides for it, without the document-level short-form fallback."""
        win = self.w.local_window
        local = content_tokens(text[max(0, mention.start - win) : mention.end + win])
        return self._decide(self._score_rows(mention, rows, content_tokens(text), local))

    def link(self, text: str, mentions: Sequence[Mention]) -> list[LinkDecision]:
        ctx = content_tokens(text)
        decisions: list[LinkDecision | None] = []
        for m in mentions:
            retrieval: dict[int, float] | None = None
            if self._candidates is None:
                rows: Sequence[int] = self.index.lookup(m.surface)
            else:
                retrieval = dict(self._candidates(m.surface, text))
                rows = list(retrieval)
            if not rows:
                decisions.append(None)
                continue
            win = self.w.local_window
            local = content_tokens(text[max(0, m.start - win) : m.end + win])
            decisions.append(self._decide(self._score_rows(m, rows, ctx, local, retrieval)))
        return [d if d is not None else self._fallback(i, mentions, decisions) for i, d in enumerate(decisions)]

    def _fallback(self, i: int, mentions: Sequence[Mention], decisions: list[LinkDecision | None]) -> LinkDecision:
        return propagate_short_form(i, mentions, decisions)


#: The score of a NIL decided by rule because no KB record carries the mention's name (no model
#: call); review-threshold calibration counts these mentions at this score.
NO_CANDIDATE_SCORE = 0.6


def propagate_short_form(i: int, mentions: Sequence[Mention], decisions: Sequence[LinkDecision | None]) -> LinkDecision:
    """Mention ``i`` had no candidate: reuse a longer mention in the same document that contains
    it as whole words ("Obama" after "Barack Obama"), else NIL not_in_kb."""
    m = mentions[i]
    toks = alias_key(m.surface).split()
    best: LinkDecision | None = None
    for j, other in enumerate(mentions):
        d = decisions[j]
        if j == i or d is None or d.kb_id is None:
            continue
        otoks = alias_key(other.surface).split()
        if len(otoks) > len(toks) and _contains_words(otoks, toks) and (best is None or d.score > best.score):
            best = d
    if best is not None:
        return LinkDecision(best.kb_id, best.name, None, round(best.score * 0.9, 4), best.candidates)
    return LinkDecision(None, None, "not_in_kb", NO_CANDIDATE_SCORE, ())


def _contains_words(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[k : k + n] == needle for k in range(len(haystack) - n + 1))
