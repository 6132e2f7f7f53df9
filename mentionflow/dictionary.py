"""The longest-match dictionary REFERENCE for ``bench quality`` (not served).

It reads the KB's Wikipedia titles (records with a ``wiki:`` id or ``same_as``) with their
aliases — surnames, acronyms, "also known as" names — and links, left to right, the longest run
of words starting with a capital letter that equals one of those names. It never says NIL and
knows no place that is not an article. A linker that cannot beat it has no reason to exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from index.analysis import alias_key
from index.lookup import AliasIndex

__all__ = ["DictionaryReference"]

_WORD = re.compile(r"[\w][\w.'’&-]*", re.UNICODE)
_MAX_WORDS = 8


@dataclass(frozen=True, slots=True)
class DictionaryReference:
    names: dict[str, int]  # alias key -> row of the record (the most popular one carrying it)
    index: AliasIndex
    version: str = "dictionary-reference.v1"

    @classmethod
    def build(cls, index: AliasIndex) -> DictionaryReference:
        wiki_rows = {r for r, kb_id in enumerate(index.ids)
                     if kb_id.startswith("wiki:") or any(s.startswith("wiki:") for s in index.same_as[r])}
        names: dict[str, int] = {}
        for key, rows in index.by_alias.items():
            mine = [r for r in rows if r in wiki_rows]
            if mine:
                names[key] = max(mine, key=lambda r: (float(index.popularity[r]), -r))
        return cls(names, index)

    def link_text(self, doc_id: str, text: str) -> Iterator[dict[str, Any]]:
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        i = 0
        while i < len(words):
            start = words[i][0]
            if not text[start].isupper():
                i += 1
                continue
            hit = None
            for j in range(min(len(words), i + _MAX_WORDS), i, -1):
                end = words[j - 1][1]
                while end > start and text[end - 1] in ".'’-":
                    end -= 1
                row = self.names.get(alias_key(text[start:end]))
                if row is not None:
                    hit = (j, end, row)
                    break
            if hit is None:
                i += 1
                continue
            j, end, row = hit
            yield {"doc_id": doc_id, "start": start, "end": end, "surface": text[start:end],
                   "id": self.index.ids[row], "name": self.index.names[row], "type": self.index.types[row]}
            i = j
