"""Write the real-news gold files from ``gold_spec.py`` (the ABC stories of ``docs.jsonl``) and
``gold_spec_reuters.py`` + ``gold_spec_reuters_npm.py`` (the Reuters stories of ``reuters_stories.jsonl``): ``dev_docs.jsonl`` / ``dev_gold.jsonl``
(tune on these) and ``test_docs.jsonl`` / ``test_gold.jsonl`` (LOCKED: the gate, ``mentionflow
eval`` and the benches read it; nobody tunes on it). The split is fixed in ``docs.jsonl``
and ``reuters_stories.jsonl`` (``meta.split``, drawn once per source with a fixed seed).

    python eval/news/build.py [var/kb/default-kb.jsonl]

fails when a surface does not occur in its document often enough, when spans overlap, or (with
a KB) when an id is not in the KB.
"""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gold_spec import GOLD as ABC_GOLD  # noqa: E402
from gold_spec_reuters import GOLD as REUTERS_GOLD  # noqa: E402
from gold_spec_reuters_dev import GOLD as REUTERS_DEV_GOLD  # noqa: E402
from gold_spec_reuters_npm import GOLD as REUTERS_NPM_GOLD  # noqa: E402

#: Each source: its documents and its annotations (the Reuters file holds both draws: r-cran-tm's
#: stories and the npm package's two draws).
SOURCES = (("docs.jsonl", ABC_GOLD), ("reuters_stories.jsonl", {**REUTERS_GOLD, **REUTERS_NPM_GOLD, **REUTERS_DEV_GOLD}))


def find(text: str, surface: str, nth: int) -> int:
    """Start of the ``nth`` (0-based) occurrence of ``surface`` as str.find finds them."""
    start = -1
    for _ in range(nth + 1):
        start = text.find(surface, start + 1)
        if start < 0:
            raise SystemExit(f"{surface!r} occurs fewer than {nth + 1} times")
    return start


def kb_ids_of(path: Path) -> set[str]:
    """Every id and ``same_as`` id of a KB file."""
    out: set[str] = set()
    for line in path.read_bytes().splitlines():
        r = orjson.loads(line)
        out.add(r["id"])
        out.update(r.get("same_as", []))
    return out


def gold_rows(doc: dict, spec: list[tuple[str, int, str, list[str]]], kb_ids: set[str]) -> list[dict]:
    """One document's gold rows from its annotations, in text order; fails on a surface that
    does not occur often enough, an id not in ``kb_ids`` (when given) or overlapping spans."""
    rows = []
    for surface, nth, etype, ids in spec:
        start = find(doc["text"], surface, nth)
        missing = [i for i in ids if kb_ids and i not in kb_ids]
        if missing:
            raise SystemExit(f"{doc['id']} {surface!r}: ids not in the KB: {missing}")
        rows.append({"doc_id": doc["id"], "start": start, "end": start + len(surface), "surface": surface,
                     "type": etype, "ids": ids})
    rows.sort(key=lambda r: r["start"])
    for a, b in zip(rows, rows[1:], strict=False):
        if b["start"] < a["end"]:
            raise SystemExit(f"{doc['id']}: overlapping spans {a['surface']!r} and {b['surface']!r}")
    return rows


def main() -> None:
    here = Path(__file__).parent
    docs, GOLD = [], {}
    for name, gold in SOURCES:
        these = [orjson.loads(line) for line in (here / name).read_bytes().splitlines() if line.strip()]
        assert {d["id"] for d in these} == set(gold), {d["id"] for d in these} ^ set(gold)
        docs += these
        GOLD.update(gold)
    kb_ids = kb_ids_of(Path(sys.argv[1])) if len(sys.argv) > 1 else set()
    out: dict[str, tuple[list[bytes], list[bytes]]] = {"dev": ([], []), "test": ([], [])}
    counts = {"dev": [0, 0], "test": [0, 0]}
    for d in docs:
        split = d["meta"]["split"]
        rows = gold_rows(d, GOLD[d["id"]], kb_ids)
        out[split][0].append(orjson.dumps(d) + b"\n")
        out[split][1].extend(orjson.dumps(r) + b"\n" for r in rows)
        counts[split][0] += len(rows)
        counts[split][1] += sum(1 for r in rows if not r["ids"])
    for split, (doc_lines, gold_lines) in out.items():
        (here / f"{split}_docs.jsonl").write_bytes(b"".join(doc_lines))
        (here / f"{split}_gold.jsonl").write_bytes(b"".join(gold_lines))
        print(f"{split}: {len(doc_lines)} documents, {counts[split][0]} mentions ({counts[split][1]} NIL)")


if __name__ == "__main__":
    main()
