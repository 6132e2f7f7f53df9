"""The OpenSearch retrieval backend: thin I/O shell around the request bodies of
``opensearch_queries``. Its bodies are contract-tested, and ``tests/integration/
test_opensearch_live.py`` runs them against a real cluster (``scripts/test.sh`` starts a local
node built from Maven Central: ``mentionflow/opensearch_node.py``).

Live KB updates: ``kb upsert``/``kb delete`` write the alias's index (``upsert``/``delete``), and a
retriever built with ``live_index`` maps hits onto the index the linker serves now, so records
upserted after the worker started are found by every sub-query, deleted ones never returned.

Zero-downtime reindex: records go into a new physical index named after the KB version, the
search pipeline is (re)declared, then the alias is swapped atomically in one ``_aliases`` call.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import structlog

from index.lookup import AliasIndex
from index.retrieval.base import RetrievedCandidate
from index.retrieval.fusion import FusionConfig
from index.retrieval.opensearch_queries import (
    bm25_clause,
    hybrid_query,
    index_body,
    index_name,
    pipeline_body,
    pipeline_name,
    record_document,
)

__all__ = ["OpenSearchRetriever", "RetrievalBackendError", "DocVectors"]

# name vectors for documents; None for a name that gets no vector
DocVectors = Callable[[list[str]], Sequence["np.ndarray | None"]]

log = structlog.get_logger("mentionflow.opensearch")


class RetrievalBackendError(Exception):
    """A search backend failed; ``retriable`` says whether trying again can help."""

    def __init__(self, message: str, retriable: bool):
        super().__init__(message)
        self.retriable = retriable


def _translate(exc: Exception, what: str) -> RetrievalBackendError:
    from opensearchpy import exceptions as ose

    retriable = isinstance(exc, ose.ConnectionError | ose.ConnectionTimeout) or (
        isinstance(exc, ose.TransportError) and str(getattr(exc, "status_code", "")) in {"429", "502", "503", "504"})
    return RetrievalBackendError(f"OpenSearch {what} failed: {exc}", retriable)


class OpenSearchRetriever:
    """Same ranking semantics as the embedded backend: BM25 x (1 + popularity) and kNN, fused by
    the cluster's normalization-processor (min-max, arithmetic mean) or RRF score-ranker."""

    def __init__(self, url: str, index: AliasIndex, embed: Callable[[list[str]], np.ndarray],
                 alias: str = "mentionflow-kb", fusion: FusionConfig | None = None, timeout_s: float = 5.0,
                 client: Any = None, live_index: Callable[[], AliasIndex] | None = None,
                 outage_retries_s: Sequence[float] = (0.5, 1.0, 2.0, 4.0, 8.0)):
        """``outage_retries_s``: waits between further tries of a search that failed retriably
        (connection lost, 429/502/503/504: a node restarting), ~15 s in all, each logged; then the
        error is raised (the batch fails loudly instead of dead-lettering every message of a blip)."""
        from opensearchpy import OpenSearch

        self.client = client or OpenSearch(hosts=[url], http_compress=True, timeout=timeout_s, max_retries=2,
                                           retry_on_timeout=True)
        self._base = index
        self._live = live_index
        # the stored KB version the physical index is named after (a live label is base+uN)
        self.base_version = index.kb_version.rsplit("+u", 1)[0]
        self.alias = alias
        self._fusion = fusion or FusionConfig()
        self._embed = embed
        self._row_maps: tuple[AliasIndex, dict[str, int]] | None = None
        self._outage_retries_s = tuple(outage_retries_s)
        self._build_id: str | None = None

    @property
    def index(self) -> AliasIndex:
        return self._live() if self._live is not None else self._base

    @property
    def kb_version(self) -> str:
        return self.index.kb_version

    @property
    def fusion(self) -> FusionConfig:
        return self._fusion

    @property
    def sees_live_updates(self) -> bool:
        return self._live is not None

    @property
    def build_id(self) -> str:
        """The physical index behind the alias and its uuid (a rebuilt index has a new uuid)."""
        if self._build_id is None:
            try:
                got = self.client.indices.get(index=self.alias)
            except Exception as exc:  # noqa: BLE001 - mapped at the boundary
                raise _translate(exc, f"alias {self.alias} lookup") from exc
            ((name, body),) = got.items()
            self._build_id = f"{name}/{body['settings']['index']['uuid']}"
        return self._build_id

    def _rows(self) -> dict[str, int]:
        idx = self.index
        if self._row_maps is None or self._row_maps[0] is not idx:
            self._row_maps = (idx, {kb_id: row for row, kb_id in enumerate(idx.ids) if kb_id})  # "" = tombstone
        return self._row_maps[1]

    # --- indexing ----------------------------------------------------------------------------

    def ensure_pipelines(self) -> None:
        for cfg in (self._fusion, FusionConfig(method="rrf", rank_constant=self._fusion.rank_constant)):
            try:
                self.client.search_pipeline.put(id=pipeline_name(cfg), body=pipeline_body(cfg))
            except Exception as exc:  # noqa: BLE001 - mapped at the boundary
                raise _translate(exc, "search pipeline put") from exc

    def reindex(self, records: Iterable[dict[str, Any]], batch_embed: int = 256, chunk_size: int = 500,
                max_retries: int = 5, vectors: DocVectors | None = None) -> str:
        """Build ``<alias>-<kb_version>``, then point the alias at it. Returns the index name.
        ``vectors``: the documents' name vectors (None: no vector, reached by BM25 only), else
        each name is embedded now."""
        from opensearchpy.helpers import streaming_bulk

        name = index_name(self.alias, self.base_version)
        try:
            if not self.client.indices.exists(index=name):
                self.client.indices.create(index=name, body=index_body())
            self.ensure_pipelines()

            def actions() -> Iterable[dict[str, Any]]:
                buf: list[dict[str, Any]] = []
                for rec in records:
                    buf.append(rec)
                    if len(buf) >= batch_embed:
                        yield from self._actions(name, buf, vectors)
                        buf = []
                if buf:
                    yield from self._actions(name, buf, vectors)

            failed = 0
            for ok, item in streaming_bulk(self.client, actions(), chunk_size=chunk_size, max_retries=max_retries,
                                           initial_backoff=1, max_backoff=30, raise_on_error=False):
                if not ok:
                    failed += 1
                    log.error("bulk_item_failed", item=item)
            if failed:
                raise RetrievalBackendError(f"{failed} records failed to index into {name}; alias not switched", False)
            self.client.indices.refresh(index=name)
            self._swap_alias(name)
        except RetrievalBackendError:
            raise
        except Exception as exc:  # noqa: BLE001 - mapped at the boundary
            raise _translate(exc, "reindex") from exc
        return name

    def _actions(self, name: str, recs: Sequence[dict[str, Any]],
                 vectors: DocVectors | None = None) -> Iterable[dict[str, Any]]:
        names = [r["name"] for r in recs]
        vecs: Sequence[np.ndarray | None] = vectors(names) if vectors is not None else list(self._embed(names))
        for rec, vec in zip(recs, vecs, strict=True):
            yield {"_op_type": "index", "_index": name, "_id": rec["id"],
                   "_source": record_document(rec, None if vec is None else vec.tolist())}

    def _swap_alias(self, new_index: str) -> None:
        actions: list[dict[str, Any]] = []
        if self.client.indices.exists_alias(name=self.alias):
            for old in self.client.indices.get_alias(name=self.alias):
                if old != new_index:
                    actions.append({"remove": {"index": old, "alias": self.alias}})
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        self.client.indices.update_aliases(body={"actions": actions})

    def upsert(self, records: Sequence[dict[str, Any]]) -> int:
        from opensearchpy.helpers import bulk

        try:
            ok, _ = bulk(self.client, list(self._actions(self.alias, records)), max_retries=3, refresh="wait_for")
        except Exception as exc:  # noqa: BLE001
            raise _translate(exc, "upsert") from exc
        return int(ok)

    def delete(self, ids: Sequence[str]) -> int:
        from opensearchpy.helpers import bulk

        try:
            ok, _ = bulk(self.client, [{"_op_type": "delete", "_index": self.alias, "_id": i} for i in ids],
                         raise_on_error=False, refresh="wait_for")
        except Exception as exc:  # noqa: BLE001
            raise _translate(exc, "delete") from exc
        return int(ok)

    # --- search ------------------------------------------------------------------------------

    def _search_retrying(self, body: dict[str, Any], params: dict[str, Any] | None) -> dict[str, Any]:
        waits = iter(self._outage_retries_s)
        while True:
            try:
                return dict(self.client.search(index=self.alias, body=body, params=params))
            except Exception as exc:  # noqa: BLE001 - mapped at the boundary
                err = _translate(exc, "search")
                wait = next(waits, None) if err.retriable else None
                if wait is None:
                    raise err from exc
                log.warning("opensearch_search_retry", error=str(exc)[:200], wait_s=wait)
                time.sleep(wait)

    def health(self) -> bool:
        try:
            return bool(self.client.ping())
        except Exception:  # noqa: BLE001 - health is a yes/no
            return False

    def search(self, mention: str, context: str | None = None, k: int = 20, mode: str = "hybrid",
               vector: np.ndarray | None = None) -> list[RetrievedCandidate]:
        if mode == "bm25":
            body: dict[str, Any] = {"size": k, "_source": ["kb_id"], "query": bm25_clause(mention, context)}
            params = None
        else:
            v = vector if vector is not None else self._embed([mention])[0]
            if mode == "knn":
                body = {"size": k, "_source": ["kb_id"], "query": {"knn": {"embedding": {"vector": v.tolist(), "k": k}}}}
                params = None
            else:
                body = hybrid_query(mention, v.tolist(), k, context=context)
                cfg = FusionConfig(method="rrf", rank_constant=self.fusion.rank_constant) if mode == "rrf" else self.fusion
                params = {"search_pipeline": pipeline_name(cfg)}
        res = self._search_retrying(body, params)
        out = []
        rows = self._rows()
        for hit in res["hits"]["hits"]:
            kb_id = hit["_id"]
            row = rows.get(kb_id)
            if row is None:  # written by `kb upsert` before this process applied the update (or deleted since)
                continue
            out.append(RetrievedCandidate(kb_id, row, float(hit["_score"])))
        return out
