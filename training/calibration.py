"""Review thresholds calibrated on the validation split *through the served linker*.

The worker routes a mention with candidates to review when the score of the decision it serves
is under the threshold for its type (``Routing.to_review``; mentions without any candidate have
their own switch). That score comes from whichever path decided the mention: the cross-encoder
or the cascade's rule. So the thresholds are quantiles of exactly those scores: the validation mentions are linked by the
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
                  batch: int = 64) -> tuple[list[float], list[str], int]:
    """The served decision score and the type of every mention of ``docs`` that has candidates
    (the ones routing by score applies to, ``Routing.to_review``), and how many had none."""
    scores: list[float] = []
    types: list[str] = []
    unseen = 0
    for i in range(0, len(docs), batch):
        chunk = docs[i : i + batch]
        for (_, mentions), decisions in zip(chunk, linker.link_many(chunk), strict=True):
            for m, d in zip(mentions, decisions, strict=True):
                if not d.candidates and d.kb_id is None:
                    unseen += 1
                    continue
                scores.append(d.score)
                types.append(m.type)
    return scores, types, unseen


def served_thresholds(linker: ManyLinker, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Thresholds per target review rate (overall and per type) on the validation split."""
    scores, types, unseen = served_scores(linker, validation_mentions(rows))
    out = review_thresholds(scores, types)
    out["calibrated_on"] = {"mentions": len(scores), "without_candidates": unseen,
                            "path": "served linker (candidates, cascade); rates are shares of mentions with candidates"}
    return out
