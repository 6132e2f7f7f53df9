"""Decision precedence (human > teacher > model), whatever the order records and documents meet."""

from __future__ import annotations

import itertools

import pytest

from streams.schemas import Entity, NormalizedDocument, ReviewDecision
from workers.review.precedence import (
    DecisionRecord,
    decode_record,
    encode_record,
    outranks,
    overlay,
    span_key,
)

TEXT = "Paris and Springfield"


def ent(s: int, e: int, by: str, kb: str) -> Entity:
    return Entity(start=s, end=e, surface=TEXT[s:e], kb_id=kb, name=None, type="LOC", score=0.5, model_version="m",
                  kb_version="kb", decided_by=by)  # type: ignore[arg-type]


def record(s: int, e: int, by: str, kb: str | None) -> DecisionRecord:
    d = ReviewDecision(doc_id="d", start=s, end=e, surface=TEXT[s:e], type="LOC", kb_id=kb,
                       nil_reason=None if kb else "needs_context", decided_by=by,  # type: ignore[arg-type]
                       confidence=0.9, model_proposed=ent(s, e, "model", "m:1"))
    return DecisionRecord(d, ent(s, e, by, kb) if kb else None)


def test_precedence_record_roundtrip_and_ranks():
    h, t = record(0, 5, "human", "h:1"), record(0, 5, "teacher", "t:1")
    assert decode_record(encode_record(h)) == h and encode_record(h).startswith(b"2|")
    assert outranks(h, t) and not outranks(t, h) and outranks(t, t) and outranks(t, None)


@pytest.mark.parametrize("order", list(itertools.permutations(["human", "teacher", "model"])))
def test_precedence_final_document_is_the_same_in_any_replay_order(order):
    """Records written in any order through ``outranks`` give one result: the person's."""
    held: dict[str, DecisionRecord] = {}
    for by in order:
        if by == "model":
            continue
        r = record(0, 5, by, f"{by}:1")
        if outranks(r, held.get(span_key(0, 5))):
            held[span_key(0, 5)] = r
    doc = NormalizedDocument(id="d", entities=(ent(10, 21, "model", "m:2"),), pending_review=1)
    out = overlay(doc, held)
    assert [(e.start, e.decided_by, e.kb_id) for e in out.entities] == [(0, "human", "human:1"), (10, "model", "m:2")]
    assert out.pending_review == 0


def test_precedence_overlay_never_lowers_a_decision():
    doc = NormalizedDocument(id="d", entities=(ent(0, 5, "human", "h:1"),), pending_review=0)
    assert overlay(doc, {span_key(0, 5): record(0, 5, "teacher", "t:1")}) == doc
    unsure = {span_key(10, 21): record(10, 21, "teacher", None)}  # waits for a person: stays pending
    pending = NormalizedDocument(id="d", entities=(), pending_review=1)
    assert overlay(pending, unsure) == pending


def test_precedence_normalization_replay_keeps_recorded_decisions():
    """A replay of mentions.extracted re-links with the model; the published document keeps the review."""
    from streams.codec import decode_normalized, encode
    from workers.normalization.decided import apply_decisions, normalized_ids
    from workers.shell import Outgoing, Processed, RawRecord

    model_doc = NormalizedDocument(id="d", entities=(ent(10, 21, "model", "m:2"),), pending_review=1)
    p = Processed(RawRecord("mentions.extracted", 0, 7, b"d", b"{}"),
                  (Outgoing("entities.normalized", b"d", encode(model_doc)), Outgoing("entities.review", b"d", b"r")))
    assert normalized_ids([p], "entities.normalized") == ["d"]
    (out,) = apply_decisions([p], "entities.normalized", {"d": {span_key(0, 5): record(0, 5, "human", "h:1")}})
    doc = decode_normalized(out.outgoing[0].value)
    assert isinstance(doc, NormalizedDocument) and doc.pending_review == 0
    assert [(e.start, e.decided_by) for e in doc.entities] == [(0, "human"), (10, "model")]
    assert out.outgoing[1] == p.outgoing[1]
    assert apply_decisions([p], "entities.normalized", {}) == [p]
