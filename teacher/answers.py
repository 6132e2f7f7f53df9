"""Paid teacher answers kept on disk (SQLite), keyed by the exact request.

A teacher answer costs money; a crash, a spending-cap stop or a rerun of the dataset builder
must not pay for it twice. The key is sha1 of the request body (model, messages, schema), so a
changed prompt, model or shortlist is a new question. Only answers that came back 2xx with
content are kept; validation still runs on every read.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from pathlib import Path

__all__ = ["AnswerStore", "request_key"]


def request_key(payload: bytes) -> str:
    return hashlib.sha1(payload).hexdigest()


class AnswerStore:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, model TEXT, content TEXT, "
                         "created_at REAL)")

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT content FROM answers WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def put(self, key: str, model: str, content: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", (key, model, content, time.time()))

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
