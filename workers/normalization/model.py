"""Linkers behind one small interface.

``AliasLinker`` is the BASELINE: exact alias lookup over the KB, scored with a popularity prior,
type agreement, canonical-name match and document-context overlap with the record description,
plus within-document propagation ("Barack Obama ... Obama") and the other document-level rules
of ``workers.normalization.document_rules``. Retrieval + the distilled
cross-encoder replace it behind the same ``Linker`` protocol (``workers.normalization.linker``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from index.analysis import (
    COMPASS_WORDS,
    alias_key,
    content_tokens,
    names_a_concept,
    strip_legal_suffix,
)
from index.lookup import ACRONYM, ALT, NAME, AliasIndex
from index.sources.wiki import prose_common_words
from streams.schemas import ENTITY_TYPES, Candidate, Mention
from workers.normalization.document import (
    GeoContext,
    as_places,
    compatible_type,
    geo_context,
    is_acronym_surface,
    region_after,
)
from workers.normalization.document_rules import (
    CITY_OVER_REGION,
    NO_CANDIDATE_SCORE,
    ORG_NOT_TOWN,
    cities_over_regions,
    corefer,
    countries_over_towns,
    one_sense_per_surface,
    own_names,
    propagate_short_form,
    region_adjective,
    regions_over_towns,
)
from workers.normalization.linker import LinkDecision, LinkerDefaults
from workers.normalization.rows import company_rows, generic_rows, scoped_rows, town_state_rows
from workers.normalization.weights import (
    FEATURES,
    Calibration,
    LinkerWeights,
    load_ranker,
    load_weights,
    weight_vector,
)

__all__ = ["LinkDecision", "AliasLinker", "LinkerWeights", "Calibration", "load_ranker", "load_weights", "weight_vector",
           "FEATURES", "type_agreement", "propagate_short_form", "NO_CANDIDATE_SCORE", "Rescorer", "Ranked"]


#: What makes an adjective before it a language's name: "Spanish-speaking", "Arabic-language press".
_SPEAKING = re.compile(r"[- ](?:speaking|speakers?|language)\b")
_GEO_COUNTRY, _GEO_REGION = FEATURES.index("geo_country"), FEATURES.index("geo_region")


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

#: One mention's candidates, best first: (logit against the NIL option, KB row); the NIL option's
#: logit is 0, so a softmax over these and 0 gives the candidates' and NIL's probabilities.
Ranked = list[tuple[float, int]]


class Rescorer(Protocol):
    """A model that re-ranks what the linker's ranker scored (the combined normalizer,
    ``workers.normalization.combined``): per mention of a document, from the eligible rows, their
    ``FEATURES`` and the ranker's own ranking, the candidates' logits against NIL, best first.
    The linker's document-level rules then apply to its decisions as to the ranker's."""

    @property
    def version(self) -> str: ...

    @property
    def calibration(self) -> Calibration | None:
        """NIL calibration of the rescorer's top-candidate probability (None: argmax vs NIL)."""
        ...

    def rescore(self, text: str, mentions: Sequence[Mention], scored: Sequence[tuple[list[int], np.ndarray]],
                ranked: Sequence[Ranked]) -> list[Ranked]: ...


class AliasLinker(LinkerDefaults):
    """BASELINE linker: priors + type agreement + context overlap (no learned model) over the
    candidates of a generator: exact alias lookup by default, or a ``Retriever`` shortlist
    (``retriever_candidates``). Candidates that do not carry the mention as an alias need the
    retrieval score and context to beat the NIL option."""

    def __init__(self, index: AliasIndex, weights: LinkerWeights | None = None,
                 candidates: CandidateGenerator | None = None, name: str = "alias-baseline.v1",
                 calibration: Calibration | None = None, rescorer: Rescorer | None = None):
        self.index = index
        self.w = weights or LinkerWeights()
        self.calibration = calibration
        self._wvec = weight_vector(self.w)
        self.rescorer = rescorer
        self.version = name if rescorer is None else f"{name}+{rescorer.version}"
        self._candidates = candidates
        self._desc_tokens = lru_cache(maxsize=100_000)(self._desc_tokens_uncached)
        self._concept = lru_cache(maxsize=100_000)(self._concept_uncached)

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
        return content_tokens(self.index.descriptions[row]) - COMPASS_WORDS  # "West Bank" is no "West Virginia"

    def _concept_uncached(self, row: int) -> bool:
        return names_a_concept(self.index.names[row], self.index.descriptions[row])

    def _score_rows(self, mention: Mention, rows: Sequence[int], ctx: frozenset[str],
                    local: frozenset[str], retrieval: dict[int, float] | None = None,
                    geo: GeoContext | None = None, region: frozenset[str] = frozenset()) -> list[tuple[float, int]]:
        """Score each candidate row: the weights times ``features``."""
        return self._rank(rows, self.features(mention, rows, ctx, local, retrieval, geo, region))

    def features(self, mention: Mention, rows: Sequence[int], ctx: frozenset[str], local: frozenset[str],
                 retrieval: dict[int, float] | None = None, geo: GeoContext | None = None,
                 region: frozenset[str] = frozenset()) -> np.ndarray:
        """One row of ``FEATURES`` per candidate: name, prior, type and context evidence, what kind
        of record it is, and the document-level evidence — ``geo`` (the countries and regions of the
        document's places) and ``region`` (the codes of the region named right after the mention)."""
        ix = self.index
        own = content_tokens(mention.surface)
        ctx = ctx - own
        local = local - own
        key = alias_key(mention.surface)
        exact = set(ix.lookup(mention.surface)) if retrieval is not None else set()
        out: list[tuple[float, ...]] = []
        for row in rows:
            desc = self._desc_tokens(row)
            pop = float(ix.popularity[row])
            kind = self._record_kind(row, key, pop)
            comp = 0.0
            if region and ix.countries and (ix.countries[row] in region or ix.admin1[row] in region):
                comp = 1.0
            ret = retrieval.get(row, 0.0) if retrieval is not None else 0.0
            alias = (float(row in exact) - 1.0) if retrieval is not None else 0.0
            out.append((pop, type_agreement(mention.type, ix.types[row]), float(ix.is_canonical_name(row, key)),
                        min(1.0, len(ctx & desc) / 3.0), float(bool(local & desc)), *kind, 0.0, 0.0, comp, ret, alias))
        feats = np.asarray(out, dtype=np.float64).reshape(len(rows), len(FEATURES))
        return self.with_geo(rows, feats, geo) if geo is not None else feats

    def with_geo(self, rows: Sequence[int], feats: np.ndarray, geo: GeoContext) -> np.ndarray:
        """``feats`` (of ``rows``) with the geographic columns for ``geo``: the only features
        the document-level pass changes."""
        ix = self.index
        if not ix.countries:
            return feats
        out = feats.copy()
        out[:, _GEO_COUNTRY] = [geo.country_weight(ix.countries[r]) for r in rows]
        out[:, _GEO_REGION] = [geo.region_weight(ix.admin1[r]) for r in rows]
        return out

    def _record_kind(self, row: int, key: str, pop: float) -> tuple[float, float, float, float, float]:
        """(country, capital, admin1, big city, alternate name) features: priors from what the
        record is, and minus evidence when the surface is only an alternate (foreign, historical)
        name of a small place."""
        ix = self.index
        if not ix.features:
            return (0.0, 0.0, 0.0, 0.0, 0.0)
        feature = ix.features[row]
        big = 0.0
        if feature in ("city", "capital", "admin1") and ix.population is not None:  # a big region too
            people = float(ix.population[row])
            if people > 100_000:
                big = min(1.0, (math.log10(people) - 5.0) / 2.0)
        kind = (ix.match_kinds or {}).get((key, row), 0)
        alt = -max(0.0, 0.7 - pop) / 0.7 if kind & ALT and not kind & NAME else 0.0
        return (float(feature == "country"), float(feature == "capital"), float(feature == "admin1"), big, alt)

    def _across_types(self, row: int, mention: Mention | None = None) -> bool:
        """A record kept whatever type the NER gave the mention: a country, first-level region or
        capital (the NER calls "Lesotho" a person now and then; a town that shares a person's
        name is not); a listed company under its own name ("Atlas Copco" tagged a person); an
        encyclopedia article under its own title of two or more words ("Volga Bulgaria": the NER's
        type and the article's guessed one both err); for a one-word mention, a place with an
        article of its own (a river, sea, island, region: "Danube") or a city of
        ``CITY_OVER_REGION`` people ("Ibadan")."""
        ix = self.index
        if not ix.features:
            return False
        f = ix.features[row]
        if f in ("country", "admin1", "capital"):
            return True
        if mention is not None and f == "company" and mention.type == "PER" and " " in mention.surface.strip() \
                and (ix.match_kinds or {}).get((alias_key(mention.surface), row), 0) & NAME:
            return True
        if mention is None:
            return False
        own_title = f == "article" and bool((ix.match_kinds or {}).get((alias_key(mention.surface), row), 0) & NAME)
        if " " in mention.surface.strip() or (own_title and ix.types[row] == "PER"):
            return own_title  # a Vital article under its own title ("Volga Bulgaria", "Aristotle")
        if ix.types[row] != "LOC":
            return False
        return f == "article" or (f == "city" and ix.population is not None
                                  and float(ix.population[row]) >= CITY_OVER_REGION)

    def _eligible(self, mention: Mention, rows: Sequence[int]) -> list[int]:
        """Hard filters: the record's type must be compatible with the mention's; an all-caps
        surface ("UN") matches only a record's acronyms or all-caps name, never a mixed-case
        alias (the village "Un"); and when the surface is the own name of a country, a record that
        carries it only as an alternate (foreign, historical) name is out ("Mexico" is the
        country, not Mexico City's Spanish name; a state's name is no such rule: "New York"); a
        single letter matches nothing."""
        ix = self.index
        if len(alias_key(mention.surface)) < 2:
            return []  # "D" of "(D-Tex)": one letter names nothing by itself
        out = [r for r in rows if compatible_type(mention.type, ix.types[r]) or self._across_types(r, mention)]
        if ix.match_kinds is not None:
            key = alias_key(mention.surface)
            if is_acronym_surface(mention.surface):
                # a word of five or more capitals may be a name written in capitals ("NASDAQ"):
                # an organisation's or place's name or plain alias then counts too
                long_word = len(mention.surface.replace(".", "")) >= 5
                out = [r for r in out if ix.match_kinds.get((key, r), 0) & ACRONYM
                       or (long_word and ix.types[r] in ("ORG", "LOC") and not ix.match_kinds.get((key, r), 0) & ALT)]
            else:  # "Co" is no "CO" (Colombia's code): an acronym-only match needs an all-caps surface
                out = [r for r in out if ix.match_kinds.get((key, r), 0) & (ACRONYM | NAME | ALT) != ACRONYM]
                if mention.type != "LOC" and ix.features:
                    out = [r for r in out if ix.features[r] != "airport"]  # "CMP" the company is no airport code
            if ix.features and mention.type in ("ORG", "PER") and " " not in mention.surface.strip() \
                    and key in prose_common_words():  # "Bank", "Finance", "Nova" the company: no concept
                out = [r for r in out if not (ix.features[r] == "article" and ix.types[r] == "MISC")]
            if ix.features and ix.population is not None and mention.type == "ORG":
                # "Congress", "the White House", "Sealy stock": an organisation is no small town of its name
                # nor a city known by it only in translation ("White House": Casablanca's Arabic name)
                out = [r for r in out if not (ix.features[r] == "city" and (
                    float(ix.population[r]) < ORG_NOT_TOWN
                    or ix.match_kinds.get((key, r), 0) & (ALT | NAME) == ALT))]
            if ix.features and mention.surface[:1].isupper():  # "the House", "The Bank also sold": a name
                out = [r for r in out if not (ix.features[r] == "article" and self._concept(r))]
            if ix.features and any(ix.features[r] == "country" and ix.match_kinds.get((key, r), 0) & NAME for r in out):
                out = [r for r in out if not (ix.match_kinds.get((key, r), 0) & ALT
                                              and not ix.match_kinds.get((key, r), 0) & NAME)]
        return out

    def _region_adjective(self, mention: Mention, row: int) -> bool:
        """``document_rules.region_adjective`` over this linker's index."""
        return region_adjective(self.index, mention, row)

    def _logits(self, scored: list[tuple[float, int]]) -> Ranked:
        """The ranker's scores as logits against NIL's (logit 0)."""
        k = self.w.sharpness
        return [(k * (s - self.w.nil), r) for s, r in scored]

    def _shares(self, ranked: Ranked) -> tuple[list[float], float]:
        """The softmax numerators of the best ``max_candidates`` logits and the partition (the NIL
        option's numerator, exp(0), included)."""
        exps = [math.exp(min(50.0, s)) for s, _ in ranked[: self.w.max_candidates]]
        return exps, sum(exps) + 1.0

    @staticmethod
    def _verdict(top_share: float, z: float, calibration: Calibration | None) -> tuple[bool, float]:
        """(links, score) for a top candidate with probability ``top_share`` (rounded as the
        candidate reports it): calibrated when a calibration is given, else against NIL's."""
        if calibration is not None:
            p = calibration(top_share)
            return (True, round(p, 4)) if p >= calibration.threshold else (False, round(1.0 - p, 4))
        return (True, top_share) if top_share >= 1.0 / z else (False, round(1.0 / z, 4))

    def _decide(self, scored: list[tuple[float, int]]) -> LinkDecision:
        """The ranker's decision over its scored candidates (weights . features, best first)."""
        return self._decide_logits(self._logits(scored), self.calibration)

    def _decide_logits(self, ranked: Ranked, calibration: Calibration | None) -> LinkDecision:
        """Softmax over the best ``max_candidates`` logits and the NIL option (logit 0); with a
        calibration the top candidate links when its calibrated probability reaches the threshold."""
        ix = self.index
        exps, z = self._shares(ranked)
        cands = tuple(
            Candidate(kb_id=ix.ids[r], name=ix.names[r], type=ix.types[r], score=round(e / z, 4),
                      description=ix.descriptions[r][:300])
            for e, (_, r) in zip(exps, ranked, strict=False)
        )
        best = cands[0]
        links, score = self._verdict(best.score, z, calibration)
        if links:
            return LinkDecision(best.kb_id, best.name, None, score, cands)
        return LinkDecision(None, None, "needs_context", score, cands)

    def _confident_link(self, scored: list[tuple[float, int]]) -> float | None:
        """The score ``_decide`` gives the top candidate when it links it, else None (the first
        pass of ``document_features`` needs no more than that)."""
        exps, z = self._shares(self._logits(scored))
        links, score = self._verdict(round(exps[0] / z, 4), z, self.calibration)
        return score if links else None

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
        mentions = as_places(text, mentions)
        scored = self._document_features(text, mentions)
        ranked = [self._rank(rows, feats) if rows else [] for rows, feats in scored]
        if self.rescorer is None:
            decisions: list[LinkDecision | None] = [self._decide(r) if r else None for r in ranked]
        else:
            ranked = self.rescorer.rescore(text, mentions, scored, ranked)
            decisions = [self._decide_logits(r, self.rescorer.calibration) if r else None for r in ranked]
        cal = self.calibration if self.rescorer is None else self.rescorer.calibration
        decisions = own_names(self.index, mentions, ranked, decisions, cal)
        decisions = regions_over_towns(self.index, mentions, ranked, decisions)
        decisions = cities_over_regions(self.index, mentions, ranked, decisions)
        decisions = countries_over_towns(self.index, text, mentions, ranked, decisions)
        decisions = corefer(self.index, text, mentions, decisions)
        filled = [d if d is not None else propagate_short_form(i, mentions, decisions) for i, d in enumerate(decisions)]
        return one_sense_per_surface(mentions, filled)

    def document_features(self, text: str, mentions: Sequence[Mention],
                          holdout: frozenset[int] = frozenset()) -> list[tuple[list[int], np.ndarray]]:
        """(eligible candidate rows, their ``FEATURES``) per mention, with the document-level
        evidence of a first pass (what ``link`` decides on, and what the ranker learns from).
        ``holdout``: rows treated as absent from the KB (the ranker's NIL training examples)."""
        return self._document_features(text, as_places(text, mentions), holdout)

    def _document_features(self, text: str, mentions: Sequence[Mention],
                           holdout: frozenset[int] = frozenset()) -> list[tuple[list[int], np.ndarray]]:
        """``document_features`` of mentions already retyped by ``as_places``."""
        ctx = content_tokens(text)
        win = self.w.local_window
        cands: list[tuple[list[int], dict[int, float] | None]] = []
        as_named = list(mentions)  # the name each mention is scored under
        for k, m in enumerate(mentions):
            retrieval: dict[int, float] | None = None
            if self._candidates is None:
                rows: list[int] = list(self.index.lookup(m.surface))
                if not rows and (rows := company_rows(self.index, m)):
                    short = strip_legal_suffix(m.surface) or m.surface
                    as_named[k] = Mention(start=m.start, end=m.start + len(short), surface=short, type=m.type, score=m.score)
                elif not rows and (named := generic_rows(self.index, m)) is not None:
                    rows, as_named[k] = named
            else:
                retrieval = dict(self._candidates(m.surface, text))
                rows = list(retrieval)
            after_town = k > 0 and mentions[k - 1].end == m.start - 2 and mentions[k - 1].type != "PER"
            state = town_state_rows(self.index, text, m) if after_town else []
            if state:  # "Woburn, Mass.": the state, not physics' mass
                rows, retrieval = state, None
            if holdout:
                rows = [r for r in rows if r not in holdout]
            eligible = rows if state else self._eligible(m, rows)  # "B.C." is no acronym of its name
            if _SPEAKING.match(text, m.end):  # "Spanish-speaking": the language, not the country
                eligible = list(self.index.lookup(f"{m.surface} language")) or eligible
            cands.append((eligible, retrieval))
        locals_ = [content_tokens(text[max(0, m.start - win) : m.end + win]) for m in mentions]
        regions = [self._region_codes(text, region_after(text, m, mentions, i)) for i, m in enumerate(mentions)]

        first = [(rows, self.features(m, rows, ctx, locals_[i], retrieval, None, regions[i]))
                 for i, (m, (rows, retrieval)) in enumerate(zip(as_named, cands, strict=True))]
        linked: list[tuple[int, int, float]] = []  # (mention, row, confidence)
        for k, (rows, feats) in enumerate(first):
            if rows:
                ranked = self._rank(rows, feats)
                score = self._confident_link(ranked)
                if score is not None and score >= 0.5:
                    linked.append((k, ranked[0][1], score))
        # leave one out: a mention's own first guess is no evidence for itself ("Victoria" the
        # Seychelles' capital would vote for the Seychelles beside Ballarat)
        everyone = geo_context(self.index, [(r, sc) for _, r, sc in linked])
        own = {k for k, _, _ in linked}
        out = []
        for k, (rows, feats) in enumerate(first):
            geo = everyone if k not in own else geo_context(self.index, [(r, sc) for j, r, sc in linked if j != k])
            scoped = scoped_rows(self.index, mentions[k], geo) if geo.countries else None
            if scoped is not None and not set(scoped[0]) & holdout:  # "WA" in an Australian story
                rows, feats = scoped[0], self.features(scoped[1], scoped[0], ctx, locals_[k], None, None, regions[k])
            out.append((rows, self.with_geo(rows, feats, geo)) if geo.countries else (rows, feats))
        return out

    def _rank(self, rows: Sequence[int], feats: np.ndarray) -> list[tuple[float, int]]:
        scored = list(zip((feats @ self._wvec).tolist(), rows, strict=True))
        scored.sort(key=lambda t: (-t[0], self.index.ids[t[1]]))
        return scored

    def _region_codes(self, text: str, region: Mention | None) -> frozenset[str]:
        """Country and region codes of the places a following "..., Region" mention can name."""
        if region is None or not self.index.features:
            return frozenset()
        ix = self.index
        rows = [r for r in ix.lookup(region.surface) if ix.features[r] in ("country", "admin1")]
        rows = town_state_rows(self.index, text, region) or rows  # region_after: a mention ends at the comma
        codes = {ix.admin1[r] if ix.features[r] == "admin1" else ix.countries[r] for r in rows}
        return frozenset(c for c in codes if c)
