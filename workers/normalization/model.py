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
from index.lookup import ACRONYM, ALT, NAME, AliasIndex
from streams.schemas import ENTITY_TYPES, Candidate, Mention
from workers.normalization.document import (
    GeoContext,
    compatible_type,
    coreferent,
    geo_context,
    is_acronym_surface,
    region_after,
)

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
    # what kind of record (priors from the data: countries > capitals > big cities > small places)
    country: float = 1.2
    capital: float = 0.6
    admin1: float = 0.3
    big_city: float = 0.6  # scaled by log population between 100K and 10M
    alt_name: float = 1.2  # penalty: the surface is only a foreign/historical alternate name of a small place
    # document level
    geo_country: float = 1.5  # the record lies in a country the story is about (share of its places)
    geo_region: float = 1.0  # ... in a first-level region the story is about
    compound: float = 3.0  # "Florence, Alabama": the record lies in the region named right after


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
                    local: frozenset[str], retrieval: dict[int, float] | None = None,
                    geo: GeoContext | None = None, region: frozenset[str] = frozenset()) -> list[tuple[float, int]]:
        """Score each candidate row; ``geo`` (the document's places) and ``region`` (the codes of
        the region named right after the mention) add the document-level evidence."""
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
            pop = float(ix.popularity[row])
            s = (
                w.prior * pop
                + w.type_match * type_agreement(mention.type, ix.types[row])
                + w.canonical * (alias_key(ix.names[row]) == key)
                + w.context * min(1.0, overlap / 3.0)
                + w.local * (1.0 if local & desc else 0.0)
                + self._record_kind(row, key, pop)
            )
            if geo is not None and ix.countries:
                s += w.geo_country * geo.country_weight(ix.countries[row]) + w.geo_region * geo.region_weight(ix.admin1[row])
            if region and ix.countries and (ix.countries[row] in region or ix.admin1[row] in region):
                s += w.compound
            if retrieval is not None:
                s += w.retrieval * retrieval.get(row, 0.0) + w.alias_match * (row in exact) - w.alias_match
            scored.append((s, row))
        scored.sort(key=lambda t: (-t[0], ix.ids[t[1]]))
        return scored

    def _record_kind(self, row: int, key: str, pop: float) -> float:
        """Priors from what the record is: a country, a capital, a region, a big city; minus a
        penalty when the surface is only an alternate (foreign, historical) name of a small place."""
        ix, w = self.index, self.w
        if not ix.features:
            return 0.0
        feature = ix.features[row]
        s = {"country": w.country, "capital": w.capital, "admin1": w.admin1}.get(feature, 0.0)
        if feature in ("city", "capital") and ix.population is not None:
            people = float(ix.population[row])
            if people > 100_000:
                s += w.big_city * min(1.0, (math.log10(people) - 5.0) / 2.0)
        kind = (ix.match_kinds or {}).get((key, row), 0)
        if kind & ALT and not kind & NAME:
            s -= w.alt_name * max(0.0, 0.7 - pop) / 0.7
        return s

    def _major_place(self, row: int) -> bool:
        """A country, first-level region or capital: kept even for a mention typed PER (the NER
        calls "Lesotho" a person now and then; a town that shares a person's name is not)."""
        ix = self.index
        if not ix.features:
            return False
        f = ix.features[row]
        return f in ("country", "admin1", "capital")

    def _eligible(self, mention: Mention, rows: Sequence[int]) -> list[int]:
        """Hard filters: the record's type must be compatible with the mention's, and an all-caps
        surface ("UN") matches only a record's acronyms or all-caps name, never a mixed-case
        alias (the village "Un")."""
        ix = self.index
        out = [r for r in rows if compatible_type(mention.type, ix.types[r]) or self._major_place(r)]
        if is_acronym_surface(mention.surface) and ix.match_kinds is not None:
            key = alias_key(mention.surface)
            out = [r for r in out if ix.match_kinds.get((key, r), 0) & ACRONYM]
        return out

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
        """Two passes over the document: each mention alone, then again with the places the
        first pass linked confidently (geographic coherence); then short forms take their full
        mention's decision (NIL included) and one surface keeps one sense."""
        ctx = content_tokens(text)
        win = self.w.local_window
        cands: list[tuple[list[int], dict[int, float] | None]] = []
        for m in mentions:
            retrieval: dict[int, float] | None = None
            if self._candidates is None:
                rows: list[int] = list(self.index.lookup(m.surface))
            else:
                retrieval = dict(self._candidates(m.surface, text))
                rows = list(retrieval)
            cands.append((self._eligible(m, rows), retrieval))
        locals_ = [content_tokens(text[max(0, m.start - win) : m.end + win]) for m in mentions]
        regions = [self._region_codes(region_after(text, m, mentions, i)) for i, m in enumerate(mentions)]

        def run(geo: GeoContext | None) -> list[LinkDecision | None]:
            return [self._decide(self._score_rows(m, rows, ctx, locals_[i], retrieval, geo, regions[i])) if rows else None
                    for i, (m, (rows, retrieval)) in enumerate(zip(mentions, cands, strict=True))]

        first = run(None)
        row_of = {self.index.ids[r]: r for rows, _ in cands for r in rows}
        geo = geo_context(self.index, [(row_of[d.kb_id], d.score) for d in first
                                       if d is not None and d.kb_id is not None and d.score >= 0.5 and d.kb_id in row_of])
        decisions = run(geo) if geo.countries else first
        decisions = self._corefer(mentions, decisions)
        filled = [d if d is not None else self._fallback(i, mentions, decisions) for i, d in enumerate(decisions)]
        return one_sense_per_surface(mentions, filled)

    def _region_codes(self, region: Mention | None) -> frozenset[str]:
        """Country and region codes of the places a following "..., Region" mention can name."""
        if region is None or not self.index.features:
            return frozenset()
        ix = self.index
        rows = [r for r in ix.lookup(region.surface) if ix.features[r] in ("country", "admin1")]
        codes = {ix.admin1[r] if ix.features[r] == "admin1" else ix.countries[r] for r in rows}
        return frozenset(c for c in codes if c)

    def _corefer(self, mentions: Sequence[Mention], decisions: list[LinkDecision | None]) -> list[LinkDecision | None]:
        """A short form of a person named in full in the document ("Greig" after "Brian
        Greig") takes the full mention's decision, NIL included: an unknown Brian Greig makes
        "Greig" NIL, whatever town is called Greig."""
        out = list(decisions)
        for i in range(len(mentions)):
            j = coreferent(i, mentions)
            if j is None:
                continue
            full = decisions[j]
            if full is None:
                out[i] = LinkDecision(None, None, "not_in_kb", NO_CANDIDATE_SCORE, ())
            elif full.kb_id is None:
                out[i] = LinkDecision(None, None, full.nil_reason, full.score, full.candidates)
            else:
                out[i] = LinkDecision(full.kb_id, full.name, None, round(full.score * 0.95, 4), full.candidates)
        return out

    def _fallback(self, i: int, mentions: Sequence[Mention], decisions: list[LinkDecision | None]) -> LinkDecision:
        return propagate_short_form(i, mentions, decisions)


def one_sense_per_surface(mentions: Sequence[Mention], decisions: list[LinkDecision]) -> list[LinkDecision]:
    """Mentions with the same surface and type take the most confident decision among them."""
    best: dict[tuple[str, str], LinkDecision] = {}
    for m, d in zip(mentions, decisions, strict=True):
        k = (alias_key(m.surface), m.type)
        if d.candidates and (k not in best or d.score > best[k].score):
            best[k] = d
    return [best.get((alias_key(m.surface), m.type), d) if d.candidates else d
            for m, d in zip(mentions, decisions, strict=True)]


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
