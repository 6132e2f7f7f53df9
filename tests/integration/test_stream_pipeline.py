"""Documents through the real broker: extraction -> normalization -> outputs, poison -> DLQ."""

from __future__ import annotations

import orjson
import pytest

from streams.codec import decode_normalized, decode_review
from streams.dlq import DeadLetter
from streams.topics import dlq_topic, message_key
from tests.integration.conftest import produce, read_all, wait_for

pytestmark = pytest.mark.integration

DOCS = [
    {"id": "doc-1", "text": "Barack Obama met Angela Merkel in Berlin on Tuesday."},
    {"id": "doc-2", "text": "Toyota and Microsoft opened offices in Tokyo and Lagos."},
    {"id": "doc-3", "text": "The mayor of Paris, Texas visited Springfield."},
]
POISON = [
    (b"bad-json", b"{not json"),
    (b"bad-utf8", b'{"id": "bad-utf8", "text": "\xff"}'),
    (b"empty", b'{"id": "empty", "text": "  "}'),
    (None, b'{"text": "no id at all"}'),
]


def test_stream_pipeline_links_documents_and_dead_letters_poison(bootstrap, topics, worker_factory):
    worker = worker_factory(topics).start()
    produce(bootstrap, topics.raw, [(message_key(d["id"]), orjson.dumps(d)) for d in DOCS] + POISON)

    def done():
        norm = read_all(bootstrap, topics.normalized)
        dlq = read_all(bootstrap, dlq_topic(topics.raw))
        return (norm, dlq) if len({r.key for r in norm}) >= 3 and len(dlq) >= 4 else None

    got = wait_for(done, timeout_s=90)
    assert got, f"pipeline did not finish; worker log:\n{worker.log.read_text()[-3000:]}"
    norm, dlq = got
    docs = {d.id: d for d in (decode_normalized(r.value) for r in norm)}
    review = [decode_review(r.value) for r in read_all(bootstrap, topics.review)]
    linked = {e.surface: e.kb_id for d in docs.values() for e in d.entities}
    linked.update({i.surface: i.proposed.kb_id for r in review for i in r.items})
    assert linked["Barack Obama"] == "wiki:Barack_Obama"
    assert linked["Berlin"] == "geonames:2950159"
    assert linked["Toyota"].startswith("isin:")
    assert all(e.kb_version.startswith("kb-") and e.decided_by == "model" for d in docs.values() for e in d.entities)
    # every output is keyed by its document id
    assert {r.key for r in norm} == {b"doc-1", b"doc-2", b"doc-3"}
    letters = [DeadLetter.model_validate_json(r.value) for r in dlq]
    reasons = {(dl.doc_id, dl.reason) for dl in letters}
    assert reasons == {("bad-json", "not_json"), ("bad-utf8", "invalid_utf8"), ("empty", "empty_text"), (None, "wrong_schema")}
    originals = {dl.original_value() for dl in letters}
    assert originals == {v for _, v in POISON}
    assert worker.stop() == 0
