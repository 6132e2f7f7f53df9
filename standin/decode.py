"""Reading the teacher client's requests back (pure): the inverse of ``teacher.prompts``.

Only the stand-in needs this: a real LLM reads the prompt as prose. Decoding fails with
``RequestNotUnderstood`` (a 400 answer) rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from teacher.protocol import EXTRACTION_SCHEMA_NAME, NORMALIZATION_SCHEMA_NAME
from teacher.shapes import CandidateView

__all__ = ["RequestNotUnderstood", "ExtractionTask", "NormalizationTask", "decode_request"]

_DOC = re.compile(r'<document id="[0-9a-f]+">\n(.*)\n</document>', re.DOTALL)
_CANDS = re.compile(r"<candidates>\n(.*)\n</candidates>", re.DOTALL)
_LINE = re.compile(r"^\d+\. (\{.*\})$")
_TYPE = re.compile(r"\(type ([A-Za-z_\-]+)\)")
_NEUTRALISED = re.compile(r"&lt;(\s*/?\s*)(document|candidates)", re.IGNORECASE)


class RequestNotUnderstood(ValueError):
    """The request is not one the teacher client writes."""


@dataclass(frozen=True, slots=True)
class ExtractionTask:
    text: str


@dataclass(frozen=True, slots=True)
class NormalizationTask:
    """The excerpt (mention markers removed), the mention's offsets in it, its type, the candidates."""

    window: str
    start: int
    end: int
    surface: str
    type: str
    candidates: tuple[CandidateView, ...]


def _user_text(body: dict[str, Any]) -> str:
    msgs = body.get("messages")
    if not isinstance(msgs, list):
        raise RequestNotUnderstood("no messages")
    users = [m.get("content") for m in msgs if isinstance(m, dict) and m.get("role") == "user"]
    if not users or not isinstance(users[-1], str):
        raise RequestNotUnderstood("no user message")
    return users[-1]


def _schema_name(body: dict[str, Any]) -> str:
    rf = body.get("response_format") or {}
    name = (rf.get("json_schema") or {}).get("name") if isinstance(rf, dict) else None
    if not isinstance(name, str):
        raise RequestNotUnderstood("response_format.json_schema.name missing")
    return name


def _document(user: str) -> str:
    m = _DOC.search(user)
    if m is None:
        raise RequestNotUnderstood("no <document> block")
    return _NEUTRALISED.sub(r"<\1\2", m.group(1))


def decode_request(body: dict[str, Any]) -> ExtractionTask | NormalizationTask:
    user = _user_text(body)
    name = _schema_name(body)
    if name == EXTRACTION_SCHEMA_NAME:
        return ExtractionTask(_document(user))
    if name != NORMALIZATION_SCHEMA_NAME:
        raise RequestNotUnderstood(f"unknown task {name!r}")
    marked = _document(user)
    a, b = marked.find("[["), marked.find("]]")
    if a < 0 or b < a:
        raise RequestNotUnderstood("mention markers [[...]] not found")
    surface = marked[a + 2 : b]
    window = marked[:a] + surface + marked[b + 2 :]
    head = user[: user.find("<document")]
    tm = _TYPE.search(head)
    cands: list[CandidateView] = []
    cm = _CANDS.search(user)
    if cm is None:
        raise RequestNotUnderstood("no <candidates> block")
    for line in cm.group(1).splitlines():
        lm = _LINE.match(line.strip())
        if lm is None:
            continue  # "(no candidates)"
        f = orjson.loads(_NEUTRALISED.sub(r"<\1\2", lm.group(1)))
        cands.append(CandidateView(kb_id=f["id"], name=f["name"], type=f["type"], description=f.get("description", "")))
    return NormalizationTask(window, a, a + len(surface), surface, tm.group(1) if tm else "MISC", tuple(cands))
