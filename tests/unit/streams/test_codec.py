from __future__ import annotations

import orjson
import pytest

from streams.codec import DecodeError, decode_extracted, decode_input, encode
from streams.schemas import ExtractedDocument, InputDocument, Mention


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"not json", "not_json"),
        (b"\xff\xfe{}", "invalid_utf8"),
        (b'["a list"]', "wrong_schema"),
        (b'{"text": "no id"}', "wrong_schema"),
        (b'{"id": "", "text": "empty id"}', "wrong_schema"),
        (b'{"id": "d1", "text": 5}', "wrong_schema"),
        (b'{"id": "d1", "text": "   "}', "empty_text"),
        (b'{"id": "d1", "text": "x", "published_at": "yesterday"}', "wrong_schema"),
        (b'{"id": "d1", "text": "x", "published_at": "2024-01-02"}', "wrong_schema"),
        (None, "null_value"),
    ],
)
def test_decode_input_poison_reason(raw, reason):
    out = decode_input(raw)
    assert isinstance(out, DecodeError)
    assert out.reason == reason, out.detail


def test_decode_input_too_large():
    raw = orjson.dumps({"id": "big", "text": "x" * 5000})
    out = decode_input(raw, max_bytes=1024)
    assert isinstance(out, DecodeError) and out.reason == "too_large"


def test_decode_input_valid_keeps_fields_and_ignores_unknown():
    raw = orjson.dumps({"id": "d1", "text": "Paris", "source": "rss", "lang": "en",
                        "published_at": "2024-05-01T10:00:00Z", "meta": {"a": 1}, "extra": True})
    out = decode_input(raw)
    assert isinstance(out, InputDocument)
    assert (out.id, out.text, out.source, out.meta) == ("d1", "Paris", "rss", {"a": 1})


def test_extracted_roundtrip_and_span_check():
    doc = InputDocument(id="d1", text="Hello Paris")
    ex = ExtractedDocument(doc=doc, mentions=(Mention(start=6, end=11, surface="Paris", type="LOC", score=0.9),),
                           extractor_version="t")
    back = decode_extracted(encode(ex))
    assert back == ex
    bad = orjson.loads(encode(ex))
    bad["mentions"][0]["surface"] = "Pari"
    out = decode_extracted(orjson.dumps(bad))
    assert isinstance(out, DecodeError) and out.reason == "wrong_schema"
