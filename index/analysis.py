"""Text analysis shared by KB indexing and querying (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["LEGAL_FORMS", "abbreviates", "alias_key", "content_tokens", "name_expansions", "strip_legal_suffix", "STOPWORDS", "COMMON_PLACE_WORDS", "COMPASS_WORDS",
           "common_words", "generic_name", "GENERIC_HEADS", "POLITY_PREFIXES"]

_PUNCT = re.compile(r"[^\w\s]")
_POSSESSIVE = re.compile(r"['’]s$")
_ABBREV = re.compile(r"\b(?:[A-Za-z]\.){2,}")

STOPWORDS = frozenset(
    """a an and are as at be by for from has have he her his in into is it its of on or our she
    that the their them they this to was were which who will with not but also than then there
    these those been being after before over under about more most other such only new said
    city town country state capital population largest known one two first""".split()
)


#: Single words that name a region somewhere ("Western" Division of Fiji, Papua New Guinea's Gulf
#: Province) but are common words in text.
COMMON_PLACE_WORDS = frozenset("""western eastern northern southern central north south east west upper lower
capital national federal new great greater middle inner outer coast island islands river gulf bay lake
mountain valley highlands lowlands plains""".split())


#: Compass words: a place's name has them ("West Virginia", "North Carolina"), and so does its
#: context for another reason ("West Bank"), so they are no evidence in a description.
COMPASS_WORDS = frozenset("north south east west northern southern eastern western central upper lower".split())


@lru_cache(maxsize=200_000)
def alias_key(s: str) -> str:
    """Case-, accent- and punctuation-insensitive lookup key ("The U.S.'s" -> "u s")."""
    s = _POSSESSIVE.sub("", s.strip())
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _ABBREV.sub(lambda m: m.group(0).replace(".", ""), s)  # "U.S." -> "US", "U.S.A." -> "USA"
    s = _PUNCT.sub(" ", s.casefold())
    toks = s.split()
    if len(toks) > 1 and toks[0] == "the":
        toks = toks[1:]
    return " ".join(toks)


_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def content_tokens(text: str) -> frozenset[str]:
    """Lower-cased content words of a text (for context overlap)."""
    return frozenset([w.casefold() for w in _WORD.findall(text)]).difference(STOPWORDS)


_CAP_WORD = r"(?:[A-Z]\.|[A-Z][\w'’-]*)"  # a capitalized word or an initial; a sentence's full stop ends a name


def name_expansions(surface: str, text: str, max_words: int = 3) -> list[str]:
    """The longer names written in ``text`` that contain ``surface`` as whole words: up to
    ``max_words`` capitalized words before and after each occurrence ("John Paul" in "... Pope John
    Paul II ..." -> "Pope John Paul II", "Pope John Paul", "John Paul II"), longest first. The
    in-document full names a short form may stand for."""
    if not surface.strip():
        return []
    pre = rf"((?:{_CAP_WORD}\s+){{0,{max_words}}})"
    post = rf"((?:\s+{_CAP_WORD}){{0,{max_words}}})"
    found: dict[str, None] = {}
    for m in re.finditer(rf"{pre}(?<!\w){re.escape(surface)}(?!\w){post}", text):
        before, after = m.group(1).split(), m.group(2).split()
        for i in range(len(before) + 1):
            for j in range(len(after) + 1):
                if i == len(before) and j == 0:
                    continue
                found[" ".join([*before[i:], surface, *after[:j]])] = None
    return sorted(found, key=lambda n: (-len(n), n))


#: Legal-form words that end company names in text ("Chevron Corp", "Skanska AB", "Bank of New
#: York Co Inc"); the KB names the company without them (or with another spelling of them).
LEGAL_SUFFIXES = frozenset("""corp corporation co company inc incorporated ltd limited plc llc lp l.p
ag ab sa nv n.v s.a a.g se spa s.p.a bv b.v oy asa as gmbh kk pty holdings holding group""".split())


#: Legal forms Nordic and Dutch companies write first ("AB Investor"), capitalized as written.
_LEADING_LEGAL_FORMS = frozenset({"AB", "Oy", "Oyj", "NV", "A/S", "ASA"})


def strip_legal_suffix(surface: str) -> str | None:
    """The company name without its trailing legal-form words ("Emerson Electric Co" ->
    "Emerson Electric", "Bank of New York Co Inc" -> "Bank of New York") or a leading one ("AB
    Investor" -> "Investor"); None when the surface
    has none or nothing would be left."""
    words = surface.replace(",", " ").split()
    n = len(words)
    while n > 1 and words[n - 1].lower().rstrip(".") in LEGAL_SUFFIXES | {w.rstrip(".") for w in LEGAL_SUFFIXES}:
        n -= 1
    if n == len(words) and n > 1 and words[0] in _LEADING_LEGAL_FORMS:  # "AB Investor", "Oy Nokia"
        return " ".join(words[1:])
    while 1 < n < len(words) and words[n - 1] in ("and", "&"):  # "Mitsui and Co Ltd" -> "Mitsui"
        n -= 1
    if n == len(words) or n == 0:
        return None
    return " ".join(words[:n])


#: Trailing generic heads a name is written with or without ("Kagoshima Prefecture", "Triassic
#: Period", "Sahara Desert"), and the kind of record the bare name then means.
GENERIC_HEADS = {
    **dict.fromkeys(("Prefecture", "Province", "Region", "Governorate", "Oblast", "Voivodeship", "Canton"), "region"),
    **dict.fromkeys(("Period", "Era", "Eon", "Epoch"), "period"),
    **dict.fromkeys(("Desert", "River", "Mountains", "Peninsula", "Plateau", "Basin"), "geo"),
}
#: Leading words of a polity's formal name ("Kingdom of Prussia": Prussia).
POLITY_PREFIXES = ("Kingdom of ", "Duchy of ", "Grand Duchy of ", "Principality of ", "Electorate of ",
                   "Emirate of ", "Sultanate of ", "Khanate of ", "Tsardom of ")


def generic_name(surface: str) -> tuple[str, str] | None:
    """(the name without its generic head or polity prefix, the kind it names) or None:
    "Kagoshima Prefecture" -> ("Kagoshima", "region"), "Kingdom of Prussia" -> ("Prussia",
    "polity"); a head alone is no name."""
    words = surface.split()
    if len(words) >= 2 and words[-1] in GENERIC_HEADS:
        return " ".join(words[:-1]), GENERIC_HEADS[words[-1]]
    for p in POLITY_PREFIXES:
        if surface.startswith(p) and len(surface) > len(p):
            return surface[len(p):], "polity"
    return None


_PROSE_WORD = re.compile(r"[A-Za-z][a-z]+")
_CLAUSE_START = re.compile(r"(^|[.!?:\"“(]\s*|\n\s*)$")


def lowercase_words(texts: Iterable[str]) -> frozenset[str]:
    """Every word prose writes in lower case at least once ("fox", "heritage", "liquidity"):
    a stricter test than ``common_words`` for a short name that should be nothing else."""
    return frozenset(m.group(0) for text in texts for m in _PROSE_WORD.finditer(text) if m.group(0).islower())


def common_words(texts: Iterable[str], min_count: int = 3) -> frozenset[str]:
    """Words that prose writes in lower case at least as often as capitalized mid-sentence
    ("bank", "finance", "diamond"; not "islam", "europe", "house": the House of Lords): a
    capitalized one alone in a text is more likely a name than the concept."""
    low: dict[str, int] = {}
    cap: dict[str, int] = {}
    for text in texts:
        for m in _PROSE_WORD.finditer(text):
            if _CLAUSE_START.search(text[max(0, m.start() - 3) : m.start()]):
                continue
            w = m.group(0)
            counts = cap if w[0].isupper() else low
            key = w.lower()
            counts[key] = counts.get(key, 0) + 1
    return frozenset(w for w, n in low.items() if n + cap.get(w, 0) >= min_count and n >= cap.get(w, 0))


def names_a_concept(title: str, description: str) -> bool:
    """An article about a thing or an idea, not a name: its one-word title is written in lower
    case in its own description ("A bank is a financial institution", "cargo refers to goods");
    "Islam is an Abrahamic religion" keeps its capital."""
    word = re.sub(r"\s*\([^)]*\)$", "", title).strip()  # "Union (set theory)" -> "Union"
    if " " in word or not word[:1].isupper() or len(word) < 3:
        return False
    return re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", description) is not None


#: Legal forms as newswire writes them after (or, "AB", before) a company's name.
LEGAL_FORMS = frozenset("Inc Corp Co Ltd Plc PLC AB NV SA AG LP LLC".split())


def abbreviates(acronym: str, name: str) -> bool:
    """``acronym`` is made of ``name``'s capitalized words, each giving its initial and maybe more
    of its letters, in order ("ICCO": International COcoa Organization); legal forms give none
    (a ticker such as "Boeing Co (BA)" is no acronym of the name)."""
    words = [w.lower() for w in name.replace("-", " ").split() if w[:1].isupper() and w.rstrip(".") not in LEGAL_FORMS]
    letters = acronym.replace("&", "").lower()
    if len(words) < 2 or len(letters) < 2:
        return False

    def fits(w: int, a: int) -> bool:
        if w == len(words):
            return a == len(letters)
        if a == len(letters) or words[w][0] != letters[a]:
            return False
        word, k = words[w], a + 1  # the initial, then any run of the word's later letters in order
        if fits(w + 1, k):
            return True
        pos = 1
        while k < len(letters):
            pos = word.find(letters[k], pos) + 1
            if pos == 0:
                return False
            k += 1
            if fits(w + 1, k):
                return True
        return False

    return fits(0, 0)
