"""KB source ``jsonl.v1``: the records of a KB JSONL file (the format ``kb load`` reads), built
into the KB next to the other sources: ``kb build --source default.v1 --source jsonl.v1:FILE``
adds a deployment's own entities to the default KB (their ids in a namespace of their own)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from index.kb_sources import kb_sources

__all__ = ["jsonl_source"]


@kb_sources.register("jsonl.v1")
def jsonl_source(arg: str | None, progress: Callable[[str], None] | None = None) -> Iterator[dict[str, Any]]:
    if arg is None:
        raise ValueError("KB source jsonl.v1 needs a file: --source jsonl.v1:FILE")
    path = Path(arg)
    if progress is not None:
        progress(f"records of {path}")
    with open(path, "rb") as f:
        for lineno, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{lineno}: not a JSON record: {exc}") from exc
