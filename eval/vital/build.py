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
_NEWS = _load(_HERE.parent / "news" / "build.py", "news_build")  # str.find occurrences, the same checks


def main() -> None:
    here = Path(__file__).parent
    docs = [orjson.loads(line) for line in (here / "dev_docs.jsonl").read_bytes().splitlines() if line.strip()]
    assert {d["id"] for d in docs} == set(GOLD), {d["id"] for d in docs} ^ set(GOLD)
    kb_ids = _NEWS.kb_ids_of(Path(sys.argv[1])) if len(sys.argv) > 1 else set()  # type: ignore[attr-defined]
    lines = [orjson.dumps(r) + b"\n" for d in docs for r in _NEWS.gold_rows(d, GOLD[d["id"]], kb_ids)]  # type: ignore[attr-defined]
    (here / "dev_gold.jsonl").write_bytes(b"".join(lines))
    nil = sum(1 for x in lines if not orjson.loads(x)["ids"])
    print(f"dev: {len(docs)} documents, {len(lines)} mentions ({nil} NIL)")


if __name__ == "__main__":
    main()
