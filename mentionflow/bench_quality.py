"""``mentionflow bench quality``: linking quality on the locked sets, in one run.

Sets: the locked half of the real-news set (``eval/news/test_*``) and the Vital locked set
(``eval/locked_*``). Systems: the served default (whatever ``load_models`` serves: students if
promoted, else the baselines), the longest-match dictionary REFERENCE over the same KB
(``mentionflow.dictionary``), and the teacher (the configured API, the stand-in by default) when
it answers. For each: span F1, link P/R/F1, NIL accuracy, counts per error class, docs/s.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from index.lookup import AliasIndex
from mentionflow.evaluate import evaluate
from mentionflow.settings import Settings
from streams.files import read_jsonl

__all__ = ["bench_quality", "error_classes", "quality_sets"]

_MAJOR = frozenset({"country", "capital", "admin1"})


def quality_sets(root: Path) -> list[tuple[str, Path, Path]]:
    return [("news-test", root / "eval/news/test_docs.jsonl", root / "eval/news/test_gold.jsonl"),
            ("vital-locked", root / "eval/locked_docs.jsonl", root / "eval/locked_gold.jsonl")]


def error_classes(pred: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]], index: AliasIndex,
                  same_as: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Counts per error class: missed span, spurious link, NIL where gold links, link where gold
    is NIL, wrong record — and among those a major place (country, capital, region) lost to
    another record, and a person's surname linked where gold says NIL."""
    row_of = {kb_id: r for r, kb_id in enumerate(index.ids) if kb_id}

    def eq(a: str) -> set[str]:
        return {a, *same_as.get(a, ())}

    g_by = {(g["doc_id"], g["start"], g["end"]): g for g in gold}
    p_by = {(p["doc_id"], p["start"], p["end"]): p for p in pred if p["doc_id"] in {k[0] for k in g_by}}
    c: Counter[str] = Counter()
    for k, g in g_by.items():
        p = p_by.get(k)
        ids = set(g.get("ids") or [])
        if p is None:
            c["missed_span"] += 1
            continue
        pid = p.get("id")
        if not ids and pid is not None:
            c["linked_but_gold_nil"] += 1
            if g.get("type") == "PER" and len(str(g.get("surface", "")).split()) == 1:
                c["surname_linked_but_gold_nil"] += 1
        elif ids and pid is None:
            c["nil_but_gold_linked"] += 1
        elif ids and pid is not None and not (eq(pid) & set().union(*(eq(i) for i in ids))):
            c["wrong_record"] += 1
            gold_rows = [row_of[i] for i in ids if i in row_of]
            if index.features and any(index.features[r] in _MAJOR for r in gold_rows):
                c["major_place_lost_to_namesake"] += 1
    c["spurious_link"] = sum(1 for k, p in p_by.items() if k not in g_by and p.get("id") is not None)
    return dict(sorted(c.items()))


def _summary(rep: Mapping[str, Any], classes: dict[str, int], docs: int, seconds: float) -> dict[str, Any]:
    return {"span_f1": rep["span"]["f1"], "link_p": rep["link"]["precision"], "link_r": rep["link"]["recall"],
            "link_f1": rep["link"]["f1"], "nil_accuracy": rep["nil_accuracy"], "errors": classes,
            "docs_per_s": round(docs / seconds, 1) if seconds > 0 else None}


def bench_quality(settings: Settings, root: Path, teacher: bool = True) -> dict[str, Any]:
    from mentionflow.batch import same_as_map
    from mentionflow.dictionary import DictionaryReference
    from mentionflow.pipeline import link_rows, load_alias_index, load_models, read_documents

    same_as = same_as_map(settings)
    index = load_alias_index(settings)
    models = load_models(settings)
    reference = DictionaryReference.build(index)
    extractor, linker = models.both()
    out: dict[str, Any] = {"served": {"extractor": extractor.version, "linker": linker.version},
                           "sets": {}}
    for name, docs_path, gold_path in quality_sets(root):
        docs = list(read_documents(docs_path))
        gold = read_jsonl(gold_path)
        res: dict[str, Any] = {"documents": len(docs), "gold_mentions": len(gold)}
        t0 = time.perf_counter()
        pred = list(link_rows(docs, models))
        res["served"] = _summary(evaluate(pred, gold, same_as), error_classes(pred, gold, index, same_as), len(docs),
                                 time.perf_counter() - t0)
        t0 = time.perf_counter()
        ref = [row for d in docs for row in reference.link_text(d.id, d.text)]
        res["dictionary"] = _summary(evaluate(ref, gold, same_as), error_classes(ref, gold, index, same_as),
                                     len(docs), time.perf_counter() - t0)
        if teacher:
            res["teacher"] = _teacher(settings, index, docs, gold, same_as)
        out["sets"][name] = res
    return out


def _teacher(settings: Settings, index: AliasIndex, docs: list[Any], gold: list[dict[str, Any]],
             same_as: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The teacher through its API (answers not cached); a clear reason when it does not answer."""
    from mentionflow.configs import teacher_config
    from mentionflow.pipeline import make_shortlist
    from mentionflow.teachercmd import annotate_documents, teacher_rows
    from teacher.client import TeacherClient

    shortlist = make_shortlist(settings, index)

    async def run() -> list[Any]:
        async with TeacherClient(teacher_config(settings)) as client:
            return await annotate_documents(client, shortlist, docs, settings.teacher_concurrency, progress=False)

    t0 = time.perf_counter()
    try:
        rows = teacher_rows(asyncio.run(run()))
    except Exception as exc:  # noqa: BLE001 - reported in the output, never hidden
        return {"not_measured": f"the teacher at {settings.teacher_base_url} did not answer: {exc!r}"[:300]}
    return _summary(evaluate(rows, gold, same_as), error_classes(rows, gold, index, same_as), len(docs),
                    time.perf_counter() - t0)


def format_quality(out: Mapping[str, Any]) -> str:
    lines = [f"served: {out['served']['extractor']} + {out['served']['linker']}"]
    for name, res in out["sets"].items():
        lines.append(f"\n{name}: {res['documents']} documents, {res['gold_mentions']} gold mentions")
        lines.append(f"  {'system':11} {'span F1':>8} {'link P':>7} {'link R':>7} {'link F1':>8} {'NIL acc':>8} {'docs/s':>8}")
        for system in ("served", "teacher", "dictionary"):
            r = res.get(system)
            if r is None:
                continue
            if "not_measured" in r:
                lines.append(f"  {system:11} not measured: {r['not_measured']}")
                continue
            nil = "-" if r["nil_accuracy"] is None else f"{r['nil_accuracy']:.3f}"
            lines.append(f"  {system:11} {r['span_f1']:8.3f} {r['link_p']:7.3f} {r['link_r']:7.3f} {r['link_f1']:8.3f} "
                         f"{nil:>8} {r['docs_per_s'] or 0:8.1f}")
        for system in ("served", "teacher", "dictionary"):
            r = res.get(system)
            if r and "errors" in r:
                lines.append(f"  errors {system}: " + ", ".join(f"{k} {v}" for k, v in r["errors"].items()))
    return "\n".join(lines)
