"""Mention detection beyond the NER: a gazetteer pass over the KB's notable names.

The NER misses names it has not learned to tag ("Malawi" in a list, a country at the start of a
clause). ``GazetteerExtractor`` wraps any ``Extractor`` and adds, where no span was found, the
longest run of capitalized words that equals a notable KB name: countries (with their demonyms),
first-level regions, capitals, cities of 1M+, listed companies, and Vital Articles that name a
person, place or organisation (single-word concept articles such as "Government" are left out:
capitalized at a sentence start or in a title, they are common nouns). Case rules: a single word
at a sentence start is skipped; an all-caps word matches only an all-caps name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.analysis import COMMON_PLACE_WORDS, alias_key, generic_name, names_a_concept
from index.lookup import ACRONYM, AliasIndex
from index.sources.wiki import prose_common_words
from streams.schemas import Mention
from workers.extraction.model import OFFICE_TITLES, Extractor
from workers.extraction.names import (
    TITLE_WORDS,
    letter_pairs,
    party_states,
    regnal_names,
    short_forms,
    town_states,
    without_titles,
)
from workers.extraction.reshape import (
    GAZETTEER_SCORE,
    NOT_PREFIX,
    comma_names,
    company_names,
    country_heads,
    demonym_names,
    generic_tails,
    name_end,
    region_heads,
    sentence_start,
    split_at_places,
    split_coordinations,
    without_currencies,
    word_spans,
)
from workers.extraction.splits import (
    month_days,
    split_after_legal_forms,
    split_demonym_bodies,
    split_dotted_abbreviations,
    split_hyphen_pairs,
    without_calendar_words,
    without_codes,
    without_common_starts,
    without_lowercase_words,
    without_trailing_dates,
)

__all__ = ["Gazetteer", "GazetteerExtractor", "gazetteer_mentions", "longest_names"]

#: Lower-case words inside a name's capitalized run: English, and the particles of names in other
#: languages ("Rio Grande do Sul", "Mato Grosso do Sul", "Castilla y León", "Newcastle upon Tyne",
#: "Frankfurt am Main"); a run is only taken when it is a notable KB name as a whole.
_JOINERS = frozenset({"of", "the", "and", "de", "du", "la", "al", "bin", "do", "da", "dos", "das", "del", "di",
                      "der", "den", "von", "van", "y", "des", "upon", "am"})
_MAX_WORDS = 6
_POSSESSIVE_WORD = re.compile(r"^[^\W\d_][\w.&-]*['’]s\b")
_ARTICLES = frozenset({"the", "a", "an"})


@dataclass(frozen=True, slots=True)
class Gazetteer:
    types: dict[str, str]  # alias key -> mention type of the most popular notable record with it
    acronyms: frozenset[str]  # keys that notable records carry as all-caps acronyms
    demonyms: frozenset[str] = frozenset()  # keys that are a country's demonyms ("saudi arabian")
    possessive: frozenset[str] = frozenset()  # organisation names written with "'s" ("moody")
    countries: frozenset[str] = frozenset()  # keys that name a country ("u.s.", "britain") or are its demonym
    titled: frozenset[str] = frozenset()  # keys of names that begin with a title ("duke ellington", "general motors")
    common: frozenset[str] = frozenset()  # words prose writes in lower case ("department", "cargo")

    def is_name(self, surface: str) -> bool:
        """A notable KB name."""
        return alias_key(surface) in self.types

    def is_titled(self, surface: str) -> bool:
        """A KB name that begins with a title ("Duke Ellington"), or a notable one."""
        return alias_key(surface) in self.titled or alias_key(surface) in self.types

    def is_common(self, word: str) -> bool:
        return word.lower() in self.common

    def is_demonym(self, surface: str) -> bool:
        return alias_key(surface) in self.demonyms

    def is_place(self, surface: str) -> bool:
        key = alias_key(surface)
        return key in self.countries or self.types.get(key) == "LOC"

    @classmethod
    def build(cls, index: AliasIndex) -> Gazetteer:
        types: dict[str, tuple[float, str]] = {}
        acronyms: set[str] = set()
        demonyms: set[str] = set()
        countries: set[str] = set()
        kinds = index.match_kinds or {}
        possessive = {alias_key(n[: m.end()]) for n, t in zip(index.names, index.types, strict=True) if t == "ORG"
                      for m in [_POSSESSIVE_WORD.search(n)] if m}
        for key, rows in index.by_alias.items():
            for r in rows:
                if index.features and index.features[r] == "country":
                    countries.add(key)
                if not _notable(index, r, key):
                    continue
                pop = float(index.popularity[r])
                t = index.types[r] if index.types[r] in ("PER", "ORG", "LOC", "MISC") else "MISC"
                if index.features and index.features[r] == "country" and alias_key(index.names[r]) != key \
                        and key.endswith(("an", "ish", "ese", "i", "ans", "is")):
                    demonyms.add(key)
                    continue  # a demonym: the NER tags those it means ("Australian dollars" is a currency)
                if key not in types or pop > types[key][0]:
                    types[key] = (pop, t)
                if kinds.get((key, r), 0) & ACRONYM:
                    acronyms.add(key)
        return cls({k: t for k, (_, t) in types.items()}, frozenset(acronyms), frozenset(demonyms),
                   frozenset(possessive), frozenset(countries), _titled(index), prose_common_words())


_TITLE_KEYS = frozenset(w.lower() for w in TITLE_WORDS)


def _titled(index: AliasIndex) -> frozenset[str]:
    """Keys of KB names that begin with a title word, but not those of airports and of places
    under 100,000 people ("Queen Elizabeth" is a person's title and name before it is a town)."""
    out = set()
    for key, rows in index.by_alias.items():
        if key.split(" ", 1)[0] not in _TITLE_KEYS or " " not in key:
            continue
        for r in rows:
            f = index.features[r] if index.features else ""
            small = f in ("city", "town", "place", "airport", "admin2") and (
                index.population is None or float(index.population[r]) < 100_000)
            if not small and not index.ids[r].startswith("icao:"):
                out.add(key)
                break
    return frozenset(out)


def _notable(ix: AliasIndex, row: int, key: str) -> bool:
    if len(key) < 3 or not ix.features or key in COMMON_PLACE_WORDS:
        return False
    f = ix.features[row]
    if f in ("country", "admin1", "capital"):
        return True
    if f == "city":
        return ix.population is not None and float(ix.population[row]) >= 1_000_000
    if f == "company":  # "Johnson and Johnson": the NER splits such names into two persons
        return " and " in key
    if f == "article":  # one-word things are names only when their article capitalizes them ("Jurassic", not "Bank")
        return ix.types[row] in ("PER", "LOC", "ORG") or len(key.split()) > 1 \
            or not names_a_concept(ix.names[row], ix.descriptions[row])
    return False


def _inside_longer_name(text: str, words: list[tuple[int, int]], i: int, j: int, end: int) -> bool:
    """Words i..j-1 are only part of a longer capitalized run ("Small Business Minister", "Paris
    Hilton"): the run names something else. A capitalized word at a sentence start ("In Malawi")
    does not count; ``end`` is where the span ends (its full stop trimmed)."""
    if i > 0:
        a, b = words[i - 1]
        if text[b : words[i][0]].strip(" ") == "" and text[a].isupper() and not text[a:b].endswith(".") \
                and not sentence_start(text, a) and text[a:b].lower() not in NOT_PREFIX:  # "Queen Mary I"
            return True
    if j < len(words):
        a, _ = words[j]
        if text[end:a].strip(" ") == "" and text[a].isupper():
            return True
    return False


def _capitalized_or_joiner(text: str, word: tuple[int, int]) -> bool:
    return text[word[0]].isupper() or text[word[0] : word[1]].lower() in _JOINERS


def _joined(text: str, words: list[tuple[int, int]], a: int, b: int) -> bool:
    """Words a..b-1 form one run: single spaces between them, every word capitalized or a joiner
    inside the run, the last one capitalized."""
    for k in range(a, b):
        start, end = words[k]
        if not (text[start].isupper() or (a < k < b - 1 and text[start:end].lower() in _JOINERS)):
            return False
        if k > a and (start - words[k - 1][1] != 1 or text[start - 1] != " "):
            return False
    return True


def longest_names(text: str, mentions: Sequence[Mention], gaz: Gazetteer,
                  words: list[tuple[int, int]] | None = None) -> list[Mention]:
    """Each mention grown to the longest notable KB name that contains it within its capitalized
    run: the NER splits "American Sign Language" into the demonym "American" and more, or stops
    short of "U.S. Virgin Islands"; the name as a whole is the mention (the guidelines' longest
    name rule). Mentions the grown span swallows whole are dropped; a partial overlap keeps the
    mention as it was. ``words``: ``word_spans(text)``, when the caller has them."""
    words = word_spans(text) if words is None else words
    first = {a: k for k, (a, _) in enumerate(words)}
    out: list[Mention] = []
    skip_until = -1
    for m in mentions:
        if m.start < skip_until:
            continue
        i = first.get(m.start)
        j = next((k + 1 for k in range(i or 0, len(words)) if words[k][1] >= m.end), None) if i is not None else None
        best = None
        if i is not None and j is not None and name_end(text, m.start, words[j - 1][1]) == m.end:
            for a in range(max(0, i - 2), i + 1):
                for b in range(min(len(words), j + _MAX_WORDS - (j - i)), j - 1, -1):
                    if (a, b) == (i, j) or b - a > _MAX_WORDS or not _joined(text, words, a, b):
                        continue
                    s0, end = words[a][0], name_end(text, words[a][0], words[b - 1][1])
                    key = alias_key(text[s0:end])
                    if key in gaz.demonyms:
                        etype = "MISC"  # "Saudi Arabian": the whole adjective
                    elif key in gaz.types and not (text[s0:end].isupper() and key not in gaz.acronyms):
                        etype = gaz.types[key]
                    else:
                        continue
                    if any(text[x:y].lower().rstrip(".") in NOT_PREFIX for x, y in words[a:i]):
                        continue
                    rest = [o for o in mentions if o is not m and o.start < end and s0 < o.end]
                    if any(o.start < s0 or o.end > end for o in rest):
                        continue
                    best = (s0, end, etype)
                    break
                if best is not None:
                    break
        if best is None:
            if text[m.end : m.end + 2] in ("'s", "’s") and alias_key(m.surface) in gaz.possessive:
                m = Mention(start=m.start, end=m.end + 2, surface=text[m.start : m.end + 2], type=m.type, score=m.score)
            out.append(m)
            continue
        s0, end, etype = best
        out = [o for o in out if o.end <= s0]
        out.append(Mention(start=s0, end=end, surface=text[s0:end], type=etype, score=max(m.score, GAZETTEER_SCORE)))  # type: ignore[arg-type]
        skip_until = end
    return out


def gazetteer_mentions(text: str, mentions: Sequence[Mention], gaz: Gazetteer) -> list[Mention]:
    """``mentions`` (coordinations split, each grown to the longest notable name around it, names
    with a comma joined) plus the gazetteer's spans in the gaps between them, in text order."""
    words = word_spans(text)
    mentions = split_hyphen_pairs(split_after_legal_forms(text, _cleaned(text, mentions, gaz)), gaz.is_place, gaz.is_demonym)
    grown = country_heads(text, longest_names(text, split_coordinations(text, mentions, gaz), gaz, words), gaz)
    grown = comma_names(text, split_at_places(text, grown, gaz), gaz)
    mentions = company_names(text, demonym_names(text, without_codes(without_currencies(text, without_trailing_dates(text, grown), gaz),
                                                                     gaz.is_name), gaz), words)
    mentions = split_dotted_abbreviations(split_demonym_bodies(text, mentions, gaz.is_demonym, gaz.is_name),
                                          gaz.is_common, gaz.is_name)
    taken = [(m.start, m.end) for m in mentions]
    added: list[Mention] = []
    i = 0
    while i < len(words):
        s0 = words[i][0]
        if not text[s0].isupper() or any(a <= s0 < b for a, b in taken) \
                or text[s0 : words[i][1]].lower() in _ARTICLES:  # "The Pope": no name starts with an article
            i += 1
            continue
        hit = None
        limit = min(len(words), i + _MAX_WORDS)
        run = i + 1  # words i+1 .. run-1 are capitalized or joiners: a span may end one word past them
        while run < limit and _capitalized_or_joiner(text, words[run]):
            run += 1
        for j in range(min(limit, run + 1), i, -1):
            if not text[words[j - 1][0]].isupper():
                continue
            end = name_end(text, s0, words[j - 1][1])
            surface = text[s0:end]
            key = alias_key(surface)
            if key not in gaz.types and (named := generic_name(surface)) is not None and named[1] != "polity" \
                    and alias_key(named[0]) in gaz.types:  # "Mesozoic Era", "Sahara Desert": the name and its head
                key = alias_key(named[0])
            if key not in gaz.types or any(a < end and s0 < b for a, b in taken):
                continue
            single = j - i == 1
            if single and (sentence_start(text, s0) or surface in OFFICE_TITLES):  # "King of Hungary"
                continue
            if _inside_longer_name(text, words, i, j, end):
                continue
            if surface.isupper() and key not in gaz.acronyms:
                continue
            hit = (j, end, gaz.types[key])
            break
        if hit is None:
            i += 1
            continue
        j, end, etype = hit
        added.append(Mention(start=s0, end=end, surface=text[s0:end], type=etype, score=GAZETTEER_SCORE))  # type: ignore[arg-type]
        i = j
    found = short_forms(text, sorted([*mentions, *added], key=lambda m: m.start), gaz.is_common, GAZETTEER_SCORE)
    found = party_states(text, letter_pairs(text, found, GAZETTEER_SCORE), gaz.is_place, GAZETTEER_SCORE)
    return regnal_names(text, town_states(text, found, GAZETTEER_SCORE))


def _cleaned(text: str, mentions: Sequence[Mention], gaz: Gazetteer) -> list[Mention]:
    """The NER's mentions without months and weekdays alone, single lower-case common words,
    titles of office and common words at sentence starts; names with their lower-case generic
    tails; names ending with a region's head typed places."""
    mentions = without_lowercase_words(text, without_calendar_words(month_days(text, mentions)), gaz.is_common)
    cleaned = without_common_starts(text, without_titles(text, mentions, gaz.is_titled, gaz.is_place),
                                    gaz.is_common, gaz.is_name)
    return region_heads(generic_tails(text, cleaned, gaz))


class GazetteerExtractor:
    """An ``Extractor`` plus the gazetteer pass (the served default wraps the spaCy baseline)."""

    def __init__(self, inner: Extractor, gazetteer: Gazetteer):
        self.inner = inner
        self.gazetteer = gazetteer
        self.version = f"{inner.version}+gazetteer.v9"

    def extract(self, texts: Sequence[str]) -> list[list[Mention]]:
        return [gazetteer_mentions(t, ms, self.gazetteer) for t, ms in zip(texts, self.inner.extract(texts), strict=True)]

    def health(self) -> bool:
        return self.inner.health()
