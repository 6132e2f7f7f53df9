"""Linkers behind one small interface.

``AliasLinker`` is the BASELINE: exact alias lookup over the KB, scored with a popularity prior,
type agreement, canonical-name match and document-context overlap with the record description,
plus within-document propagation ("Barack Obama ... Obama"). Retrieval + the distilled
cross-encoder replace it behind the same ``Linker`` protocol (``workers.normalization.linker``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import orjson

from index.analysis import (
    COMMON_PLACE_WORDS,
    alias_key,
    content_tokens,
    generic_name,
    names_a_concept,
    strip_legal_suffix,
)
from index.lookup import ACRONYM, ALT, NAME, AliasIndex
from index.sources.wiki import adjective_forms, group_adjectives, plural_nouns, prose_common_words
from streams.schemas import ENTITY_TYPES, Candidate, Mention
from workers.normalization.document import (
    GeoContext,
    as_places,
    compatible_type,
    coreferent,
    geo_context,
    is_acronym_surface,
    region_after,
)
from workers.normalization.linker import LinkDecision, LinkerDefaults

__all__ = ["LinkDecision", "AliasLinker", "LinkerWeights", "Calibration", "load_ranker", "type_agreement", "propagate_short_form",
           "NO_CANDIDATE_SCORE", "Rescorer", "Ranked"]


#: A town below this population does not take the own name of a first-level region from it in a
#: story set in that region's country (``AliasLinker._regions_over_towns``).
TOWN_UNDER_REGION = 100_000
#: A city of this population or more keeps its name from the first-level region around it that is
#: named like it ("New York", "Buenos Aires": the city; ``AliasLinker._cities_over_regions``).
CITY_OVER_REGION = 1_000_000


_FAITH_OR_PEOPLE = re.compile(r"relig|faith|ethnic|people", re.IGNORECASE)
#: What a generic head asks of a record (``analysis.generic_name``): (feature, type) -> fits.
_OF_KIND = {
    "region": lambda f, t: f in ("admin1", "admin2"),
    "period": lambda f, t: f == "article" and t == "MISC",
    "geo": lambda f, t: f == "article" and t == "LOC",
    "polity": lambda f, t: f in ("article", "country", "admin1") and t in ("LOC", "MISC", "ORG"),
}


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


#: The features a candidate is scored on, in order; ``LinkerWeights`` has a weight of each name.
FEATURES = ("prior", "type_match", "canonical", "context", "local", "country", "capital", "admin1", "big_city",
            "alt_name", "geo_country", "geo_region", "compound", "retrieval", "alias_match")


_GEO_COUNTRY, _GEO_REGION = FEATURES.index("geo_country"), FEATURES.index("geo_region")


def weight_vector(w: LinkerWeights) -> np.ndarray:
    return np.asarray([getattr(w, f) for f in FEATURES], dtype=np.float64)


def load_weights(path: Path) -> LinkerWeights:
    """Weights from a ranker file (``training/ranker.py`` writes it): {"weights": {name: value}, ...}."""
    return load_ranker(path)[0]


@dataclass(frozen=True, slots=True)
class Calibration:
    """Isotonic map from the linker's raw probability of its top candidate (softmax over the
    candidates and the NIL option) to the probability that the top candidate is right, fitted on
    held-out training documents; a mention links when it reaches ``threshold``, else NIL."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    threshold: float = 0.5
    # the knots as arrays, made once: ``np.interp`` would convert the tuples on every call
    _xa: np.ndarray = field(init=False, repr=False, compare=False)
    _ya: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_xa", np.asarray(self.xs, dtype=np.float64))
        object.__setattr__(self, "_ya", np.asarray(self.ys, dtype=np.float64))

    def __call__(self, p: float) -> float:
        return float(np.interp(p, self._xa, self._ya))


def load_ranker(path: Path) -> tuple[LinkerWeights, Calibration | None]:
    """Weights and NIL calibration from a ranker file: {"weights": {name: value}, "calibration":
    {"xs": [...], "ys": [...], "threshold": t} | null, ...}."""
    obj = orjson.loads(path.read_bytes())
    w = LinkerWeights(**{k: float(v) for k, v in obj["weights"].items() if k in FEATURES or k == "nil"})  # type: ignore[arg-type]  # only float fields
    cal = obj.get("calibration")
    return w, (Calibration(tuple(cal["xs"]), tuple(cal["ys"]), float(cal.get("threshold", 0.5))) if cal else None)


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
        return content_tokens(self.index.descriptions[row])

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
            out.append((pop, type_agreement(mention.type, ix.types[row]), float(alias_key(ix.names[row]) == key),
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

    def _generic_rows(self, mention: Mention) -> tuple[list[int], Mention] | None:
        """No record carries the surface: a name with a generic head or a polity's prefix
        ("Kagoshima Prefecture", "Triassic Period", "Sahara Desert", "Kingdom of Prussia") is
        looked up by the name alone, among the records of that kind (a region, a period's or a
        geographic feature's article, a polity) — scored under the name alone."""
        ix = self.index
        named = generic_name(mention.surface)
        if named is None or not ix.features:
            return None
        short, kind = named
        rows = [r for r in ix.lookup(short) if _OF_KIND[kind](ix.features[r], ix.types[r])]
        if not rows:
            return None
        at = mention.surface.find(short)
        return rows, Mention(start=mention.start + at, end=mention.start + at + len(short), surface=short,
                             type="MISC" if kind == "period" else mention.type, score=mention.score)

    def _company_rows(self, mention: Mention) -> list[int]:
        """No record carries the surface: a company written with its legal form ("Chevron Corp",
        "Skanska AB") is looked up without it, among organisations only."""
        return list(self.index.lookup_company(mention.surface)) if mention.type in ("ORG", "MISC") else []

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
            if ix.features and mention.surface[:1].isupper():  # "the House", "The Bank also sold": a name
                out = [r for r in out if not (ix.features[r] == "article" and self._concept(r))]
            if ix.features and any(ix.features[r] == "country" and ix.match_kinds.get((key, r), 0) & NAME for r in out):
                out = [r for r in out if not (ix.match_kinds.get((key, r), 0) & ALT
                                              and not ix.match_kinds.get((key, r), 0) & NAME)]
        return out

    def _own_title(self, mention: Mention, row: int) -> bool:
        """A person, place or organisation with an encyclopedia article, named by its own title
        ("Aristotle", "Napoleon": one-name people the NER calls organisations), the title no word
        prose writes in lower case."""
        ix = self.index
        return (bool(ix.features) and ix.features[row] == "article" and ix.types[row] in ("PER", "LOC", "ORG")
                and bool((ix.match_kinds or {}).get((alias_key(mention.surface), row), 0) & NAME)
                and alias_key(mention.surface) not in prose_common_words())

    def _own_article_name(self, mention: Mention) -> bool:
        """An encyclopedia article other than a person's goes by exactly this name."""
        ix = self.index
        key = alias_key(mention.surface)
        return bool(ix.features) and any(ix.features[r] == "article" and ix.types[r] != "PER"
                                         and alias_key(ix.names[r]) == key for r in ix.lookup(mention.surface))

    def _own_org_name(self, mention: Mention) -> bool:
        """An organisation of the KB goes by exactly this name."""
        ix = self.index
        key = alias_key(mention.surface)
        return any(ix.types[r] == "ORG" and alias_key(ix.names[r]) == key for r in ix.lookup(mention.surface))

    def _own_company_name(self, mention: Mention, row: int) -> bool:
        """A company written with its legal form whose name without it is a listed company's
        name or plain alias ("Volkswagen AG": Volkswagen Group), not only its acronym or an
        alternate name."""
        ix = self.index
        short = strip_legal_suffix(mention.surface)
        if short is None or ix.features is None or ix.features[row] != "company":
            return False
        return not (ix.match_kinds or {}).get((alias_key(short), row), 0) & (ACRONYM | ALT)

    def _own_name_major_place(self, mention: Mention, row: int) -> bool:
        """A place mention that is the own name of a country or first-level region ("Alberta"):
        the one sensible reading when it tops the ranking, whatever the calibration says."""
        ix = self.index
        return (mention.type in ("LOC", "MISC") and ix.features is not None
                and ix.features[row] in ("country", "admin1")
                and bool((ix.match_kinds or {}).get((alias_key(mention.surface), row), 0) & NAME))

    def _region_adjective(self, mention: Mention, row: int) -> bool:
        """A nationality-like adjective or its plural naming a continent or region that has an
        article, or a first-level region ("European", "Africans", "Latin American", "Tasmanian"),
        or the adjective or adherents of a religion or people ("Jains"): the region or the
        religion, as a demonym is its country (the type differs: the NER calls the adjective
        MISC, the region is a place)."""
        ix = self.index
        if mention.type not in ("MISC", "PER") or not ix.features or ix.features[row] not in ("article", "admin1"):
            return False
        forms = adjective_forms(ix.names[row]) if ix.types[row] == "LOC" else []
        if ix.features[row] == "article" and _FAITH_OR_PEOPLE.search(ix.descriptions[row]):  # not an ideology's
            forms += group_adjectives(ix.names[row], ix.descriptions[row])  # "Nationalist" is a faction
        people = plural_nouns(forms)
        key = alias_key(mention.surface)
        # the NER calls a people ("Jains", "Africans") persons now and then, never the adjective
        return key in {alias_key(f) for f in people} or (mention.type == "MISC" and key in {alias_key(f) for f in forms})

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
        decisions = self._own_names(mentions, ranked, decisions)
        decisions = self._regions_over_towns(mentions, ranked, decisions)
        decisions = self._cities_over_regions(mentions, ranked, decisions)
        decisions = self._countries_over_towns(text, mentions, ranked, decisions)
        decisions = self._corefer(mentions, decisions)
        filled = [d if d is not None else self._fallback(i, mentions, decisions) for i, d in enumerate(decisions)]
        return one_sense_per_surface(mentions, filled)

    def _own_names(self, mentions: Sequence[Mention], ranked: Sequence[list[tuple[float, int]]],
                   decisions: list[LinkDecision | None]) -> list[LinkDecision | None]:
        """A mention declared NIL for want of context but topped by the own name of a country, of
        a first-level region of a country the document's other links are in or of another region
        named so ("Alberta" beside "Ontario" or a Canadian place; not Papua New Guinea's Gulf
        Province in a story about the Persian Gulf), of a region that is the only candidate
        under a name that is no common word ("Saskatchewan"), or of a listed company written
        with its legal form ("Volkswagen AG"), is linked to it — at its calibrated confidence, so
        review still sees a doubtful one."""
        ix = self.index
        linked_rows = [r[0][1] for r, d in zip(ranked, decisions, strict=True) if d is not None and d.kb_id is not None]
        countries = {ix.countries[r] for r in linked_rows if ix.countries and ix.countries[r]}
        waiting = [i for i, (m, r, d) in enumerate(zip(mentions, ranked, decisions, strict=True))
                   if d is not None and d.kb_id is None and d.candidates
                   and (self._own_name_major_place(m, r[0][1]) or self._own_company_name(m, r[0][1])
                        or self._region_adjective(m, r[0][1]) or self._own_title(m, r[0][1]))]
        region_countries = [ix.countries[ranked[i][0][1]] for i in waiting if ix.features[ranked[i][0][1]] == "admin1"]
        countries |= {c for c in region_countries if region_countries.count(c) > 1}  # Alberta and Ontario
        out = list(decisions)
        for i in waiting:
            d, row = decisions[i], ranked[i][0][1]
            assert d is not None
            alone = len(ranked[i]) == 1 and alias_key(mentions[i].surface) not in COMMON_PLACE_WORDS
            if ix.features[row] == "admin1" and ix.countries[row] not in countries and not alone:
                continue
            top = d.candidates[0]
            cal = self.calibration if self.rescorer is None else self.rescorer.calibration
            p = cal(top.score) if cal is not None else top.score
            out[i] = LinkDecision(top.kb_id, top.name, None, round(p, 4), d.candidates)
        return out

    def _regions_over_towns(self, mentions: Sequence[Mention], ranked: Sequence[list[tuple[float, int]]],
                            decisions: list[LinkDecision | None]) -> list[LinkDecision | None]:
        """A place mention linked to a town under ``TOWN_UNDER_REGION`` people that is also the
        own name of a first-level region of a country the document's other links are in is the
        region ("from Texas to Delaware": the state, not Delaware, Ohio; "LaPorte, Indiana") —
        when the town is known to lie in another region (its region code is an ISO one); a town
        that may be the seat its region is named after ("Ramallah") stays the town."""
        ix = self.index
        if ix.features is None or ix.population is None or ix.countries is None:
            return decisions
        out = list(decisions)
        for i, (m, r, d) in enumerate(zip(mentions, ranked, decisions, strict=True)):
            if not self._small_town(r, d):
                continue
            assert d is not None
            region = next((row for _, row in r if ix.features[row] == "admin1" and self._own_name_major_place(m, row)),
                          None)
            town = ix.admin1[r[0][1]]
            if region is None or "-" not in town or town == ix.admin1[region]:
                continue  # only a town known to lie elsewhere (Delaware, Ohio); not a region's seat (Ramallah)
            others = {ix.countries[rr[0][1]] for k, (rr, dd) in enumerate(zip(ranked, decisions, strict=True))
                      if k != i and dd is not None and dd.kb_id is not None and rr}
            if ix.countries[region] in others:
                out[i] = self._relinked(d, region)
        return out

    def _relinked(self, d: LinkDecision, row: int) -> LinkDecision:
        """``d`` pointed at ``row`` (kept score, ``row``'s candidate first)."""
        ix = self.index
        first = tuple(sorted(d.candidates, key=lambda c: c.kb_id != ix.ids[row]))
        return LinkDecision(ix.ids[row], ix.names[row], None, d.score, first)

    def _small_town(self, r: list[tuple[float, int]], d: LinkDecision | None) -> bool:
        """The mention is linked to a town under ``TOWN_UNDER_REGION`` people."""
        ix = self.index
        assert ix.features is not None and ix.population is not None
        return not (d is None or d.kb_id is None or not r or ix.features[r[0][1]] != "city"
                    or float(ix.population[r[0][1]]) >= TOWN_UNDER_REGION)

    def _countries_over_towns(self, text: str, mentions: Sequence[Mention], ranked: Sequence[list[tuple[float, int]]],
                              decisions: list[LinkDecision | None]) -> list[LinkDecision | None]:
        """A mention linked to a town under ``TOWN_UNDER_REGION`` people that is the own name of
        a country is the country, unless a region follows it ("Brazil" among India and the
        United Kingdom: not Brazil, Indiana; "Lebanon, Tennessee" stays the town)."""
        ix = self.index
        if ix.features is None or ix.population is None:
            return decisions
        out = list(decisions)
        for i, (m, r, d) in enumerate(zip(mentions, ranked, decisions, strict=True)):
            if not self._small_town(r, d):
                continue
            assert d is not None
            country = next((row for _, row in r if ix.features[row] == "country" and self._own_name_major_place(m, row)), None)
            if country is None or region_after(text, m, mentions, i) is not None:
                continue
            out[i] = self._relinked(d, country)
        return out

    def _cities_over_regions(self, mentions: Sequence[Mention], ranked: Sequence[list[tuple[float, int]]],
                             decisions: list[LinkDecision | None]) -> list[LinkDecision | None]:
        """A mention linked to a first-level region that is named like a city of
        ``CITY_OVER_REGION`` people or more inside it (the city's own name begins with the
        mention's) is the city ("New York", "Sao Paulo"),
        unless the document links other first-level regions of that country (a list of states:
        "Delaware, New York and New Jersey")."""
        ix = self.index
        if ix.features is None or ix.population is None or ix.countries is None:
            return decisions
        regions = [(k, rr[0][1]) for k, (rr, dd) in enumerate(zip(ranked, decisions, strict=True))
                   if dd is not None and dd.kb_id is not None and rr and ix.features[rr[0][1]] == "admin1"]
        out = list(decisions)
        for i, (r, d) in enumerate(zip(ranked, decisions, strict=True)):
            if d is None or d.kb_id is None or not r or ix.features[r[0][1]] != "admin1":
                continue
            region = r[0][1]
            key = alias_key(mentions[i].surface)
            city = next((row for _, row in r if ix.features[row] in ("city", "capital")
                         and ix.admin1[row] == ix.admin1[region] and float(ix.population[row]) >= CITY_OVER_REGION
                         and alias_key(ix.names[row]).startswith(key)), None)  # "New York City"; not Salvador's old name "Bahia"
            if city is None or any(k != i and ix.countries[row] == ix.countries[region] and row != region
                                   for k, row in regions):
                continue
            out[i] = self._relinked(d, city)
        return out

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
                if not rows and (rows := self._company_rows(m)):
                    short = strip_legal_suffix(m.surface) or m.surface
                    as_named[k] = Mention(start=m.start, end=m.start + len(short), surface=short, type=m.type, score=m.score)
                elif not rows and (named := self._generic_rows(m)) is not None:
                    rows, as_named[k] = named
            else:
                retrieval = dict(self._candidates(m.surface, text))
                rows = list(retrieval)
            if holdout:
                rows = [r for r in rows if r not in holdout]
            cands.append((self._eligible(m, rows), retrieval))
        locals_ = [content_tokens(text[max(0, m.start - win) : m.end + win]) for m in mentions]
        regions = [self._region_codes(region_after(text, m, mentions, i)) for i, m in enumerate(mentions)]

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
            out.append((rows, self.with_geo(rows, feats, geo)) if geo.countries else (rows, feats))
        return out

    def _rank(self, rows: Sequence[int], feats: np.ndarray) -> list[tuple[float, int]]:
        scored = list(zip((feats @ self._wvec).tolist(), rows, strict=True))
        scored.sort(key=lambda t: (-t[0], self.index.ids[t[1]]))
        return scored

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
            if j is None or (mentions[i].type == "ORG" and self._own_org_name(mentions[i])):
                continue  # "United Nations" after "United Nations Security Council" is itself
            if mentions[j].type == "PER" and mentions[i].type != "PER" and self._own_article_name(mentions[i]):
                continue  # "Islam" after "Ansar al-Islam" (tagged a person) is the religion
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
