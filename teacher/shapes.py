"""Frozen data shapes exchanged with the teacher: queries, answers, and invalid answers.

Offsets are Python code-point offsets into the document text, ``end`` exclusive, as in
:mod:`streams.schemas`.
"""

from __future__ import annotations

from dataclasses import dataclass

from streams.schemas import EntityType, NilReason

__all__ = [
    "INVALID_KINDS",
    "TeacherSpan",
    "ExtractionResult",
    "CandidateView",
    "NormalizationQuery",
    "NormalizationAnswer",
    "Invalid",
    "Usage",
]

#: The kinds an :class:`Invalid` can have.
INVALID_KINDS = (
    "empty",  # no content, or a response without choices
    "not_json",  # the content is not JSON
    "schema",  # JSON of the wrong shape (missing/ill-typed field, inconsistent values)
    "refusal",  # the model refused or the answer was filtered
    "truncated",  # the answer hit the output token limit
    "span_not_in_text",  # an extracted surface (or its n-th occurrence) is not in the document
    "overlap",  # an extracted span overlaps a longer kept span
    "unknown_id",  # a normalization id that is not among the candidates
)


@dataclass(frozen=True, slots=True)
class Invalid:
    """An unusable answer (or part of one), as a value.

    kind: one of :data:`INVALID_KINDS`.
    detail: a one-line explanation for humans; may quote the answer, so never log it.
    """

    kind: str
    detail: str


@dataclass(frozen=True, slots=True)
class TeacherSpan:
    """One entity mention, located by the client (never by the model).

    start, end: code-point offsets, ``end`` exclusive; ``text == document[start:end]``.
    text: the surface form.
    type: the coarse type.
    """

    start: int
    end: int
    text: str
    type: EntityType


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """A usable extraction answer.

    spans: the accepted spans, sorted by ``start``, non-overlapping, without duplicates.
    rejected: one :class:`Invalid` per entity the answer named that could not be kept
        (``schema``, ``span_not_in_text``, ``overlap``).
    """

    spans: tuple[TeacherSpan, ...]
    rejected: tuple[Invalid, ...]


@dataclass(frozen=True, slots=True)
class CandidateView:
    """What the teacher sees of one KB candidate.

    kb_id: the id the answer must quote.
    name: the canonical name.
    type: the KB's type string (may use another vocabulary than PER/ORG/LOC/MISC).
    description: free text; the prompt truncates it.
    """

    kb_id: str
    name: str
    type: str
    description: str


@dataclass(frozen=True, slots=True)
class NormalizationQuery:
    """One mention to link, with its document and candidates.

    doc_text: the whole document; the prompt shows a window around the mention.
    start, end: the mention's offsets; ``doc_text[start:end] == surface``.
    surface: the mention text.
    type: the mention's coarse type.
    candidates: the candidates, in the order the retriever ranked them.
    """

    doc_text: str
    start: int
    end: int
    surface: str
    type: str
    candidates: tuple[CandidateView, ...]

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end <= len(self.doc_text):
            raise ValueError(f"bad mention offsets [{self.start}, {self.end})")
        if self.doc_text[self.start : self.end] != self.surface:
            raise ValueError("doc_text[start:end] != surface")


@dataclass(frozen=True, slots=True)
class NormalizationAnswer:
    """A usable normalization answer.

    kb_id: one of the query's candidate ids, or None (NIL).
    nil_reason: why it is NIL (``not_in_kb``, ``needs_context``); None iff kb_id is set.
    confidence: the model's own confidence, clamped to [0, 1].
    reason: the model's one-sentence justification (model output; do not trust or log it).
    """

    kb_id: str | None
    nil_reason: NilReason | None
    confidence: float
    reason: str


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens billed for one response.

    prompt_tokens: input tokens.
    completion_tokens: output tokens.
    """

    prompt_tokens: int
    completion_tokens: int
