from __future__ import annotations

from typing import Any

import orjson
import pytest

from teacher.protocol import (
    EXTRACTION_SCHEMA,
    NORMALIZATION_SCHEMA,
    answer_content,
    chat_request,
    find_occurrences,
    parse_extraction,
    parse_normalization,
    usage_from_response,
)
from teacher.shapes import (
    CandidateView,
    ExtractionResult,
    Invalid,
    NormalizationAnswer,
    NormalizationQuery,
    TeacherSpan,
    Usage,
)

DOC = "Paris is in France. Paris Hilton visited Paris."


def answer(*entities: tuple[str, str, int]) -> str:
    return orjson.dumps(
        {"entities": [{"text": t, "type": ty, "occurrence": n} for t, ty, n in entities]}
    ).decode()


def ok(result: ExtractionResult | Invalid) -> ExtractionResult:
    assert isinstance(result, ExtractionResult), result
    return result


def test_parse_extraction_locates_occurrences():
    res = ok(
        parse_extraction(
            DOC,
            answer(
                ("Paris", "LOC", 1),
                ("France", "LOC", 1),
                ("Paris Hilton", "PER", 1),
                ("Paris", "LOC", 3),
            ),
        )
    )
    assert res.spans == (
        TeacherSpan(0, 5, "Paris", "LOC"),
        TeacherSpan(12, 18, "France", "LOC"),
        TeacherSpan(20, 32, "Paris Hilton", "PER"),
        TeacherSpan(41, 46, "Paris", "LOC"),
    )
    assert res.rejected == ()
    for s in res.spans:
        assert DOC[s.start : s.end] == s.text


@pytest.mark.parametrize(
    ("entity", "kind"),
    [
        (("Berlin", "LOC", 1), "span_not_in_text"),
        (("France", "LOC", 2), "span_not_in_text"),
        (("France", "COUNTRY", 1), "schema"),
        (("France", "LOC", 0), "schema"),
        (("  ", "LOC", 1), "schema"),
    ],
)
def test_parse_extraction_rejects_only_the_bad_entity(entity, kind):
    res = ok(parse_extraction(DOC, answer(("Paris", "LOC", 1), entity)))
    assert res.spans == (TeacherSpan(0, 5, "Paris", "LOC"),)
    assert [r.kind for r in res.rejected] == [kind]


def test_parse_extraction_rejects_non_object_entity_and_bool_occurrence():
    content = orjson.dumps(
        {"entities": ["Paris", {"text": "Paris", "type": "LOC", "occurrence": True}]}
    ).decode()
    res = ok(parse_extraction(DOC, content))
    assert res.spans == ()
    assert [r.kind for r in res.rejected] == ["schema", "schema"]


def test_parse_extraction_resolves_overlaps_keeping_the_longer_span():
    text = "The New York Times covered New York."
    res = ok(
        parse_extraction(
            text,
            answer(("New York", "LOC", 1), ("New York Times", "ORG", 1), ("New York", "LOC", 2)),
        )
    )
    assert res.spans == (
        TeacherSpan(4, 18, "New York Times", "ORG"),
        TeacherSpan(27, 35, "New York", "LOC"),
    )
    assert [r.kind for r in res.rejected] == ["overlap"]


def test_parse_extraction_same_span_two_types_keeps_the_first_listed():
    res = ok(parse_extraction(DOC, answer(("France", "ORG", 1), ("France", "LOC", 1))))
    assert res.spans == (TeacherSpan(12, 18, "France", "ORG"),)
    assert [r.kind for r in res.rejected] == ["overlap"]


def test_parse_extraction_drops_exact_duplicates_silently():
    res = ok(parse_extraction(DOC, answer(("France", "LOC", 1), ("France", "LOC", 1))))
    assert res.spans == (TeacherSpan(12, 18, "France", "LOC"),)
    assert res.rejected == ()


def test_parse_extraction_trims_surface_whitespace_and_accepts_fenced_json():
    content = "```json\n" + answer((" France ", "LOC", 1.0)) + "\n```"  # type: ignore[arg-type]
    res = ok(parse_extraction(DOC, content))
    assert res.spans == (TeacherSpan(12, 18, "France", "LOC"),)


def test_parse_extraction_empty_list_is_a_valid_answer():
    assert parse_extraction(DOC, '{"entities": []}') == ExtractionResult((), ())


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("{not json", "not_json"),
        ('{"entities": [', "not_json"),
        ("[]", "schema"),
        ('{"entities": {}}', "schema"),
        ('{"spans": []}', "schema"),
    ],
)
def test_parse_extraction_unusable_content_is_invalid(content, kind):
    res = parse_extraction(DOC, content)
    assert isinstance(res, Invalid)
    assert res.kind == kind


@pytest.mark.parametrize(
    ("text", "surface", "starts"),
    [
        ("Oxford and Ford", "Ford", [11]),
        ("Oxford", "Ford", []),
        ("Apple's Apple-based apples", "Apple", [0, 8]),
        ("aaa aa", "aa", [4]),
        ("私は東京に住んでいる。東京", "東京", [2, 11]),
        ("in Paris.", "Paris", [3]),
    ],
)
def test_find_occurrences_counts_standalone_matches(text, surface, starts):
    assert find_occurrences(text, surface) == starts


def query(*ids: str) -> NormalizationQuery:
    text = "He moved to Paris last year."
    cands = tuple(CandidateView(i, f"name {i}", "LOC", f"desc {i}") for i in ids)
    return NormalizationQuery(text, 12, 17, "Paris", "LOC", cands)


def norm(**fields: Any) -> str:
    base = {"id": None, "nil_reason": None, "confidence": 0.9, "reason": "r"}
    return orjson.dumps({**base, **fields}).decode()


def test_parse_normalization_accepts_a_listed_id():
    res = parse_normalization(query("Q90", "Q830149"), norm(id="Q90"))
    assert res == NormalizationAnswer("Q90", None, 0.9, "r")


@pytest.mark.parametrize("reason", ["not_in_kb", "needs_context"])
def test_parse_normalization_nil_with_reason(reason):
    res = parse_normalization(query("Q90"), norm(nil_reason=reason, confidence=0.4))
    assert res == NormalizationAnswer(None, reason, 0.4, "r")


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (norm(id="Q64"), "unknown_id"),
        (norm(id=""), "unknown_id"),
        (norm(), "schema"),  # null id without nil_reason
        (norm(id="Q90", nil_reason="not_in_kb"), "schema"),
        (norm(nil_reason="unknown"), "schema"),
        (norm(id=90), "schema"),
        (norm(id="Q90", confidence="high"), "schema"),
        (norm(id="Q90", confidence=True), "schema"),
        (norm(id="Q90", reason=None), "schema"),
        ('{"id": "Q90"}', "schema"),
        ("[1]", "schema"),
        ("nope", "not_json"),
        ("", "empty"),
    ],
)
def test_parse_normalization_invalid_answers(content, kind):
    res = parse_normalization(query("Q90"), content)
    assert isinstance(res, Invalid)
    assert res.kind == kind


@pytest.mark.parametrize(("given", "clamped"), [(1.7, 1.0), (-0.2, 0.0), (1, 1.0), (0, 0.0)])
def test_parse_normalization_clamps_numeric_confidence(given, clamped):
    res = parse_normalization(query("Q90"), norm(id="Q90", confidence=given))
    assert isinstance(res, NormalizationAnswer)
    assert res.confidence == clamped


def test_parse_normalization_with_no_candidates_only_allows_nil():
    assert isinstance(parse_normalization(query(), norm(id="Q90")), Invalid)
    assert parse_normalization(query(), norm(nil_reason="not_in_kb")) == NormalizationAnswer(
        None, "not_in_kb", 0.9, "r"
    )


def test_normalization_query_checks_offsets():
    with pytest.raises(ValueError):
        NormalizationQuery("abc", 0, 2, "abc", "LOC", ())
    with pytest.raises(ValueError):
        NormalizationQuery("abc", 2, 9, "c", "LOC", ())


def test_chat_request_is_deterministic_and_schema_constrained():
    body = chat_request("gpt-4o", [{"role": "user", "content": "x"}], "n", EXTRACTION_SCHEMA)
    assert body["model"] == "gpt-4o"
    assert body["temperature"] == 0
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "n", "strict": True, "schema": EXTRACTION_SCHEMA},
    }


def _objects(schema: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            found.append(schema)
        for v in schema.values():
            found += _objects(v)
    elif isinstance(schema, list):
        for v in schema:
            found += _objects(v)
    return found


@pytest.mark.parametrize("schema", [EXTRACTION_SCHEMA, NORMALIZATION_SCHEMA])
def test_schemas_follow_strict_mode_rules(schema):
    objects = _objects(schema)
    assert objects
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ({}, "empty"),
        ({"choices": []}, "empty"),
        ({"choices": [{"message": {"content": None}, "finish_reason": "stop"}]}, "empty"),
        ({"choices": [{"message": {"content": "", "refusal": "I can't"}}]}, "refusal"),
        ({"choices": [{"message": {"content": "{"}, "finish_reason": "length"}]}, "truncated"),
        (
            {"choices": [{"message": {"content": "x"}, "finish_reason": "content_filter"}]},
            "refusal",
        ),
    ],
)
def test_answer_content_reports_why_there_is_no_content(body, kind):
    res = answer_content(body)
    assert isinstance(res, Invalid)
    assert res.kind == kind


def test_answer_content_returns_the_first_choice():
    body = {"choices": [{"message": {"content": '{"a": 1}'}, "finish_reason": "stop"}]}
    assert answer_content(body) == '{"a": 1}'


@pytest.mark.parametrize(
    ("body", "usage"),
    [
        ({"usage": {"prompt_tokens": 12, "completion_tokens": 3}}, Usage(12, 3)),
        ({"usage": {"prompt_tokens": 12}}, Usage(12, 0)),
        ({"usage": {"prompt_tokens": "12", "completion_tokens": True}}, Usage(0, 0)),
        ({"usage": None}, Usage(0, 0)),
        ({}, Usage(0, 0)),
    ],
)
def test_usage_from_response(body, usage):
    assert usage_from_response(body) == usage
