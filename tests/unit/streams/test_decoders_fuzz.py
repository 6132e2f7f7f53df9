"""Every decoder, fuzzed: whatever the bytes, a value or a DLQ reason, never an exception."""

from __future__ import annotations

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.codec import (
    DecodeError,
    decode_extracted,
    decode_input,
    decode_normalized,
    decode_review,
)
from streams.schemas import ExtractedDocument, InputDocument, NormalizedDocument, ReviewRequest
from workers.shell import RawRecord, dead_letter, doc_id_of

DECODERS = [(decode_input, InputDocument), (decode_extracted, ExtractedDocument),
            (decode_normalized, NormalizedDocument), (decode_review, ReviewRequest)]
REASONS = {"too_large", "invalid_utf8", "not_json", "wrong_schema", "empty_text", "null_value",
           "unknown_schema_version"}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)
# objects shaped like the messages, with wrong or odd fields: the validators get exercised
shaped = st.fixed_dictionaries({}, optional={
    "id": json_values, "text": json_values, "doc": json_values, "mentions": json_values, "entities": json_values,
    "items": json_values, "extractor_version": json_values, "published_at": json_values,
    "schema_version": json_values, "pending_review": json_values})
payloads = (st.binary(max_size=300) | st.none() | json_values.map(orjson.dumps) | shaped.map(orjson.dumps)
            | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))


def check(raw: bytes | None) -> None:
    for decode, model in DECODERS:
        out = decode(raw)
        assert isinstance(out, model | DecodeError)
        if isinstance(out, DecodeError):
            assert out.reason in REASONS and out.detail


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads)
def test_decoders_fuzz_never_raise(raw):
    check(raw)


def test_decoders_fuzz_json_edge_numbers():
    for raw in (b'{"id": "x", "text": "y", "pending_review": 99999999999999999999999}', b'{"id": 1e400, "text": "y"}',
                b'{"doc": {"id": "x", "text": "ab"}, "mentions": [{"start": 0, "end": 1e400}], "extractor_version": 1}',
                b"[" * 2000 + b"]" * 2000, rb'"\ud800"', rb'{"id": "x", "text": "\ud800"}'):
        check(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60), st.lists(st.tuples(st.integers(-3, 70), st.integers(-3, 70), st.text(max_size=9)),
                                                  max_size=4))
def test_decoders_fuzz_extracted_spans_never_raise(text, spans):
    """Spans out of range, reversed, not matching the text, on surrogates: a value or wrong_schema."""
    mentions = [{"start": s, "end": e, "surface": surf, "type": "PER", "score": 0.5} for s, e, surf in spans]
    raw = orjson.dumps({"doc": {"id": "x", "text": text}, "mentions": mentions, "extractor_version": "v"},
                       option=orjson.OPT_NON_STR_KEYS) if "\ud800" not in text else text.encode("utf-8", "surrogatepass")
    check(raw)
    out = decode_extracted(raw)
    if isinstance(out, ExtractedDocument):
        assert all(out.doc.text[m.start:m.end] == m.surface for m in out.mentions)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40) | st.none(), payloads)
def test_decoders_fuzz_doc_id_and_dead_letter_never_raise(key, value):
    rec = RawRecord("mentions.raw", 0, 1, key, value)
    doc_id = doc_id_of(rec)
    assert doc_id is None or isinstance(doc_id, str)
    from datetime import UTC, datetime

    letter = dead_letter(rec, "not_json", "fuzz", "extraction", datetime(2024, 1, 1, tzinfo=UTC), max_bytes=2000)
    assert letter.topic == "mentions.raw.dlq" and letter.key
