"""KB sources by name. A source is a factory ``(arg, progress) -> Iterator[record dict]``;
``kb build --source NAME[:ARG]`` (repeatable; default ``default.v1``) chains them, validating
every record and refusing an id that two sources both produce."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from index.registry import Registry

__all__ = ["KBSource", "kb_sources", "build_kb", "parse_source"]

#: (argument after ``NAME:`` or None, progress callback or None) -> KB record dicts
KBSource = Callable[[str | None, Callable[[str], None] | None], Iterator[dict[str, Any]]]

#: the modules whose import registers the built-in sources (one line per source module)
kb_sources: Registry[KBSource] = Registry("KB source", modules=(
    "index.sources.default",
    "index.sources.jsonl",
    "index.sources.csv_records",
))


def parse_source(spec: str) -> tuple[str, str | None]:
    """``jsonl.v1:extra.jsonl`` -> ("jsonl.v1", "extra.jsonl"); ``default.v1`` -> ("default.v1", None)."""
    name, _, arg = spec.partition(":")
    return name, arg or None


def build_kb(specs: Iterable[str], progress: Callable[[str], None] | None = None) -> Iterator[dict[str, Any]]:
    """The records of every source in order; an id produced twice is an error, never a silent
    overwrite (sources own disjoint id namespaces)."""
    seen: dict[str, str] = {}
    for spec in specs:
        name, arg = parse_source(spec)
        for rec in kb_sources.get(name)(arg, progress):
            if rec["id"] in seen:
                raise ValueError(f"KB record {rec['id']!r} comes twice: from {seen[rec['id']]} and from {spec}")
            seen[rec["id"]] = spec
            yield rec
