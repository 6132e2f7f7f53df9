"""The record under construction that every data-package module of the default KB yields, and
the helpers they share (the merge key, the population prior)."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Draft", "norm_key", "pop_prior"]


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



def pop_prior(population: int | float | None) -> float:
    """log-scaled population prior: 100 people ~0.25, 10M ~0.88, 100M+ -> 1."""
    if not population or population <= 0:
        return 0.05
    return min(1.0, math.log10(population + 1) / 8.0)
