from __future__ import annotations

from datetime import UTC, datetime

import orjson

from streams.codec import decode_input
from streams.dlq import DeadLetter
from streams.trace import TRACE_HEADER, mint_trace_id, trace_headers
from workers.shell import Outgoing, RawRecord, process_batch

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def rec(i: int, value: bytes | None, key: bytes | None = None) -> RawRecord:
    return RawRecord("mentions.raw", 0, i, key, value)


def echo(docs):
    if any(d.text == "boom" for d in docs):
        raise RuntimeError("model exploded")
    return [[Outgoing("out", d.id.encode(), d.text.encode())] for d in docs]


def test_poison_goes_to_dlq_in_order_and_good_passes():
    records = [rec(0, orjson.dumps({"id": "a", "text": "one"}), b"a"), rec(1, b"{bad", b"b"),
               rec(2, orjson.dumps({"id": "c", "text": "three"})), rec(3, b"\xff")]
    out = process_batch(records, decode_input, echo, "extraction", NOW)
    assert [(o.topic, o.key) for o in out] == [("out", b"a"), ("mentions.raw.dlq", b"b"), ("out", b"c"),
                                                ("mentions.raw.dlq", b"mentions.raw/0/3")]
    dl = DeadLetter.model_validate_json(out[1].value)
    assert dl.reason == "not_json" and dl.original_value() == b"{bad" and dl.doc_id == "b"


def test_failing_message_is_isolated():
    records = [rec(0, orjson.dumps({"id": "a", "text": "fine"})), rec(1, orjson.dumps({"id": "b", "text": "boom"}))]
    out = process_batch(records, decode_input, echo, "extraction", NOW)
    assert out[0] == Outgoing("out", b"a", b"fine", trace_headers(mint_trace_id("mentions.raw", 0, 0)))
    dl = DeadLetter.model_validate_json(out[1].value)
    assert (out[1].topic, dl.reason, dl.doc_id) == ("mentions.raw.dlq", "processing_error", "b")
    assert "model exploded" in dl.detail


def test_every_output_and_dead_letter_carries_the_records_trace_id():
    given = ((TRACE_HEADER, b"abc-123"),)
    records = [RawRecord("mentions.raw", 2, 7, b"a", orjson.dumps({"id": "a", "text": "one"}), given),
               RawRecord("mentions.raw", 2, 8, b"b", b"{bad"),
               RawRecord("mentions.raw", 2, 9, b"c", b"{bad", ((TRACE_HEADER, b"bad id with spaces"),))]
    out = process_batch(records, decode_input, echo, "extraction", NOW)
    assert [o.headers for o in out] == [given, trace_headers(mint_trace_id("mentions.raw", 2, 8)),
                                        trace_headers(mint_trace_id("mentions.raw", 2, 9))]
    # minted ids are stable: a redelivered record keeps its id
    assert mint_trace_id("mentions.raw", 2, 8) == records[1].trace_id == records[1].trace_id
