"""Document-level rules: what one document's decisions, taken together, change in each.

The ranker (``workers.normalization.model.AliasLinker``) decides each mention on its own
evidence; these rules then revisit its decisions in the light of the whole document, in the
order ``AliasLinker.link`` applies them: a NIL topped by the own name of a country, region,
listed company or titled article is linked to it (``own_names``); a small town gives up its name
to the region (``regions_over_towns``) or country (``countries_over_towns``) that shares it, a
region to the big city named like it (``cities_over_regions``); a short form takes its full
mention's decision (``corefer``, ``propagate_short_form``); one surface keeps one sense
(``one_sense_per_surface``). Pure functions over an ``AliasIndex`` and the decisions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from index.analysis import (
    COMMON_PLACE_WORDS,
    abbreviates,
    alias_key,
    generic_name,
    strip_legal_suffix,
)
from index.lookup import ACRONYM, ALT, NAME, AliasIndex
from index.sources.wiki import adjective_forms, group_adjectives, plural_nouns, prose_common_words
from streams.schemas import Mention
from workers.normalization.document import coreferent, region_after
from workers.normalization.linker import LinkDecision

__all__ = ["TOWN_UNDER_REGION", "CITY_OVER_REGION", "NO_CANDIDATE_SCORE", "own_title", "own_article_name",
           "own_org_name", "own_company_name", "own_name_major_place", "region_adjective", "own_names",
           "regions_over_towns", "cities_over_regions", "countries_over_towns", "corefer", "propagate_short_form",
           "one_sense_per_surface"]


#: A town below this population does not take the own name of a first-level region from it in a
#: story set in that region's country (``regions_over_towns``).
TOWN_UNDER_REGION = 100_000
#: A city of this population or more keeps its name from the first-level region around it that is
#: named like it ("New York", "Buenos Aires": the city; ``cities_over_regions``).
CITY_OVER_REGION = 1_000_000
#: A mention the NER calls an organisation never takes a town below this population that carries
#: its name ("Congress", "the White House", "Sealy stock"); a city above it may be its government.
ORG_NOT_TOWN = 50_000

#: The score of a NIL decided by rule because no KB record carries the mention's name (no model
#: call); review-threshold calibration counts these mentions at this score.
NO_CANDIDATE_SCORE = 0.6

_FAITH_OR_PEOPLE = re.compile(r"relig|faith|ethnic|people", re.IGNORECASE)


# How a mention names a record: by the record's own name, title or adjective (the tests the
# rules put a top candidate to).


def own_title(ix: AliasIndex, mention: Mention, row: int) -> bool:
    """A person, place or organisation with an encyclopedia article, named by its own title
    ("Aristotle", "Napoleon": one-name people the NER calls organisations), the title no word
    prose writes in lower case."""
    return (bool(ix.features) and ix.features[row] == "article" and ix.types[row] in ("PER", "LOC", "ORG")
            and bool((ix.match_kinds or {}).get((alias_key(mention.surface), row), 0) & NAME)
            and alias_key(mention.surface) not in prose_common_words())


def own_article_name(ix: AliasIndex, mention: Mention) -> bool:
    """An encyclopedia article other than a person's goes by exactly this name."""
    key = alias_key(mention.surface)
    return bool(ix.features) and any(ix.features[r] == "article" and ix.types[r] != "PER"
                                     and alias_key(ix.names[r]) == key for r in ix.lookup(mention.surface))


def own_org_name(ix: AliasIndex, mention: Mention) -> bool:
    """An organisation of the KB goes by exactly this name."""
    key = alias_key(mention.surface)
    return any(ix.types[r] == "ORG" and alias_key(ix.names[r]) == key for r in ix.lookup(mention.surface))


def own_company_name(ix: AliasIndex, mention: Mention, row: int) -> bool:
    """A company written with its legal form whose name without it is a listed company's
    name or plain alias ("Volkswagen AG": Volkswagen Group), not only its acronym or an
    alternate name."""
    short = strip_legal_suffix(mention.surface)
    if short is None or ix.features is None or ix.features[row] != "company":
        return False
    return not (ix.match_kinds or {}).get((alias_key(short), row), 0) & (ACRONYM | ALT)


def own_name_major_place(ix: AliasIndex, mention: Mention, row: int) -> bool:
    """A place mention that is the own name of a country or first-level region ("Alberta"):
    the one sensible reading when it tops the ranking, whatever the calibration says."""
    return (mention.type in ("LOC", "MISC") and ix.features is not None
            and ix.features[row] in ("country", "admin1")
            and bool((ix.match_kinds or {}).get((alias_key(mention.surface), row), 0) & NAME))


def region_adjective(ix: AliasIndex, mention: Mention, row: int) -> bool:
    """A nationality-like adjective or its plural naming a continent or region that has an
    article, or a first-level region ("European", "Africans", "Latin American", "Tasmanian"),
    or the adjective or adherents of a religion or people ("Jains"): the region or the
    religion, as a demonym is its country (the type differs: the NER calls the adjective
    MISC, the region is a place)."""
    if mention.type not in ("MISC", "PER") or not ix.features or ix.features[row] not in ("article", "admin1"):
        return False
    forms = adjective_forms(ix.names[row]) if ix.types[row] == "LOC" else []
    if ix.features[row] == "article" and _FAITH_OR_PEOPLE.search(ix.descriptions[row]):  # not an ideology's
        forms += group_adjectives(ix.names[row], ix.descriptions[row])  # "Nationalist" is a faction
    people = plural_nouns(forms)
    key = alias_key(mention.surface)
    # the NER calls a people ("Jains", "Africans") persons now and then, never the adjective
    return key in {alias_key(f) for f in people} or (mention.type == "MISC" and key in {alias_key(f) for f in forms})


# The rules, in the order ``AliasLinker.link`` applies them.


def own_names(ix: AliasIndex, mentions: Sequence[Mention], ranked: Sequence[list[tuple[float, int]]],
              decisions: list[LinkDecision | None],
              calibration: Callable[[float], float] | None) -> list[LinkDecision | None]:
    """A mention declared NIL for want of context but topped by the own name of a country, of
    a first-level region of a country the document's other links are in or of another region
    named so ("Alberta" beside "Ontario" or a Canadian place; not Papua New Guinea's Gulf
    Province in a story about the Persian Gulf), of a region that is the only candidate
    under a name that is no common word ("Saskatchewan"), or of a listed company written
    with its legal form ("Volkswagen AG"), is linked to it — at its calibrated confidence, so
    review still sees a doubtful one. ``calibration``: the NIL calibration of whatever decided
    (the linker's ranker or its rescorer); None: the top candidate's share as it stands."""
    linked_rows = [r[0][1] for r, d in zip(ranked, decisions, strict=True) if d is not None and d.kb_id is not None]
    countries = {ix.countries[r] for r in linked_rows if ix.countries and ix.countries[r]}
    waiting = [i for i, (m, r, d) in enumerate(zip(mentions, ranked, decisions, strict=True))
               if d is not None and d.kb_id is None and d.candidates
               and (own_name_major_place(ix, m, r[0][1]) or own_company_name(ix, m, r[0][1])
                    or region_adjective(ix, m, r[0][1]) or own_title(ix, m, r[0][1]))]
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
        p = calibration(top.score) if calibration is not None else top.score
        out[i] = LinkDecision(top.kb_id, top.name, None, round(p, 4), d.candidates)
    return out


def regions_over_towns(ix: AliasIndex, mentions: Sequence[Mention], ranked: Sequence[list[tuple[float, int]]],
                       decisions: list[LinkDecision | None]) -> list[LinkDecision | None]:
    """A place mention linked to a town under ``TOWN_UNDER_REGION`` people that is also the
    own name of a first-level region of a country the document's other links are in is the
    region ("from Texas to Delaware": the state, not Delaware, Ohio; "LaPorte, Indiana") —
    when the town is known to lie in another region (its region code is an ISO one); a town
    that may be the seat its region is named after ("Ramallah") stays the town."""
    if ix.features is None or ix.population is None or ix.countries is None:
        return decisions
    out = list(decisions)
    for i, (m, r, d) in enumerate(zip(mentions, ranked, decisions, strict=True)):
        if not _small_town(ix, r, d):
            continue
        assert d is not None
        region = next((row for _, row in r if ix.features[row] == "admin1" and own_name_major_place(ix, m, row)),
                      None)
        town = ix.admin1[r[0][1]]
        if region is None or "-" not in town or town == ix.admin1[region]:
            continue  # only a town known to lie elsewhere (Delaware, Ohio); not a region's seat (Ramallah)
        others = {ix.countries[rr[0][1]] for k, (rr, dd) in enumerate(zip(ranked, decisions, strict=True))
                  if k != i and dd is not None and dd.kb_id is not None and rr}
        if ix.countries[region] in others:
            out[i] = _relinked(ix, d, region)
    return out


def _small_town(ix: AliasIndex, r: list[tuple[float, int]], d: LinkDecision | None) -> bool:
    """The mention is linked to a town under ``TOWN_UNDER_REGION`` people."""
    assert ix.features is not None and ix.population is not None
    return not (d is None or d.kb_id is None or not r or ix.features[r[0][1]] != "city"
                or float(ix.population[r[0][1]]) >= TOWN_UNDER_REGION)


def _relinked(ix: AliasIndex, d: LinkDecision, row: int) -> LinkDecision:
    """``d`` pointed at ``row`` (kept score, ``row``'s candidate first)."""
    first = tuple(sorted(d.candidates, key=lambda c: c.kb_id != ix.ids[row]))
    return LinkDecision(ix.ids[row], ix.names[row], None, d.score, first)


def cities_over_regions(ix: AliasIndex, mentions: Sequence[Mention], ranked: Sequence[list[tuple[float, int]]],
                        decisions: list[LinkDecision | None]) -> list[LinkDecision | None]:
    """A mention linked to a first-level region that is named like a city of
    ``CITY_OVER_REGION`` people or more inside it (the city's own name begins with the
    mention's) is the city ("New York", "Sao Paulo"),
    unless the document links other first-level regions of that country (a list of states:
    "Delaware, New York and New Jersey")."""
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
        out[i] = _relinked(ix, d, city)
    return out


def countries_over_towns(ix: AliasIndex, text: str, mentions: Sequence[Mention],
                         ranked: Sequence[list[tuple[float, int]]],
                         decisions: list[LinkDecision | None]) -> list[LinkDecision | None]:
    """A mention linked to a town under ``TOWN_UNDER_REGION`` people that is the own name of
    a country is the country, unless a region follows it ("Brazil" among India and the
    United Kingdom: not Brazil, Indiana; "Lebanon, Tennessee" stays the town)."""
    if ix.features is None or ix.population is None:
        return decisions
    out = list(decisions)
    for i, (m, r, d) in enumerate(zip(mentions, ranked, decisions, strict=True)):
        if not _small_town(ix, r, d):
            continue
        assert d is not None
        country = next((row for _, row in r if ix.features[row] == "country" and own_name_major_place(ix, m, row)), None)
        if country is None or region_after(text, m, mentions, i) is not None:
            continue
        out[i] = _relinked(ix, d, country)
    return out


def _defines(text: str, full: Mention, acronym: str) -> bool:
    """The text gives ``acronym`` right after the long name, in brackets or as an apposition:
    "World Hockey Association (WHA)", "International Coffee Organization, ICO,"."""
    return re.match(rf"\s*[(,]\s*{re.escape(acronym)}\s*[),]", text[full.end : full.end + len(acronym) + 8]) is not None


def corefer(ix: AliasIndex, text: str, mentions: Sequence[Mention],
            decisions: list[LinkDecision | None]) -> list[LinkDecision | None]:
    """A short form of a person named in full in the document ("Greig" after "Brian
    Greig") takes the full mention's decision, NIL included: an unknown Brian Greig makes
    "Greig" NIL, whatever town is called Greig. An acronym the KB links is the exception when
    the unknown name it abbreviates does not define it, in brackets or as an apposition ("EC"
    after an unknown "European Commission" stays the KB's EC)."""
    out = list(decisions)
    for i in range(len(mentions)):
        j = coreferent(i, mentions)
        if j is None or (mentions[i].type == "ORG" and own_org_name(ix, mentions[i])):
            continue  # "United Nations" after "United Nations Security Council" is itself
        if mentions[j].type == "PER" and mentions[i].type != "PER" and own_article_name(ix, mentions[i]):
            continue  # "Islam" after "Ansar al-Islam" (tagged a person) is the religion
        full = decisions[j]
        own = decisions[i]
        if mentions[i].surface.isupper() and " " not in mentions[i].surface \
                and abbreviates(mentions[i].surface, mentions[j].surface) and (full is None or full.kb_id is None) \
                and own is not None and own.kb_id is not None and not _defines(text, mentions[j], mentions[i].surface):
            continue  # "EC" after an unknown "European Commission": the KB's EC stands unless the text defines it
        if full is None:
            out[i] = LinkDecision(None, None, "not_in_kb", NO_CANDIDATE_SCORE, ())
        elif full.kb_id is None:
            out[i] = LinkDecision(None, None, full.nil_reason, full.score, full.candidates)
        else:
            out[i] = LinkDecision(full.kb_id, full.name, None, round(full.score * 0.95, 4), full.candidates)
    return out


def propagate_short_form(i: int, mentions: Sequence[Mention], decisions: Sequence[LinkDecision | None]) -> LinkDecision:
    """Mention ``i`` had no candidate: reuse a longer mention in the same document that contains
    it as whole words ("Obama" after "Barack Obama"), else NIL not_in_kb; not a region's name with
    its head ("Lviv Oblast", "Kagoshima Prefecture"): the bare name is its capital ("Gobi" still
    takes "Gobi Desert", "Jurassic" "Jurassic Period")."""
    m = mentions[i]
    toks = alias_key(m.surface).split()
    best: LinkDecision | None = None
    for j, other in enumerate(mentions):
        d = decisions[j]
        if j == i or d is None or d.kb_id is None:
            continue
        otoks = alias_key(other.surface).split()
        named = generic_name(other.surface)  # "Lviv" after "Lviv Oblast" is the city, not the region
        if named is not None and named[1] == "region" and alias_key(named[0]) == alias_key(m.surface):
            continue
        if len(otoks) > len(toks) and _contains_words(otoks, toks) and (best is None or d.score > best.score):
            best = d
    if best is not None:
        return LinkDecision(best.kb_id, best.name, None, round(best.score * 0.9, 4), best.candidates)
    return LinkDecision(None, None, "not_in_kb", NO_CANDIDATE_SCORE, ())


def _contains_words(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[k : k + n] == needle for k in range(len(haystack) - n + 1))


def one_sense_per_surface(mentions: Sequence[Mention], decisions: list[LinkDecision]) -> list[LinkDecision]:
    """Mentions with the same surface and type take the most confident decision among them."""
    best: dict[tuple[str, str], LinkDecision] = {}
    for m, d in zip(mentions, decisions, strict=True):
        k = (alias_key(m.surface), m.type)
        if d.candidates and (k not in best or d.score > best[k].score):
            best[k] = d
    return [best.get((alias_key(m.surface), m.type), d) if d.candidates else d
            for m, d in zip(mentions, decisions, strict=True)]
