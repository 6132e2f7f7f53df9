"""In-memory alias index over a KB: alias key -> record rows (used by the baseline linker)."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from index.analysis import alias_key, strip_legal_suffix
from index.records import KBRecord
from index.store import KBStore

__all__ = ["AliasIndex", "ACRONYM", "NAME", "ALT"]

#: How a lookup key matches a record (bit flags in ``AliasIndex.match_kinds``): the record's own
#: name, an all-caps acronym alias ("UN", "NATO"), an alternate name of a GeoNames place (its
#: foreign and historical names: weak evidence, a town that "was once called Washington").
NAME, ACRONYM, ALT = 1, 2, 4


@dataclass(frozen=True, slots=True)
class AliasIndex:
    """Columnar view of a KB plus the alias map; rows are positions in the columns."""

    kb_version: str
    ids: tuple[str, ...]
    names: tuple[str, ...]
    types: tuple[str, ...]
    descriptions: tuple[str, ...]
    popularity: np.ndarray
    same_as: tuple[tuple[str, ...], ...]
    by_alias: dict[str, tuple[int, ...]]
    by_name: dict[str, tuple[int, ...]]
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    population: np.ndarray | None = None
    match_kinds: dict[tuple[str, int], int] | None = None  # (key, row) -> NAME|ACRONYM|ALT bits; absent = plain alias

    @classmethod
    def build(cls, records: Iterable[KBRecord], kb_version: str) -> AliasIndex:
        ids: list[str] = []
        names: list[str] = []
        types: list[str] = []
        descs: list[str] = []
        pops: list[float] = []
        same: list[tuple[str, ...]] = []
        geo: _Geo = ([], [], [], [])
        by_alias: dict[str, list[int]] = {}
        by_name: dict[str, list[int]] = {}
        kinds: dict[tuple[str, int], int] = {}
        for row, r in enumerate(records):
            _append_columns(r, ids, names, types, descs, pops, same, geo)
            nk, keys = _keys(r)
            by_name.setdefault(nk, []).append(row)
            for k in keys:
                by_alias.setdefault(k, []).append(row)
            kinds.update(((k, row), bits) for k, bits in match_kinds(r).items())
        return cls(
            kb_version=kb_version,
            ids=tuple(ids),
            names=tuple(names),
            types=tuple(types),
            descriptions=tuple(descs),
            popularity=np.asarray(pops, dtype=np.float32),
            same_as=tuple(same),
            by_alias={k: tuple(v) for k, v in by_alias.items()},
            by_name={k: tuple(v) for k, v in by_name.items()},
            countries=tuple(geo[0]),
            admin1=tuple(geo[1]),
            features=tuple(geo[2]),
            population=np.asarray(geo[3], dtype=np.float64),
            match_kinds=kinds,
        )

    @classmethod
    def load_or_build(cls, store: KBStore, version: str) -> AliasIndex:
        """The index of a stored (immutable) KB version, built once and cached beside it.

        The cache is a pickle written by this code only (never load one from elsewhere); a
        corrupt or stale-format cache is rebuilt.
        """
        cache = store.versions / f"{version}.alias-index.v2.pkl"
        if cache.exists():
            try:
                with open(cache, "rb") as f:
                    obj = pickle.load(f)
                if isinstance(obj, cls) and obj.kb_version == version:
                    return obj
            except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                pass
        index = cls.build(store.iter_records(version), version)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")  # two processes may build it at once
        with open(tmp, "wb") as f:
            pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
        return index

    def with_changes(self, upserts: Iterable[KBRecord], deletes: Iterable[str], version: str) -> AliasIndex:
        """A new index: ``deletes`` (and the old rows of upserted ids) tombstoned, upserted records
        appended as new rows. Rows never move, so candidates computed before stay valid.
        Costs a shallow copy of the columns and alias map (about a second at 280K records)."""
        ids, names, types, descs = list(self.ids), list(self.names), list(self.types), list(self.descriptions)
        pops, same = list(self.popularity), list(self.same_as)
        geo: _Geo = (list(self.countries), list(self.admin1), list(self.features),
                     list(self.population if self.population is not None else []))
        kinds = dict(self.match_kinds or {})
        by_alias = dict(self.by_alias)
        by_name = dict(self.by_name)
        row_of = {kb_id: row for row, kb_id in enumerate(ids) if kb_id}
        ups = list(upserts)
        dead = set(deletes) | {r.id for r in ups}
        dead_rows = {row_of[i] for i in dead if i in row_of}
        if dead_rows:
            for table in (by_alias, by_name):
                for key, rows in table.items():
                    if any(r in dead_rows for r in rows):
                        table[key] = tuple(r for r in rows if r not in dead_rows)
            for r in dead_rows:
                ids[r] = ""  # tombstone: the row stays, nothing finds it
        for rec in ups:
            row = len(ids)
            _append_columns(rec, ids, names, types, descs, pops, same, geo)
            kinds.update(((k, row), bits) for k, bits in match_kinds(rec).items())
            nk, keys = _keys(rec)
            by_name[nk] = (*by_name.get(nk, ()), row)
            for k in keys:
                by_alias[k] = (*by_alias.get(k, ()), row)
        return AliasIndex(version, tuple(ids), tuple(names), tuple(types), tuple(descs),
                          np.asarray(pops, dtype=np.float32), tuple(same), by_alias, by_name,
                          tuple(geo[0]), tuple(geo[1]), tuple(geo[2]), np.asarray(geo[3], dtype=np.float64), kinds)

    def __len__(self) -> int:
        return len(self.ids)

    def lookup(self, surface: str) -> tuple[int, ...]:
        return self.by_alias.get(alias_key(surface), ())

    def lookup_company(self, surface: str) -> tuple[int, ...]:
        """Organisations named by ``surface`` without its legal form ("Chevron Corp" ->
        Chevron Corporation, "Skanska AB" -> Skanska, "Goldman, Sachs and Co" -> Goldman Sachs),
        or with "&" where newswire writes "and" ("Procter and Gamble Co" -> Procter & Gamble);
        () when none."""
        short = strip_legal_suffix(surface)
        names = [short] if short is not None else []
        names += [n.replace(" and ", " & ") for n in (short or surface,) if " and " in n]
        for name in names:
            rows = tuple(r for r in self.lookup(name) if self.types[r] == "ORG")
            if rows:
                return rows
        return ()

    def match_kind(self, surface: str, row: int) -> int:
        """NAME / ACRONYM / ALT bits of how ``surface`` matches ``row`` (0: a plain alias)."""
        return (self.match_kinds or {}).get((alias_key(surface), row), 0)

    def is_canonical_name(self, row: int, key: str) -> bool:
        """The surface ``key`` (an ``alias_key``) is the record's name; for a listed company, its
        name with or without the legal form ("Moody's" for "Moody's Corporation", "Caterpillar" for
        "Caterpillar Inc."): the name the company goes by, not one of its other names ("VW"), a
        word prose writes in lower case ("Fox") or a name that drops a group's "Group" ("London
        Stock Exchange")."""
        name = self.names[row]
        if alias_key(name) == key:
            return True
        if not self.features or self.features[row] != "company":
            return False
        from index.sources.wiki import prose_lowercase_words

        short = strip_legal_suffix(name)
        if short is None or alias_key(short) != key or key in prose_lowercase_words():  # "Fox", "Mosaic"
            return False
        dropped = set(name.replace(",", " ").lower().split()) - set(short.lower().split())
        return not {"group", "holdings", "holding"} & dropped  # "London Stock Exchange Group"

    def alias_count(self) -> int:
        return sum(len(v) for v in self.by_alias.values())


_Geo = tuple[list[str], list[str], list[str], list[float]]


def _append_columns(r: KBRecord, ids: list[str], names: list[str], types: list[str], descs: list[str],
                    pops: list[float], same: list[tuple[str, ...]], geo: _Geo) -> None:
    geo[0].append(r.country or "")
    geo[1].append(r.admin1 or "")
    geo[2].append(r.feature or "")
    geo[3].append(float(r.population or 0))
    ids.append(r.id)
    names.append(r.name)
    types.append(r.type)
    descs.append(r.description)
    pops.append(0.5 if r.popularity is None else r.popularity)
    same.append(tuple(r.same_as))


def _keys(r: KBRecord) -> tuple[str, set[str]]:
    """The record's name key and every non-empty lookup key (name and aliases)."""
    nk = alias_key(r.name)
    return nk, {k for k in {nk, *(alias_key(a) for a in r.aliases)} if k}


def _is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def match_kinds(r: KBRecord) -> dict[str, int]:
    """Lookup key -> NAME/ACRONYM/ALT bits for one record (keys absent: plain aliases). A GeoNames
    place's alternate names are ALT unless they equal its name; all-caps aliases are ACRONYM."""
    out: dict[str, int] = {}
    nk = alias_key(r.name)
    if nk:
        out[nk] = NAME | (ACRONYM if _is_acronym(r.name) else 0)
    alt = ALT if r.id.startswith("geonames:") else 0
    for a in r.aliases:
        k = alias_key(a)
        if not k or k == nk:
            continue
        bits = (ACRONYM if _is_acronym(a) else 0) | alt
        out[k] = out.get(k, 0) | bits
    return {k: v for k, v in out.items() if v}
