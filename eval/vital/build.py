"""Write ``dev_gold.jsonl`` from ``gold_spec.py`` for the Vital dev documents (``dev_docs.jsonl``).

    python eval/vital/build.py [var/kb/default-kb.jsonl]

Fails when a surface does not occur in its document often enough, when spans overlap, or (with a
KB) when an id is not in the KB. The locked Vital set stays ``eval/locked_*.jsonl``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import orjson


def _load(path: Path, name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_HERE = Path(__file__).resolve().parent
GOLD = _load(_HERE / "gold_spec.py", "vital_gold_spec").GOLD  # type: ignore[attr-defined]
find = _load(_HERE.parent / "news" / "build.py", "news_build").find  # type: ignore[attr-defined]  # str.find occurrences


def main() -> None:
    here = Path(__file__).parent
    docs = [orjson.loads(line) for line in (here / "dev_docs.jsonl").read_bytes().splitlines() if line.strip()]
    assert {d["id"] for d in docs} == set(GOLD), {d["id"] for d in docs} ^ set(GOLD)
    kb_ids: set[str] = set()
    if len(sys.argv) > 1:
        for line in Path(sys.argv[1]).read_bytes().splitlines():
            r = orjson.loads(line)
            kb_ids.add(r["id"])
            kb_ids.update(r.get("same_as", []))
    lines = []
    for d in docs:
        rows = []
        for surface, nth, etype, ids in GOLD[d["id"]]:
            start = find(d["text"], surface, nth)
            missing = [i for i in ids if kb_ids and i not in kb_ids]
            if missing:
                raise SystemExit(f"{d['id']} {surface!r}: ids not in the KB: {missing}")
            rows.append({"doc_id": d["id"], "start": start, "end": start + len(surface), "surface": surface,
                         "type": etype, "ids": ids})
        rows.sort(key=lambda r: r["start"])
        for a, b in zip(rows, rows[1:], strict=False):
            if b["start"] < a["end"]:
                raise SystemExit(f"{d['id']}: overlapping spans {a['surface']!r} and {b['surface']!r}")
        lines += [orjson.dumps(r) + b"\n" for r in rows]
    (here / "dev_gold.jsonl").write_bytes(b"".join(lines))
    nil = sum(1 for x in lines if not orjson.loads(x)["ids"])
    print(f"dev: {len(docs)} documents, {len(lines)} mentions ({nil} NIL)")


if __name__ == "__main__":
    main()
