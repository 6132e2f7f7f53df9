"""The rules that reshape the NER's spans with what the KB knows, and the text primitives the
gazetteer pass shares with them: companies a legal form reveals, a country's head noun ("Ivorian
Government"), demonyms before a body, coordinations and "X in Y" split, "Paris, France" kept
apart, currencies dropped, lower-case generic tails ("Moche culture") taken. Each is a pure
function of (text, mentions[, gazetteer]) -> mentions; ``gazetteer.gazetteer_mentions`` composes
them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from index.analysis import alias_key
from streams.schemas import Mention

__all__ = ["CURRENCY_WORDS", "GAZETTEER_SCORE", "NOT_PREFIX", "NameFacts", "comma_names", "company_names", "country_heads",
           "demonym_names", "generic_tails", "name_end", "region_heads", "sentence_start", "split_at_places", "split_coordinations",
           "without_currencies", "word_spans"]


class NameFacts(Protocol):
    """What the reshaping rules read of the KB's names (``gazetteer.Gazetteer`` is one): alias key
    -> mention type of its notable record, the keys of countries, the keys of demonyms."""

    @property
    def types(self) -> Mapping[str, str]: ...

    @property
    def countries(self) -> frozenset[str]: ...

    @property
    def demonyms(self) -> frozenset[str]: ...


_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
#: Words after which a country or its adjective names a currency, not the place: "U.S. dlrs",
#: "Canadian cts", "Australian dollars" (the guidelines: currencies are not mentions).
CURRENCY_WORDS = frozenset("""dlr dlrs dollar dollars ct cts cent cents crown crowns krona kronor krone kroner
franc francs mark marks pound pounds sterling yen lira lire peso pesos rupee rupees riyal riyals rial rials
rand dinar dinars shekel shekels yuan won euro euros guilder guilders escudo escudos peseta pesetas
drachma drachmas ringgit baht rupiah naira""".split())
_CURRENCY_ABBREVIATIONS = frozenset({"dlr", "dlrs", "ct", "cts"})
#: Words a mention is never grown leftwards over: articles (the NER drops them on purpose) and
#: titles (not part of a person's span, though the KB knows "Pope John Paul II").
NOT_PREFIX = frozenset("""the a an pope president king queen prince princess saint st sir lord lady dr mr mrs ms
senator minister general emperor empress sultan sheikh premier chancellor governor mayor judge justice
cardinal bishop archbishop father rev reverend chairman secretary""".split())
_SENTENCE_END = re.compile(r"(^|[.!?]['\"”’)]?\s+|[\n:;]\s*|[\"“(]\s*)$")
#: Confidence of a gazetteer span (between the NER's constant and certainty: a notable name,
#: capitalized, mid-sentence).
GAZETTEER_SCORE = 0.8


def sentence_start(text: str, start: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, start - 4) : start])) or start == 0


def name_end(text: str, start: int, end: int) -> int:
    """``end`` without trailing full stops, apostrophes, hyphens and a possessive 's."""
    while end > start and text[end - 1] in ".'’-":
        end -= 1
    if text[end - 2 : end] in ("'s", "’s"):
        end -= 2
    return end


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text``, as the gazetteer's passes split it."""
    return [m.span() for m in _WORD.finditer(text)]


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
        if sentence_start(text, words[i][0]):
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


def country_heads(text: str, mentions: Sequence[Mention], gaz: NameFacts) -> list[Mention]:
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


def demonym_names(text: str, mentions: Sequence[Mention], gaz: NameFacts) -> list[Mention]:
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
            and name_end(text, nxt.start(), nxt.end()) == follower.end and alias_key(follower.surface) not in gaz.types
        if joins:
            skip = k + 1
        if (follower is not None and not joins) or word in _ROLES or word in NOT_PREFIX or word in GENERIC_BODIES or word in CURRENCY_WORDS \
                or (after is not None and after.group(0)[0].isupper()) or nxt.group(0).isupper():
            out.append(m)
            continue
        end = name_end(text, m.start, nxt.end())
        out.append(Mention(start=m.start, end=end, surface=text[m.start:end], type="ORG", score=m.score))
    return out


def without_currencies(text: str, mentions: Sequence[Mention], gaz: NameFacts | None = None) -> list[Mention]:
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


def split_coordinations(text: str, mentions: Sequence[Mention], gaz: NameFacts) -> list[Mention]:
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


def split_at_places(text: str, mentions: Sequence[Mention], gaz: NameFacts) -> list[Mention]:
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


def comma_names(text: str, mentions: Sequence[Mention], gaz: NameFacts) -> list[Mention]:
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


_LOWER_TAIL = re.compile(r" ([a-z]{3,})\b")


def generic_tails(text: str, mentions: Sequence[Mention], gaz: NameFacts) -> list[Mention]:
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


#: The last word of a region's name that says it is one ("Kherson Oblast", "Krasnodar Krai",
#: "Kagoshima Prefecture"); not "County" or "Canton" (Derby County, a football club).
_REGION_HEADS = frozenset({"Oblast", "Krai", "Kray", "Prefecture", "Province", "Governorate", "Voivodeship",
                           "Raion", "Okrug"})


def region_heads(mentions: Sequence[Mention]) -> list[Mention]:
    """A name of two words or more that ends with a region's head is a place, whatever type the
    NER gave it ("Kherson Oblast" tagged a person, "Lviv Oblast" an organisation)."""
    out = []
    for m in mentions:
        words = m.surface.split()
        if m.type != "LOC" and len(words) >= 2 and words[-1] in _REGION_HEADS:
            m = Mention(start=m.start, end=m.end, surface=m.surface, type="LOC", score=m.score)
        out.append(m)
    return out
