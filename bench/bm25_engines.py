"""Measure BM25 candidates for the embedded retriever on the real KB (name + aliases per record).

Usage: .venv/bin/python bench/bm25_engines.py [KB.jsonl]   (needs the `engines` extra)
Prints build seconds and query p50/p95 (k=20, one query at a time) for SQLite FTS5 (apsw) and
tantivy over 1,000 names/aliases sampled from the KB with a fixed seed.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import orjson

ROOT = Path(__file__).resolve().parents[1]


def queries(recs: list[dict], n: int = 1000) -> list[str]:
    rng = random.Random(1)
    return [rng.choice([r["name"], *r["aliases"]]) for r in rng.sample(recs, n)]


def tokens(s: str) -> list[str]:
    return re.findall(r"\w+", s.lower())


def latency(fn, qs: list[str]) -> tuple[float, float]:
    lat = []
    for q in qs:
        t = time.perf_counter()
        fn(q)
        lat.append(time.perf_counter() - t)
    ms = np.array(lat) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def fts5(recs: list[dict], qs: list[str], tmp: Path) -> tuple[str, float, float, float]:
    import apsw

    con = apsw.Connection(str(tmp / "fts.db"))
    con.execute("pragma journal_mode=off; pragma synchronous=off;")
    con.execute("create virtual table t using fts5(name, aliases, tokenize='unicode61 remove_diacritics 2')")
    t = time.perf_counter()
    with con:
        con.executemany("insert into t(rowid, name, aliases) values (?, ?, ?)",
                        ((i, r["name"], " | ".join(r["aliases"])) for i, r in enumerate(recs)))
    con.execute("insert into t(t) values('optimize')")
    build = time.perf_counter() - t

    def q(s: str) -> list:
        toks = tokens(s)
        if not toks:
            return []
        expr = " OR ".join(f'"{x}"' for x in toks)
        return con.execute("select rowid from t where t match ? order by bm25(t, 3.0, 1.0) limit 20", (expr,)).fetchall()

    return ("SQLite FTS5 (apsw)", build, *latency(q, qs))


def tantivy_engine(recs: list[dict], qs: list[str], tmp: Path) -> tuple[str, float, float, float]:
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("row", stored=True, fast=True)
    sb.add_text_field("name", stored=False)
    sb.add_text_field("aliases", stored=False)
    ix = tantivy.Index(sb.build(), path=str(tmp / "tv"))
    t = time.perf_counter()
    w = ix.writer(heap_size=300_000_000, num_threads=2)
    for i, r in enumerate(recs):
        w.add_document(tantivy.Document(row=i, name=r["name"], aliases=" | ".join(r["aliases"])))
    w.commit()
    w.wait_merging_threads()
    build = time.perf_counter() - t
    ix.reload()
    searcher = ix.searcher()

    def q(s: str) -> list:
        toks = tokens(s)
        if not toks:
            return []
        query = ix.parse_query(" ".join(toks), ["name", "aliases"], field_boosts={"name": 3.0})
        return searcher.search(query, 20).hits

    return ("tantivy", build, *latency(q, qs))


def main() -> None:
    kb = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var" / "kb" / "default-kb.jsonl"
    recs = [orjson.loads(line) for line in kb.read_bytes().splitlines()]
    qs = queries(recs)
    tmp = Path(tempfile.mkdtemp(prefix="bm25-"))
    (tmp / "tv").mkdir()
    try:
        rows = [fts5(recs, qs, tmp), tantivy_engine(recs, qs, tmp)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(recs)} records, {sum(len(r['aliases']) for r in recs)} aliases, {len(qs)} queries, pid {os.getpid()}")
    print(f"{'engine':22} {'build s':>8} {'p50 ms':>7} {'p95 ms':>7}")
    for name, build, p50, p95 in rows:
        print(f"{name:22} {build:8.1f} {p50:7.2f} {p95:7.2f}")


if __name__ == "__main__":
    main()
