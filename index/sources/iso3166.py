"""ISO 3166 countries and subdivisions (pycountry, with the countryinfo package's demonyms and
alternative names) -> ``iso3166:<alpha_2>`` and ``iso3166-2:<code>`` drafts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from index.sources.draft import Draft, pop_prior
from index.sources.wiki import adjective_forms

__all__ = ["COUNTRY_PEOPLE", "COUNTRY_SCOPED_ABBREVIATIONS", "scoped_abbreviation", "STATE_ABBREVIATIONS", "TOWN_STATE_ABBREVIATIONS", "town_state", "town_states_in", "oblast_english_name", "SUBDIVISION_ENGLISH_NAMES", "CountryFacts", "country_drafts", "country_facts", "demonym_forms", "load_countryinfo_rows", "code_abbreviation",
           "plain_subdivision_name",
           "subdivision_drafts"]


#: Short forms that neither ISO nor GeoNames list but every news text uses. ISO's two- and
#: three-letter codes are not aliases ("BB" is a credit rating before it is Barbados, "CAN" a
#: word in a headline before it is Canada) except the ones news text writes as names.
_COUNTRY_EXTRA_ALIASES = {"GB": ["UK", "Britain", "Great Britain"], "US": ["America", "U.S.A.", "US", "USA"],
                          "AE": ["UAE"], "SA": ["Saudi", "Saudis"], "CD": ["DRC", "DR Congo", "Zaire"], "KR": ["Korea"],
                          "CZ": ["Czech Republic"],
                          # the names news used before a renaming: "Surinam", "Kampuchea", "Upper Volta",
                          # and Macedonia's until 2019 (not the bare "Macedonia": the ancient kingdom's)
                          "SR": ["Surinam"], "KH": ["Kampuchea"], "BF": ["Upper Volta"],
                          "MK": ["Republic of Macedonia", "FYROM"]}

#: A country's people and the adjectives English uses beside the countryinfo demonym, which gives
#: one adjective only ("Argentinean", "Spanish", "Greek"): the nouns for its people ("Spaniards",
#: "Greeks", "Britons") and the adjective news prefers ("Argentine", "Philippine"). A fact table.
COUNTRY_PEOPLE: dict[str, tuple[str, ...]] = {
    "AR": ("Argentine", "Argentines", "Argentinian", "Argentinians"), "PH": ("Philippine", "Filipinos"),
    "ES": ("Spaniard", "Spaniards"), "GR": ("Greeks",), "KZ": ("Kazakh", "Kazakhs"), "GB": ("Briton", "Britons"),
    "DK": ("Danes",), "SE": ("Swede", "Swedes"), "FI": ("Finns",), "PL": ("Poles",),
    "TR": ("Turks",), "CZ": ("Czechs",), "SK": ("Slovaks",), "HR": ("Croat", "Croats"),
    "RS": ("Serb", "Serbs"), "UZ": ("Uzbek", "Uzbeks"), "TJ": ("Tajik", "Tajiks"), "AZ": ("Azeri", "Azeris"),
    "NL": ("Dutchman", "Dutchmen"), "FR": ("Frenchman", "Frenchmen"), "IE": ("Irishman", "Irishmen"),
    "AF": ("Afghan", "Afghans"), "YE": ("Yemenis",), "SO": ("Somalis",), "OM": ("Omanis",), "KW": ("Kuwaitis",),
    "SI": ("Slovenes",), "LT": ("Lithuanians",), "LV": ("Latvians",), "EE": ("Estonians",),
    "NZ": ("Kiwis",), "BA": ("Bosnians",), "MK": ("Macedonians",), "IS": ("Icelanders",),
}

#: English names of first-level subdivisions whose ISO 3166-2 name is the local one ("Bayern",
#: "Niedersachsen", "Toscana"), where English text uses another; left out where the English name
#: is a city's ("Vienna", "Madrid", "Geneva"). pycountry's English translation covers few of them.
SUBDIVISION_ENGLISH_NAMES: dict[str, tuple[str, ...]] = {
    "DE-BY": ("Bavaria",), "DE-NI": ("Lower Saxony",), "DE-NW": ("North Rhine-Westphalia", "North Rhine Westphalia"),
    "DE-RP": ("Rhineland-Palatinate",), "DE-SN": ("Saxony",), "DE-ST": ("Saxony-Anhalt",), "DE-TH": ("Thuringia",),
    "DE-HE": ("Hesse",), "DE-MV": ("Mecklenburg-Western Pomerania", "Mecklenburg-West Pomerania"),
    "IT-21": ("Piedmont",), "IT-23": ("Aosta Valley",), "IT-25": ("Lombardy",), "IT-32": ("Trentino-South Tyrol",),
    "IT-52": ("Tuscany",), "IT-57": ("the Marches",), "IT-62": ("Latium",), "IT-75": ("Apulia",),
    "IT-82": ("Sicily",), "IT-88": ("Sardinia",),
    "ES-AN": ("Andalusia",), "ES-AR": ("Aragon",), "ES-CN": ("Canary Islands",), "ES-CT": ("Catalonia",),
    "ES-CL": ("Castile and León", "Castile and Leon"), "ES-CM": ("Castile-La Mancha",), "ES-IB": ("Balearic Islands",),
    "ES-NC": ("Navarre",), "ES-PV": ("Basque Country",), "ES-VC": ("Valencian Community",), "ES-AS": ("Asturias",),
    "FR-BFC": ("Burgundy-Franche-Comté",), "FR-20R": ("Corsica",), "FR-NOR": ("Normandy",), "FR-OCC": ("Occitania",),
    "FR-PAC": ("Provence-Alpes-Côte d'Azur",), "FR-GES": ("Grand Est",), "FR-PDL": ("Pays de la Loire",),
    "AT-2": ("Carinthia",), "AT-3": ("Lower Austria",), "AT-4": ("Upper Austria",), "AT-6": ("Styria",),
    "AT-7": ("Tyrol",),
    "BE-VLG": ("Flanders", "Flemish Region"), "BE-WAL": ("Wallonia", "Walloon Region"),
    "BE-BRU": ("Brussels-Capital Region",),
    "NL-NH": ("North Holland",), "NL-ZH": ("South Holland",), "NL-NB": ("North Brabant",), "NL-FR": ("Friesland",),
    "GR-A": ("Eastern Macedonia and Thrace",), "GR-C": ("Western Macedonia",), "GR-E": ("Thessaly",),
    "GR-G": ("Western Greece",), "GR-I": ("Attica",), "GR-K": ("North Aegean",), "GR-M": ("Crete",),
    "GR-D": ("Epirus",), "GR-F": ("Ionian Islands",), "GR-H": ("Central Greece",), "GR-J": ("Peloponnese",),
    "GR-69": ("Mount Athos",), "GR-L": ("South Aegean",), "GR-B": ("Central Macedonia",),
}


#: The abbreviations newswire writes after a town's name ("North Kingstown, R.I.", "Houston, Tex.",
#: "(D-Tex)": the Associated Press style's list), for the US states and Canadian provinces, with
#: and without the full stop; left out where the letters are an English word or a common
#: abbreviation ("Mass", "Miss", "Wash", "Ore", "Ark", "Ill", "Ind", "La", "Me", "Del", "B.C.").
STATE_ABBREVIATIONS = {
    "US-AL": ["Ala."], "US-AZ": ["Ariz.", "Ariz"], "US-CA": ["Calif.", "Calif"], "US-CO": ["Colo.", "Colo"],
    "US-CT": ["Conn.", "Conn"], "US-FL": ["Fla.", "Fla"], "US-GA": ["Ga."], "US-KS": ["Kan.", "Kans."],
    "US-KY": ["Ky."], "US-MD": ["Md."], "US-MI": ["Mich.", "Mich"], "US-MN": ["Minn.", "Minn"],
    "US-NE": ["Neb.", "Nebr."], "US-NV": ["Nev."], "US-NH": ["N.H."], "US-NJ": ["N.J."], "US-NM": ["N.M."],
    "US-NY": ["N.Y."], "US-NC": ["N.C."], "US-ND": ["N.D."], "US-OK": ["Okla.", "Okla"], "US-PA": ["Pa.", "Penn."],
    "US-RI": ["R.I."], "US-SC": ["S.C."], "US-SD": ["S.D."], "US-TN": ["Tenn.", "Tenn"], "US-TX": ["Tex.", "Tex"],
    "US-VT": ["Vt."], "US-VA": ["Va."], "US-WV": ["W.Va."], "US-WI": ["Wis.", "Wisc."], "US-WY": ["Wyo."],
    "CA-ON": ["Ont."], "CA-SK": ["Sask."], "CA-NL": ["Nfld."],
}

#: The abbreviations left out above because the letters are a word or another abbreviation too:
#: a state's only right after a town and a comma ("Woburn, Mass.", "Peoria, Ill."), so they are no
#: aliases; ``town_state`` finds them there. Code and English name of each.
TOWN_STATE_ABBREVIATIONS = {
    "Mass.": ("US-MA", "Massachusetts"), "Ill.": ("US-IL", "Illinois"), "Wash.": ("US-WA", "Washington"),
    "Ore.": ("US-OR", "Oregon"), "Ark.": ("US-AR", "Arkansas"), "Ind.": ("US-IN", "Indiana"),
    "La.": ("US-LA", "Louisiana"), "Miss.": ("US-MS", "Mississippi"), "Del.": ("US-DE", "Delaware"),
    "B.C.": ("CA-BC", "British Columbia"),
}
#: A country's own short forms of its states that are words, codes or other names elsewhere
#: ("WA" is Washington's postal code, "SA" South Africa's or a company's form, "NT" the New
#: Testament, "ACT" a law): a state's only in a text that the document's other places put in that
#: country (``scoped_abbreviation``), so they are no aliases either. Code and English name of each.
COUNTRY_SCOPED_ABBREVIATIONS = {
    "AU": {"WA": ("AU-WA", "Western Australia"), "SA": ("AU-SA", "South Australia"),
           "NT": ("AU-NT", "Northern Territory"), "ACT": ("AU-ACT", "Australian Capital Territory"),
           "Qld": ("AU-QLD", "Queensland"), "QLD": ("AU-QLD", "Queensland")},
    "CA": {"BC": ("CA-BC", "British Columbia"), "PEI": ("CA-PE", "Prince Edward Island"),
           "NWT": ("CA-NT", "Northwest Territories")},
}


def scoped_abbreviation(surface: str, country: str) -> tuple[str, str] | None:
    """Pure: the (code, English name) of the state of ``country`` that ``surface`` abbreviates in a
    text about that country ("WA" in an Australian story: Western Australia); None for another
    surface or country."""
    return COUNTRY_SCOPED_ABBREVIATIONS.get(country, {}).get(surface.strip())


_TOWN_STATE = re.compile(r"[A-Z][\w'’.-]*, (" + "|".join(re.escape(a) for a in TOWN_STATE_ABBREVIATIONS) + ")")


def town_states_in(text: str) -> Iterator[tuple[int, int, str, str]]:
    """Pure: every state abbreviation right after a capitalized word and a comma in ``text``, as
    (start, end with the full stop, code, English name)."""
    for m in _TOWN_STATE.finditer(text):
        code, name = TOWN_STATE_ABBREVIATIONS[m.group(1)]
        yield m.start(1), m.end(1), code, name


def town_state(text: str, start: int) -> tuple[int, str, str] | None:
    """Pure: the state abbreviation of ``TOWN_STATE_ABBREVIATIONS`` that starts at ``start`` right
    after a capitalized word and a comma ("Woburn, Mass."), as (its end with the full stop, code,
    English name); None elsewhere ("Mass." alone is no state)."""
    for m in _TOWN_STATE.finditer(text, max(0, start - 40), start + 6):
        if m.start(1) == start:
            code, name = TOWN_STATE_ABBREVIATIONS[m.group(1)]
            return m.end(1), code, name
    return None


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
        aliases = [getattr(c, "official_name", None), getattr(c, "common_name", None)]
        aliases += _COUNTRY_EXTRA_ALIASES.get(c.alpha_2, [])
        f = facts.get(c.alpha_2, CountryFacts())
        aliases += [a for a in f.alt_names if len(a) > 3]
        if f.demonym:
            aliases += demonym_forms(f.demonym)
        aliases += COUNTRY_PEOPLE.get(c.alpha_2, ())
        pop = populations.get(c.alpha_2, 0)
        region = f" in {f.subregion}" if f.subregion else ""
        yield Draft(
            id=f"iso3166:{c.alpha_2}",
            name=english_names.get(c.alpha_2) or getattr(c, "common_name", None) or c.name,
            type="LOC",
            description=f"Country{region} (ISO 3166 {c.alpha_2})",
            aliases=[a for a in [c.name, *aliases] if a],
            popularity=min(1.0, 0.8 + pop_prior(pop) * 0.2),
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


def subdivision_drafts(subdivisions: Iterable[Any], country_names: dict[str, str],
                       populations: Mapping[str, int] | None = None) -> Iterator[Draft]:
    """``populations``: first-level regions' sizes (``index.sources.admin1.region_populations``):
    a region's prior grows with it (from 0.6 to at most 0.8, below every country)."""
    populations = populations or {}
    for s in subdivisions:
        country = country_names.get(s.country_code, s.country_code)
        pop = populations.get(s.code, 0) if s.parent_code is None else 0
        # a state's adjective and its people ("Tasmanian", "South Australians"), for names in -a
        # ("West Australian" beside "Western Australian")
        adjectives = adjective_forms(s.name) if s.parent_code is None and s.name.endswith("a") else []
        yield Draft(
            id=f"iso3166-2:{s.code}",
            name=s.name,
            type="LOC",
            description=f"{s.type} of {country} ({s.code})",
            aliases=[*adjectives, *(a + "s" for a in adjectives), *STATE_ABBREVIATIONS.get(s.code, []),
                     *SUBDIVISION_ENGLISH_NAMES.get(s.code, ())],
            # first-level units (states, provinces) are mentioned far more
            popularity=min(0.8, max(0.6, pop_prior(pop))) if s.parent_code is None else 0.4,
            country=s.country_code,
            admin1=s.code if s.parent_code is None else _parent_code(s.country_code, s.parent_code),
            feature="admin1" if s.parent_code is None else "admin2",
            population=pop or None,
        )


def code_abbreviation(code: str, name: str) -> str | None:
    """The letters after a subdivision code's hyphen when they abbreviate its name, as texts
    write it ("AU-NSW", "New South Wales" -> "NSW"; "GB-ENG" -> "ENG"): three or more letters,
    the name's first letter first, all of them in the name in order. None otherwise ("US-TX":
    two letters; "PG-GPK" for "Gulf")."""
    suffix = code.split("-", 1)[-1]
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    if len(suffix) < 3 or not suffix.isalpha() or not plain or plain[0] != suffix[0].lower():
        return None
    rest = iter(plain)
    return suffix if all(c in rest for c in suffix.lower()) else None


#: A Ukrainian or Russian region's ISO name: the adjective of its capital and its kind ("Khersonska
#: oblast", "Chelyabinskaya oblast'", "Krasnodarskiy kray"), and the kind's English word.
_REGION_ADJECTIVE = re.compile(r"^([A-Z][\w'-]+?)(?:s|)(?:ka|kaya|kiy) (oblast'?|kray)$")
#: A capital is a town of this size at least (not the village "Kirovo" for Kirovohradska oblast).
_CAPITAL_MIN_POPULATION = 50_000
_REGION_KIND = {"oblast": "Oblast", "oblast'": "Oblast", "kray": "Krai"}
#: What may follow the stem in the capital's name ("Kherson", "Odesa", "Donetsk", "Zaporizhzhya"):
#: at most five letters, not themselves an adjective's or a village's ending ("Moskovskiy",
#: "Mykolaivka").
_CAPITAL_REST = re.compile(r"^(?!.*(?:k[aeiy]|kiy|kaya|koye|kyi|koe|kie)$)[a-z]{0,5}$")


def oblast_english_name(name: str, cities: Sequence[tuple[str, int]]) -> str | None:
    """Pure: the English name of a Ukrainian or Russian region whose ISO name is its capital's
    adjective ("Khersonska oblast" -> "Kherson Oblast", "Odeska oblast" -> "Odesa Oblast",
    "Krasnodarskiy kray" -> "Krasnodar Krai"): the most populous of the country's ``cities``
    (name, population) of 50,000 people or more whose name is the adjective's stem and at most five
    more letters (not an adjective's ending: "Moskovskiy", "Mykolaivka"), or of five letters and
    more and the stem's start but at most two letters ("Rivnenska" -> Rivne); apostrophes ignored.
    None when no city fits ("Sverdlovskaya oblast'": Yekaterinburg is its capital). A rough rule:
    a wrong guess is an alias no text writes ("Amursk Oblast")."""
    m = _REGION_ADJECTIVE.match(name)
    if m is None:
        return None
    stem = m.group(1).lower().replace("'", "")
    fits = []
    for c, pop in cities:
        key = c.lower().replace("'", "").replace("’", "")
        if pop >= _CAPITAL_MIN_POPULATION and ((key.startswith(stem) and _CAPITAL_REST.match(key[len(stem):]))
                                               or (len(key) >= 5 and stem.startswith(key) and len(stem) - len(key) <= 2)):
            fits.append((pop, c))
    if not fits:
        return None
    return f"{max(fits)[1]} {_REGION_KIND[m.group(2)]}"


#: Words a subdivision's ISO name carries for its kind in the local language ("Shaanxi Sheng":
#: province; "Guangxi Zhuangzu Zizhiqu": Zhuang autonomous region), which English text drops.
_KIND_WORDS = frozenset({"Sheng", "Zizhiqu", "Zhuangzu", "Huizu", "Uygur"})


def plain_subdivision_name(name: str) -> str | None:
    """The name English text uses for a subdivision whose ISO name carries its kind: "Shaanxi
    Sheng" -> "Shaanxi", "Ningxia Huizu Zizhiqu" -> "Ningxia", "Adygeya, Respublika" -> "Adygeya";
    None when it carries none ("Beijing Shi" keeps its name: the city is Beijing)."""
    if name.endswith(", Respublika"):
        return name[: -len(", Respublika")]
    words = name.split()
    kept = [w for w in words if w not in _KIND_WORDS]
    return " ".join(kept) if kept and len(kept) < len(words) else None


def _parent_code(cc: str, parent: str) -> str:
    return parent if "-" in parent else f"{cc}-{parent}"
