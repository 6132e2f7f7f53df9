"""``mentionflow train data``: unlabeled text -> teacher labels -> the distillation dataset.

Shell order: gather documents (Vital Articles without eval titles and without their first
sentence; synthetic posts without eval entities) -> hygiene (``corpus.clean_corpus``: dedup,
near-dup, contamination vs every eval set) -> the teacher labels every document (spans, then
one choice per span among the retriever's shortlist) -> examples (invalid teacher answers are
dropped and counted, never trusted) -> example-level dedup -> split by document -> files written
to a temp dir and renamed: ``<home>/training/datasets/<version>/`` with ``extraction.jsonl``,
``normalization.jsonl`` (each row carries its ``split``) and ``manifest.json``; ``CURRENT``
names the newest.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson

from teacher.pipeline import TeacherDocument
from training.corpus import Doc, clean_corpus, drop_first_sentence, mention_key, split_of

__all__ = ["Profile", "PROFILES", "wiki_docs", "post_docs", "examples_from", "write_dataset", "eval_sets", "locked_sets", "eval_material", "eval_doc_ids",
           "current_dataset"]


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    wiki_docs: int
    posts: int
    news: int = 0
    seed: int = 13


# quick (demo, tests) stays offline; full adds real newswire (training.news: npm on first use)
PROFILES = {"quick": Profile("quick", 240, 240), "full": Profile("full", 4000, 3000, news=3000)}


def eval_sets(root: Path) -> list[tuple[Path, Path]]:
    """Every (docs, gold) eval set in the repo, dev halves included: all are excluded from training."""
    ev = root / "eval"
    return [(d, d.with_name(d.name.replace("_docs", "_gold"))) for d in sorted(ev.glob("**/*_docs.jsonl"))]


def locked_sets(root: Path) -> list[tuple[Path, Path]]:
    """The locked sets the gate and the benches score on: the Vital set and the real-news test half
    (never the dev halves, which are tuned on)."""
    return [(d, g) for d, g in eval_sets(root) if "dev_" not in d.name]


def eval_doc_ids(root: Path) -> frozenset[str]:
    """Ids of every eval document (the news source never draws a story the eval holds)."""
    return frozenset(orjson.loads(line)["id"] for docs, _ in eval_sets(root)
                     for line in docs.read_bytes().splitlines() if line.strip())


def eval_material(root: Path) -> tuple[list[str], set[str], set[str], list[str]]:
    """Texts, titles and gold ids of every eval set under ``root/eval`` (all kept out of training),
    and their paths relative to ``root``."""
    texts: list[str] = []
    titles: set[str] = set()
    ids: set[str] = set()
    paths = []
    for docs, gold in eval_sets(root):
        paths += [str(docs.relative_to(root)), str(gold.relative_to(root))]
        for line in docs.read_bytes().splitlines():
            if line.strip():
                d = orjson.loads(line)
                texts.append(d["text"])
                if (d.get("meta") or {}).get("title"):
                    titles.add(d["meta"]["title"])
        if gold.exists():
            for line in gold.read_bytes().splitlines():
                if line.strip():
                    ids.update(orjson.loads(line).get("ids") or [])
    return texts, titles, ids, paths


def wiki_docs(articles: dict[str, dict[str, Any]], exclude_titles: set[str], n: int, seed: int) -> list[Doc]:
    titles = sorted(t for t in articles if t not in exclude_titles)
    random.Random(seed).shuffle(titles)
    out = []
    for t in titles:
        rest = drop_first_sentence(articles[t].get("extract") or "")
        if rest:
            out.append(Doc(id=f"wiki-{hashlib.sha1(t.encode()).hexdigest()[:12]}", text=rest,
                           source="wikipedia-vital-articles", meta=(("title", t),)))
        if len(out) >= n:
            break
    return out


def post_docs(records: Sequence[Any], exclude_ids: frozenset[str], n: int, seed: int) -> list[Doc]:
    from training.posts import generate_posts

    return [Doc(id=p.id, text=p.text, source="synthetic-social", meta=(("template", p.template),))
            for p in generate_posts(records, n, seed, exclude_ids=exclude_ids)]


def examples_from(labelled: Iterable[TeacherDocument], sources: dict[str, str]) -> tuple[list[dict], list[dict], dict]:
    """Teacher documents -> (extraction rows, normalization rows, counts of what was dropped)."""
    ext, norm = [], []
    dropped = {"extraction_invalid": 0, "normalization_invalid": 0, "normalization_duplicate": 0}
    seen: set[str] = set()
    for d in labelled:
        if d.extraction_invalid:
            dropped["extraction_invalid"] += 1
            continue
        split = split_of(d.doc_id)
        ext.append({"id": d.doc_id, "text": d.text, "source": sources.get(d.doc_id, ""), "split": split,
                    "spans": [[m.start, m.end, m.type] for m in d.mentions]})
        for m in d.mentions:
            if m.invalid:
                dropped["normalization_invalid"] += 1
                continue
            key = mention_key(d.text, m.start, m.end, m.surface, [c.kb_id for c in m.candidates])
            if key in seen:
                dropped["normalization_duplicate"] += 1
                continue
            seen.add(key)
            norm.append({"id": f"{d.doc_id}:{m.start}-{m.end}", "doc_id": d.doc_id, "split": split, "text": d.text,
                         "start": m.start, "end": m.end, "surface": m.surface, "type": m.type,
                         "candidates": [asdict(c) for c in m.candidates], "label": m.kb_id,
                         "nil_reason": m.nil_reason, "teacher_confidence": m.confidence})
    return ext, norm, dropped


def write_dataset(root: Path, ext: list[dict], norm: list[dict], manifest: dict[str, Any]) -> Path:
    body_ext = b"".join(orjson.dumps(r, option=orjson.OPT_SORT_KEYS) + b"\n" for r in ext)
    body_norm = b"".join(orjson.dumps(r, option=orjson.OPT_SORT_KEYS) + b"\n" for r in norm)
    digest = hashlib.sha1(body_ext + body_norm).hexdigest()
    version = f"ds-{digest[:12]}"
    out = root / version
    tmp = root / f".{version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / "extraction.jsonl").write_bytes(body_ext)
    (tmp / "normalization.jsonl").write_bytes(body_norm)
    counts = {f"{kind}_{s}": sum(1 for r in rows if r["split"] == s)
              for kind, rows in (("extraction", ext), ("normalization", norm)) for s in ("train", "val", "test")}
    manifest = {"version": version, "sha1": digest, "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                **manifest, "counts": counts,
                "nil_share": round(sum(1 for r in norm if r["label"] is None) / max(1, len(norm)), 4)}
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2))
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    (root / "CURRENT.tmp").write_text(version)
    (root / "CURRENT.tmp").replace(root / "CURRENT")
    return out


def current_dataset(root: Path) -> Path:
    cur = root / "CURRENT"
    if not cur.exists():
        raise FileNotFoundError(f"no training dataset in {root}: run `mentionflow train data`")
    return root / cur.read_text().strip()


def contamination_ok(rows: Iterable[dict], eval_texts: Sequence[str]) -> int:
    """Re-check written rows against the eval texts (the builder's own guard, run after writing)."""
    from training.corpus import CONTAMINATION_NGRAM, shingles

    grams: set[int] = set()
    for t in eval_texts:
        grams |= shingles(t, CONTAMINATION_NGRAM)
    return sum(1 for r in rows if shingles(r["text"], CONTAMINATION_NGRAM) & grams)


def build(docs: list[Doc], eval_texts: list[str], label: Any) -> tuple[list[dict], list[dict], dict[str, Any]]:
    """Hygiene, then ``label(docs) -> list[TeacherDocument]`` (async callable), then examples."""
    clean, report = clean_corpus(docs, eval_texts)
    labelled = asyncio.run(label(clean))
    ext, norm, dropped = examples_from(labelled, {d.id: d.source for d in clean})
    info = {"hygiene": {k: v for k, v in asdict(report).items() if k != "contaminated_ids"},
            "contaminated_ids": list(report.contaminated_ids)[:50], "dropped": dropped,
            "sources": {s: sum(1 for d in clean if d.source == s) for s in sorted({d.source for d in clean})}}
    return ext, norm, info
