"""The OpenSearch backend's I/O shell against a recording fake client (the request sequence and
bodies), since no OpenSearch runs here; the live suite covers a real cluster."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from index.retrieval.opensearch import OpenSearchRetriever, RetrievalBackendError


class FakeIndices:
    def __init__(self, calls: list):
        self.calls = calls
        self.aliases: dict[str, list[str]] = {"mentionflow-kb": ["mentionflow-kb-kb-old"]}

    def exists(self, index: str) -> bool:
        self.calls.append(("exists", index))
        return False

    def create(self, index: str, body: dict) -> None:
        self.calls.append(("create", index, body))

    def refresh(self, index: str) -> None:
        self.calls.append(("refresh", index))

    def exists_alias(self, name: str) -> bool:
        return name in self.aliases

    def get_alias(self, name: str) -> dict:
        return {i: {} for i in self.aliases[name]}

    def update_aliases(self, body: dict) -> None:
        self.calls.append(("update_aliases", body))


class FakePipelines:
    def __init__(self, calls: list):
        self.calls = calls

    def put(self, id: str, body: dict) -> None:
        self.calls.append(("pipeline", id, body))


class FakeClient:
    def __init__(self, hits: list[dict] | None = None, fail: Exception | None = None):
        self.calls: list[Any] = []
        self.indices = FakeIndices(self.calls)
        self.search_pipeline = FakePipelines(self.calls)
        self.hits = hits or []
        self.fail = fail
        from types import SimpleNamespace

        from opensearchpy.serializer import JSONSerializer

        self.transport = SimpleNamespace(serializer=JSONSerializer())  # what the bulk helpers serialise with

    def search(self, index: str, body: dict, params: dict | None) -> dict:
        self.calls.append(("search", index, body, params))
        if self.fail:
            raise self.fail
        return {"hits": {"hits": self.hits}}

    def bulk(self, body: Any, **kw: Any) -> dict:  # used by helpers.streaming_bulk
        lines = list(body) if not isinstance(body, str) else body.splitlines()
        self.calls.append(("bulk", lines))
        n = len([x for x in lines if x]) // 2
        return {"errors": False, "items": [{"index": {"status": 201, "_id": str(i)}} for i in range(n)]}


def embed(texts: list[str]) -> np.ndarray:
    return np.ones((len(texts), 384), dtype=np.float32) / np.sqrt(384)


def test_reindex_creates_versioned_index_then_swaps_alias(small_index):
    client = FakeClient()
    r = OpenSearchRetriever("http://unused", small_index, embed, client=client)
    name = r.reindex([{"id": "geonames:2988507", "name": "Paris", "type": "LOC", "aliases": ["Paname"]}])
    assert name == "mentionflow-kb-kb-test"
    kinds = [c[0] for c in client.calls]
    assert kinds.index("create") < kinds.index("bulk") < kinds.index("refresh") < kinds.index("update_aliases")
    assert {c[1] for c in client.calls if c[0] == "pipeline"} == {"mentionflow-minmax-0.8-0.2", "mentionflow-rrf-60"}
    swap = next(c[1] for c in client.calls if c[0] == "update_aliases")
    assert swap["actions"] == [{"remove": {"index": "mentionflow-kb-kb-old", "alias": "mentionflow-kb"}},
                               {"add": {"index": "mentionflow-kb-kb-test", "alias": "mentionflow-kb"}}]


def test_hybrid_search_uses_pipeline_and_maps_ids_to_rows(small_index):
    client = FakeClient(hits=[{"_id": "wiki:Barack_Obama", "_score": 0.9}, {"_id": "unknown:1", "_score": 0.1}])
    r = OpenSearchRetriever("http://unused", small_index, embed, client=client)
    (c,) = r.search("Barack Obama", "context words", k=5)
    assert c.kb_id == "wiki:Barack_Obama" and small_index.ids[c.row] == "wiki:Barack_Obama"
    _, index, body, params = client.calls[-1]
    assert index == "mentionflow-kb" and params == {"search_pipeline": "mentionflow-minmax-0.8-0.2"}
    assert "hybrid" in body["query"]
    r.search("x", mode="rrf")
    assert client.calls[-1][3] == {"search_pipeline": "mentionflow-rrf-60"}


def test_client_errors_are_translated_with_retriable_flag(small_index):
    from opensearchpy import exceptions as ose

    r = OpenSearchRetriever("http://unused", small_index, embed, client=FakeClient(fail=ose.ConnectionError("N/A", "down", None)),
                            outage_retries_s=())
    with pytest.raises(RetrievalBackendError) as exc:
        r.search("Paris")
    assert exc.value.retriable
    r2 = OpenSearchRetriever("http://unused", small_index, embed, client=FakeClient(fail=ose.RequestError(400, "bad", {})))
    with pytest.raises(RetrievalBackendError) as exc2:
        r2.search("Paris")
    assert not exc2.value.retriable


def test_search_rides_out_a_short_outage_then_fails_loudly(small_index):
    from opensearchpy import exceptions as ose

    client = FakeClient(hits=[{"_id": "wiki:Barack_Obama", "_score": 0.9}])
    real_search = client.search
    failures = iter([ose.ConnectionError("N/A", "restarting", None), ose.TransportError(503, "unavailable", {})])

    def flaky(index: str, body: dict, params: dict | None) -> dict:
        err = next(failures, None)
        if err is not None:
            raise err
        return real_search(index, body, params)

    client.search = flaky  # type: ignore[method-assign]
    r = OpenSearchRetriever("http://unused", small_index, embed, client=client, outage_retries_s=(0, 0))
    assert [c.kb_id for c in r.search("Barack Obama")] == ["wiki:Barack_Obama"]
    down = OpenSearchRetriever("http://unused", small_index, embed, outage_retries_s=(0, 0),
                               client=FakeClient(fail=ose.ConnectionError("N/A", "down", None)))
    with pytest.raises(RetrievalBackendError, match="search failed"):
        down.search("Paris")
    bad = FakeClient(fail=ose.RequestError(400, "bad", {}))
    with pytest.raises(RetrievalBackendError):
        OpenSearchRetriever("http://unused", small_index, embed, client=bad, outage_retries_s=(0, 0)).search("Paris")
    assert sum(1 for c in bad.calls if c[0] == "search") == 1  # a bad request is not retried
