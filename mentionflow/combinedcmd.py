"""``python -m mentionflow.combinedcmd train|compare``: the combined normalizer's I/O shell.

``train``: fit the combined normalizer (``training.combined``) on a teacher-labelled dataset in
named configurations — ``structured`` (the ranker's features, the whole train split),
``structured-subset`` and ``structured+ce`` (the same features without / with the cross-encoder
student's score, on the hash-ordered subset of documents the cross-encoder had time to score) —
calibrate each on the validation split, report agreement with the teacher on the test split
(per mention, and through the whole linker with its document-level rules), and write one model
file per configuration plus ``report.json``. The configuration with the best validation
agreement is named ``chosen``; nothing here reads an eval set except to keep it out.

``compare``: on the news dev half, the served default (``alias-ranker.v1``) and each given
combined model, in one run, over the same extractor (the served one: spaCy + gazetteer): span F1,
link P/R/F1, NIL accuracy, error classes, docs/s. Refuses the locked sets.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from mentionflow.settings import Settings
from streams.schemas import Mention

__all__ = ["train_combined", "compare_dev", "teacher_agreement_linked"]

CONFIGS = ("structured", "structured-subset", "structured+ce")
DEFAULT_L2 = 1e-3  # chosen on the validation split's teacher agreement (1e-4 and 1e-2 tried)


def _hash_order(ids: Sequence[str]) -> list[str]:
    return sorted(set(ids), key=lambda d: hashlib.sha1(d.encode()).hexdigest())


def _subset(gold: Sequence[dict[str, Any]], rows: int) -> list[dict[str, Any]]:
    """Whole documents in hash order until ``rows`` labelled mentions."""
    by: dict[str, list[dict[str, Any]]] = {}
    for g in gold:
        by.setdefault(g["doc_id"], []).append(g)
    out: list[dict[str, Any]] = []
    for d in _hash_order(list(by)):
        if len(out) >= rows:
            break
        out += by[d]
    return out


def teacher_agreement_linked(linker: Any, docs: Mapping[str, str], gold: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The whole linker (document-level rules included) on the teacher's spans: per mention with
    candidates, does its decision (record or NIL) equal the teacher's?"""
    by: dict[str, list[dict[str, Any]]] = {}
    for g in gold:
        by.setdefault(g["doc_id"], []).append(g)
    right = links = links_right = nils = nils_right = 0
    per_source: dict[str, list[int]] = {}  # doc id prefix ("wiki", "post") -> [right, n]
    for doc_id, rows in by.items():
        rows.sort(key=lambda g: g["start"])
        ms = [Mention(start=g["start"], end=g["end"], surface=g["surface"], type=g["type"], score=1.0) for g in rows]
        for g, d in zip(rows, linker.link(docs[doc_id], ms), strict=True):
            if not d.candidates:
                continue
            want = g["ids"][0] if g["ids"] else None
            ok = d.kb_id == want
            right += ok
            src = per_source.setdefault(doc_id.split("-", 1)[0], [0, 0])
            src[0] += ok
            src[1] += 1
            if want is None:
                nils += 1
                nils_right += ok
            else:
                links += 1
                links_right += ok
    n = links + nils
    return {"accuracy": round(right / n, 4) if n else float("nan"), "on_teacher_links": round(links_right / max(links, 1), 4),
            "on_teacher_nil": round(nils_right / max(nils, 1), 4), "n": n,
            "by_source": {k: round(r / c, 4) for k, (r, c) in sorted(per_source.items())}}


def train_combined(settings: Settings, dataset: Path, out: Path, cross_encoder: Path | None, ce_rows: int,
                   l2: float = DEFAULT_L2) -> dict[str, Any]:
    from mentionflow.batch import same_as_map
    from mentionflow.pipeline import load_alias_index
    from training.combined import (
        LogitCache,
        agreement,
        calibrate,
        decisions,
        digest,
        eval_overlap,
        fit_combined,
        initial,
        model_of,
        pad,
        read_rows,
        samples_for,
        teacher_gold,
    )
    from training.corpus import CONTAMINATION_NGRAM, shingles
    from training.dataset import eval_material
    from workers.normalization.combined import CombinedRescorer, combined_file, ranker_sha1
    from workers.normalization.model import AliasLinker, LinkerWeights, load_ranker

    root = Path.cwd() if settings.eval_dir is None else settings.eval_dir.parent
    t_start = time.perf_counter()
    index = load_alias_index(settings)
    same_as = same_as_map(settings)
    weights, rcal = load_ranker(settings.ranker_weights) if settings.ranker_weights else (LinkerWeights(), None)
    linker = AliasLinker(index, weights=weights, calibration=rcal)
    rows = read_rows(dataset / "normalization.jsonl")
    docs = {r["doc_id"]: r["text"] for r in rows}

    texts, _titles, _ids, eval_paths = eval_material(root)
    eval_ids = {json.loads(x)["id"] for p in eval_paths if p.endswith("_docs.jsonl")
                for x in (root / p).read_text().splitlines() if x.strip()}
    grams: set[int] = set().union(*(shingles(t, CONTAMINATION_NGRAM) for t in texts))
    dropped = set(eval_overlap(docs, eval_ids, grams, lambda t: shingles(t, CONTAMINATION_NGRAM)))
    gold = {s: teacher_gold([r for r in rows if r["split"] == s and r["doc_id"] not in dropped])
            for s in ("train", "val", "test")}
    report: dict[str, Any] = {"dataset": dataset.name, "eval_sets_checked": eval_paths,
                              "contaminated_docs_dropped": sorted(dropped), "ranker": str(settings.ranker_weights),
                              "l2": l2, "configs": {}}

    full = {s: samples_for(linker, docs, gold[s], same_as, None, 1.0, 4) for s in gold}
    th0, ph0 = initial()
    report["served_ranker_per_mention"] = {s: agreement(pad(full[s]), decisions(pad(full[s]), th0, ph0, 1.0, rcal))
                                           for s in ("val", "test")}
    sub: dict[str, Any] = {}
    ce_key: str | None = None
    ce_t = 1.0
    wrapped = None
    if cross_encoder is not None:
        from workers.normalization.student import CrossEncoderLinker

        ce = CrossEncoderLinker(index, cross_encoder, device=settings.device, threads=settings.ort_threads,
                                rule_min_score=None)
        ce_key, ce_t = ce.model_key, ce.temperature
        cache = LogitCache(settings.home / "models" / "build" / "combined-ce-logits.pkl", ce_key, index.kb_version)
        cache.path.parent.mkdir(parents=True, exist_ok=True)
        wrapped = cache.wrap(ce.option_logits)
        t0 = time.perf_counter()
        for s, n in (("val", ce_rows // 2), ("test", ce_rows // 2), ("train", ce_rows)):
            g = _subset(gold[s], n)
            sub[s] = (g, samples_for(linker, docs, g, same_as, wrapped, ce_t, 4),
                      samples_for(linker, docs, g, same_as, None, 1.0, 4))
            cache.save()
        report["cross_encoder"] = {"model": ce_key, "dir": str(cross_encoder), "pairs_scored": ce.stats.pairs_scored,
                                   "seconds": round(time.perf_counter() - t0, 1),
                                   "subset_samples": {s: len(v[1]) for s, v in sub.items()}}
    runs: list[tuple[str, list[Any], list[Any], list[Any], bool]] = [("structured", full["train"], full["val"], full["test"], False)]
    if sub:
        runs += [("structured-subset", sub["train"][2], sub["val"][2], sub["test"][2], False),
                 ("structured+ce", sub["train"][1], sub["val"][1], sub["test"][1], True)]
    out.mkdir(parents=True, exist_ok=True)
    for name, tr, va, te, use_ce in runs:
        t0 = time.perf_counter()
        theta, phi = fit_combined(pad(tr), use_ce=use_ce, l2=l2)
        temp, phi = calibrate(pad(va), theta, phi)
        fit_s = time.perf_counter() - t0
        tag = name if l2 == DEFAULT_L2 else f"{name}-l2_{l2:g}"
        model = model_of(theta, phi, temp, ce_key if use_ce else None, 4, f"combined.{tag}.v1", ranker_sha1(settings.ranker_weights))
        res: dict[str, Any] = {"train_samples": len(tr), "train_sha1": digest(tr), "fit_seconds": round(fit_s, 1),
                               "temperature": temp,
                               "val": agreement(pad(va), decisions(pad(va), theta, phi, temp, None)),
                               "test_per_mention": agreement(pad(te), decisions(pad(te), theta, phi, temp, None))}
        if sub:  # every configuration on the cross-encoder's validation subset: the choice is made there
            va_ce = sub["val"][1] if use_ce else sub["val"][2]
            res["val_ce_subset"] = agreement(pad(va_ce), decisions(pad(va_ce), theta, phi, temp, None))
        path = out / f"{model.name}.json"
        path.write_bytes(combined_file(model, {"trained_on": dataset.name, **{k: v for k, v in res.items()}}))
        # the whole linker, document-level rules included, on the teacher's test spans
        test_gold = sub["test"][0] if use_ce else gold["test"]
        resc = CombinedRescorer(model, weights, lambda: index, wrapped if use_ce else None, ce_t if use_ce else 1.0)
        combined = AliasLinker(index, weights=weights, calibration=rcal, rescorer=resc)
        res["test_linked"] = teacher_agreement_linked(combined, docs, [dict(g) for g in test_gold])
        res["test_linked_served"] = teacher_agreement_linked(linker, docs, [dict(g) for g in test_gold])
        if use_ce:
            cache.save()
        res["file"] = str(path)
        report["configs"][name] = res
        print(name, json.dumps(res), file=sys.stderr, flush=True)
    key = "val_ce_subset" if sub else "val"
    report["chosen"] = max(report["configs"], key=lambda c: report["configs"][c][key]["accuracy"])
    report["total_seconds"] = round(time.perf_counter() - t_start, 1)
    (out / "report.json").write_text(json.dumps(report, indent=2))
    return report


def compare_dev(settings: Settings, models: Sequence[Path]) -> dict[str, Any]:
    """The served default and each combined model on the news dev half, same extractor, one run."""
    from mentionflow.batch import same_as_map
    from mentionflow.bench_quality import error_classes
    from mentionflow.evaluate import evaluate
    from mentionflow.pipeline import (
        Models,
        link_rows,
        load_alias_index,
        load_extractor,
        load_linker,
        read_documents,
    )
    from streams.files import read_jsonl
    from training.dataset import locked_sets

    root = Path.cwd() if settings.eval_dir is None else settings.eval_dir.parent
    docs_path, gold_path = root / "eval/news/dev_docs.jsonl", root / "eval/news/dev_gold.jsonl"
    if {docs_path.resolve(), gold_path.resolve()} & {p.resolve() for pair in locked_sets(root) for p in pair}:
        raise ValueError("compare runs on the dev half only")
    index = load_alias_index(settings)
    same_as = same_as_map(settings)
    extractor = load_extractor(settings, None, index)
    docs = list(read_documents(docs_path))
    gold = read_jsonl(gold_path)
    out: dict[str, Any] = {"set": str(docs_path.relative_to(root)), "documents": len(docs), "gold_mentions": len(gold),
                           "extractor": extractor.version, "systems": {}}
    linkers = [("served", settings.model_copy(update={"linker": "alias-ranker.v1"}))]
    linkers += [(f"{p.parent.name}/{p.stem}", settings.model_copy(update={"linker": "combined-ranker.v1", "combined_model": p})) for p in models]
    for name, s in linkers:
        linker = load_linker(s, None, index)
        t0 = time.perf_counter()
        pred = list(link_rows(docs, Models(extractor, linker)))
        secs = time.perf_counter() - t0
        rep = evaluate(pred, gold, same_as)
        out["systems"][name] = {"linker": linker.version, "span_f1": rep["span"]["f1"], "link_p": rep["link"]["precision"],
                                "link_r": rep["link"]["recall"], "link_f1": rep["link"]["f1"],
                                "nil_accuracy": rep["nil_accuracy"], "errors": error_classes(pred, gold, index, same_as),
                                "docs_per_s": round(len(docs) / secs, 1)}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mentionflow.combinedcmd", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="fit the combined normalizer's configurations on a teacher-labelled dataset")
    t.add_argument("--dataset", type=Path, required=True, help="a dataset dir (var/training/datasets/ds-...)")
    t.add_argument("--out", type=Path, required=True, help="directory for the model files and report.json")
    t.add_argument("--cross-encoder", type=Path, default=None, help="a normalizer student dir (its score as a feature)")
    t.add_argument("--ce-rows", type=int, default=3200, help="labelled train mentions the cross-encoder scores "
                   "(half as many on validation and test)")
    t.add_argument("--l2", type=float, default=DEFAULT_L2, help="pull towards the served ranker")
    c = sub.add_parser("compare", help="served default vs combined models on the news dev half")
    c.add_argument("models", nargs="+", type=Path)
    a = ap.parse_args(argv)
    settings = Settings()
    if a.cmd == "train":
        r = train_combined(settings, a.dataset, a.out, a.cross_encoder, a.ce_rows, a.l2)
    else:
        r = compare_dev(settings, a.models)
    print(json.dumps(r, indent=2, default=lambda o: float(o) if isinstance(o, np.floating) else str(o)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
