"""Document-level evidence for linking (pure functions over an ``AliasIndex`` and mentions).

One document's mentions are not independent: a story whose places lie in one country favours
the namesakes there; "Florence, Alabama" names the Florence in Alabama; a surname after a full
name is that person (and NIL when the full name is NIL); one surface keeps one sense.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from index.analysis import abbreviates, alias_key
from index.lookup import AliasIndex
from streams.schemas import Mention

__all__ = ["GeoContext", "geo_context", "region_after", "coreferent", "compatible_type", "is_acronym_surface",
           "as_places"]

#: What each mention type may link to (KB types outside PER/ORG/LOC/MISC: a customer KB's own
#: types, compatible with everything). A person is never a town; a place is never a person.
_COMPATIBLE = {
    "PER": frozenset({"PER", "MISC"}),
    "LOC": frozenset({"LOC", "ORG", "MISC"}),
    "ORG": frozenset({"ORG", "LOC", "MISC"}),
    "MISC": frozenset({"MISC", "LOC", "ORG", "PER"}),
}
_STANDARD = frozenset({"PER", "ORG", "LOC", "MISC"})


def compatible_type(mention_type: str, kb_type: str) -> bool:
    return kb_type not in _STANDARD or kb_type in _COMPATIBLE.get(mention_type, _STANDARD)


def is_acronym_surface(surface: str) -> bool:
    """"UN", "NATO", "U.S." — an all-caps surface matches only acronyms (not the village "Un")."""
    letters = surface.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


@dataclass(frozen=True, slots=True)
class GeoContext:
    """Where a document is: weights of the countries and first-level regions its confidently
    linked places belong to (a country mention counts for itself)."""

    countries: dict[str, float]
    regions: dict[str, float]

    def country_weight(self, cc: str) -> float:
        return self.countries.get(cc, 0.0) if cc else 0.0

    def region_weight(self, admin1: str) -> float:
        return self.regions.get(admin1, 0.0) if admin1 else 0.0


_PLACE_FEATURES = frozenset({"country", "admin1", "admin2", "capital", "city", "airport"})


def geo_context(index: AliasIndex, linked: Sequence[tuple[int, float]]) -> GeoContext:
    """``linked``: (row, confidence) of the document's linked mentions. Weights are shares of the
    total confidence, so one stray place in a long story counts little."""
    countries: dict[str, float] = defaultdict(float)
    regions: dict[str, float] = defaultdict(float)
    total = 0.0
    for row, conf in linked:
        if not index.features or index.features[row] not in _PLACE_FEATURES:
            continue
        cc = index.countries[row]
        if cc:
            countries[cc] += conf
            total += conf
        a1 = index.admin1[row]
        if a1:
            regions[a1] += conf
            if index.features[row] == "admin1":
                regions[a1] += conf
    if total <= 0:
        return GeoContext({}, {})
    return GeoContext({k: v / total for k, v in countries.items()}, {k: min(1.0, v / total) for k, v in regions.items()})


def region_after(text: str, mention: Mention, mentions: Sequence[Mention], i: int) -> Mention | None:
    """The mention right after ``mention`` across a comma ("Florence, Alabama"), if any."""
    if i + 1 >= len(mentions):
        return None
    nxt = mentions[i + 1]
    between = text[mention.end : nxt.start]
    return nxt if between.strip() == "," and len(between) <= 3 else None


#: Words after which a name is a place ("police in Hobart"); not "to" or "from", which persons
#: follow as often ("spoke to Howard", "a call from Bush").
_LOCATIVE = frozenset("in at near outside around across towards toward via through throughout".split())
_LAST_WORD = re.compile(r"(\w+)\s+(?:the\s+)?$")


def as_places(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` with the persons that the words around them say are places retyped LOC: a
    name right after a locative preposition ("in Hobart", not "in Howard's view"), or joined by
    "and" or a comma to a name so retyped ("in Hobart and Launceston"). The NER calls
    unfamiliar town names persons; a person is never a town, so without this they stay unlinked."""
    out = list(mentions)
    retyped: set[int] = set()
    for i, m in enumerate(mentions):
        if m.type != "PER" or text[m.end : m.end + 2] in ("'s", "’s"):
            continue
        before = _LAST_WORD.search(text[max(0, m.start - 30) : m.start])
        cue = before is not None and before.group(1).lower() in _LOCATIVE
        if not cue and i - 1 in retyped:
            cue = text[out[i - 1].end : m.start] in (", ", " and ", ", and ")
        if cue:
            out[i] = Mention(start=m.start, end=m.end, surface=m.surface, type="LOC", score=m.score)
            retyped.add(i)
    return out


def coreferent(i: int, mentions: Sequence[Mention]) -> int | None:
    """An earlier or longer mention that mention ``i`` is a short form of: its tokens are the
    last tokens (a surname: "Greig" after "Brian Greig") or the first tokens of a person's name,
    or it is the whole of a longer name's tail (a one-word surname the NER calls an organisation
    included: "Lincoln" after "Abraham Lincoln"); or a company named by the first words of an
    earlier company mention ("Tylan" after "Tylan General Inc.", "Diamond" after "Diamond
    Shamrock Corp"); or an acronym of an earlier name ("NHL" after "National Hockey League").
    Returns that mention's position, or None."""
    m = mentions[i]
    toks = alias_key(m.surface).split()
    if m.surface.isupper() and 2 <= len(m.surface) <= 8 and " " not in m.surface:  # "NHL" after "National Hockey League (NHL)"
        full = next((j for j in range(i - 1, -1, -1) if mentions[j].type != "PER" and " " in mentions[j].surface
                     and abbreviates(m.surface, mentions[j].surface)), None)
        if full is not None:
            return full
    if m.type == "ORG" and len(toks) == 1:  # "Lincoln" after "Abraham Lincoln", tagged an organisation
        person = next((j for j in range(i - 1, -1, -1) if mentions[j].type == "PER"
                       and len(otoks := alias_key(mentions[j].surface).split()) > 1 and otoks[-1] == toks[0]), None)
        if person is not None:
            return person
    if m.type == "ORG":
        return _earlier_company(i, mentions, toks)
    if not toks or len(toks) > 2 or m.type != "PER":
        return None
    best: int | None = None
    for j, other in enumerate(mentions):
        if j == i or other.type != "PER":
            continue
        otoks = alias_key(other.surface).split()
        if len(otoks) <= len(toks):
            continue
        surname = otoks[-len(toks):] == toks
        given = otoks[: len(toks)] == toks and len(toks) == 1 and j < i  # "Barack" after "Barack Obama"
        closer = best is None or (j < i) > (best < i) or abs(j - i) < abs(best - i)  # earlier, then nearer
        if (surname or given) and closer:
            best = j
    return best


def _earlier_company(i: int, mentions: Sequence[Mention], toks: list[str]) -> int | None:
    """The nearest earlier ORG mention whose name starts with all of ``toks`` and is longer."""
    if not toks or len(toks) > 3:
        return None
    for j in range(i - 1, -1, -1):
        other = mentions[j]
        otoks = alias_key(other.surface).split()
        if other.type == "ORG" and len(otoks) > len(toks) and otoks[: len(toks)] == toks:
            return j
    return None
