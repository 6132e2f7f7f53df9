"""KB search for reviewers: find a record that is not on the model's shortlist.

Uses the alias index the linker serves (``index/lookup.py``): an exact KB id, then every record
whose name or alias has the query's alias key (lower-cased, ASCII-folded), then names and aliases
that start with it (a sorted key list, so typing a prefix is enough). This is the exact/prefix
part of retrieval only: the hybrid retriever's BM25/vector search (typos, paraphrases) is not
used here (simplified; it would need the embedder loaded in the review UI process).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from index.analysis import alias_key
from index.lookup import AliasIndex

__all__ = ["KBSearch"]


@dataclass(frozen=True, slots=True)
class KBSearch:
    index: AliasIndex
    row_of: dict[str, int]
    keys: tuple[str, ...]  # sorted alias keys

    @classmethod
    def build(cls, index: AliasIndex) -> KBSearch:
        return cls(index, {kb_id: row for row, kb_id in enumerate(index.ids) if kb_id}, tuple(sorted(index.by_alias)))

    def record(self, kb_id: str) -> dict[str, Any] | None:
        row = self.row_of.get(kb_id)
        return None if row is None else self._json(row, "id")

    def _json(self, row: int, match: str) -> dict[str, Any]:
        ix = self.index
        return {"kb_id": ix.ids[row], "name": ix.names[row], "type": ix.types[row],
                "description": ix.descriptions[row], "popularity": round(float(ix.popularity[row]), 4), "match": match}

    def search(self, query: str, k: int = 10) -> list[dict[str, Any]]:
        q = query.strip()
        if not q:
            return []
        found: dict[int, str] = {}
        if q in self.row_of:
            found[self.row_of[q]] = "id"
        key = alias_key(q)
        ix = self.index
        by_pop = sorted(ix.by_alias.get(key, ()), key=lambda r: (-float(ix.popularity[r]), ix.ids[r]))
        for r in by_pop:
            found.setdefault(r, "name" if alias_key(ix.names[r]) == key else "alias")
        if key:
            prefixed: list[int] = []
            i = bisect.bisect_left(self.keys, key)
            while i < len(self.keys) and self.keys[i].startswith(key) and len(prefixed) < 20 * k:
                prefixed.extend(self.index.by_alias[self.keys[i]])
                i += 1
            for r in sorted(set(prefixed), key=lambda r: (-float(ix.popularity[r]), ix.ids[r])):
                found.setdefault(r, "prefix")
        return [self._json(r, m) for r, m in list(found.items())[:k] if ix.ids[r]]
