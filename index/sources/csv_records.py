"""KB source ``csv.v1``: a deployment's own entities from a CSV file with a header row, columns
``id,name,type`` and optionally ``aliases`` (``|``-separated), ``description``, ``popularity``:
``kb build --source default.v1 --source csv.v1:customers.csv``. A missing required column or an
empty id/name is an error naming the line."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from index.kb_sources import kb_sources

__all__ = ["csv_source"]

REQUIRED = ("id", "name", "type")


@kb_sources.register("csv.v1")
def csv_source(arg: str | None, progress: Callable[[str], None] | None = None) -> Iterator[dict[str, Any]]:
    if arg is None:
        raise ValueError("KB source csv.v1 needs a file: --source csv.v1:FILE")
    path = Path(arg)
    if progress is not None:
        progress(f"records of {path}")
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.DictReader(f)
        missing = [c for c in REQUIRED if c not in (rows.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        for lineno, row in enumerate(rows, 2):
            if not row["id"] or not row["name"]:
                raise ValueError(f"{path}:{lineno}: empty id or name")
            rec: dict[str, Any] = {"id": row["id"], "name": row["name"], "type": row["type"],
                                   "aliases": [a for a in (row.get("aliases") or "").split("|") if a],
                                   "description": row.get("description") or ""}
            if row.get("popularity"):
                rec["popularity"] = float(row["popularity"])
            yield rec
