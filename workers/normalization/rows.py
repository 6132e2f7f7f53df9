"""Candidate rows beyond the exact alias: the records a mention names although no alias of
theirs is its surface, each found by one rule over the KB index. ``AliasLinker`` asks them in
turn (``_document_features``); each is a pure function of the index, the mention and, where the
rule needs it, the text or the document's places.

- ``company_rows``: a company written with its legal form ("Chevron Corp").
- ``generic_rows``: a name with a generic head or a polity's prefix ("Kagoshima Prefecture").
- ``town_state_rows``: newswire's state abbreviation after a town ("Woburn, Mass.").
- ``scoped_rows``: a state's abbreviation in a text about its country ("WA" in Perth's news).
"""

from __future__ import annotations

from index.analysis import generic_name
from index.lookup import AliasIndex
from index.sources.iso3166 import scoped_abbreviation, town_state
from streams.schemas import Mention
from workers.normalization.document import GeoContext

__all__ = ["SCOPE_SHARE", "company_rows", "generic_rows", "scoped_rows", "town_state_rows"]

#: The least share of the document's place weight (``geo_context``) in a country that makes its
#: states' scoped abbreviations ("WA", "NT") name them.
SCOPE_SHARE = 0.3
#: What a generic head asks of a record (``analysis.generic_name``): (feature, type) -> fits.
_OF_KIND = {
    "region": lambda f, t: f in ("admin1", "admin2"),
    "period": lambda f, t: f == "article" and t == "MISC",
    "geo": lambda f, t: f == "article" and t == "LOC",
    "polity": lambda f, t: f in ("article", "country", "admin1") and t in ("LOC", "MISC", "ORG"),
}


def generic_rows(ix: AliasIndex, mention: Mention) -> tuple[list[int], Mention] | None:
    """Pure: no record carries the surface: a name with a generic head or a polity's prefix
    ("Kagoshima Prefecture", "Triassic Period", "Sahara Desert", "Kingdom of Prussia") is
    looked up by the name alone, among the records of that kind (a region, a period's or a
    geographic feature's article whose description names the head, a polity) — scored under
    the name alone."""
    named = generic_name(mention.surface)
    if named is None or not ix.features:
        return None
    short, kind = named
    head = mention.surface[len(short):].strip().lower() if mention.surface.startswith(short) else ""
    rows = [r for r in ix.lookup(short) if _OF_KIND[kind](ix.features[r], ix.types[r])
            and (kind != "geo" or head in ix.descriptions[r].lower())]  # "Colorado Plateau" is no river
    if not rows:
        return None
    at = mention.surface.find(short)
    return rows, Mention(start=mention.start + at, end=mention.start + at + len(short), surface=short,
                         type="MISC" if kind == "period" else mention.type, score=mention.score)


def town_state_rows(ix: AliasIndex, text: str, mention: Mention) -> list[int]:
    """Pure: the state's record for newswire's abbreviation after a town ("Woburn, Mass.", with or
    without its full stop in the span: ``town_state``); [] elsewhere. The caller checks that a
    place's mention ends at the comma."""
    found = town_state(text, mention.start)
    if found is None or mention.end not in (found[0], found[0] - 1):
        return []
    _, code, name = found
    return [r for r in ix.lookup(name) if ix.ids[r] == f"iso3166-2:{code}"]


def scoped_rows(ix: AliasIndex, mention: Mention, geo: GeoContext) -> tuple[list[int], Mention] | None:
    """Pure: a state's abbreviation that is only that in a text about its country ("WA", "NT" in an
    Australian story: ``scoped_abbreviation``): its record, and the mention scored under the
    state's name, when the document's other places put at least ``SCOPE_SHARE`` of their
    weight in that country; None elsewhere (a person's mention never)."""
    if mention.type == "PER":
        return None
    for country, share in geo.countries.items():
        found = scoped_abbreviation(mention.surface, country) if share >= SCOPE_SHARE else None
        if found is not None:
            code, name = found
            rows = [r for r in ix.lookup(name) if ix.ids[r] == f"iso3166-2:{code}"]
            if rows:
                return rows, Mention(start=mention.start, end=mention.end, surface=name, type="LOC",
                                     score=mention.score)
    return None


def company_rows(ix: AliasIndex, mention: Mention) -> list[int]:
    """Pure: no record carries the surface: a company written with its legal form ("Chevron Corp",
    "Skanska AB") is looked up without it, among organisations only."""
    return list(ix.lookup_company(mention.surface)) if mention.type in ("ORG", "MISC") else []
