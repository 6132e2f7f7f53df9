"""The teacher as the workers' models (``MENTIONFLOW_ENGINE=teacher``): the same ``Extractor``
and ``Linker`` interfaces the students serve, answered by the teacher API. Used to measure the
teacher pipeline through the broker side by side with the students, and by the review worker.

The workers' transforms are synchronous; these adapters run the async client on one private
event loop thread and wait for each batch's answers (all requests of a batch in flight at once,
up to the client's concurrency limit). An unusable normalization answer becomes a NIL
``needs_context`` decision with score 0 (the transform routes it to review), never a trusted label.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Any

from streams.schemas import Candidate, Mention
from teacher.client import TeacherClient
from teacher.pipeline import Shortlist, TeacherAnnotator
from teacher.shapes import ExtractionResult
from workers.normalization.linker import DecidedBy, LinkerDefaults
from workers.normalization.model import LinkDecision

__all__ = ["TeacherExtractor", "TeacherLinker", "LoopThread"]


class LoopThread:
    """One asyncio loop on a daemon thread; ``run(coro)`` blocks for its result."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="teacher-loop", daemon=True)
        self._thread.start()

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()


class TeacherExtractor:
    def __init__(self, client: TeacherClient, loop: LoopThread, model: str):
        self._client, self._loop = client, loop
        self.version = f"teacher:{model}"

    def extract(self, texts: Sequence[str]) -> list[list[Mention]]:
        async def all_() -> list[Any]:
            return list(await asyncio.gather(*(self._client.extract(f"batch-{i}", t) for i, t in enumerate(texts))))

        out: list[list[Mention]] = []
        for res in self._loop.run(all_()):
            spans = res.spans if isinstance(res, ExtractionResult) else ()
            out.append([Mention(start=s.start, end=s.end, surface=s.text, type=s.type, score=1.0) for s in spans])
        return out

    def health(self) -> bool:
        return True


class TeacherLinker(LinkerDefaults):
    decided_by: DecidedBy = "teacher"

    def __init__(self, client: TeacherClient, loop: LoopThread, shortlist: Shortlist, index: Any, model: str):
        self._annotator = TeacherAnnotator(client, shortlist)
        self._loop = loop
        self.index = index
        self.version = f"teacher:{model}"

    @property
    def kb_version(self) -> str:
        return str(self.index.kb_version)

    def swap_index(self, index: Any) -> None:
        self.index = index

    def health(self) -> bool:
        return True

    def link(self, text: str, mentions: Sequence[Mention]) -> list[Any]:
        async def all_() -> list[Any]:
            return list(await asyncio.gather(*(self._annotator.link("doc", text, (m.start, m.end, m.surface, m.type))
                                               for m in mentions)))

        out = []
        for tm in self._loop.run(all_()):
            cands = tuple(Candidate(kb_id=c.kb_id, name=c.name, type=c.type, score=0.0, description=c.description[:300])
                          for c in tm.candidates)
            name = next((c.name for c in tm.candidates if c.kb_id == tm.kb_id), None)
            if tm.invalid:
                out.append(LinkDecision(None, None, "needs_context", 0.0, cands))
            else:
                out.append(LinkDecision(tm.kb_id, name, tm.nil_reason, round(float(tm.confidence), 4), cands))
        return out
