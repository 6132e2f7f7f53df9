"""The teacher pipeline: a document -> teacher spans -> a shortlist per span from the project's
own retriever -> the teacher's choice per span. Used by ``link --engine teacher``, the
training-data builder and the review worker.

Invalid answers are never trusted: a rejected span is dropped (counted in the client's stats),
a mention whose normalization answer is invalid is kept with ``kb_id=None`` and
``nil_reason=None`` and ``invalid`` set, so callers can tell "teacher said NIL" from "teacher
answer unusable".
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from teacher.client import TeacherClient
from teacher.shapes import (
    CandidateView,
    ExtractionResult,
    Invalid,
    NormalizationAnswer,
    NormalizationQuery,
)

__all__ = ["TeacherMention", "TeacherDocument", "TeacherAnnotator", "Shortlist"]

#: (mention surface, document text) -> the candidates the teacher chooses among, best first.
Shortlist = Callable[[str, str], Sequence[CandidateView]]


@dataclass(frozen=True, slots=True)
class TeacherMention:
    start: int
    end: int
    surface: str
    type: str
    kb_id: str | None
    nil_reason: str | None
    confidence: float
    candidates: tuple[CandidateView, ...]
    invalid: str | None = None  # the Invalid kind when the normalization answer was rejected


@dataclass(frozen=True, slots=True)
class TeacherDocument:
    doc_id: str
    text: str
    mentions: tuple[TeacherMention, ...]
    extraction_invalid: str | None = None  # the whole extraction answer was unusable
    rejected_spans: int = 0


class TeacherAnnotator:
    def __init__(self, client: TeacherClient, shortlist: Shortlist):
        self.client = client
        self.shortlist = shortlist

    async def link(self, doc_id: str, text: str, mention: tuple[int, int, str, str]) -> TeacherMention:
        """The teacher's choice for one span (``start, end, surface, type``) of ``text``."""
        start, end, surface, mtype = mention
        cands = tuple(self.shortlist(surface, text))
        q = NormalizationQuery(doc_text=text, start=start, end=end, surface=surface, type=mtype, candidates=cands)
        ans = await self.client.normalize(q, doc_id=doc_id)
        if isinstance(ans, Invalid):
            return TeacherMention(start, end, surface, mtype, None, None, 0.0, cands, invalid=ans.kind)
        assert isinstance(ans, NormalizationAnswer)
        return TeacherMention(start, end, surface, mtype, ans.kb_id, ans.nil_reason, ans.confidence, cands)

    async def annotate(self, doc_id: str, text: str) -> TeacherDocument:
        ext = await self.client.extract(doc_id, text)
        if isinstance(ext, Invalid):
            return TeacherDocument(doc_id, text, (), extraction_invalid=ext.kind)
        assert isinstance(ext, ExtractionResult)
        linked = await asyncio.gather(*(self.link(doc_id, text, (s.start, s.end, s.text, s.type)) for s in ext.spans))
        return TeacherDocument(doc_id, text, tuple(linked), rejected_spans=len(ext.rejected))
