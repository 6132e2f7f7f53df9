"""Review thresholds calibrated on the validation split *through the served linker*.

The worker routes a mention to review when the score of the decision it serves is under the
threshold for its type. That score comes from whichever path decided the mention: the
cross-encoder, the cascade's rule for unambiguous names, or the no-candidate rule. So the
thresholds are quantiles of exactly those scores: the validation mentions are linked by the
served linker (the exported ONNX model behind the same candidate generator and cascade as in
production) and ``review_thresholds`` picks, per target review rate, the score under which that
share of mentions falls. Nothing here reads the eval sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from streams.schemas import Mention
from training.normalizer import review_thresholds
from workers.normalization.model import LinkDecision

__all__ = ["served_scores", "served_thresholds", "validation_mentions"]


class ManyLinker(Protocol):
    def link_many(self, docs: Sequence[tuple[str, Sequence[Mention]]]) -> list[list[LinkDecision]]: ...


def validation_mentions(rows: Sequence[dict[str, Any]]) -> list[tuple[str, list[Mention]]]:
    """Pure: the validation rows of a normalization dataset as documents with their mentions
    (rows of one text become one document, mentions in text order)."""
    by_text: dict[str, list[Mention]] = {}
    for r in rows:
        if r.get("split") != "val":
            continue
        m = Mention(start=r["start"], end=r["end"], surface=r["surface"], type=r["type"], score=1.0)
        by_text.setdefault(r["text"], []).append(m)
    return [(t, sorted(ms, key=lambda m: (m.start, m.end))) for t, ms in by_text.items()]


def served_scores(linker: ManyLinker, docs: Sequence[tuple[str, Sequence[Mention]]],
                  batch: int = 64) -> tuple[list[float], list[str]]:
    """The served decision score and the type of every mention of ``docs``."""
    scores: list[float] = []
    types: list[str] = []
    for i in range(0, len(docs), batch):
        chunk = docs[i : i + batch]
        for (_, mentions), decisions in zip(chunk, linker.link_many(chunk), strict=True):
            scores += [d.score for d in decisions]
            types += [m.type for m in mentions]
    return scores, types


def served_thresholds(linker: ManyLinker, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Thresholds per target review rate (overall and per type) on the validation split."""
    scores, types = served_scores(linker, validation_mentions(rows))
    out = review_thresholds(scores, types)
    out["calibrated_on"] = {"mentions": len(scores), "path": "served linker (candidates, cascade, no-candidate rule)"}
    return out
