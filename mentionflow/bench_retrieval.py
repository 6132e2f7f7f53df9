"""``mentionflow bench retrieval``: shortlist quality and speed of the retriever.

Query sets (fixed seeds, derived from the KB, never from training data):
  alias      a random name or alias of a record (ambiguous names included as they come)
  translit   a non-Latin-script alias (GeoNames alternate names: "Москва" -> Moscow)
  typo       the record name with one character deleted, substituted or transposed
  context    the record's name plus a context sentence naming its country/region
  eval       the gold mentions of the locked eval set with their document as context
Records are sampled per source (cities weighted by popularity, as text mentions them).
For each backend (``--backends embedded,opensearch``: the same queries and query vectors) and each
mode (bm25, knn, hybrid min-max, rrf): recall@1/5/20 and MRR; p50/p95 latency per query with and
without the embedding step (embedding measured separately, cache cold).
"""

from __future__ import annotations

import random
import sys
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from index.lookup import AliasIndex
from index.records import KBRecord, same_as_index
from index.store import KBStore
from mentionflow.settings import Settings

__all__ = ["bench_retrieval", "build_query_sets", "Query"]

MODES = ("bm25", "knn", "hybrid", "rrf")


@dataclass(frozen=True, slots=True)
class Query:
    kind: str
    mention: str
    context: str | None
    gold: frozenset[str]


def _latin(s: str) -> bool:
    return all(unicodedata.name(c, "").startswith(("LATIN", "SPACE", "DIGIT", "HYPHEN", "APOSTROPHE", "FULL STOP", "COMMA"))
               for c in s)


def _typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(name) - 1)
    op = rng.choice(("del", "sub", "swap"))
    if op == "del":
        return name[:i] + name[i + 1 :]
    if op == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + rng.choice("aeiounrst") + name[i + 1 :]


def build_query_sets(records: Sequence[KBRecord], per_set: int = 400, seed: int = 7) -> list[Query]:
    rng = random.Random(seed)
    by_ns: dict[str, list[KBRecord]] = {}
    for r in records:
        by_ns.setdefault(r.id.split(":", 1)[0], []).append(r)

    def sample(n: int) -> list[KBRecord]:
        quota = {"geonames": 0.5, "wiki": 0.2, "icao": 0.1, "isin": 0.05, "ticker": 0.05, "iso3166": 0.05, "iso3166-2": 0.05}
        out: list[KBRecord] = []
        for ns, share in quota.items():
            pool = by_ns.get(ns, [])
            if not pool:
                continue
            weights = [(r.popularity or 0.5) ** 4 for r in pool] if ns == "geonames" else None
            out += rng.choices(pool, weights=weights, k=max(1, int(n * share)))
        return out

    qs: list[Query] = []
    for r in sample(per_set):
        qs.append(Query("alias", rng.choice([r.name, *r.aliases]), None, frozenset({r.id})))
    for r in sample(per_set * 3):
        scripts = [a for a in r.aliases if not _latin(a) and len(a) > 1]
        if scripts and sum(q.kind == "translit" for q in qs) < per_set:
            qs.append(Query("translit", rng.choice(scripts), None, frozenset({r.id})))
    for r in sample(per_set):
        if len(r.name) >= 5:
            qs.append(Query("typo", _typo(r.name, rng), None, frozenset({r.id})))
    for r in sample(per_set):
        where = r.description.split(".")[0][:120]
        qs.append(Query("context", r.name, f"News from {where}: officials in {r.name} said on Monday.", frozenset({r.id})))
    return qs


def eval_queries(root: Path, same_as: dict[str, list[str]]) -> list[Query]:
    docs = {d["id"]: d["text"] for d in map(orjson.loads, (root / "eval" / "locked_docs.jsonl").read_bytes().splitlines())}
    out = []
    for g in map(orjson.loads, (root / "eval" / "locked_gold.jsonl").read_bytes().splitlines()):
        if g["ids"]:
            ids = set(g["ids"])
            for i in list(ids):
                ids.update(same_as.get(i, ()))
            out.append(Query("eval", g["surface"], docs[g["doc_id"]], frozenset(ids)))
    return out


def score(results: list[list[str]], queries: Sequence[Query]) -> dict[str, float]:
    ranks = []
    for res, q in zip(results, queries, strict=True):
        rank = next((i + 1 for i, kb_id in enumerate(res) if kb_id in q.gold), None)
        ranks.append(rank)
    n = len(ranks)

    def at(k: int) -> float:
        return round(sum(1 for r in ranks if r is not None and r <= k) / n, 4)

    return {"n": n, "recall_at_1": at(1), "recall_at_5": at(5), "recall_at_20": at(20),
            "mrr": round(sum(1 / r for r in ranks if r) / n, 4)}


def _cache_latency(settings: Settings, retriever: Any, embedder: Any, queries: Sequence[Query]) -> dict[str, float] | None:
    """Hybrid candidates through CachedCandidates on fresh keys: first pass cold, second warm."""
    import uuid

    from index.cache import SyncCache
    from index.retrieval.cached import CachedCandidates
    from mentionflow.stack import port_open, redis_endpoint

    if not port_open(redis_endpoint(settings)):
        return None
    cache = SyncCache(settings.redis_url, ttl_s=600)
    try:
        cc = CachedCandidates(retriever, embedder.embed, f"{embedder.version}-bench-{uuid.uuid4().hex[:8]}", cache)
        sample = list(queries)[:300]
        salt = uuid.uuid4().hex  # fresh candidate keys: the context words differ per run
        figs: dict[str, float] = {}
        for phase in ("cold", "warm"):
            lat = []
            for q in sample:
                a = time.perf_counter()
                cc(q.mention, f"{q.context or ''} {salt}")
                lat.append((time.perf_counter() - a) * 1000)
            figs[f"{phase}_p50"] = float(np.percentile(lat, 50))
            figs[f"{phase}_p95"] = float(np.percentile(lat, 95))
        return {k: round(v, 3) for k, v in figs.items()}
    finally:
        cache.close()


def _embedded(settings: Settings, store: KBStore, version: str, index: AliasIndex, embedder: Any) -> tuple[Any, str]:
    from index.retrieval.embedded import EmbeddedRetriever, retrieval_dir

    path = retrieval_dir(store.versions, version)
    if not (path / "meta.json").exists():
        raise FileNotFoundError(f"no embedded retrieval index for {version}: run `mentionflow kb index`")
    r = EmbeddedRetriever(index, path, embedder.embed)
    m = r.meta
    return r, (f"{m['records']:,} records, {m.get('distinct_names', m['names']):,} distinct names ({m['names']:,} with "
               f"vectors); build {m['build_s']}s (BM25 {m['bm25_s']}s, embeddings {m['embed_s']}s, HNSW {m['hnsw_s']}s)")


def _opensearch(settings: Settings, index: AliasIndex, embedder: Any) -> tuple[Any, str]:
    from index.retrieval.opensearch_queries import index_name
    from mentionflow.retrieval_opensearch import opensearch_retriever

    r = opensearch_retriever(settings, index, embedder.embed)
    expected = index_name(settings.opensearch_alias, r.base_version)
    if not r.build_id.startswith(expected + "/"):
        raise FileNotFoundError(f"OpenSearch alias {settings.opensearch_alias} points at {r.build_id}, not {expected}: "
                                "run `MENTIONFLOW_RETRIEVER=opensearch mentionflow kb index`")
    count = r.client.count(index=settings.opensearch_alias)["count"]
    return r, f"{settings.opensearch_url} alias {settings.opensearch_alias} -> {r.build_id} ({count:,} documents)"


def _run_modes(retriever: Any, queries: Sequence[Query], vectors: np.ndarray,
               kinds: list[str]) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[float, float]]]:
    table: dict[str, dict[str, Any]] = {}
    lat: dict[str, list[float]] = {}
    for mode in MODES:
        got: list[list[str]] = []
        times = []
        for q, v in zip(queries, vectors, strict=True):
            a = time.perf_counter()
            res = retriever.search(q.mention, q.context, k=20, mode=mode, vector=v)
            times.append((time.perf_counter() - a) * 1000)
            got.append([c.kb_id for c in res])
        lat[mode] = times
        table[mode] = {kind: score([g for g, q in zip(got, queries, strict=True) if q.kind == kind],
                                   [q for q in queries if q.kind == kind]) for kind in kinds}
        derived = [g for g, q in zip(got, queries, strict=True) if q.kind != "eval"]
        table[mode]["kb_derived"] = score(derived, [q for q in queries if q.kind != "eval"])
    return table, {m: (float(np.percentile(v, 50)), float(np.percentile(v, 95))) for m, v in lat.items()}


def bench_retrieval(settings: Settings, per_set: int, as_json: bool, backends: Sequence[str] = ("embedded",)) -> int:
    """Both backends (``backends``) answer the same query sets with the same query vectors."""
    from index.embedder import OnnxEmbedder, ensure_embedder

    store = KBStore(settings.kb_root)
    version = store.current_version()
    if version is None:
        raise FileNotFoundError("no KB loaded")
    records = list(store.iter_records(version))
    same_as = same_as_index(records)
    index = AliasIndex.load_or_build(store, version)
    embedder = OnnxEmbedder(ensure_embedder(settings.home / "models"), device=settings.device)
    retrievers: dict[str, tuple[Any, str]] = {}
    for b in backends:
        if b == "embedded":
            retrievers[b] = _embedded(settings, store, version, index, embedder)
        elif b == "opensearch":
            retrievers[b] = _opensearch(settings, index, embedder)
        else:
            raise ValueError(f"unknown retrieval backend {b!r} (embedded, opensearch)")
    root = Path(__file__).resolve().parents[1]
    queries = build_query_sets(records, per_set) + eval_queries(root, same_as)
    del records
    kinds = sorted({q.kind for q in queries})

    t = time.perf_counter()
    vectors = embedder.embed([q.mention for q in queries])
    embed_ms_batched = (time.perf_counter() - t) / len(queries) * 1000
    single = []
    for q in queries[:200]:
        a = time.perf_counter()
        embedder.embed([q.mention])
        single.append((time.perf_counter() - a) * 1000)
    single_p50, single_p95 = float(np.percentile(single, 50)), float(np.percentile(single, 95))
    print(f"KB {version}; queries: " + ", ".join(f"{k} {sum(q.kind == k for q in queries)}" for k in kinds))
    print(f"embedding step: single query p50 {single_p50:.2f} p95 {single_p95:.2f} ms; batched {embed_ms_batched:.2f} ms/query")

    out: dict[str, Any] = {"bench": "retrieval", "kb_version": version, "backends": {}}
    for name, (retriever, desc) in retrievers.items():
        table, p = _run_modes(retriever, queries, vectors, kinds)
        print(f"\n== {name}: {desc}")
        print(f"{'mode':8} {'set':11} {'R@1':>6} {'R@5':>6} {'R@20':>6} {'MRR':>6}")
        for mode in MODES:
            for kind in [*kinds, "kb_derived"]:
                s = table[mode][kind]
                print(f"{mode:8} {kind:11} {s['recall_at_1']:6.3f} {s['recall_at_5']:6.3f} {s['recall_at_20']:6.3f} "
                      f"{s['mrr']:6.3f}")
        print("latency per query (ms, embedding excluded, cache cold): " +
              ", ".join(f"{m} p50 {a:.2f} p95 {b:.2f}" for m, (a, b) in p.items()))
        print(f"hybrid with embedding (single query): p95 ~{p['hybrid'][1] + single_p95:.2f} ms")
        cache_figs = _cache_latency(settings, retriever, embedder, queries)
        if cache_figs is None:
            print(f"Redis cache: not measured (Redis at {settings.redis_url} unreachable; `mentionflow stack up`)")
        else:
            print("through the Redis cache, embedding included (ms): cold p50 {cold_p50:.2f} p95 {cold_p95:.2f}; "
                  "warm p50 {warm_p50:.2f} p95 {warm_p95:.2f}".format(**cache_figs))
        out["backends"][name] = {
            "recall_at_20": table["hybrid"]["kb_derived"]["recall_at_20"],
            "recall_at_20_eval": table["hybrid"].get("eval", {}).get("recall_at_20"),
            "p95_ms": round(p["hybrid"][1], 3), "p95_ms_with_embedding": round(p["hybrid"][1] + single_p95, 3),
            "table": table, "cache_ms": cache_figs,
            "latency_ms": {m: {"p50": round(a, 3), "p95": round(b, 3)} for m, (a, b) in p.items()}}
    first = next(iter(out["backends"].values()))
    out.update({k: first[k] for k in ("recall_at_20", "recall_at_20_eval", "p95_ms", "p95_ms_with_embedding")})
    if len(out["backends"]) == 2:
        e, o = out["backends"]["embedded"], out["backends"]["opensearch"]
        out["hybrid_recall_at_20_gap"] = round(e["recall_at_20"] - o["recall_at_20"], 4)
        print(f"\nhybrid recall@20 on the KB-derived sets: embedded {e['recall_at_20']:.4f}, opensearch "
              f"{o['recall_at_20']:.4f} (gap {out['hybrid_recall_at_20_gap']:+.4f}; target within 0.01)")
    if as_json:
        print(orjson.dumps(out).decode())
    sys.stdout.flush()
    return 0
