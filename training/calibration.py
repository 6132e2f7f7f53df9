"""Review thresholds calibrated on the validation split *through the served linker*.

The worker routes a mention with candidates to review when the score of the decision it serves
is under the threshold for its type (``Routing.to_review``; mentions without any candidate have
their own switch). That score comes from whichever path decided the mention: the cross-encoder
or the cascade's rule. So the thresholds are quantiles of exactly those scores: the validation mentions are linked by the
served linker (the exported ONNX model behind the same candidate generator and cascade as in
production) and ``review_thresholds`` picks, per target review rate, the score under which that
share of mentions falls; ``precision_thresholds`` picks, per target precision, the lowest score
above which the served decisions agree with the teacher's labels that often (keys ``p0.95``).
Nothing here reads the eval sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from streams.schemas import Mention
from training.normalizer import review_thresholds
from workers.normalization.model import LinkDecision

__all__ = ["served_scores", "served_thresholds", "validation_mentions", "precision_thresholds", "Served",
           "REVIEW_PRECISIONS"]


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


@dataclass(frozen=True, slots=True)
class Served:
    """Per validation mention with candidates: the served score, its type, and whether the
    served decision equals the teacher's label (same id, or NIL for NIL)."""

    scores: list[float]
    types: list[str]
    correct: list[bool]
    without_candidates: int


def served_scores(linker: ManyLinker, docs: Sequence[tuple[str, Sequence[Mention]]],
                  labels: dict[tuple[str, int, int], str | None], batch: int = 64) -> Served:
    """The served decision of every mention of ``docs`` that has candidates (the ones routing by
    score applies to, ``Routing.to_review``) against ``labels``; and how many had none."""
    out = Served([], [], [], 0)
    unseen = 0
    for i in range(0, len(docs), batch):
        chunk = docs[i : i + batch]
        for (text, mentions), decisions in zip(chunk, linker.link_many(chunk), strict=True):
            for m, d in zip(mentions, decisions, strict=True):
                if not d.candidates and d.kb_id is None:
                    unseen += 1
                    continue
                out.scores.append(d.score)
                out.types.append(m.type)
                out.correct.append(d.kb_id == labels.get((text, m.start, m.end), d.kb_id))
    return Served(out.scores, out.types, out.correct, unseen)


REVIEW_PRECISIONS = (0.9, 0.95, 0.98)


def precision_thresholds(scores: Sequence[float], correct: Sequence[bool],
                         targets: Sequence[float] = REVIEW_PRECISIONS) -> dict[str, dict[str, float]]:
    """Pure: per target precision, the lowest threshold whose kept decisions (score >= it) are at
    least that precise on validation (the most mentions kept), and the share it sends to review.
    A target no threshold reaches routes everything: threshold above 1, review share 1."""
    pairs = sorted(zip(scores, correct, strict=True), key=lambda x: -x[0])
    n = len(pairs)
    out: dict[str, dict[str, float]] = {"threshold": {}, "review_rate": {}}
    for target in targets:
        best_t, best_kept, ok = 1.01, 0, 0
        for i, (s, c) in enumerate(pairs):
            ok += c
            last_of_tie = i + 1 == n or pairs[i + 1][0] < s
            if last_of_tie and ok / (i + 1) >= target:
                best_t, best_kept = s, i + 1
        out["threshold"][f"p{target:g}"] = round(best_t, 4)
        out["review_rate"][f"p{target:g}"] = round(1 - best_kept / n, 4) if n else 1.0
    return out


def served_thresholds(linker: ManyLinker, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Thresholds per target review rate (overall and per type) on the validation split."""
    # reviewed examples merged from the retraining set are the previous model's hard cases: they
    # would bias the quantiles, so calibration uses the distillation rows only
    rows = [r for r in rows if "decided_by" not in r]
    labels = {(r["text"], r["start"], r["end"]): r.get("label") for r in rows if r.get("split") == "val"}
    served = served_scores(linker, validation_mentions(rows), labels)
    out = review_thresholds(served.scores, served.types)
    prec = precision_thresholds(served.scores, served.correct)
    out["overall"].update(prec["threshold"])  # "p0.95": keep decisions >= it, review the rest
    out["precision_review_rates"] = prec["review_rate"]
    out["calibrated_on"] = {"mentions": len(served.scores), "without_candidates": served.without_candidates,
                            "agreement_with_teacher": round(sum(served.correct) / max(1, len(served.correct)), 4),
                            "path": "served linker (candidates, cascade); rates are shares of mentions with candidates"}
    return out
