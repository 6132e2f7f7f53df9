"""Versioned on-disk KB store.

Layout under ``<home>/kb``::

    versions/<kb-version>.jsonl   validated records, one per line, immutable
    CURRENT                       the active version (replaced atomically)

``load`` validates a whole file before anything is written; the new version becomes active
only through an atomic rename of ``CURRENT``, so readers never see a half-loaded KB.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from index.records import KBRecord, LineError, dump_record, kb_version_of, parse_kb_lines
from streams.files import write_atomic

__all__ = ["KBStore", "KBLoadError", "LoadedKB"]


class KBLoadError(Exception):
    """The file was rejected; ``errors`` carries every bad line (nothing was written)."""

    retriable = False

    def __init__(self, path: str, errors: tuple[LineError, ...]):
        self.path = path
        self.errors = errors
        shown = "; ".join(f"line {e.line}: {e.error}" for e in errors[:5])
        more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"{path}: {len(errors)} invalid record(s), nothing loaded: {shown}{more}")


@dataclass(frozen=True, slots=True)
class LoadedKB:
    version: str
    records: tuple[KBRecord, ...]


class KBStore:
    """Thin I/O shell around a directory of KB versions."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.versions = self.root / "versions"

    def current_version(self) -> str | None:
        p = self.root / "CURRENT"
        return p.read_text().strip() if p.exists() else None

    def path_of(self, version: str) -> Path:
        return self.versions / f"{version}.jsonl"

    def list_versions(self) -> list[str]:
        return sorted(p.stem for p in self.versions.glob("kb-*.jsonl"))

    def load_file(self, path: Path) -> str:
        """Validate ``path`` completely, store it as a new version and make it current."""
        with open(path, "rb") as f:
            result = parse_kb_lines(f)
        if result.errors:
            raise KBLoadError(str(path), result.errors)
        if not result.records:
            raise KBLoadError(str(path), (LineError(0, "file holds no records"),))
        return self.save(result.records)

    def save(self, records: Iterable[KBRecord]) -> str:
        lines = [dump_record(r) for r in records]
        version = kb_version_of(lines)
        target = self.path_of(version)
        if not target.exists():
            write_atomic(target, (line + b"\n" for line in lines))
        write_atomic(self.root / "CURRENT", [version.encode() + b"\n"])
        return version

    def read(self, version: str | None = None) -> LoadedKB:
        version = version or self.current_version()
        if version is None:
            raise FileNotFoundError(f"no KB loaded under {self.root} (run: mentionflow kb build && mentionflow kb load ...)")
        return LoadedKB(version, tuple(self.iter_records(version)))

    def updates_path(self, base_version: str) -> Path:
        return self.versions / f"{base_version}.updates.jsonl"

    def read_updates(self, base_version: str) -> list[bytes]:
        """The change log on top of a stored version (one encoded KBUpdate per line)."""
        p = self.updates_path(base_version)
        return [line for line in p.read_bytes().splitlines() if line.strip()] if p.exists() else []

    def append_updates(self, base_version: str, lines: Iterable[bytes]) -> None:
        with open(self.updates_path(base_version), "ab") as f:
            for line in lines:
                f.write(line + b"\n")
            f.flush()
            os.fsync(f.fileno())

    def iter_records(self, version: str) -> Iterator[KBRecord]:
        with open(self.path_of(version), "rb") as f:
            for line in f:
                if line.strip():
                    yield KBRecord.model_validate(orjson.loads(line))
