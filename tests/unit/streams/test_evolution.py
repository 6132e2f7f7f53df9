"""Schema evolution rules (docs/SCHEMAS.md), as a v1 reader sees messages from other producers."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from streams.codec import (
    SUPPORTED_MAJORS,
    DecodeError,
    decode,
    decode_extracted,
    decode_normalized,
    decode_review,
)
from streams.dlq import DeadLetter
from streams.schemas import SCHEMA_VERSION, NormalizedDocument, ReviewDecision
from workers.shell import RawRecord, process_batch

ENTITY = {"start": 0, "end": 5, "surface": "Paris", "kb_id": "geonames:2988507", "name": "Paris", "type": "LOC",
          "score": 0.9, "model_version": "m", "kb_version": "kb", "decided_by": "model"}


def v2_minor(doc: dict) -> dict:
    """What a newer producer of the same major might send: fields this reader has never seen,
    at the top level and nested."""
    return {**doc, "language_confidence": 0.97, "entities": [{**e, "wikidata_qid": "Q90", "salience": 0.4}
                                                              for e in doc.get("entities", [])]}


def test_evolution_v1_reader_ignores_unknown_fields_top_level_and_nested():
    raw = orjson.dumps(v2_minor({"schema_version": 1, "id": "d1", "entities": [ENTITY], "pending_review": 0}))
    out = decode_normalized(raw)
    assert isinstance(out, NormalizedDocument)
    assert out.entities[0].kb_id == "geonames:2988507" and "wikidata_qid" not in out.entities[0].model_dump()


def test_evolution_missing_optional_fields_take_their_defaults():
    """A message from an older producer without the fields added since (all optional)."""
    slim = {k: v for k, v in ENTITY.items() if k not in ("decided_by",)}
    out = decode_normalized(orjson.dumps({"id": "d1", "entities": [slim]}))  # no schema_version, no pending_review
    assert isinstance(out, NormalizedDocument)
    assert (out.schema_version, out.pending_review, out.entities[0].decided_by) == (1, 0, "model")


@pytest.mark.parametrize("version", [2, 99, 0, -1])
def test_evolution_unknown_major_version_is_refused_with_a_clear_reason(version: int):
    raw = orjson.dumps({"schema_version": version, "id": "d1", "entities": [ENTITY]})
    out = decode_normalized(raw)
    assert isinstance(out, DecodeError) and out.reason == "unknown_schema_version"
    assert f"schema_version {version} is not supported" in out.detail and "reads 1" in out.detail


def test_evolution_unknown_major_is_refused_even_if_its_fields_would_fit():
    """A new major may change the meaning of fields that keep their names: never misread it."""
    for fn, body in ((decode_review, {"id": "d", "text": "t", "items": []}),
                     (decode_extracted, {"doc": {"id": "d", "text": "t"}, "mentions": [], "extractor_version": "e"})):
        out = fn(orjson.dumps({**body, "schema_version": SCHEMA_VERSION + 1}))
        assert isinstance(out, DecodeError) and out.reason == "unknown_schema_version"
        assert isinstance(fn(orjson.dumps({**body, "schema_version": SCHEMA_VERSION})), DecodeError) is False


def test_evolution_a_wrongly_typed_version_is_a_schema_error():
    out = decode_normalized(orjson.dumps({"schema_version": "two", "id": "d1", "entities": []}))
    assert isinstance(out, DecodeError) and out.reason == "wrong_schema" and "schema_version" in out.detail


def test_evolution_worker_dead_letters_an_unknown_major_with_its_original_bytes():
    raw = orjson.dumps({"schema_version": 2, "doc": {"id": "d9", "text": "x"}, "mentions": [], "extractor_version": "e"})
    out = process_batch([RawRecord("mentions.extracted", 1, 7, b"d9", raw)], decode_extracted,
                        lambda docs: [[] for _ in docs], "normalization", datetime(2024, 1, 1, tzinfo=UTC))
    (letter,) = out
    dl = DeadLetter.model_validate_json(letter.value)
    assert letter.topic == "mentions.extracted.dlq" and dl.reason == "unknown_schema_version"
    assert dl.original_value() == raw and "not supported by this reader" in dl.detail


def test_evolution_producers_stay_strict():
    """Tolerance is the reader's: building a message with a misspelled field still fails."""
    with pytest.raises(ValueError):
        ReviewDecision.model_validate({"doc_id": "d", "start": 0, "end": 1, "surface": "x", "type": "PER", "kb_id": None,
                                       "nil_reason": "not_in_kb", "decided_by": "human", "confidence": 1.0,
                                       "model_proposed": ENTITY, "reviewr": "typo"})
    assert isinstance(decode(orjson.dumps({"id": "d", "entities": [], "extra": 1}), NormalizedDocument), NormalizedDocument)
    assert {SCHEMA_VERSION} == SUPPORTED_MAJORS
