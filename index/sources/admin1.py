"""GeoNames first-level region codes ("AU.04") -> ISO 3166-2 codes ("AU-QLD"), and the regions'
populations, from data (pure).

GeoNames cities carry their own admin1 codes, pycountry's subdivisions carry ISO codes and names,
and nothing in the installed packages joins the two. The airports do: each airport of
``airportsdata`` names its subdivision in English ("Queensland") and sits at a coordinate. An
airport votes for (the GeoNames admin1 code of its nearest city of the same country) -> (the ISO
subdivision of that country whose name matches its subdivision's); a code maps where the votes
agree. Unmapped codes keep the GeoNames form ("CC.<admin1>"), as before.

A region's population is the sum of its GeoNames cities' populations (cities of 500+ people,
districts included: a relative size, not a census figure).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["region_key", "admin1_iso_codes", "region_populations", "MAX_AIRPORT_KM"]

#: words subdivision names carry in one source and not the other ("Guangdong Sheng" vs "Guangdong")
_GENERIC = frozenset({
    "province", "region", "state", "sheng", "shi", "oblast", "kray", "krai", "respublika", "department",
    "departamento", "district", "county", "governorate", "prefecture", "of", "the", "autonomous", "zizhiqu",
    "territory", "municipality", "division", "provincia", "estado", "voivodeship", "canton", "ken",
})
MAX_AIRPORT_KM = 35.0
_MIN_SHARE = 0.6
_PREFIX = 6


def region_key(name: str) -> str:
    """"Guangdong Sheng" and "Guangdong" -> "guangdong"; "Kwazulu-Natal" -> "kwazulu natal"."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(w for w in re.findall(r"[a-z]+", s.replace("'", "")) if w not in _GENERIC)


def _subdivision_lookup(subdivisions: Iterable[tuple[str, str, str]]) -> Any:
    """(country, name, code) of first-level subdivisions -> a function (country, name) -> code or
    None: the exact key, else the one subdivision of the country whose key shares the name's first
    six letters (transliterations: "Krasnoyarskiy" / "Krasnoyarskiy kray")."""
    exact: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_country: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for cc, name, code in subdivisions:
        k = region_key(name)
        exact[(cc, k)].add(code)
        by_country[cc].append((k, code))

    def find(cc: str, name: str) -> str | None:
        k = region_key(name)
        got = exact.get((cc, k))
        if got:
            return next(iter(got)) if len(got) == 1 else None
        if len(k) < _PREFIX:
            return None
        near = {code for kk, code in by_country.get(cc, ()) if len(kk) >= _PREFIX and kk[:_PREFIX] == k[:_PREFIX]}
        return next(iter(near)) if len(near) == 1 else None

    return find


def admin1_iso_codes(cities: Iterable[Mapping[str, Any]], airports: Iterable[Mapping[str, Any]],
                     subdivisions: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """"CC.<geonames admin1>" -> ISO 3166-2 code, where the airports' votes agree (at least two
    votes and 60% of them, or every vote; one GeoNames code per ISO code, the best supported)."""
    find = _subdivision_lookup(subdivisions)
    grid: dict[tuple[str, int, int], list[tuple[float, float, str]]] = defaultdict(list)
    for c in cities:
        a1 = c.get("admin1code") or ""
        cc = c.get("countrycode") or ""
        if a1 and a1 != "00" and cc:
            lat, lon = float(c["latitude"]), float(c["longitude"])
            grid[(cc, math.floor(lat), math.floor(lon))].append((lat, lon, f"{cc}.{a1}"))
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for a in airports:
        cc, subd = a.get("country") or "", a.get("subd") or ""
        code = find(cc, subd) if cc and subd else None
        if code is None:
            continue
        lat, lon = float(a["lat"]), float(a["lon"])
        best: tuple[float, str] | None = None
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for clat, clon, g in grid.get((cc, math.floor(lat) + dy, math.floor(lon) + dx), ()):
                    d = _km(lat, lon, clat, clon)
                    if best is None or d < best[0]:
                        best = (d, g)
        if best is not None and best[0] <= MAX_AIRPORT_KM:
            votes[best[1]][code] += 1
    chosen: dict[str, tuple[int, str]] = {}  # iso code -> (votes, geonames code)
    for g, cnt in votes.items():
        (code, n), total = cnt.most_common(1)[0], sum(cnt.values())
        agreed = (n >= 2 and n / total >= _MIN_SHARE) or n == total
        if agreed and (code not in chosen or (n, g) > chosen[code]):
            chosen[code] = (n, g)
    return {g: code for code, (_, g) in chosen.items()}


def region_populations(cities: Iterable[Mapping[str, Any]], codes: Mapping[str, str]) -> dict[str, int]:
    """ISO 3166-2 code -> the summed population of its cities (US cities' admin1 is the state's
    postal code, which is the ISO code's suffix)."""
    out: Counter[str] = Counter()
    for c in cities:
        cc, a1 = c.get("countrycode") or "", c.get("admin1code") or ""
        if not cc or not a1 or a1 == "00":
            continue
        iso = f"US-{a1}" if cc == "US" else codes.get(f"{cc}.{a1}")
        if iso:
            out[iso] += int(c.get("population") or 0)
    return dict(out)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)
