"""Who may use the review UI: one token per reviewer, only its SHA-256 stored, the name taken from it.

A reviewers file holds one ``name:sha256hex`` line per reviewer (``#`` comments allowed);
``mentionflow review add-reviewer NAME`` writes one and prints the fresh token once. The same
entries may come from the environment instead (``MENTIONFLOW_REVIEWERS="alice:<hash>,bob:<hash>"``).
Tokens themselves are never written anywhere by the server, and never accepted from a URL query.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from pathlib import Path

from streams.files import write_atomic

__all__ = ["NAME", "token_hash", "parse_reviewers", "Reviewers", "add_reviewer"]

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def parse_reviewers(lines: list[str], source: str) -> dict[str, str]:
    """``{name: sha256hex}`` from ``name:hash`` entries; a malformed entry is an error naming it."""
    out: dict[str, str] = {}
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, digest = line.partition(":")
        if not NAME.match(name) or not _HASH.match(digest):
            raise ValueError(f"{source} entry {n}: expected NAME:SHA256HEX (mentionflow review add-reviewer NAME)")
        out[name] = digest
    return out


class Reviewers:
    """The reviewers file (re-read when it changes, so ``add-reviewer`` needs no restart) plus env entries."""

    def __init__(self, path: Path | None, env_entries: str = ""):
        self.path = path
        self._env = parse_reviewers(env_entries.split(","), "MENTIONFLOW_REVIEWERS") if env_entries else {}
        self._mtime: float | None = None
        self._file: dict[str, str] = {}
        self._load()
        if not self.names():
            raise ValueError(f"no reviewers: run `mentionflow review add-reviewer NAME` (file {path})")

    def _load(self) -> None:
        if self.path is None or not self.path.exists():
            self._file, self._mtime = {}, None
            return
        mtime = self.path.stat().st_mtime
        if mtime != self._mtime:
            self._file = parse_reviewers(self.path.read_text().splitlines(), str(self.path))
            self._mtime = mtime

    def names(self) -> list[str]:
        return sorted({**self._file, **self._env})

    def identify(self, token: str) -> str | None:
        """The reviewer whose token this is, else None (compared in constant time)."""
        if not token:
            return None
        self._load()
        digest = token_hash(token)
        found = None
        for name, stored in {**self._file, **self._env}.items():
            if hmac.compare_digest(stored, digest):
                found = name
        return found


def add_reviewer(path: Path, name: str) -> str:
    """Add (or re-key) ``name`` in the reviewers file (mode 0600); returns the new token, stored nowhere."""
    if not NAME.match(name):
        raise ValueError(f"reviewer name {name!r}: letters, digits and _ . @ - (at most 64)")
    entries = parse_reviewers(path.read_text().splitlines(), str(path)) if path.exists() else {}
    token = secrets.token_urlsafe(32)
    entries[name] = token_hash(token)
    write_atomic(path, ["".join(f"{n}:{h}\n" for n, h in sorted(entries.items())).encode()], mode=0o600)
    return token
