"""The two file idioms every layer shares: read a JSON-lines file, and replace a file atomically
(write a temporary file beside it, fsync, rename: a reader sees the old or the new file, never
half of one)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

__all__ = ["read_jsonl", "write_atomic"]


def read_jsonl(path: Path) -> list[Any]:
    """Every non-blank line of ``path`` parsed as JSON."""
    with open(path, "rb") as f:
        return [orjson.loads(line) for line in f if line.strip()]


def write_atomic(path: Path, chunks: Iterable[bytes], mode: int | None = None) -> None:
    """Replace ``path`` with the concatenated ``chunks`` (created with ``mode`` when given). On any
    failure, the temporary file is removed and ``path`` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            for c in chunks:
                f.write(c)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
