"""The retraining set: every teacher or human review decision becomes a normalization training
example, in an append-only JSONL store (``<home>/training/retraining/examples.jsonl``).

Rows have the dataset's normalization row shape (plus ``decided_by`` and ``decided_at``), so
training can merge them with a distillation dataset. ``add`` refuses, and says why: an exact
repeat (same mention window, candidates, label and decider), and any example whose text shares a
word 8-gram with an eval document (contamination). When several decisions exist for one mention
window, ``latest`` keeps a human's over the teacher's, then the newest. ``withdraw`` appends a
tombstone for a decision its reviewer undid: the rows it names are no longer read.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import orjson

from streams.files import read_jsonl
from training.corpus import CONTAMINATION_NGRAM, mention_key, shingles

__all__ = ["RetrainingStore", "example_key"]

AddResult = Literal["added", "duplicate", "contaminated"]


def example_key(row: dict[str, Any]) -> str:
    return mention_key(row["text"], row["start"], row["end"], row["surface"], [c["kb_id"] for c in row["candidates"]])


class RetrainingStore:
    def __init__(self, root: Path, eval_texts: Sequence[str]):
        self.path = root / "examples.jsonl"
        root.mkdir(parents=True, exist_ok=True)
        self._eval = set().union(*(shingles(t, CONTAMINATION_NGRAM) for t in eval_texts)) if eval_texts else set()
        self._seen: set[tuple[str, str | None, str]] = set()
        for row in self.rows():
            self._seen.add((example_key(row), row["label"], row["decided_by"]))

    def rows(self) -> list[dict[str, Any]]:
        """The examples, without those a later tombstone withdrew."""
        if not self.path.exists():
            return []
        out: list[dict[str, Any]] = []
        for row in read_jsonl(self.path):
            if "withdraw" in row:
                w = tuple(row["withdraw"])
                out = [r for r in out if (example_key(r), r["label"], r["decided_by"]) != w]
            else:
                out.append(row)
        return out

    def withdraw(self, row: dict[str, Any], reason: str) -> None:
        """Append a tombstone for ``row``'s example (same window, label and decider)."""
        ident = (example_key(row), row["label"], row["decided_by"])
        tomb = {"withdraw": list(ident), "reason": reason,
                "withdrawn_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        with open(self.path, "ab") as f:
            f.write(orjson.dumps(tomb, option=orjson.OPT_SORT_KEYS) + b"\n")
        self._seen.discard(ident)

    def add(self, row: dict[str, Any]) -> AddResult:
        ident = (example_key(row), row["label"], row["decided_by"])
        if ident in self._seen:
            return "duplicate"
        if shingles(row["text"], CONTAMINATION_NGRAM) & self._eval:
            return "contaminated"
        row = {**row, "decided_at": row.get("decided_at") or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        with open(self.path, "ab") as f:  # append-only; one line per example
            f.write(orjson.dumps(row, option=orjson.OPT_SORT_KEYS) + b"\n")
        self._seen.add(ident)
        return "added"

    def add_many(self, rows: Iterable[dict[str, Any]]) -> dict[str, int]:
        counts = {"added": 0, "duplicate": 0, "contaminated": 0}
        for r in rows:
            counts[self.add(r)] += 1
        return counts

    def latest(self) -> list[dict[str, Any]]:
        """One example per mention window: a human's decision over the teacher's, then the newest."""
        best: dict[str, dict[str, Any]] = {}
        for row in self.rows():
            k = example_key(row)
            cur = best.get(k)
            rank = (row["decided_by"] == "human", row["decided_at"])
            if cur is None or rank >= (cur["decided_by"] == "human", cur["decided_at"]):
                best[k] = row
        return list(best.values())
