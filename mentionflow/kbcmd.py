"""``mentionflow kb build|load|info|index``."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import orjson
from tqdm import tqdm

from index.kb_sources import build_kb
from index.lookup import AliasIndex
from index.records import KBRecord
from index.store import KBStore
from mentionflow.settings import Settings
from streams.files import write_atomic

__all__ = ["kb_build", "kb_load", "kb_info", "kb_index"]


def kb_build(settings: Settings, output: Path | None, load: bool = True,
             sources: Sequence[str] = ("default.v1",)) -> Path:
    """Chain the named KB sources (``index.kb_sources``) into one validated JSONL file."""
    out = output or settings.kb_root / "default-kb.jsonl"
    t0 = time.perf_counter()
    bar = tqdm(desc="building KB", unit=" records", file=sys.stderr, mininterval=0.5)
    n = aliases = 0

    def lines() -> Iterator[bytes]:
        nonlocal n, aliases
        for rec in build_kb(sources, progress=lambda m: bar.set_postfix_str(m)):
            KBRecord.model_validate(rec)
            n += 1
            aliases += len(rec["aliases"])
            bar.update(1)
            yield orjson.dumps(rec) + b"\n"

    try:
        write_atomic(out, lines())
    finally:
        bar.close()
    print(f"wrote {n:,} records with {aliases:,} aliases to {out} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    if load:
        kb_load(settings, out)
    return out


def kb_load(settings: Settings, path: Path) -> str:
    t0 = time.perf_counter()
    store = KBStore(settings.kb_root)
    version = store.load_file(path)
    print(f"loaded {path} as {version} (current) in {time.perf_counter() - t0:.1f}s; building the alias index", file=sys.stderr)
    AliasIndex.load_or_build(store, version)
    return version


def kb_info(settings: Settings) -> None:
    store = KBStore(settings.kb_root)
    version = store.current_version()
    if version is None:
        print("no KB loaded")
        return
    n = aliases = 0
    by_ns: dict[str, int] = {}
    for r in store.iter_records(version):
        n += 1
        aliases += len(r.aliases)
        ns = r.id.split(":", 1)[0]
        by_ns[ns] = by_ns.get(ns, 0) + 1
    print(orjson.dumps({"version": version, "records": n, "aliases": aliases, "by_namespace": by_ns,
                        "versions": store.list_versions()}, option=orjson.OPT_INDENT_2).decode())


def kb_index(settings: Settings, version: str | None = None, embed_min_popularity: float | None = None) -> dict:
    """Build the retrieval index of a stored KB version with the backend ``MENTIONFLOW_RETRIEVER``
    names (``mentionflow.components.retrievers``: the embedded files, or a versioned OpenSearch
    index behind the alias)."""
    import resource

    from index.embedder import OnnxEmbedder, ensure_embedder
    from index.retrieval.embedded import EMBED_MIN_POPULARITY
    from mentionflow.components import retrievers

    backend = retrievers.get(settings.retriever)  # an unknown name fails before anything loads
    store = KBStore(settings.kb_root)
    version = version or store.current_version()
    if version is None:
        raise FileNotFoundError("no KB loaded: run `mentionflow kb build` or `mentionflow kb load FILE`")
    t0 = time.perf_counter()
    index = AliasIndex.load_or_build(store, version)
    embedder = OnnxEmbedder(ensure_embedder(settings.home / "models"), device=settings.device, batch_size=256)
    bar = tqdm(total=3, desc="retrieval index", file=sys.stderr)

    def step(msg: str) -> None:
        bar.set_postfix_str(msg)
        bar.update(1)

    floor = EMBED_MIN_POPULARITY if embed_min_popularity is None else embed_min_popularity
    meta = backend.build(settings, store, version, index, embedder, floor, step)
    bar.close()
    meta["total_s"] = round(time.perf_counter() - t0, 1)
    meta["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(backend.describe(version, meta), file=sys.stderr)
    return meta
