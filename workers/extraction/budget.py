"""Per-document budgets for extraction: characters, mentions, wall time (pure; the clock is a
parameter).

One huge text with tens of thousands of mentions in one model call took most of a minute and
gigabytes of memory while the small documents behind it waited (figures: README, budgets). Here
a document longer than ``chunk_chars`` is cut into chunks at paragraph, sentence or word
boundaries, and the model sees one chunk per call, so memory is bounded by the chunk, not the
document. After each chunk the budget is checked: more than
``max_mentions`` mentions -> ``too_many_mentions``; more than ``timeout_s`` spent on the document
-> ``timeout``; the document is then refused as a value (the worker dead-letters it with its
original bytes) and the work stops there. Short documents still share one model call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from streams.schemas import ExtractedDocument, InputDocument, Mention
from workers.extraction.model import Extractor
from workers.shell import Rejected

__all__ = ["ExtractBudget", "split_text", "extract_within_budget"]

_BREAKS = ("\n\n", "\n", ". ", "。", "! ", "? ", " ")


@dataclass(frozen=True, slots=True)
class ExtractBudget:
    """chunk_chars: the most characters one model call sees (memory bound; also what makes a
        document "long": it is extracted chunk by chunk, after the short ones of its batch).
    max_chars: a longer text is refused (``too_large``) before any model call.
    max_mentions: a document with more mentions is refused (``too_many_mentions``).
    timeout_s: wall time one long document may take (``timeout``); checked after each chunk, so a
        refusal comes at most one chunk's time late."""

    chunk_chars: int = 20_000
    max_chars: int = 1_000_000
    max_mentions: int = 5_000
    timeout_s: float = 10.0


def split_text(text: str, chunk_chars: int) -> list[tuple[int, str]]:
    """(offset, chunk) pieces of at most ``chunk_chars`` that join back to ``text``, cut at the
    last paragraph, line, sentence or word break in the second half of each window."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > chunk_chars:
        end = start + chunk_chars
        cut = -1
        for brk in _BREAKS:
            pos = text.rfind(brk, start + chunk_chars // 2, end)
            if pos != -1:
                cut = pos + len(brk)
                break
        cut = end if cut <= start else cut
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def _shift(m: Mention, offset: int) -> Mention:
    return m if offset == 0 else m.model_copy(update={"start": m.start + offset, "end": m.end + offset})


def _extract_long(doc: InputDocument, extractor: Extractor, budget: ExtractBudget,
                  clock: Callable[[], float]) -> ExtractedDocument | Rejected:
    t0 = clock()
    mentions: list[Mention] = []
    pieces = split_text(doc.text, budget.chunk_chars)
    for n, (offset, chunk) in enumerate(pieces, 1):
        mentions += [_shift(m, offset) for m in extractor.extract([chunk])[0]]
        if len(mentions) > budget.max_mentions:
            return Rejected("too_many_mentions", f"more than {budget.max_mentions} mentions after {offset + len(chunk)} "
                            f"of {len(doc.text)} characters")
        spent = clock() - t0
        if spent > budget.timeout_s and n < len(pieces):
            return Rejected("timeout", f"{spent:.1f} s spent on {offset + len(chunk)} of {len(doc.text)} characters, "
                            f"budget is {budget.timeout_s:g} s")
    return ExtractedDocument(doc=doc, mentions=tuple(mentions), extractor_version=extractor.version)


def extract_within_budget(docs: Sequence[InputDocument], extractor: Extractor, budget: ExtractBudget,
                          clock: Callable[[], float]) -> list[ExtractedDocument | Rejected]:
    """One result per document, same order: short documents in one model call, long ones chunk
    by chunk under their budget."""
    out: list[ExtractedDocument | Rejected | None] = [None] * len(docs)
    short = [i for i, d in enumerate(docs) if len(d.text) <= budget.chunk_chars]
    if short:
        spans = extractor.extract([docs[i].text for i in short])
        for i, ms in zip(short, spans, strict=True):
            if len(ms) > budget.max_mentions:
                out[i] = Rejected("too_many_mentions", f"{len(ms)} mentions, limit is {budget.max_mentions}")
            else:
                out[i] = ExtractedDocument(doc=docs[i], mentions=tuple(ms), extractor_version=extractor.version)
    for i, d in enumerate(docs):
        if out[i] is None:
            out[i] = (Rejected("too_large", f"text has {len(d.text)} characters, limit is {budget.max_chars}")
                      if len(d.text) > budget.max_chars else _extract_long(d, extractor, budget, clock))
    return [r for r in out if r is not None]
