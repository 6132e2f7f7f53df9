"""Name embeddings cached by name, per embedder version.

A vector is a pure function of (name, embedder version), so the cache outlives KB versions: a
rebuilt or edited KB re-embeds only the names it has not seen. Stored as ``names.json`` +
``vectors.npy`` in one directory, replaced as a whole (write a sibling, rename), so a reader
never sees a half-written pair.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import orjson

__all__ = ["NameVectorCache"]


class NameVectorCache:
    def __init__(self, root: Path, embedder_version: str):
        self.dir = root / f"name-vectors.{embedder_version}"

    def _load(self) -> tuple[dict[str, int], np.ndarray | None]:
        if not (self.dir / "vectors.npy").exists():
            return {}, None
        names = orjson.loads((self.dir / "names.json").read_bytes())
        vectors = np.load(self.dir / "vectors.npy")
        if len(names) != vectors.shape[0]:  # not expected (written as a pair); start over
            return {}, None
        return {n: i for i, n in enumerate(names)}, vectors

    def vectors(self, names: Sequence[str], embed: Callable[[list[str]], np.ndarray]) -> tuple[np.ndarray, int]:
        """Vectors for ``names`` in order, and how many had to be embedded now."""
        pos, cached = self._load()
        missing = list(dict.fromkeys(n for n in names if n not in pos))
        if missing:
            fresh = np.asarray(embed(missing), dtype=np.float32)
            start = len(pos)
            pos.update({n: start + i for i, n in enumerate(missing)})
            cached = fresh if cached is None else np.concatenate([cached, fresh])
            self._save(list(pos), cached)
        if cached is None:  # no names asked and nothing cached
            return np.zeros((0, 0), dtype=np.float32), 0
        return cached[[pos[n] for n in names]], len(missing)

    def _save(self, names: list[str], vectors: np.ndarray) -> None:
        tmp = self.dir.with_name(self.dir.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        np.save(tmp / "vectors.npy", vectors)
        (tmp / "names.json").write_bytes(orjson.dumps(names))
        old = self.dir.with_name(self.dir.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.dir.exists():
            self.dir.rename(old)
        tmp.rename(self.dir)
        shutil.rmtree(old, ignore_errors=True)
