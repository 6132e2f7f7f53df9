"""Span and link precision/recall/F1 with error analysis (pure: rows in, report out).

Link scoring is end-to-end "strong matching": a prediction counts only when its span equals a
gold span exactly and its id is one of the gold's acceptable ids, where an id also matches
through the KB's ``same_as`` equivalences. Gold ``ids: []`` is NIL; NIL predictions are scored
in ``nil`` (accuracy of the NIL decision on exactly-matched spans).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["PRF", "evaluate", "format_report"]

Key = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _equivalents(ids: Iterable[str], same_as: Mapping[str, Iterable[str]]) -> set[str]:
    out: set[str] = set()
    for i in ids:
        out.add(i)
        out.update(same_as.get(i, ()))
    return out


def evaluate(pred: Iterable[Mapping[str, Any]], gold: Iterable[Mapping[str, Any]],
             same_as: Mapping[str, Iterable[str]] | None = None) -> dict[str, Any]:
    same_as = same_as or {}
    gold_by: dict[Key, Mapping[str, Any]] = {(g["doc_id"], g["start"], g["end"]): g for g in gold}
    pred_by: dict[Key, Mapping[str, Any]] = {}
    for p in pred:
        pred_by.setdefault((p["doc_id"], p["start"], p["end"]), p)
    doc_ids = {k[0] for k in gold_by}
    pred_by = {k: v for k, v in pred_by.items() if k[0] in doc_ids}

    span_tp = sum(1 for k in pred_by if k in gold_by)
    span = PRF(span_tp, len(pred_by) - span_tp, len(gold_by) - span_tp)

    link_tp = link_fp = link_fn = 0
    nil_right = nil_total = 0
    confusions: Counter[tuple[str, str]] = Counter()
    nil_errors: list[dict[str, Any]] = []
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn (link)
    for k, p in pred_by.items():
        g = gold_by.get(k)
        pid = p.get("id")
        ptype = p.get("type") or "?"
        if g is None:
            if pid is not None:
                link_fp += 1
                per_type[ptype][1] += 1
            continue
        gold_ids = set(g.get("ids") or [])
        gtype = g.get("type") or ptype
        if not gold_ids:
            nil_total += 1
            if pid is None:
                nil_right += 1
            else:
                link_fp += 1
                per_type[ptype][1] += 1
                nil_errors.append({"doc_id": k[0], "start": k[1], "end": k[2], "surface": p.get("surface"),
                                   "error": "linked_but_gold_nil", "pred": pid})
            continue
        ok = pid is not None and bool(_equivalents([pid], same_as) & _equivalents(gold_ids, same_as))
        if ok:
            link_tp += 1
            per_type[gtype][0] += 1
        else:
            link_fn += 1
            per_type[gtype][2] += 1
            if pid is None:
                nil_errors.append({"doc_id": k[0], "start": k[1], "end": k[2], "surface": p.get("surface"),
                                   "error": "nil_but_gold_linked", "gold": sorted(gold_ids)})
            else:
                link_fp += 1
                per_type[ptype][1] += 1
                confusions[(sorted(gold_ids)[0], pid)] += 1
    missed = []
    for k, g in gold_by.items():
        if k not in pred_by and g.get("ids"):
            link_fn += 1
            per_type[g.get("type") or "?"][2] += 1
        if k not in pred_by:
            overlap = [pk for pk in pred_by if pk[0] == k[0] and pk[1] < k[2] and k[1] < pk[2]]
            missed.append({"doc_id": k[0], "start": k[1], "end": k[2], "surface": g.get("surface"),
                           "ids": g.get("ids"), "boundary_error": bool(overlap)})
    spurious = [{"doc_id": k[0], "start": k[1], "end": k[2], "surface": p.get("surface"), "pred": p.get("id")}
                for k, p in pred_by.items() if k not in gold_by]
    link = PRF(link_tp, link_fp, link_fn)
    return {
        "documents": len(doc_ids),
        "gold_mentions": len(gold_by),
        "predicted_mentions": len(pred_by),
        "span": span.as_dict(),
        "link": link.as_dict(),
        "nil_accuracy": round(nil_right / nil_total, 4) if nil_total else None,
        "nil_gold_matched": nil_total,
        "per_type": {t: PRF(*v).as_dict() for t, v in sorted(per_type.items())},
        "errors": {
            "confusions": [{"gold": g, "pred": p, "count": c} for (g, p), c in confusions.most_common()],
            "nil_errors": nil_errors,
            "missed_spans": missed,
            "spurious_spans": spurious,
        },
    }


def format_report(r: Mapping[str, Any], max_rows: int = 15) -> str:
    lines = [f"documents {r['documents']}  gold mentions {r['gold_mentions']}  predicted {r['predicted_mentions']}",
             f"{'':10} {'P':>7} {'R':>7} {'F1':>7} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name in ("span", "link"):
        m = r[name]
        lines.append(f"{name:10} {m['precision']:7.3f} {m['recall']:7.3f} {m['f1']:7.3f} {m['tp']:5} {m['fp']:5} {m['fn']:5}")
    for t, m in r["per_type"].items():
        lines.append(f"  link {t:5} {m['precision']:7.3f} {m['recall']:7.3f} {m['f1']:7.3f} {m['tp']:5} {m['fp']:5} {m['fn']:5}")
    if r.get("nil_accuracy") is not None:
        lines.append(f"NIL accuracy on matched spans: {r['nil_accuracy']:.3f} ({r['nil_gold_matched']} gold NIL)")
    e = r["errors"]
    lines.append(f"\nconfusions (gold -> predicted): {len(e['confusions'])}")
    lines += [f"  {c['gold']} -> {c['pred']} x{c['count']}" for c in e["confusions"][:max_rows]]
    lines.append(f"NIL errors: {len(e['nil_errors'])}")
    lines += [f"  {x['doc_id']} {x['surface']!r}: {x['error']} {x.get('gold') or x.get('pred')}" for x in e["nil_errors"][:max_rows]]
    lines.append(f"missed spans: {len(e['missed_spans'])} ({sum(m['boundary_error'] for m in e['missed_spans'])} boundary errors)")
    lines += [f"  {x['doc_id']} {x['surface']!r} {x['ids']}{' (boundary)' if x['boundary_error'] else ''}" for x in e["missed_spans"][:max_rows]]
    lines.append(f"spurious spans: {len(e['spurious_spans'])}")
    lines += [f"  {x['doc_id']} {x['surface']!r} -> {x['pred']}" for x in e["spurious_spans"][:max_rows]]
    return "\n".join(lines)
