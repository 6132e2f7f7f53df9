"""The teacher wire protocol, pure: request bodies, answer schemas, answer parsing.

The model never gives character offsets. An extraction answer names each entity's surface
text and which standalone occurrence of it (1-based) it means; :func:`parse_extraction` finds
the offsets. A normalization answer must quote one of the listed candidate ids.
Everything unusable comes back as an :class:`Invalid` value, never as an exception.
"""

from __future__ import annotations

from typing import Any, Final, cast

import orjson

from streams.schemas import ENTITY_TYPES, EntityType, NilReason
from teacher.prompts import extraction_messages, normalization_messages
from teacher.shapes import (
    ExtractionResult,
    Invalid,
    NormalizationAnswer,
    NormalizationQuery,
    TeacherSpan,
    Usage,
)

__all__ = [
    "EXTRACTION_SCHEMA",
    "EXTRACTION_SCHEMA_NAME",
    "NORMALIZATION_SCHEMA",
    "NORMALIZATION_SCHEMA_NAME",
    "extraction_messages",
    "normalization_messages",
    "chat_request",
    "answer_content",
    "find_occurrences",
    "parse_extraction",
    "parse_normalization",
    "usage_from_response",
]

EXTRACTION_SCHEMA_NAME: Final = "entity_mentions"
NORMALIZATION_SCHEMA_NAME: Final = "entity_link"
NIL_REASONS: Final = ("not_in_kb", "needs_context")

#: Extraction answer schema (OpenAI strict structured outputs). Do not mutate.
EXTRACTION_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "entities": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string", "description": "surface copied exactly"},
                    "type": {"type": "string", "enum": list(ENTITY_TYPES)},
                    "occurrence": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "which standalone appearance of text, from 1",
                    },
                },
                "required": ["text", "type", "occurrence"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["entities"],
    "additionalProperties": False,
}

#: Normalization answer schema (OpenAI strict structured outputs). Do not mutate.
NORMALIZATION_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "id": {"type": ["string", "null"], "description": "a listed candidate id, or null"},
        "nil_reason": {"anyOf": [{"type": "string", "enum": list(NIL_REASONS)}, {"type": "null"}]},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "reason": {"type": "string"},
    },
    "required": ["id", "nil_reason", "confidence", "reason"],
    "additionalProperties": False,
}

_SURFACE_IN_DETAIL = 80


def chat_request(
    model: str, messages: list[dict[str, str]], schema_name: str, schema: dict[str, Any]
) -> dict[str, Any]:
    """The Chat Completions request body: deterministic, JSON-schema constrained."""
    return {
        "model": model,
        "messages": messages,
        "temperature": 0,
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": schema_name, "strict": True, "schema": schema},
        },
    }


def answer_content(body: dict[str, Any]) -> str | Invalid:
    """The first choice's message content, or why there is no usable content."""
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return Invalid("empty", "response has no choices")
    choice = choices[0]
    message = choice.get("message")
    message = message if isinstance(message, dict) else {}
    if message.get("refusal"):
        return Invalid("refusal", str(message["refusal"])[:200])
    if choice.get("finish_reason") == "content_filter":
        return Invalid("refusal", "finish_reason content_filter")
    if choice.get("finish_reason") == "length":
        return Invalid("truncated", "answer hit the output token limit")
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        return Invalid("empty", "message has no content")
    return content


def usage_from_response(body: dict[str, Any]) -> Usage:
    """Billed tokens from the response's ``usage``; zeros where it is missing or ill-typed."""
    usage = body.get("usage")
    usage = usage if isinstance(usage, dict) else {}

    def count(name: str) -> int:
        v = usage.get(name)
        return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else 0

    return Usage(prompt_tokens=count("prompt_tokens"), completion_tokens=count("completion_tokens"))


def _load_json(content: str) -> Any | Invalid:
    text = content.strip()
    if text.startswith("```"):  # lenient: some compatible servers fence JSON anyway
        text = text.removeprefix("```json").removeprefix("```").removesuffix("```").strip()
    if not text:
        return Invalid("empty", "content is blank")
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        return Invalid("not_json", str(exc)[:200])


def _unspaced(ch: str) -> bool:
    """Characters of scripts written without spaces between words (Thai, CJK, Kana, ...)."""
    o = ord(ch)
    return o >= 0x2E80 or 0x0E00 <= o < 0x0F00 or 0x1000 <= o < 0x10A0 or 0x1780 <= o < 0x1800


def _joined(a: str, b: str) -> bool:
    """Whether ``a`` followed by ``b`` is inside one word (so no word boundary lies between)."""
    return a.isalnum() and b.isalnum() and not _unspaced(a) and not _unspaced(b)


def find_occurrences(text: str, surface: str) -> list[int]:
    """Start offsets of the standalone, non-overlapping occurrences of ``surface`` in ``text``.

    Standalone: not glued to a letter or digit on either side ("Ford" is not found inside
    "Oxford"); scripts written without spaces (CJK, Thai, ...) need no boundary.
    """
    starts: list[int] = []
    i = text.find(surface) if surface else -1
    while i != -1:
        end = i + len(surface)
        left_ok = i == 0 or not _joined(text[i - 1], surface[0])
        right_ok = end == len(text) or not _joined(surface[-1], text[end])
        if left_ok and right_ok:
            starts.append(i)
            i = text.find(surface, end)
        else:
            i = text.find(surface, i + 1)
    return starts


def _short(s: str) -> str:
    return s if len(s) <= _SURFACE_IN_DETAIL else s[:_SURFACE_IN_DETAIL] + "…"


def _locate(text: str, index: int, item: object) -> TeacherSpan | Invalid:
    if not isinstance(item, dict):
        return Invalid("schema", f"entity {index} is not an object")
    surface, etype, occurrence = item.get("text"), item.get("type"), item.get("occurrence")
    if not isinstance(surface, str) or not surface.strip():
        return Invalid("schema", f"entity {index}: text missing or blank")
    if etype not in ENTITY_TYPES:
        return Invalid("schema", f"entity {index}: type {etype!r} not in {ENTITY_TYPES}")
    if isinstance(occurrence, float) and occurrence.is_integer():
        occurrence = int(occurrence)
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        return Invalid("schema", f"entity {index}: occurrence {occurrence!r} is not an int >= 1")
    surface = surface.strip()
    starts = find_occurrences(text, surface)
    if len(starts) < occurrence:
        return Invalid(
            "span_not_in_text",
            f"entity {index}: {_short(surface)!r} occurrence {occurrence} not in the document "
            f"({len(starts)} found)",
        )
    start = starts[occurrence - 1]
    return TeacherSpan(start, start + len(surface), surface, cast(EntityType, etype))


def _resolve_overlaps(spans: list[TeacherSpan]) -> tuple[list[TeacherSpan], list[Invalid]]:
    """Keep longer spans over the shorter ones they overlap (ties: the one listed first)."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start - spans[i].end, i))
    kept: list[TeacherSpan] = []
    dropped: list[Invalid] = []
    for i in order:
        s = spans[i]
        clash = next((k for k in kept if s.start < k.end and k.start < s.end), None)
        if clash is None:
            kept.append(s)
        else:
            dropped.append(
                Invalid(
                    "overlap",
                    f"{s.type} {_short(s.text)!r} [{s.start}, {s.end}) overlaps kept "
                    f"{clash.type} [{clash.start}, {clash.end})",
                )
            )
    kept.sort(key=lambda s: (s.start, s.end))
    return kept, dropped


def parse_extraction(text: str, content: str) -> ExtractionResult | Invalid:
    """Turn an extraction answer into located spans of ``text``.

    An entity that cannot be located or is ill-formed is rejected alone (reported in
    ``rejected``); exact duplicates are dropped silently; of overlapping spans the longer is
    kept and the others are rejected as ``overlap``. Only content that is unusable as a
    whole (not JSON, no ``entities`` list) gives an :class:`Invalid`.
    """
    data = _load_json(content)
    if isinstance(data, Invalid):
        return data
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        return Invalid("schema", "expected an object with an 'entities' list")
    rejected: list[Invalid] = []
    found: list[TeacherSpan] = []
    seen: set[TeacherSpan] = set()
    for index, item in enumerate(data["entities"]):
        span = _locate(text, index, item)
        if isinstance(span, Invalid):
            rejected.append(span)
        elif span not in seen:
            seen.add(span)
            found.append(span)
    kept, dropped = _resolve_overlaps(found)
    return ExtractionResult(spans=tuple(kept), rejected=tuple(rejected + dropped))


def parse_normalization(q: NormalizationQuery, content: str) -> NormalizationAnswer | Invalid:
    """Check a normalization answer against the query's candidates.

    The id must be one of ``q``'s candidate ids (else ``unknown_id``); a null id needs a
    nil_reason and a set id must have none (else ``schema``); a numeric confidence is
    clamped to [0, 1], a non-numeric one is ``schema``.
    """
    data = _load_json(content)
    if isinstance(data, Invalid):
        return data
    if not isinstance(data, dict):
        return Invalid("schema", "expected a JSON object")
    if "id" not in data or "confidence" not in data:
        return Invalid("schema", "missing 'id' or 'confidence'")
    kb_id, nil_reason = data["id"], data.get("nil_reason")
    confidence, reason = data["confidence"], data.get("reason", "")
    if kb_id is not None and not isinstance(kb_id, str):
        return Invalid("schema", f"id must be a string or null, got {type(kb_id).__name__}")
    if nil_reason is not None and nil_reason not in NIL_REASONS:
        return Invalid("schema", f"nil_reason {nil_reason!r} not in {NIL_REASONS}")
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        return Invalid("schema", f"confidence {confidence!r} is not a number")
    if not isinstance(reason, str):
        return Invalid("schema", "reason must be a string")
    if kb_id is None and nil_reason is None:
        return Invalid("schema", "id is null but nil_reason is missing")
    if kb_id is not None and nil_reason is not None:
        return Invalid("schema", "both id and nil_reason are set")
    if kb_id is not None and kb_id not in {c.kb_id for c in q.candidates}:
        return Invalid("unknown_id", f"id {_short(kb_id)!r} is not a listed candidate")
    return NormalizationAnswer(
        kb_id=kb_id,
        nil_reason=cast(NilReason | None, nil_reason),
        confidence=min(1.0, max(0.0, float(confidence))),
        reason=reason,
    )
