"""``mentionflow tail``'s pure part: message bytes -> readable lines, after the filter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mentionflow.tail import TailFilter, tail_lines, topic_kind
from streams.codec import encode
from streams.dlq import make_dead_letter
from streams.schemas import Entity, NormalizedDocument, ReviewDecision


def ent(s: int, e: int, surface: str, type_: str, kb: str | None, score: float, by: str = "model") -> Entity:
    return Entity(start=s, end=e, surface=surface, kb_id=kb, nil_reason=None if kb else "not_in_kb",
                  name=surface if kb else None, type=type_, score=score, model_version="m", kb_version="k",  # type: ignore[arg-type]
                  decided_by=by)  # type: ignore[arg-type]


DOC = encode(NormalizedDocument(id="d1", pending_review=1, entities=(
    ent(0, 5, "Paris", "LOC", "geonames:2988507", 0.91), ent(10, 15, "Alice", "PER", None, 0.4, "human"),
    ent(20, 23, "IBM", "ORG", "wikidata:Q37156", 0.85, "teacher"))))


def test_tail_normalized_lines_show_surface_name_id_score_and_decider():
    assert tail_lines("normalized", DOC, TailFilter()) == [
        "d1  Paris [LOC] -> Paris (geonames:2988507) 0.91 model",
        "d1  Alice [PER] -> NIL not_in_kb 0.40 human",
        "d1  IBM [ORG] -> IBM (wikidata:Q37156) 0.85 teacher",
        "d1  (1 mention(s) waiting for review)"]


@pytest.mark.parametrize(("f", "surfaces"), [
    (TailFilter(types=frozenset({"PER"})), ["Alice"]),
    (TailFilter(min_score=0.8), ["Paris", "IBM"]),
    (TailFilter(types=frozenset({"ORG", "LOC"}), min_score=0.9), ["Paris"]),
    (TailFilter(min_score=0.95), []),
])
def test_tail_filters_by_type_and_min_score(f: TailFilter, surfaces: list[str]):
    assert [line.split("  ")[1].split(" [")[0] for line in tail_lines("normalized", DOC, f)] == surfaces


def test_tail_undecodable_message_is_shown_not_dropped():
    (line,) = tail_lines("normalized", b"{nope", TailFilter(), where="[2:40]")
    assert line.startswith("[2:40]  ! undecodable (not_json)")


def test_tail_reviewed_and_dead_letter_lines():
    d = ReviewDecision(doc_id="d1", start=0, end=5, surface="Paris", type="LOC", kb_id=None, nil_reason="needs_context",
                       decided_by="human", confidence=1.0, reviewer="ana", model_proposed=ent(0, 5, "Paris", "LOC", "g:1", 0.3))
    assert tail_lines("reviewed", encode(d), TailFilter()) == ["d1  Paris [LOC] -> NIL needs_context 1.00 human ana"]
    dl = make_dead_letter(topic="mentions.raw", partition=1, offset=9, key=None, value=b"x", doc_id=None, reason="not_json",
                          detail="bad", worker="extraction", now=datetime(2024, 1, 1, tzinfo=UTC))
    assert tail_lines("dlq", encode(dl), TailFilter(types=frozenset({"PER"}))) == [
        "-  ! dead letter from mentions.raw/1/9 (not_json, extraction): bad"]


def test_tail_topic_kind_by_name_prefix_or_not():
    assert [topic_kind(t) for t in ("entities.normalized", "t1-entities.reviewed", "x-entities.review",
                                    "mentions.raw.dlq")] == ["normalized", "reviewed", "review", "dlq"]
    with pytest.raises(ValueError, match="tail shows"):
        topic_kind("mentions.raw")
