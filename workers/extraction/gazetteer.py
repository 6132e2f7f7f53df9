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
    without_titles,
)
from workers.extraction.splits import (
    split_after_legal_forms,
    split_demonym_bodies,
    split_dotted_abbreviations,
    split_hyphen_pairs,
    without_codes,
    without_common_starts,
    without_trailing_dates,
)

__all__ = ["Gazetteer", "GazetteerExtractor", "gazetteer_mentions", "country_heads", "demonym_names",
           "split_coordinations", "word_spans"]

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_JOINERS = frozenset({"of", "the", "and", "de", "du", "la", "al", "bin"})
_MAX_WORDS = 6
_POSSESSIVE_WORD = re.compile(r"^[^\W\d_][\w.&-]*['’]s\b")
#: Words after which a country or its adjective names a currency, not the place: "U.S. dlrs",
#: "Canadian cts", "Australian dollars" (the guidelines: currencies are not mentions).
CURRENCY_WORDS = frozenset("""dlr dlrs dollar dollars ct cts cent cents crown crowns krona kronor krone kroner
franc francs mark marks pound pounds sterling yen lira lire peso pesos rupee rupees riyal riyals rial rials
rand dinar dinars shekel shekels yuan won euro euros guilder guilders escudo escudos peseta pesetas
drachma drachmas ringgit baht rupiah naira""".split())
_CURRENCY_ABBREVIATIONS = frozenset({"dlr", "dlrs", "ct", "cts"})
_ARTICLES = frozenset({"the", "a", "an"})
#: Words a mention is never grown leftwards over: articles (the NER drops them on purpose) and
#: titles (not part of a person's span, though the KB knows "Pope John Paul II").
_NOT_PREFIX = frozenset("""the a an pope president king queen prince princess saint st sir lord lady dr mr mrs ms
senator minister general emperor empress sultan sheikh premier chancellor governor mayor judge justice
cardinal bishop archbishop father rev reverend chairman secretary""".split())
_SENTENCE_END = re.compile(r"(^|[.!?]['\"”’)]?\s+|[\n:;]\s*|[\"“(]\s*)$")
#: Confidence of a gazetteer span (between the NER's constant and certainty: a notable name,
#: capitalized, mid-sentence).
GAZETTEER_SCORE = 0.8


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


def _sentence_start(text: str, start: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, start - 4) : start])) or start == 0


def _inside_longer_name(text: str, words: list[tuple[int, int]], i: int, j: int, end: int) -> bool:
    """Words i..j-1 are only part of a longer capitalized run ("Small Business Minister", "Paris
    Hilton"): the run names something else. A capitalized word at a sentence start ("In Malawi")
    does not count; ``end`` is where the span ends (its full stop trimmed)."""
    if i > 0:
        a, b = words[i - 1]
        if text[b : words[i][0]].strip(" ") == "" and text[a].isupper() and not text[a:b].endswith(".") \
                and not _sentence_start(text, a) and text[a:b].lower() not in _NOT_PREFIX:  # "Queen Mary I"
            return True
    if j < len(words):
        a, _ = words[j]
        if text[end:a].strip(" ") == "" and text[a].isupper():
            return True
    return False


def _name_end(text: str, start: int, end: int) -> int:
    """``end`` without trailing full stops, apostrophes, hyphens and a possessive 's."""
    while end > start and text[end - 1] in ".'’-":
        end -= 1
    if text[end - 2 : end] in ("'s", "’s"):
        end -= 2
    return end


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text``, as the gazetteer's passes split it."""
    return [m.span() for m in _WORD.finditer(text)]


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
        if i is not None and j is not None and _name_end(text, m.start, words[j - 1][1]) == m.end:
            for a in range(max(0, i - 2), i + 1):
                for b in range(min(len(words), j + _MAX_WORDS - (j - i)), j - 1, -1):
                    if (a, b) == (i, j) or b - a > _MAX_WORDS or not _joined(text, words, a, b):
                        continue
                    s0, end = words[a][0], _name_end(text, words[a][0], words[b - 1][1])
                    key = alias_key(text[s0:end])
                    if key in gaz.demonyms:
                        etype = "MISC"  # "Saudi Arabian": the whole adjective
                    elif key in gaz.types and not (text[s0:end].isupper() and key not in gaz.acronyms):
                        etype = gaz.types[key]
                    else:
                        continue
                    if any(text[x:y].lower().rstrip(".") in _NOT_PREFIX for x, y in words[a:i]):
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


#: Legal-form words that end a company's name in newswire ("Woodco Inc", "Skanska AB"), and the
#: abbreviations among them whose full stop belongs to the name ("Salomon Brothers Inc.").
COMPANY_ENDINGS = frozenset("""Inc Corp Co Ltd Plc PLC AB NV N.V SA S.A AG LP L.P LLC Bancorp""".split())
_ABBREVIATED = frozenset({"Inc", "Corp", "Co", "Ltd"})
_COMPANY_JOINERS = frozenset({"and", "of", "&"})


def company_names(text: str, mentions: Sequence[Mention], words: list[tuple[int, int]] | None = None) -> list[Mention]:
    """``mentions`` plus the companies a legal form reveals: the run of capitalized words (with
    "and", "of", "&" inside) that ends in one ("B and R International Inc.", "ASEA AB"), as one
    ORG mention, swallowing the NER's pieces of it; a run that only partly overlaps a mention is
    left alone; the longest run wins ("Shipping Co Plc", not "Shipping Co"). A run's leading
    words up to an "of" go when the run starts a sentence ("Shares of Texaco Inc" -> "Texaco
    Inc"); a legal form ends the name before it ("ASEA AB and ..."), and so does a
    "Miami-based". ``words``: ``word_spans(text)``, when the caller has them."""
    words = word_spans(text) if words is None else words
    found: list[tuple[int, int]] = []
    for k, (a, b) in enumerate(words):
        word = text[a:b]
        if word.rstrip(".") not in COMPANY_ENDINGS or k == 0:
            continue
        end = b if word.endswith(".") and word.rstrip(".") in _ABBREVIATED else a + len(word.rstrip("."))
        i = k
        while i > 0:
            pa, pb = words[i - 1]
            prev = text[pa:pb]
            if text[pb : words[i][0]] != " " or not (prev[0].isupper() or prev in _COMPANY_JOINERS) \
                    or ("-" in prev and prev.rsplit("-", 1)[1][:1].islower()) \
                    or (prev.rstrip(".") in COMPANY_ENDINGS and text[words[i][0] : words[i][1]].rstrip(".") not in COMPANY_ENDINGS) \
                    or (prev[-2:] in ("'s", "’s") and prev[:-2].rstrip(".") in COMPANY_ENDINGS) \
                    or (prev.endswith(".") and len(prev) > 5 and prev[:-1].isalpha() and not prev[:-1].isupper()):
                break  # "ASEA AB and Bank of ...", "Inc. The Burton", "Du Pont Co's Conoco": a legal form ends the name before it;
                # "United States. Standard and Poor's Corp": so does a sentence's full stop
            i -= 1
        while i < k and (text[words[i][0] : words[i][1]] in _COMPANY_JOINERS or text[words[i][0] : words[i][1]] == "The"):
            i += 1
        if i == k:
            continue
        i = _partners_or_list(text, words, i, k, [m for m in mentions if m.type == "PER"])
        ands = [j for j in range(i + 1, k) if text[words[j][0] : words[j][1]] == "and"]
        if len(ands) > 2:  # "Johnson and Johnson and Tate and Lyle Plc": the last "X and Y Plc" is the company
            i = ands[-2] + 1  # (two "and"s may be one name: "Farmers and Merchants Savings and Loan")
        if _sentence_start(text, words[i][0]):
            joins = [j for j in range(i + 1, k) if text[words[j][0] : words[j][1]] == "of"]
            if joins and not text[words[i][0] : words[i][1]].isupper():
                i = joins[0] + 1
                if i >= k:
                    continue
        found.append((words[i][0], end))
    out = list(mentions)
    for s0, end in sorted(found, key=lambda se: se[0] - se[1]):
        inside = [m for m in out if s0 <= m.start and m.end <= end]
        if any(m.start < end and s0 < m.end for m in out if m not in inside):
            continue
        out = [m for m in out if m not in inside]
        out.append(Mention(start=s0, end=end, surface=text[s0:end], type="ORG", score=GAZETTEER_SCORE))
    return sorted(out, key=lambda m: m.start)


def _partners_or_list(text: str, words: list[tuple[int, int]], i: int, k: int,
                      persons: Sequence[Mention] = ()) -> int:
    """Where a company's name that ends at word ``k`` (its legal form) starts, given the run from
    word ``i`` that follows a comma: a partnership's names, when one word at most stands between
    the last "and" and the legal form, go on over commas ("Smith Barney, Harris Upham and Co Inc",
    "Birr, Wilson and Co.") but not over a person's name (``persons``); otherwise the run is a list's last item ("Sonora, Goldenbell, United
    and Inca Resources Inc." -> "Inca Resources Inc.")."""
    names = [text[a:b] for a, b in words]
    ands = [j for j in range(i + 1, k) if names[j] == "and"]
    after_comma = i > 0 and text[words[i - 1][1] : words[i][0]] == ", " and names[i - 1][:1].isupper()
    if not ands or not after_comma:
        return i
    if k - ands[-1] <= 2:  # one word at most between "and" and the legal form: "and Co Inc", "and Smith Inc"
        start = i
        for _ in range(3):  # at most three more partners' names
            if start == 0 or text[words[start - 1][1] : words[start][0]] != ", " or not names[start - 1][:1].isupper():
                break
            j = start - 1
            while j > 0 and text[words[j - 1][1] : words[j][0]] == " " and names[j - 1][:1].isupper():
                j -= 1
            if any(p.start < words[start - 1][1] and words[j][0] < p.end for p in persons):
                break  # "analyst Lawrence Cohn, Merrill Lynch, ...": a person before the firm
            start = j
        return start
    return ands[-1] + 1


#: Common nouns (and "Federal") that name no one institution: "U.S. Government securities",
#: "the Federal Government", "the total U.S. Market" (the guidelines: "U.S." in front of a
#: common-noun body is annotated alone; a generic body is not a mention).
GENERIC_BODIES = frozenset("""government governments embassy consulate market markets business businesses
military federal administration authorities economy industry officials forces troops police cabinet
parliament""".split())


def country_heads(text: str, mentions: Sequence[Mention], gaz: Gazetteer) -> list[Mention]:
    """A span made of a country (or its demonym) and a generic body ("U.S. Government", "Indian
    Parliament") is the country alone; a span of generic words only ("Federal Government") is no
    mention. Notable KB names are kept whole ("U.S. Virgin Islands")."""
    out = []
    for m in mentions:
        words = [(w.start(), w.end()) for w in _WORD.finditer(m.surface)]
        generic = [m.surface[a:b].lower().rstrip(".") in GENERIC_BODIES for a, b in words]
        if not words or alias_key(m.surface) in gaz.types:
            out.append(m)
        elif all(generic):
            continue
        else:
            head = next((k for k in range(min(3, len(words) - 1), 0, -1) if all(generic[k:])
                         and alias_key(m.surface[: words[k - 1][1]]) in gaz.countries), None)
            if head is None:
                out.append(m)
                continue
            end = m.start + words[head - 1][1]
            key = alias_key(text[m.start:end])
            out.append(Mention(start=m.start, end=end, surface=text[m.start:end],
                               type="MISC" if key in gaz.demonyms else "LOC", score=m.score))
    return out


#: Words after a demonym that make no organisation's name ("German Chancellor Kohl"): roles.
_ROLES = frozenset("""prime foreign deputy acting interim opposition defence defense finance trade leader leaders
spokesman spokeswoman official officials ambassador envoy consul commander""".split())


def demonym_names(text: str, mentions: Sequence[Mention], gaz: Gazetteer) -> list[Mention]:
    """A demonym the NER tagged alone, followed by exactly one capitalized word that is no
    mention (or a plural the NER tagged alone), role, title or generic body ("Swedish Match",
    "Australian Democrats"), is one organisation's name: the demonym's mention becomes the
    pair, an ORG."""
    out: list[Mention] = []
    skip = -1
    for k, m in enumerate(mentions):
        if k == skip:
            continue
        nxt = _WORD.match(text, m.end + 1) if text[m.end : m.end + 1] == " " else None
        if nxt is None or alias_key(m.surface) not in gaz.demonyms or not nxt.group(0)[0].isupper():
            out.append(m)
            continue
        word = nxt.group(0).rstrip(".").lower()
        after = _WORD.match(text, nxt.end() + 1) if text[nxt.end() : nxt.end() + 1] == " " else None
        follower = mentions[k + 1] if k + 1 < len(mentions) and mentions[k + 1].start < nxt.end() else None
        # the NER's own tag of a plural word alone (a party: "Australian Democrats") joins the
        # pair unless it names something; "Australian Taliban" stays two
        joins = follower is not None and follower.start == nxt.start() and follower.type != "PER" \
            and nxt.group(0).endswith("s") \
            and _name_end(text, nxt.start(), nxt.end()) == follower.end and alias_key(follower.surface) not in gaz.types
        if joins:
            skip = k + 1
        if (follower is not None and not joins) or word in _ROLES or word in _NOT_PREFIX or word in GENERIC_BODIES or word in CURRENCY_WORDS \
                or (after is not None and after.group(0)[0].isupper()) or nxt.group(0).isupper():
            out.append(m)
            continue
        end = _name_end(text, m.start, nxt.end())
        out.append(Mention(start=m.start, end=end, surface=text[m.start:end], type="ORG", score=m.score))
    return out


def without_currencies(text: str, mentions: Sequence[Mention], gaz: Gazetteer | None = None) -> list[Mention]:
    """Mentions that are not a currency: not the place word before one ("U.S. dlrs", "Canadian
    cts"), not a currency abbreviation or lower-case currency word alone ("cts"), not a country
    with its currency ("U.S. Dlrs": the countries are ``gaz``'s), not any name with an abbreviated
    dollar ("N.Z. Dlrs")."""
    out = []
    for m in mentions:
        nxt = _WORD.match(text, m.end + 1) if text[m.end : m.end + 1] == " " else None
        if m.type in ("LOC", "MISC") and nxt and nxt.group(0).lower().rstrip(".") in CURRENCY_WORDS:
            continue
        words = m.surface.split()
        last = words[-1].lower().rstrip(".") if words else ""
        if len(words) == 1 and (last in _CURRENCY_ABBREVIATIONS or (last in CURRENCY_WORDS and m.surface.islower())):
            continue  # "cts", "dlrs": never a name ("Mark", "Rand", "Pound" may be)
        if len(words) > 1 and last in ("dlr", "dlrs"):
            continue  # "N.Z. Dlrs", "H.K. Dlr": an abbreviated dollar is never part of a name
        if len(words) > 1 and last in CURRENCY_WORDS and gaz is not None \
                and alias_key(" ".join(words[:-1])) in gaz.countries:
            continue
        out.append(m)
    return out


_COORDINATION = re.compile(r",\s+|\s+and\s+|\s+&\s+")


def split_coordinations(text: str, mentions: Sequence[Mention], gaz: Gazetteer) -> list[Mention]:
    """A span the NER ran over a coordination of notable names ("Haryana, Himachal Pradesh",
    "Romanticism and Baroque") is one mention per name, when the whole is no name and every part
    is a notable KB name ("Merrill Lynch, Pierce, Fenner and Smith" stays whole)."""
    out: list[Mention] = []
    for m in mentions:
        cuts = [(0, 0), *((c.start(), c.end()) for c in _COORDINATION.finditer(m.surface)), (len(m.surface), len(m.surface))]
        parts = [(cuts[k][1], cuts[k + 1][0]) for k in range(len(cuts) - 1) if cuts[k + 1][0] > cuts[k][1]]
        if not _COORDINATION.search(m.surface) or alias_key(m.surface) in gaz.types or len(parts) < 2 \
                or not all(m.surface[a].isupper() and alias_key(m.surface[a:b]) in gaz.types for a, b in parts):
            out.append(m)
            continue
        out += [Mention(start=m.start + a, end=m.start + b, surface=m.surface[a:b],
                        type=gaz.types[alias_key(m.surface[a:b])], score=m.score)  # type: ignore[arg-type]
                for a, b in parts]
    return out


_AT_PLACE = re.compile(r"\s+(?:in|at)\s+")


def split_at_places(text: str, mentions: Sequence[Mention], gaz: Gazetteer) -> list[Mention]:
    """A span the NER ran on over "in"/"at" and a notable place ("All Blacks in Sydney") is the
    name and the place, when the whole is no KB name ("Alice in Wonderland" keeps its words:
    no notable place follows)."""
    out: list[Mention] = []
    for m in mentions:
        cut = _AT_PLACE.search(m.surface)
        place = m.surface[cut.end():] if cut else ""
        if cut is None or cut.start() == 0 or alias_key(m.surface) in gaz.types \
                or gaz.types.get(alias_key(place)) != "LOC" or not place[:1].isupper():
            out.append(m)
            continue
        out.append(Mention(start=m.start, end=m.start + cut.start(), surface=m.surface[: cut.start()], type=m.type,
                           score=m.score))
        out.append(Mention(start=m.start + cut.end(), end=m.end, surface=place, type="LOC", score=m.score))
    return out


def comma_names(text: str, mentions: Sequence[Mention], gaz: Gazetteer) -> list[Mention]:
    """Two mentions joined by a comma that together are a notable KB name are one mention
    ("Washington, D.C."); "Florence, Alabama" stays two (no record is named so)."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and text[prev.end : m.start] == ", " \
                and alias_key(text[prev.start : m.end]) in gaz.types:
            surface = text[prev.start : m.end]
            out[-1] = Mention(start=prev.start, end=m.end, surface=surface, type=gaz.types[alias_key(surface)],  # type: ignore[arg-type]
                              score=max(prev.score, m.score))
            continue
        out.append(m)
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
            end = _name_end(text, s0, words[j - 1][1])
            surface = text[s0:end]
            key = alias_key(surface)
            if key not in gaz.types and (named := generic_name(surface)) is not None and named[1] != "polity" \
                    and alias_key(named[0]) in gaz.types:  # "Mesozoic Era", "Sahara Desert": the name and its head
                key = alias_key(named[0])
            if key not in gaz.types or any(a < end and s0 < b for a, b in taken):
                continue
            single = j - i == 1
            if single and (_sentence_start(text, s0) or surface in OFFICE_TITLES):  # "King of Hungary"
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
    return regnal_names(text, party_states(text, letter_pairs(text, found, GAZETTEER_SCORE), gaz.is_place, GAZETTEER_SCORE))


_LOWER_TAIL = re.compile(r" ([a-z]{3,})\b")


def generic_tails(text: str, mentions: Sequence[Mention], gaz: Gazetteer) -> list[Mention]:
    """A mention that goes on with a lower-case word into a notable KB name takes it ("Moche
    culture", "Austronesian peoples": the NER stops at the capital), when no mention follows
    there."""
    out: list[Mention] = []
    for k, m in enumerate(mentions):
        tail = _LOWER_TAIL.match(text, m.end)
        nxt = mentions[k + 1].start if k + 1 < len(mentions) else len(text)
        if tail is not None and tail.end() <= nxt and alias_key(text[m.start : tail.end()]) in gaz.types:
            m = Mention(start=m.start, end=tail.end(), surface=text[m.start : tail.end()],
                        type=gaz.types[alias_key(text[m.start : tail.end()])], score=m.score)  # type: ignore[arg-type]
        out.append(m)
    return out


def _cleaned(text: str, mentions: Sequence[Mention], gaz: Gazetteer) -> list[Mention]:
    """The NER's mentions without titles of office and common words at sentence starts, names
    with their lower-case generic tails."""
    cleaned = without_common_starts(text, without_titles(text, mentions, gaz.is_titled), gaz.is_common, gaz.is_name)
    return generic_tails(text, cleaned, gaz)


class GazetteerExtractor:
    """An ``Extractor`` plus the gazetteer pass (the served default wraps the spaCy baseline)."""

    def __init__(self, inner: Extractor, gazetteer: Gazetteer):
        self.inner = inner
        self.gazetteer = gazetteer
        self.version = f"{inner.version}+gazetteer.v8"

    def extract(self, texts: Sequence[str]) -> list[list[Mention]]:
        return [gazetteer_mentions(t, ms, self.gazetteer) for t, ms in zip(texts, self.inner.extract(texts), strict=True)]

    def health(self) -> bool:
        return self.inner.health()
