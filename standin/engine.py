"""The stand-in's answers (pure given its loaded resources): spaCy NER for extraction; for
normalization the KB's aliases, priors, types and descriptions scored against the mention's
context by the project's strongest non-learned linker, restricted to the candidates the
request lists.

Candidate rules (what a careful annotator does with a shortlist): only a candidate that carries
the mention as one of its names, or a name one edit away (a typo), can be chosen; none -> NIL
``not_in_kb``; several plausible and no winner over the NIL option -> ``needs_context``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from index.analysis import alias_key
from index.lookup import AliasIndex
from index.retrieval.embedded import exact_term, one_deletions
from standin.decode import NormalizationTask
from streams.schemas import ENTITY_TYPES, EntityType, Mention
from teacher.protocol import find_occurrences
from workers.extraction.model import Extractor
from workers.normalization.model import AliasLinker

__all__ = ["StandinEngine", "extraction_answer"]


def extraction_answer(text: str, mentions: Sequence[Mention]) -> dict[str, Any]:
    """Spans -> the extraction answer shape (surface text + which standalone occurrence)."""
    out = []
    for m in mentions:
        starts = find_occurrences(text, m.surface)
        if m.start in starts:
            out.append({"text": m.surface, "type": m.type, "occurrence": starts.index(m.start) + 1})
    return {"entities": out}


def _near(a: str, b: str) -> bool:
    """Within one edit (insertion, deletion, substitution, adjacent transposition), roughly."""
    return bool(set(one_deletions(a)) & set(one_deletions(b)))


def _short_form_in(task: NormalizationTask, name: str) -> bool:
    """The mention is a shorter form (whole words) of ``name``, and ``name`` itself is written
    elsewhere in the excerpt: in-document coreference of short names."""
    words, full = alias_key(task.surface).split(), alias_key(name).split()
    if not words or len(full) <= len(words):
        return False
    if not any(full[k : k + len(words)] == words for k in range(len(full) - len(words) + 1)):
        return False
    rest = task.window[: task.start] + " " + task.window[task.end :]
    return f" {' '.join(full)} " in f" {alias_key(rest)} "


class StandinEngine:
    def __init__(self, extractor: Extractor, index: AliasIndex, linker: AliasLinker | None = None,
                 second: AliasLinker | None = None, judge: Judge | None = None, judge_below: float = 1.01):
        """``linker``: the rules linker the stand-in reasons with over the whole excerpt (the
        served one with its learned ranker in ``mentionflow teacher serve``); None: the hand-set
        weights. ``second`` and ``judge``: a second opinion (another weighting) and, where the
        two link to different records and the linker's confidence is under ``judge_below``, the
        judge (context vs description similarity) picks."""
        self.extractor = extractor
        self.index = index
        self.linker = linker if linker is not None else AliasLinker(index, name="standin-teacher.v1")
        self.second = second
        self.judge = judge
        self.judge_below = judge_below
        self._row_of = {kb_id: row for row, kb_id in enumerate(index.ids) if kb_id}

    def _in_document(self, task: NormalizationTask, excerpt: tuple[list[Mention], int], eligible: dict[int, float],
                     listed: set[str], linker: AliasLinker | None = None) -> Any:
        """The linker's decision with the whole excerpt's evidence (its other mentions: the places
        of the story, the full names of surnames), kept when it picks an eligible or listed
        candidate (the linker itself only picks a record by one of its names or by in-document
        coreference: "John Paul" after "John Paul II") or NIL; None otherwise (the caller decides
        among the candidates alone). ``excerpt``: the excerpt's mentions and the position of the
        one to link (``_excerpt``: extracted once per request, whichever linkers are asked)."""
        mentions, i = excerpt
        d = (linker or self.linker).link(task.window, mentions)[i]
        ok = {self.index.ids[r] for r in eligible} | listed
        if d.kb_id is None:  # NIL by the document's evidence, unless no record carries the name (a typo?)
            return d if self.index.lookup(task.surface) else None
        return d if d.kb_id in ok else None

    def _judged(self, task: NormalizationTask, a: Any, b: Any) -> Any:
        """The decision whose record's description reads closer to the mention's context."""
        assert self.judge is not None
        ctx = task.window[max(0, task.start - 300) : task.end + 300]
        rows = [self._row_of[d.kb_id] for d in (a, b)]
        sims = self.judge(ctx, [_judged_texts(self.index, r) for r in rows])
        return a if sims[0] >= sims[1] else b

    def _excerpt(self, task: NormalizationTask, mention: Mention) -> tuple[list[Mention], int]:
        (found,) = self.extractor.extract([task.window])
        return _with(list(found), mention)

    def extract(self, text: str) -> dict[str, Any]:
        (mentions,) = self.extractor.extract([text])
        return extraction_answer(text, mentions)

    def normalize(self, task: NormalizationTask) -> dict[str, Any]:
        ix = self.index
        aliased = set(ix.lookup(task.surface)) or set(ix.lookup_company(task.surface))
        mtype = cast(EntityType, task.type if task.type in ENTITY_TYPES else "MISC")
        surface_term = exact_term(task.surface)
        eligible: dict[int, float] = {}
        foreign = []  # candidates this KB does not hold (a customer KB): judged by name only
        for c in task.candidates:
            row = self._row_of.get(c.kb_id)
            if row is None:
                if alias_key(c.name) == alias_key(task.surface):
                    foreign.append(c.kb_id)
            elif row in aliased or _near(surface_term, exact_term(ix.names[row])):
                eligible[row] = 1.0
            elif _short_form_in(task, ix.names[row]):
                eligible[row] = 1.0  # "Obama" after "Barack Obama" in the same excerpt
        listed = {c.kb_id for c in task.candidates if c.kb_id in self._row_of}
        mention = Mention(start=task.start, end=task.end, surface=task.surface, type=mtype, score=1.0)
        excerpt = self._excerpt(task, mention)
        if not eligible:
            d = self._in_document(task, excerpt, eligible, listed)
            if d is not None and d.kb_id is not None:
                return _answer(d.kb_id, None, d.score, f"the excerpt names {d.name} in full elsewhere")
            if len(foreign) == 1:
                return _answer(foreign[0], None, 0.7, "the only candidate with this exact name")
            if foreign:
                return _answer(None, "needs_context", 0.6, "several candidates share this name")
            return _answer(None, "not_in_kb", 0.85, "no candidate goes by this name")
        d = self._in_document(task, excerpt, eligible, listed) or self.linker.decide_among(task.window, mention, eligible)
        if self.second is not None and self.judge is not None and d.kb_id is not None and d.score < self.judge_below:
            d2 = (self._in_document(task, excerpt, eligible, listed, self.second)
                  or self.second.decide_among(task.window, mention, eligible))
            if d2.kb_id is not None and d2.kb_id != d.kb_id:
                d = self._judged(task, d, d2)
        if d.kb_id is not None:
            return _answer(d.kb_id, None, d.score, f"name, prior and context favour {d.name}")
        best = d.candidates[0] if d.candidates else None
        if best is not None and best.type in ENTITY_TYPES and {best.type, mtype} == {"PER", "LOC"}:
            return _answer(None, "not_in_kb", d.score, "the candidates with this name are of another kind")
        return _answer(None, "needs_context", d.score, "the excerpt does not say which of them is meant")


#: (context around the mention, candidate texts) -> one similarity per candidate.
Judge = Callable[[str, list[str]], Sequence[float]]


def _judged_texts(index: AliasIndex, row: int) -> str:
    return f"{index.names[row]}: {index.descriptions[row][:240]}"


def _with(mentions: list[Mention], mention: Mention) -> tuple[list[Mention], int]:
    """The excerpt's mentions with ``mention`` in place of any span it overlaps; its position."""
    kept = [m for m in mentions if m.end <= mention.start or m.start >= mention.end]
    out = sorted([*kept, mention], key=lambda m: m.start)
    return out, out.index(mention)


def _answer(kb_id: str | None, nil_reason: str | None, confidence: float, reason: str) -> dict[str, Any]:
    return {"id": kb_id, "nil_reason": nil_reason, "confidence": round(float(confidence), 4), "reason": reason}
