"""Listed companies (pytickersymbols) -> ``isin:<first ISIN>`` drafts (``ticker:<symbol>`` when a
company lists no ISIN), each with its Wikipedia title for the merge."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote

from index.sources.draft import Draft, norm_key

__all__ = ["COMPANY_OTHER_NAMES", "company_drafts", "company_short_name", "strip_corp_suffix"]

#: Names a listed company goes or went by that the ticker data does not carry: its former
#: names, which texts of the time use (the guidelines: a company renamed is linked to its record),
#: and its short name. A fact table, like ``index.sources.wiki.FORMER_NAMES``.
COMPANY_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "S&P Global": ("Standard & Poor's", "S&P", "McGraw-Hill"),
    "Moody's Corporation": ("Moody's Investors Service",),
    "BP": ("British Petroleum",),
    "Caterpillar Inc.": ("Caterpillar Tractor",),
    "Baxter International": ("Baxter Travenol Laboratories", "Baxter Travenol"),
    "Rockwell Automation": ("Rockwell International",),
    "Nomura Holdings": ("Nomura Securities",),
    "Japan Airlines": ("Japan Air Lines", "JAL"),
    "ExxonMobil": ("Exxon", "Exxon Mobil"),
    "AT&T": ("American Telephone and Telegraph", "American Telephone & Telegraph"),
    "Thales Group": ("Thomson-CSF",),
    "TUI Group": ("Preussag",),
    "Aurubis": ("Norddeutsche Affinerie",),
    "GEA Group": ("Metallgesellschaft",),
    "O-I Glass": ("Owens-Illinois",),
    "Rio Tinto (corporation)": ("Rio Tinto-Zinc", "RTZ"),
    "BNP Paribas": ("Banque Nationale de Paris", "BNP"),
    "Volkswagen Group": ("VW",),
    "LVMH": ("Moet-Hennessy", "Moet Hennessy", "Moët Hennessy Louis Vuitton"),
    "3M": ("Minnesota Mining and Manufacturing", "Minnesota Mining"),
    "Philips": ("NV Philips Gloeilampenfabrieken", "Philips Gloeilampenfabrieken"),
    "Shell plc": ("Royal Dutch Shell", "Royal Dutch/Shell", "Shell Transport and Trading"),  # not Shell Oil (US)
    "BT Group": ("British Telecommunications", "British Telecom"),
    "Eni": ("Ente Nazionale Idrocarburi",),
    "SEB Group": ("Skandinaviska Enskilda Banken", "S-E Bank", "S-E-Banken"),
    "NextEra Energy": ("FPL Group",),  # not its utility, Florida Power and Light
    "AkzoNobel": ("Akzo", "Akzo Nobel"),
    "RTX Corporation": ("United Technologies", "Raytheon Technologies"),
    "Diageo": ("Guinness", "Grand Metropolitan"),
    "Bristol Myers Squibb": ("Bristol-Myers", "Bristol-Myers Squibb"),
    "IBM": ("International Business Machines",),
    "NCR Voyix": ("NCR", "National Cash Register"),
}

#: Words that end a listed company's name for its line of business, which texts drop on second
#: mention ("Ford Motor Company" -> "Ford", "Conagra Brands" -> "Conagra").
_BUSINESS_WORDS = frozenset({
    "motor", "motors", "brands", "foods", "energy", "financial", "services", "industries", "international",
    "technologies", "technology", "systems", "pharmaceuticals", "pharmaceutical", "chemicals", "chemical",
    "petroleum", "bancorp", "bancshares", "entertainment", "communications", "airlines", "resources",
    "laboratories", "electric", "steel", "mining", "insurance", "healthcare", "semiconductor",
})

_CORP_SUFFIX = re.compile(
    r"[\s,]+(inc\.?|corp\.?|corporation|co\.?|ltd\.?|plc|ag|se|sa|s\.a\.|n\.v\.|nv|ab|asa|oyj|spa|s\.p\.a\.|"
    r"kgaa|group|holdings?|company|&|and)$",
    re.IGNORECASE,
)


def strip_corp_suffix(name: str) -> str:
    """"Mitsui & Co." -> "Mitsui", "Henkel AG & Co. KGaA" -> "Henkel"."""
    prev = None
    while prev != name:
        prev = name
        name = _CORP_SUFFIX.sub("", name).strip()
    return name or prev


def company_short_name(name: str) -> str | None:
    """Pure: a listed company's name without its legal form and the business words after its
    first word ("Ford Motor Company" -> "Ford", "PNC Financial Services" -> "PNC"); None when
    nothing is dropped or no single word is left ("Bristol Myers Squibb"). The caller keeps it
    only when it is not a common word or another record's name ("American Airlines")."""
    words = strip_corp_suffix(name).split()
    if len(words) < 2 or not all(w.casefold() in _BUSINESS_WORDS for w in words[1:]):
        return None
    return words[0] if len(words[0]) >= 3 and words[0][0].isupper() else None


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
        aliases += COMPANY_OTHER_NAMES.get(s["name"], ())
        if wiki_title:
            aliases += [wiki_title, strip_corp_suffix(re.sub(r"\s*\(.*\)$", "", wiki_title))]
        yield Draft(id=rid, name=s["name"], type="ORG", description=desc, aliases=aliases,
                    popularity=0.6, feature="company"), wiki_title

