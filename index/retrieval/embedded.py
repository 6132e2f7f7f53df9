"""The embedded (default) retrieval backend: no server, persisted beside the KB version.

BM25: tantivy (Rust, in process) over ``name`` (boost 3), ``aliases``, an ``exact`` field (each
name and alias as one whole lower-cased, ASCII-folded term: a mention equal to an alias always
scores above partial word matches) and a character-trigram field for typos and transliterations.
Queries are analysed by the very analyzers the index uses, so every script tokenises alike. kNN: hnswlib HNSW (M=16,
ef_construction=100, cosine via inner product on L2-normalised MiniLM vectors) over the distinct
record names; a name hit expands to every record with that name. Fusion: the same min-max +
weighted arithmetic mean as OpenSearch's normalization-processor (``fusion.py``), RRF as an
option. Chosen by measurement (bench/bm25_engines.py, bench/vector_engines.py; figures in the README).

Layout: ``<kb>/versions/<version>.retrieval/`` holds ``bm25/`` (tantivy), ``names.hnsw``,
``names.json`` (distinct names and their record rows) and ``meta.json``; written to a temp dir
and renamed, so a half-built index is never read.
"""

from __future__ import annotations

import functools
import json
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import structlog

from index.lookup import AliasIndex
from index.retrieval.base import (
    EXACT_BOOST,
    TYPO_MAX_LEN,
    TYPO_MIN_LEN,
    TYPO_SCORE,
    RetrievedCandidate,
)
from index.retrieval.fusion import FusionConfig, fuse
from index.retrieval.name_vectors import NameVectorCache

__all__ = ["EmbeddedRetriever", "build_embedded_index", "retrieval_dir"]

log = structlog.get_logger("mentionflow.retrieval")
LAYOUT_VERSION = "embedded-retrieval.v2"
# names whose most popular record is below this get no vector (build time; see the README)
EMBED_MIN_POPULARITY = 0.35


def retrieval_dir(versions_dir: Path, kb_version: str) -> Path:
    return versions_dir / f"{kb_version}.retrieval"


@functools.cache
def _analyzers() -> dict[str, Any]:
    import tantivy

    def folded(tokenizer: Any) -> Any:
        return (tantivy.TextAnalyzerBuilder(tokenizer)
                .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())

    return {"mf_words": folded(tantivy.Tokenizer.simple()),
            "mf_trigram": folded(tantivy.Tokenizer.ngram(min_gram=3, max_gram=3, prefix_only=False)),
            "mf_exact": folded(tantivy.Tokenizer.raw())}


def query_tokens(s: str) -> list[str]:
    """Words as the index sees them (tantivy's own analyzer: lower-cased, ASCII-folded)."""
    return list(_analyzers()["mf_words"].analyze(s))


def exact_term(s: str) -> str:
    """The whole surface as one term of the ``exact`` field (whitespace collapsed)."""
    toks = _analyzers()["mf_exact"].analyze(" ".join(s.split()))
    return toks[0] if toks else ""


def one_deletions(term: str) -> list[str]:
    """The term and every string one character shorter (SymSpell): two strings within one
    insertion, deletion, substitution or adjacent transposition share a member. Terms shorter
    than ``TYPO_MIN_LEN`` get none (too many accidental neighbours)."""
    if not TYPO_MIN_LEN <= len(term) <= TYPO_MAX_LEN:
        return []
    return list(dict.fromkeys([term, *(term[:i] + term[i + 1:] for i in range(len(term)))]))


def context_terms(mention: str, context: str | None) -> list[str]:
    """The context words the lexical sub-query uses (also the cache key's context part)."""
    if not context:
        return []
    toks = set(query_tokens(mention))
    return [t for t in dict.fromkeys(query_tokens(context)) if len(t) > 3 and t not in toks][:30]


def _schema() -> Any:
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("row", stored=True, fast=True, indexed=False)
    sb.add_text_field("name", stored=False, tokenizer_name="mf_words")
    sb.add_text_field("aliases", stored=False, tokenizer_name="mf_words")
    sb.add_text_field("exact", stored=False, tokenizer_name="mf_exact", index_option="basic")
    sb.add_text_field("deletes", stored=False, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("trigram", stored=False, tokenizer_name="mf_trigram")
    sb.add_text_field("description", stored=False, tokenizer_name="mf_words")
    return sb.build()


def _open_tantivy(path: Path) -> Any:
    import tantivy

    ix = tantivy.Index(_schema(), path=str(path))
    for name, analyzer in _analyzers().items():
        ix.register_tokenizer(name, analyzer)
    return ix


def build_embedded_index(index: AliasIndex, aliases: Sequence[Sequence[str]], out: Path,
                         embed: Callable[[list[str]], np.ndarray], embedder_version: str,
                         vector_cache: Path, embed_min_popularity: float = EMBED_MIN_POPULARITY,
                         progress: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Build the BM25 and HNSW indexes for one KB version into ``out`` (atomically).
    ``vector_cache``: directory of the name-vector cache (shared by KB versions)."""
    import hnswlib

    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "bm25").mkdir(parents=True)
    t0 = time.perf_counter()
    progress("BM25 index")
    ix = _open_tantivy(tmp / "bm25")
    writer = ix.writer(heap_size=400_000_000, num_threads=2)
    import tantivy

    # most popular first: equal BM25 scores then rank the popular record first
    order = np.argsort(-index.popularity, kind="stable")
    for row in order:
        row = int(row)
        al = aliases[row]
        writer.add_document(tantivy.Document(
            row=row, name=index.names[row], aliases=" | ".join(al),
            exact=list(dict.fromkeys(" ".join(a.split()) for a in (index.names[row], *al))),
            deletes=one_deletions(exact_term(index.names[row])),
            trigram=" | ".join([index.names[row], *al[:20]]), description=index.descriptions[row]))
    writer.commit()
    writer.wait_merging_threads()
    t_bm25 = time.perf_counter() - t0

    progress("embedding names")
    name_rows: dict[str, list[int]] = {}
    for row in order:
        name_rows.setdefault(index.names[int(row)], []).append(int(row))
    # kNN covers the names of records at or above the popularity floor (their best record's);
    # the long tail of tiny places is reached by BM25 (words, exact, one-edit, trigrams) only
    names = [n for n, rows in name_rows.items() if index.popularity[rows[0]] >= embed_min_popularity]
    t1 = time.perf_counter()
    vectors, embedded_now = NameVectorCache(vector_cache, embedder_version).vectors(names, embed)
    t_embed = time.perf_counter() - t1

    progress("HNSW index")
    t2 = time.perf_counter()
    h = hnswlib.Index(space="ip", dim=vectors.shape[1])
    h.init_index(max_elements=len(names), ef_construction=100, M=16, random_seed=42)
    h.set_num_threads(2)
    h.add_items(vectors, np.arange(len(names)))
    h.save_index(str(tmp / "names.hnsw"))
    t_hnsw = time.perf_counter() - t2
    (tmp / "names.json").write_bytes(orjson.dumps({"names": names, "rows": [name_rows[n] for n in names]}))
    meta = {"layout": LAYOUT_VERSION, "kb_version": index.kb_version, "embedder": embedder_version,
            "records": len(index), "names": len(names), "distinct_names": len(name_rows),
            "embed_min_popularity": embed_min_popularity, "embedded_now": embedded_now, "dim": int(vectors.shape[1]),
            "bm25_s": round(t_bm25, 1), "embed_s": round(t_embed, 1), "hnsw_s": round(t_hnsw, 1),
            "build_s": round(time.perf_counter() - t0, 1), "build_id": uuid.uuid4().hex[:12]}
    (tmp / "meta.json").write_text(json.dumps(meta, indent=2))
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    log.info("retrieval_index_built", **meta)
    return meta


class EmbeddedRetriever:
    """``search(mention)`` -> fused top-k over BM25 and HNSW, all in process."""

    def __init__(self, index: AliasIndex, path: Path, embed: Callable[[list[str]], np.ndarray],
                 fusion: FusionConfig | None = None, candidates_per_list: int = 50, ef: int = 128,
                 widen: int = 4, fuzzy: bool = False):
        import hnswlib

        meta = json.loads((path / "meta.json").read_text())
        if meta.get("layout") != LAYOUT_VERSION:
            raise ValueError(f"retrieval index {path} has layout {meta.get('layout')}, this code reads "
                             f"{LAYOUT_VERSION}: rebuild it with `mentionflow kb index`")
        if meta["kb_version"] != index.kb_version:
            raise ValueError(f"retrieval index {path} is for {meta['kb_version']}, not {index.kb_version}")
        self.index = index
        self.kb_version = index.kb_version
        self.fusion = fusion or FusionConfig()
        self._embed = embed
        self._n = candidates_per_list
        self._widen = widen
        self._fuzzy = fuzzy
        self._schema = _schema()
        self._bm25 = _open_tantivy(path / "bm25")
        self._bm25.reload()
        self._searcher = self._bm25.searcher()
        names = orjson.loads((path / "names.json").read_bytes())
        self._names: list[str] = names["names"]
        self._name_rows: list[list[int]] = names["rows"]
        self._hnsw = hnswlib.Index(space="ip", dim=int(meta["dim"]))
        self._hnsw.load_index(str(path / "names.hnsw"), max_elements=len(self._names))
        self._hnsw.set_ef(ef)
        self._hnsw.set_num_threads(1)
        self.meta = meta

    @property
    def build_id(self) -> str:
        return str(self.meta.get("build_id", self.meta.get("layout", "")))

    @property
    def sees_live_updates(self) -> bool:
        return False

    def health(self) -> bool:
        return len(self._names) > 0

    # --- sub-queries (each returns row -> raw score) ---------------------------------------

    def bm25(self, mention: str, n: int, context: str | None = None) -> dict[int, float]:
        """Names/aliases (words, boost 3 on the name), trigrams (boost 0.3) and, when a context
        is given, its words against the record descriptions (boost 0.5) as optional clauses.
        Mirrors ``opensearch_queries.bm25_clause``."""
        toks = query_tokens(mention)
        if not toks:
            return {}
        words = " ".join(toks)
        grams = {words[i : i + 3] for i in range(max(0, len(words) - 2))} - {""}
        import tantivy

        clauses = [(tantivy.Occur.Should, self._bm25.parse_query(words, ["name", "aliases"],
                                                                  field_boosts={"name": 3.0}))]
        exact = exact_term(mention)
        if exact:
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(
                tantivy.Query.term_query(self._schema, "exact", exact, index_option="basic"), EXACT_BOOST)))
            # names one edit away from the whole surface; a term each, so a name sharing more
            # one-deletion variants ranks higher (OpenSearch: one constant-score fuzzy clause)
            for d in one_deletions(exact):
                clauses.append((tantivy.Occur.Should, tantivy.Query.const_score_query(
                    tantivy.Query.term_query(self._schema, "deletes", d, index_option="basic"), TYPO_SCORE)))
        if grams:
            tri = self._bm25.parse_query(" ".join(f'"{g}"' for g in grams if '"' not in g), ["trigram"])
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(tri, 0.3)))
        if self._fuzzy:
            # one edit per word of 5+ letters (OpenSearch: "fuzziness": "AUTO" on the name fields)
            for t in toks[:6]:
                if len(t) >= 5:
                    for field in ("name", "aliases"):
                        fq = tantivy.Query.fuzzy_term_query(self._schema, field, t, distance=1,
                                                            transposition_cost_one=True)
                        clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(fq, 1.0)))
        if context:
            ctx = context_terms(mention, context)
            if ctx:
                desc = self._bm25.parse_query(" ".join(ctx), ["description"])
                # context only re-ranks records that match the name: must(name) + should(context)
                clauses = [(tantivy.Occur.Must, tantivy.Query.boolean_query(clauses)),
                           (tantivy.Occur.Should, tantivy.Query.boost_query(desc, 0.5))]
        query = tantivy.Query.boolean_query(clauses)
        # popularity prior as in the OpenSearch function_score: bm25 * (1 + popularity); fetched
        # wide first so popular namesakes with long alias lists (lower field norms) survive the cut
        pop = self.index.popularity
        scored = []
        for score, addr in self._searcher.search(query, n * self._widen).hits:
            row = int(self._searcher.doc(addr)["row"][0])
            scored.append((float(score) * (1.0 + float(pop[row])), row))
        scored.sort(key=lambda t: -t[0])
        return {row: score for score, row in scored[:n]}

    def knn_vector(self, vector: np.ndarray, n: int) -> dict[int, float]:
        labels, dists = self._hnsw.knn_query(vector.reshape(1, -1), k=min(n, len(self._names)))
        out: dict[int, float] = {}
        for label, dist in zip(labels[0], dists[0], strict=True):
            sim = 1.0 - float(dist)  # hnswlib "ip" distance is 1 - dot
            for row in self._name_rows[int(label)][:n]:
                out.setdefault(row, sim)
            if len(out) >= n:
                break
        return out

    def search(self, mention: str, context: str | None = None, k: int = 20, mode: str = "hybrid",
               vector: np.ndarray | None = None) -> list[RetrievedCandidate]:
        """``vector``: the mention's embedding when the caller has it (cache), else computed."""
        lex = self.bm25(mention, self._n, context) if mode != "knn" else {}
        if mode != "bm25":
            v = vector if vector is not None else self._embed([mention])[0]
            sem = self.knn_vector(v, self._n)
        else:
            sem = {}
        if mode == "bm25":
            ranked = sorted(lex.items(), key=lambda kv: (-kv[1], -self.index.popularity[kv[0]]))
        elif mode == "knn":
            ranked = sorted(sem.items(), key=lambda kv: (-kv[1], -self.index.popularity[kv[0]]))
        else:
            cfg = FusionConfig(method="rrf", rank_constant=self.fusion.rank_constant) if mode == "rrf" else self.fusion
            fused = fuse([lex, sem], cfg)
            pop = self.index.popularity
            ranked = sorted(fused, key=lambda kv: (-round(kv[1], 6), -pop[kv[0]]))
        return [RetrievedCandidate(self.index.ids[r], r, s, lex.get(r), sem.get(r)) for r, s in ranked[:k]]
