"""Measure vector-index candidates for the embedded retriever on the real KB names.

Usage: .venv/bin/python bench/vector_engines.py [KB.jsonl]
Embeds every distinct record name with the project's ONNX int8 MiniLM (cached in
var/bench/names.npy), then builds and queries each engine: build seconds, query p50/p95 (ms,
one query at a time, k=20), recall@20 against exact brute-force search, and memory of the
index. Prints one table; figures are relative within this run (the machine is shared).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def names(kb: Path) -> list[str]:
    seen: dict[str, None] = {}
    for line in kb.read_bytes().splitlines():
        seen.setdefault(orjson.loads(line)["name"], None)
    return list(seen)


def embed_all(kb: Path) -> np.ndarray:
    cache = ROOT / "var" / "bench" / "names.npy"
    if cache.exists():
        return np.load(cache)
    from index.embedder import OnnxEmbedder, ensure_embedder

    emb = OnnxEmbedder(ensure_embedder(ROOT / "var" / "models"), batch_size=256)
    t = time.perf_counter()
    x = emb.embed(names(kb))
    print(f"embedded {len(x)} names in {time.perf_counter() - t:.1f}s ({len(x) / (time.perf_counter() - t):.0f}/s)")
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, x)
    return x


def timed_queries(search, q: np.ndarray) -> tuple[np.ndarray, float, float]:
    lat, out = [], []
    for v in q:
        a = time.perf_counter()
        out.append(search(v))
        lat.append(time.perf_counter() - a)
    ms = np.array(lat) * 1000
    return np.array(out), float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def main() -> None:
    kb = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var" / "kb" / "default-kb.jsonl"
    x = embed_all(kb)
    rng = np.random.default_rng(0)
    qi = rng.choice(len(x), 500, replace=False)
    q = x[qi] + rng.normal(0, 0.02, (500, x.shape[1])).astype(np.float32)  # near-duplicates, like typos
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    exact = np.argsort(-(q @ x.T), axis=1)[:, :20]
    rows = []

    def recall(found: np.ndarray) -> float:
        return float(np.mean([len(set(f) & set(e)) / 20 for f, e in zip(found, exact, strict=True)]))

    t = time.perf_counter()
    _ = x @ x[:1].T
    xt = x.astype(np.float32)
    found, p50, p95 = timed_queries(lambda v: np.argpartition(-(xt @ v), 20)[:20], q)
    rows.append(("numpy brute force fp32", time.perf_counter() - t - 0, p50, p95, recall(found), xt.nbytes / 1e6))

    import faiss

    faiss.omp_set_num_threads(2)
    for nlist, nprobe in ((1024, 16), (1024, 32)):
        t = time.perf_counter()
        quant = faiss.IndexFlatIP(x.shape[1])
        ix = faiss.IndexIVFFlat(quant, x.shape[1], nlist, faiss.METRIC_INNER_PRODUCT)
        ix.train(x[rng.choice(len(x), min(len(x), 50_000), replace=False)])
        ix.add(x)
        build = time.perf_counter() - t
        ix.nprobe = nprobe
        found, p50, p95 = timed_queries(lambda v, ix=ix: ix.search(v[None, :], 20)[1][0], q)
        rows.append((f"faiss IVFFlat nlist={nlist} nprobe={nprobe}", build, p50, p95, recall(found), x.nbytes / 1e6))

    import hnswlib

    t = time.perf_counter()
    h = hnswlib.Index(space="ip", dim=x.shape[1])
    h.init_index(max_elements=len(x), ef_construction=100, M=16)
    h.set_num_threads(2)
    h.add_items(x, np.arange(len(x)))
    build = time.perf_counter() - t
    h.set_ef(64)
    found, p50, p95 = timed_queries(lambda v: h.knn_query(v, 20)[0][0], q)
    rows.append(("hnswlib M=16 efC=100 ef=64", build, p50, p95, recall(found), len(x) * (384 * 4 + 16 * 2 * 4) / 1e6))

    from usearch.index import Index

    t = time.perf_counter()
    u = Index(ndim=x.shape[1], metric="ip", dtype="i8", connectivity=16, expansion_add=100, expansion_search=64)
    u.add(np.arange(len(x)), x, threads=2)
    build = time.perf_counter() - t
    found, p50, p95 = timed_queries(lambda v: u.search(v, 20).keys, q)
    rows.append(("usearch i8 M=16 efC=100 ef=64", build, p50, p95, recall(found), u.memory_usage / 1e6))

    print(f"{len(x)} vectors x {x.shape[1]}")
    print(f"{'engine':38} {'build s':>8} {'p50 ms':>7} {'p95 ms':>7} {'recall@20':>9} {'MB':>7}")
    for name, build, p50, p95, rec, mb in rows:
        print(f"{name:38} {build:8.1f} {p50:7.2f} {p95:7.2f} {rec:9.3f} {mb:7.0f}")


if __name__ == "__main__":
    main()
