"""``mentionflow bench review``: what the review loop buys, on the locked eval, in one run.

The serving models (the registry's, or the students pinned with ``MENTIONFLOW_*_MODEL``) run on
every eval document; every mention they produce is also answered by the teacher over the same
candidates (what the review worker would ask). Routing thresholds for 2%, 5%, 10% and 20% review
rates are calibrated on the validation split of the current dataset through the served linker
(``training/calibration.py``; rates are shares of the mentions with candidates). Mentions the
worker's rule (``Routing.to_review``) sends to review take the teacher's answer: system link F1,
the measured review rate, and the cost per 1,000 documents (model CPU-seconds x the vCPU-hour
price + the teacher's tokens for the reviewed mentions x the price table). A last point reviews
every mention with candidates: the ceiling of link review on these spans. Next to it:
model-only (no review) and teacher-only (the teacher pipeline: its spans and its links). People
are not simulated: a human decision would only raise the system's F1. The F1-vs-cost chart is
written as a PNG.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import orjson

from mentionflow.settings import Settings
from streams.files import read_jsonl

__all__ = ["bench_review"]


def _teacher_answers(settings: Settings, items: list[tuple[str, Any, Any]]) -> tuple[list[Any], float]:
    """The teacher's answer for each (doc text, mention, decision) and the cost per answer."""
    from mentionflow.configs import teacher_config
    from teacher.client import TeacherClient
    from teacher.shapes import CandidateView, NormalizationQuery

    async def run() -> tuple[list[Any], float]:
        async with TeacherClient(teacher_config(settings)) as client:
            qs = [NormalizationQuery(doc_text=t, start=m.start, end=m.end, surface=m.surface, type=m.type,
                                     candidates=tuple(CandidateView(c.kb_id, c.name, c.type, c.description)
                                                      for c in d.candidates)) for t, m, d in items]
            answers = list(await asyncio.gather(*(client.normalize(q, doc_id="bench") for q in qs)))
            return answers, client.stats.cost_usd / max(1, len(qs))

    return asyncio.run(run())


def _calibrated(settings: Settings, linker: Any) -> dict[str, Any]:
    """Thresholds per target rate (overall and per type) for the linker as served now (a student
    or the baseline), calibrated on the validation split of the current dataset (never the eval)."""
    from training.calibration import served_thresholds
    from training.dataset import current_dataset

    path = current_dataset(settings.home / "training" / "datasets") / "normalization.jsonl"
    rows = read_jsonl(path)
    out: dict[str, Any] = served_thresholds(linker, rows)
    return out


def bench_review(settings: Settings, as_json: bool, vcpu_hour_usd: float, chart: Path) -> int:
    from mentionflow.batch import same_as_map
    from mentionflow.configs import eval_root, teacher_config
    from mentionflow.evaluate import evaluate
    from mentionflow.pipeline import load_models, make_shortlist, read_documents
    from mentionflow.teachercmd import annotate_documents, teacher_rows
    from teacher.client import TeacherClient
    from teacher.shapes import Invalid
    from training.dataset import locked_sets
    from training.normalizer import REVIEW_RATES
    from workers.extraction.transform import extract_documents
    from workers.normalization.linker import Routing

    sets = locked_sets(eval_root(settings))
    docs = [x for d, _ in sets for x in read_documents(d)]
    gold = [g for _, gp in sets for g in read_jsonl(gp)]
    same_as = same_as_map(settings)
    models = load_models(settings.model_copy(update={"decision_cache": False}))  # CPU of the cold path
    extractor, linker = models.both()
    c0 = time.process_time()
    ext = extract_documents(docs, extractor)
    decided = linker.link_many([(e.doc.text, e.mentions) for e in ext])
    student_cpu_per_doc = (time.process_time() - c0) / len(docs)
    items = [(e.doc.text, m, d) for e, ds in zip(ext, decided, strict=True) for m, d in zip(e.mentions, ds, strict=True)]
    doc_of = [e.doc.id for e in ext for _ in e.mentions]
    answers, teacher_per_mention = _teacher_answers(settings, items)

    def rows(routing: Routing) -> tuple[list[dict[str, Any]], int]:
        out, reviewed = [], 0
        for doc_id, (_, m, d), a in zip(doc_of, items, answers, strict=True):
            kb_id = d.kb_id
            if routing.to_review(m.type, d) and not isinstance(a, Invalid):
                kb_id, reviewed = a.kb_id, reviewed + 1
            out.append({"doc_id": doc_id, "start": m.start, "end": m.end, "id": kb_id, "type": m.type})
        return out, reviewed

    with_cands = sum(1 for _, _, d in items if d.candidates or d.kb_id is not None)
    student_usd = student_cpu_per_doc * 1000 * vcpu_hour_usd / 3600
    calibrated = _calibrated(settings, linker)
    overall, by_type = calibrated.get("overall") or {}, calibrated.get("by_type") or {}
    points = []
    # 1.0: every mention with candidates reviewed -- the ceiling of link review on the models' spans
    for rate in (0.0, *REVIEW_RATES, *((1.0,) if overall else ())):
        key = f"{rate:g}"
        t = 0.0 if rate == 0.0 else 1.01 if rate == 1.0 else overall.get(key)
        if t is None:
            continue
        per_type = tuple((ty, v[key]) for ty, v in by_type.items() if key in v) if 0 < rate < 1 else ()
        pred, reviewed = rows(Routing(threshold=float(t), per_type=per_type))  # as the worker routes
        rep = evaluate(pred, gold, same_as)
        usd = student_usd + teacher_per_mention * reviewed / len(docs) * 1000
        points.append({"target_rate": rate, "threshold": t, "review_rate": round(reviewed / max(1, len(items)), 4),
                       "review_rate_of_mentions_with_candidates": round(reviewed / max(1, with_cands), 4),
                       "link_f1": rep["link"]["f1"], "usd_per_1000_docs": round(usd, 4)})

    shortlist = make_shortlist(settings, linker.index)

    async def teacher_only() -> tuple[list[Any], float]:
        async with TeacherClient(teacher_config(settings)) as client:
            out = await annotate_documents(client, shortlist, docs, settings.teacher_concurrency, progress=False)
            return out, client.stats.cost_usd / len(docs) * 1000

    t_docs, t_usd = asyncio.run(teacher_only())
    t_f1 = evaluate(teacher_rows(t_docs), gold, same_as)["link"]["f1"]
    result = {"bench": "review", "documents": len(docs), "mentions": len(items), "points": points,
              "teacher_only": {"link_f1": t_f1, "usd_per_1000_docs": round(t_usd, 4)},
              "teacher_usd_per_reviewed_mention": round(teacher_per_mention, 6), "vcpu_hour_usd": vcpu_hour_usd,
              "thresholds": "validation-calibrated through the served linker",
              "models": {"extractor": extractor.version, "normalizer": linker.version}}
    print(f"models: {extractor.version} + {linker.version}")
    print(f"{len(items)} mentions, {with_cands} with candidates (review rates below: of all / of those)")
    print(f"{'system':24} {'reviewed':>15} {'link F1':>8} {'$/1k docs':>10}")
    for p in points:
        name = ("models only" if p["target_rate"] == 0 else "models + teacher, all" if p["target_rate"] == 1.0
                else f"models + teacher @{p['target_rate']:.0%}")
        rr = f"{p['review_rate']:.3f} / {p['review_rate_of_mentions_with_candidates']:.3f}"
        print(f"{name:24} {rr:>15} {p['link_f1']:8.4f} {p['usd_per_1000_docs']:10.4f}")
    print(f"{'teacher only':24} {'-':>15} {t_f1:8.4f} {t_usd:10.4f}")
    _chart(points, t_f1, t_usd, chart, f"{extractor.version} + {linker.version}")
    print(f"chart: {chart}")
    if as_json:
        print(orjson.dumps(result).decode())
    return 0


def _chart(points: list[dict[str, Any]], t_f1: float, t_usd: float, path: Path, models: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    xs = [p["usd_per_1000_docs"] for p in points]
    ys = [p["link_f1"] for p in points]
    ax.plot(xs, ys, "o-", color="#1f77b4", label="models + teacher review")
    for i, p in enumerate(points):  # labels alternate below/above: neighbours at one F1 do not overlap
        label = "models only" if p["target_rate"] == 0 else f"{p['review_rate']:.0%} reviewed"
        ax.annotate(label, (p["usd_per_1000_docs"], p["link_f1"]), textcoords="offset points",
                    xytext=(6, -12 if i % 2 == 0 else 8), fontsize=8)
    ax.plot([t_usd], [t_f1], "s", color="#d62728", label="teacher only")
    ax.set_xscale("log")
    ax.set_xlabel("cost per 1,000 documents (USD, log scale)")
    ax.set_ylabel("link F1 on the locked eval")
    ax.set_title("mentionflow: F1 vs cost (teacher = local stand-in, priced like gpt-4o)", fontsize=10)
    fig.text(0.01, 0.01, f"models: {models}"[:150], fontsize=6, color="#555555")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
