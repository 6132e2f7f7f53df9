"""Airports (airportsdata, by ICAO code) -> ``icao:<ICAO code>`` drafts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from index.sources.draft import Draft

__all__ = ["airport_drafts"]


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

