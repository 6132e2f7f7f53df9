"""Spans the NER drew too wide or around a common word: pure passes over mentions.

- ``split_hyphen_pairs``: "U.S.-Japanese", "Iraq-Iran": two places joined by a hyphen are two
  mentions (the guidelines: hyphenated compounds are split into their names).
- ``split_demonym_bodies``: "Turkish Foreign Ministry", "Japanese Ministry of International Trade":
  a country's adjective before an institution is the country's mention plus the institution's.
- ``split_after_legal_forms``: "Goldman, Sachs and Co. Procter and Gamble Co": an abbreviated
  legal form ended a sentence; a capitalized word after it starts another name.
- ``split_dotted_abbreviations``: "U.S. Chipmakers": newswire's capitalized common word after a
  dotted abbreviation is no part of a name.
- ``without_common_starts``: a single capitalized common word that starts a sentence
  ("Department officials said", "Cargo traffic rose") is no name.
- ``without_codes``: newswire's codes are no names: credit-rating grades ("Aa-2", "A-1",
  "P-1", "BB", "AA-"), money-supply aggregates ("M-1B", "M1-B"), earnings-table words ("Shr", "Revs 115.4"),
  times and trade terms ("GMT", "FOB"), prices ("422.25/3.25", "802p"); never a notable KB name.
- ``without_trailing_dates``: "New York Sept 12": a dateline's month is no part of the place
  before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from streams.schemas import Mention
from workers.extraction.names import LEGAL_FORMS, SENTENCE_START

__all__ = ["split_after_legal_forms", "split_hyphen_pairs", "split_demonym_bodies", "without_common_starts", "INSTITUTION_HEADS",
           "split_dotted_abbreviations", "without_calendar_words", "without_lowercase_words", "without_codes", "without_trailing_dates", "CALENDAR_WORDS", "month_days"]

_HYPHEN = re.compile(r"(?<=[\w.])-(?=[A-Z])")


def split_hyphen_pairs(mentions: Sequence[Mention], is_place: Callable[[str], bool],
                       is_demonym: Callable[[str], bool]) -> list[Mention]:
    """Each mention "A-B" (or "A-B-C") whose every part is a country, a place or a country's
    adjective becomes one mention per part (a place LOC, an adjective MISC)."""
    out: list[Mention] = []
    for m in mentions:
        cuts = [c.start() for c in _HYPHEN.finditer(m.surface)]
        if not cuts:
            out.append(m)
            continue
        bounds = [0, *cuts, len(m.surface)]
        parts = [(bounds[0] if k == 0 else bounds[k] + 1, bounds[k + 1]) for k in range(len(bounds) - 1)]
        words = [m.surface[a:b] for a, b in parts]
        if is_place(m.surface) or not all(w[:1].isupper() and (is_place(w) or is_demonym(w)) for w in words):
            out.append(m)
            continue
        out += [Mention(start=m.start + a, end=m.start + b, surface=m.surface[a:b],
                        type="MISC" if is_demonym(m.surface[a:b]) else "LOC", score=m.score) for a, b in parts]
    return out


#: Last (or first) words that make an institution of a state: a country's adjective before one is
#: the country ("Saudi Interior Ministry" -> "Saudi" + "Interior Ministry").
#: Named bodies ("Saudi Press Agency", "Brazilian Cocoa Trade Commission") keep their adjective.
INSTITUTION_HEADS = frozenset("""Ministry Ministries Department Embassy Consulate Army Navy Cabinet Parliament
Government Police Treasury""".split())


def split_demonym_bodies(text: str, mentions: Sequence[Mention], is_demonym: Callable[[str], bool],
                         is_name: Callable[[str], bool]) -> list[Mention]:
    """A mention that starts with a country's adjective and goes on with a capitalized institution
    ("Turkish Foreign Ministry", "Japanese Ministry of International Trade and Industry") is two:
    the adjective (MISC) and the institution (ORG); KB names stay whole ("European Parliament")."""
    out: list[Mention] = []
    for m in mentions:
        words = m.surface.split(" ")
        k = next((k for k in range(min(3, len(words) - 1), 0, -1) if is_demonym(" ".join(words[:k]))), 0)
        rest = words[k:]
        if k == 0 or is_name(m.surface) or not rest[0][:1].isupper() \
                or not (rest[-1] in INSTITUTION_HEADS or rest[0] in INSTITUTION_HEADS):
            out.append(m)
            continue
        cut = len(" ".join(words[:k]))
        out.append(Mention(start=m.start, end=m.start + cut, surface=m.surface[:cut], type="MISC", score=m.score))
        start = m.start + cut + 1
        out.append(Mention(start=start, end=m.end, surface=text[start : m.end], type="ORG", score=m.score))
    return out




_DOTTED = re.compile(r"(?:[A-Z]\.){2,3}")


def split_dotted_abbreviations(mentions: Sequence[Mention], common: Callable[[str], bool],
                               is_name: Callable[[str], bool]) -> list[Mention]:
    """A dotted abbreviation and one capitalized common word after it ("U.S. Chipmakers", "U.K.
    Operations": newswire capitalizes the word after "U.S." as after a full stop) is the
    abbreviation alone (MISC, an adjective); an institution ("U.S. Navy"), a KB name or a word
    prose does not write in lower case stays whole."""
    out: list[Mention] = []
    for m in mentions:
        words = m.surface.split(" ")
        if len(words) == 2 and _DOTTED.fullmatch(words[0]) and words[1][:1].isupper() and common(words[1]) \
                and words[1] not in INSTITUTION_HEADS and not is_name(m.surface):
            cut = len(words[0])
            out.append(Mention(start=m.start, end=m.start + cut, surface=words[0], type="MISC", score=m.score))
        else:
            out.append(m)
    return out


def without_common_starts(text: str, mentions: Sequence[Mention], common: Callable[[str], bool],
                          is_name: Callable[[str], bool]) -> list[Mention]:
    """``mentions`` less each single word at a sentence start that prose writes in lower case,
    the KB's notable names do not hold and the document does not use as a name elsewhere
    ("Diamond" after "Diamond Shamrock Corp" is its short form; "... Union Faith and Nova")."""
    def starts(m: Mention) -> bool:
        return bool(SENTENCE_START.search(text[max(0, m.start - 4) : m.start]))

    in_names = {w for m in mentions if " " in m.surface for w in m.surface.split()}
    in_names |= {m.surface for m in mentions if not starts(m)}  # "... Union Faith and Nova each"
    return [m for m in mentions
            if " " in m.surface or not m.surface[:1].isupper() or m.surface.isupper() or not starts(m)
            or not common(m.surface) or is_name(m.surface) or m.surface in in_names]


def split_after_legal_forms(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Each mention cut after every abbreviated legal form inside it that a capitalized word
    other than a legal form follows: the full stop ended a sentence ("Sachs and Co. Procter" ->
    "... Co." + "Procter ..."), or the form is a parent's possessive ("Du Pont Co's Conoco Inc" ->
    "Du Pont Co" + "Conoco Inc"); "Harris Upham and Co Inc", "Coca-Cola Bottling Co Consolidated"
    and "Forvaltnings AB Providentia" stay whole."""
    out: list[Mention] = []
    for m in mentions:
        words = [(w.start(), w.end()) for w in re.finditer(r"\S+", m.surface)]
        start = 0
        for k in range(1, len(words) - 1):
            word, nxt = m.surface[slice(*words[k])], m.surface[slice(*words[k + 1])]
            possessive = word[-2:] in ("'s", "’s") and word[:-2].rstrip(".") in LEGAL_FORMS  # "Du Pont Co's Conoco"
            if (possessive or (word.endswith(".") and word.rstrip(".") in LEGAL_FORMS)) and nxt[:1].isupper() \
                    and nxt.rstrip(".,") not in LEGAL_FORMS:
                end = words[k][1] - (2 if possessive else 1 if word.endswith(",") else 0)
                out.append(Mention(start=m.start + start, end=m.start + end, surface=m.surface[start:end], type=m.type,
                                   score=m.score))
                start = words[k + 1][0]
        out.append(m if start == 0 else Mention(start=m.start + start, end=m.end, surface=m.surface[start:], type=m.type,
                                                score=m.score))
    return out


_CODE = re.compile(r"(?:Aaa|Aa|A|Baa|Ba|B|Caa|Ca|C|P)-[1-3]"  # Moody's grades and commercial-paper ratings
                   r"|(?:BBB|BB)[+-]?|(?:AAA|AA|A|B|CCC|CC|C)[+-]"  # S and P grades ("BB", "AA-"; not "AAA", not the CCC)
                   r"|M-?[0-9][A-Z]?(?:-[A-Z])?"  # money supply: M-1, M-1B, M1-B, M3
                   r"|(?:Shr|Shrs|Revs|Avg|Avg shrs|Oper shr|Oper net|Diluted)(?: [-0-9.,/]+)?"  # earnings tables
                   r"|GMT|EDT|FOB|CIF"  # times and trade terms
                   r"|[0-9][0-9,]*\.[0-9]+(?:/[0-9.]+)+|[0-9][0-9.,]*p")  # prices: "422.25/3.25", "802p" (not "9/11")


def without_codes(mentions: Sequence[Mention], is_name: Callable[[str], bool] = lambda _: False) -> list[Mention]:
    """``mentions`` less newswire's codes (see the module docstring): the whole surface must be one,
    and no notable KB name ("B-1" the bomber, "M1" the motorway, where the KB has them)."""
    return [m for m in mentions if not _CODE.fullmatch(m.surface) or is_name(m.surface)]


_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_FULL_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH = re.compile(rf"\s+(?:{_MONTHS}|{_FULL_MONTHS})\.?$")
# a day ("12", not "2017"), or more months ("Sept and Oct/Dec"; not "and Janet")
_DATE_AFTER = re.compile(rf"\s*(?:[0-3]?\d(?!\d)|(?:and|/|-)\s*(?:{_MONTHS})\b\.?)")


def without_trailing_dates(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Place mentions with a last word that is a month followed in the text by a day or more
    months ("New York Sept 12", "LONDON, March 3", "New York Sept and Oct/Dec" of a futures quote)
    cut before it; a person or a thing keeps it ("Theresa May 2017", "Long March 5"), and so does
    a place followed by neither."""
    out: list[Mention] = []
    for m in mentions:
        cut = _MONTH.search(m.surface)
        keep = m.surface[: cut.start()].rstrip(" ,") if cut is not None else ""
        if m.type == "LOC" and keep and _DATE_AFTER.match(text, m.end):  # not "Theresa May 2017", "Long March 5"
            out.append(Mention(start=m.start, end=m.start + len(keep), surface=keep, type=m.type, score=m.score))
        else:
            out.append(m)
    return out


#: Months and weekdays, whole or abbreviated, that name nothing else in news text ("Dec",
#: "December", "Monday"); "May", "March" and "Sun" are left out (Theresa May, the Long March,
#: Sun Microsystems).
CALENDAR_WORDS = frozenset("""January February April June July August September October November December
Jan Feb Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday
Mon Tue Tues Wed Thu Thur Thurs Fri Sat""".split())


def without_calendar_words(mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions that are a month's or a weekday's name alone dropped: dates are no mentions (the
    guidelines), and a token classifier tags "Dec" of "Dec 12" now and then."""
    return [m for m in mentions if m.surface.rstrip(".") not in CALENDAR_WORDS]


#: A day's number (with the full stop a token classifier leaves of "Sept.") right after a month.
_DAY = re.compile(r"(?:\.\s*)?([0-3]?\d)$")
_MONTH_BEFORE = re.compile(rf"\b(?:{_FULL_MONTHS}|{_MONTHS})\.?\s*$")
#: A month and a day followed by a year: a date ("September 11, 2003"), no mention.
_MONTH_DAY = re.compile(rf"(?:{_FULL_MONTHS}|{_MONTHS})\.? [0-3]?\d$")
_YEAR_AFTER = re.compile(r",? (?:1[89]|20)\d\d\b")


def month_days(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """A mention that is only a day's number right after a month ("11" or ". 11" of "Sept. 11",
    where a token classifier left the month out) widened to the month and the day, the way news
    names a day's events ("September 11"); and a month and a day followed by a year ("September
    11, 2003") dropped: that is a date, no mention."""
    out: list[Mention] = []
    for m in mentions:
        day = _DAY.fullmatch(m.surface)
        month = _MONTH_BEFORE.search(text, max(0, m.start - 12), m.start) if day else None
        if day and month is not None:
            m = Mention(start=month.start(), end=m.end, surface=text[month.start():m.end], type=m.type, score=m.score)
        if _MONTH_DAY.fullmatch(m.surface) and _YEAR_AFTER.match(text, m.end):
            continue
        out.append(m)
    return out


def without_lowercase_words(text: str, mentions: Sequence[Mention], common: Callable[[str], bool]) -> list[Mention]:
    """Mentions that are one word in lower case that prose writes so ("anthrax", "elephant": a
    token classifier's slip) dropped, unless the text is uncased (fewer than 3% of its words, or
    of 3 words, start with a capital: a newswire story typed in lower case, where "peru" is a name)."""
    words = text.split()
    if sum(w[:1].isupper() for w in words) < max(3, 0.03 * len(words)):  # "the gulf spill, BP said": uncased
        return list(mentions)
    return [m for m in mentions if not (m.surface.islower() and " " not in m.surface and common(m.surface))]
