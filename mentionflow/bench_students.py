"""``mentionflow bench students``: the extractor students' trade-off table, layers x F1 x docs/s.

In one run, for the served extractor (spaCy + the gazetteer pass: the teacher's own extractor,
the baseline of the ratios) and for each layer-pruned ONNX student (``--train`` builds them
first: ``training.students``), raw and with the gazetteer pass on top (as ``load_extractor``
would serve it):

- span F1 on the real-news DEV half (``eval/news/dev_*``; never the test half): ``evaluate``'s
  span F1 (start and end match, type not required) and the typed one (type must match too);
- agreement with the teacher's spans on the dataset's held-out ``test`` split (never trained or
  early-stopped on): typed span F1;
- in-process extraction speed on the bench's short documents (``bench_documents``), the
  extractor called with ``batch_max`` documents at a time: docs/s (wall) and docs per CPU-second
  (this process's CPU time: less sensitive to other load on a shared machine), the best of
  ``rounds`` rounds with every extractor measured in each round; the ratio to the served
  extractor's docs/s in the same run;
- for each student, batching across documents: docs/s with one document per call and one window
  per session run (batch 1) next to the default (windows of many documents per run, shortest
  first, 32 per run: length bucketing).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mentionflow.settings import Settings
from streams.files import read_jsonl
from streams.schemas import Mention

__all__ = ["bench_students", "bench_students_cmd", "format_students", "dev_span_f1", "extraction_rate"]

Extract = Callable[[Sequence[str]], list[list[Mention]]]


def dev_span_f1(extract: Extract, docs: Sequence[dict[str, Any]], gold: Sequence[dict[str, Any]]) -> tuple[float, float]:
    """(span F1 as ``evaluate`` scores it, typed span F1) of ``extract`` on gold-annotated docs."""
    from mentionflow.evaluate import evaluate
    from training.extractor import span_f1

    found = extract([d["text"] for d in docs])
    rows = [{"doc_id": d["id"], "start": m.start, "end": m.end, "id": None, "type": m.type}
            for d, ms in zip(docs, found, strict=True) for m in ms]
    untyped = float(evaluate(rows, gold)["span"]["f1"])
    gold_by: dict[str, list[tuple[int, int, str]]] = {d["id"]: [] for d in docs}
    for g in gold:
        gold_by[g["doc_id"]].append((int(g["start"]), int(g["end"]), str(g["type"])))
    typed = span_f1([gold_by[d["id"]] for d in docs], [[(m.start, m.end, m.type) for m in ms] for ms in found])
    return untyped, typed


def teacher_agreement(extract: Extract, rows: Sequence[dict[str, Any]]) -> float:
    """Typed span F1 against the teacher's spans of held-out dataset rows."""
    from training.extractor import span_f1

    found = extract([r["text"] for r in rows])
    return span_f1([[(int(a), int(b), str(t)) for a, b, t in r["spans"]] for r in rows],
                   [[(m.start, m.end, m.type) for m in ms] for ms in found])


def extraction_rate(extract: Extract, texts: Sequence[str], per_call: int) -> tuple[float, float]:
    """(docs/s wall, docs per CPU-second of this process) extracting ``texts``, ``per_call`` at a time."""
    w0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(texts), per_call):
        extract(texts[i : i + per_call])
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    return len(texts) / wall, len(texts) / max(cpu, 1e-9)


def format_students(out: dict[str, Any]) -> str:
    """Pure: the bench's result -> the printed table."""
    base = out["rows"][0]["docs_s"]
    head = (f"{'extractor':<34} {'layers':>6} {'dev F1':>7} {'typed':>6} {'teacher':>7} {'docs/s':>7} {'x base':>6} "
            f"{'docs/CPU-s':>10} {'batch1':>7} {'epoch s':>7}")
    lines = [f"extractor students, one run: {out['n_docs']} short docs, {out['per_call']} per call, best of "
             f"{out['rounds']} rounds; dev: {out['dev_docs']} news dev docs ({out['dev_mentions']} gold mentions); "
             f"teacher: {out['heldout_docs']} held-out docs of {out['dataset']}", head, "-" * len(head)]
    for r in out["rows"]:
        b1 = f"{r['batch1_docs_s']:7.0f}" if r.get("batch1_docs_s") is not None else f"{'-':>7}"
        ep = f"{r['epoch_s']:7.0f}" if r.get("epoch_s") is not None else f"{'-':>7}"
        lines.append(f"{r['name']:<34} {r['layers']!s:>6} {r['dev_f1']:7.3f} {r['dev_typed_f1']:6.3f} "
                     f"{r['teacher_f1']:7.3f} {r['docs_s']:7.0f} {r['docs_s'] / base:6.2f} {r['docs_cpu_s']:10.0f} {b1} {ep}")
    return "\n".join(lines)


def _heldout(dataset: Path, n: int) -> list[dict[str, Any]]:
    rows = [r for r in read_jsonl(dataset / "extraction.jsonl") if r["split"] == "test"]
    return sorted(rows, key=lambda r: r["id"])[:n]


def bench_students(settings: Settings, root: Path, students: Sequence[Path], n_docs: int = 1000, rounds: int = 2,
                   heldout_docs: int = 400, batch1_docs: int = 300, dataset: Path | None = None) -> dict[str, Any]:
    """Measure the served extractor and each student directory in ``students``; ``root`` holds
    ``eval/``; ``dataset`` (default: the current one) gives the held-out teacher spans."""
    import json

    from mentionflow.bench import bench_documents
    from mentionflow.pipeline import load_alias_index, load_extractor
    from training.dataset import current_dataset
    from workers.extraction.gazetteer import Gazetteer, GazetteerExtractor
    from workers.extraction.student import OnnxExtractor

    ds = dataset or current_dataset(settings.home / "training" / "datasets")
    dev_docs = read_jsonl(root / "eval/news/dev_docs.jsonl")
    dev_gold = read_jsonl(root / "eval/news/dev_gold.jsonl")
    held = _heldout(ds, heldout_docs)
    texts = [d["text"] for d in bench_documents(n_docs)]
    index = load_alias_index(settings)
    gaz = Gazetteer.build(index)
    served = load_extractor(settings, None, index)  # no path: the configured baseline, never a student
    cands: list[tuple[str, Any, dict[str, Any]]] = [("spacy+gazetteer (served, teacher)", served, {"layers": "-"})]
    for path in students:
        meta = json.loads((Path(path) / "meta.json").read_text())
        student = OnnxExtractor(Path(path), device=settings.device, threads=settings.ort_threads)
        epochs = [h["train_s"] for h in meta.get("history", []) if "train_s" in h]
        info = {"layers": meta.get("layers", 6), "path": str(path), "version": meta.get("version"),
                "epoch_s": sum(epochs) / len(epochs) if epochs else None, "train_docs": meta.get("train_docs"),
                "kept_layers": meta.get("kept_layers")}
        cands.append((Path(path).name, student, {**info, "batch1_of": Path(path)}))
        cands.append((f"{Path(path).name} +gazetteer", GazetteerExtractor(student, gaz), info))
    rows: list[dict[str, Any]] = []
    for name, ex, info in cands:
        ex.extract(texts[:32])  # warm-up: first session runs allocate
        dev, typed = dev_span_f1(ex.extract, dev_docs, dev_gold)
        rows.append({"name": name, "dev_f1": dev, "dev_typed_f1": typed, "teacher_f1": teacher_agreement(ex.extract, held),
                     "docs_s": 0.0, "docs_cpu_s": 0.0, **{k: v for k, v in info.items() if k != "batch1_of"}})
    for _ in range(rounds):
        for (_, ex, _), row in zip(cands, rows, strict=True):
            wall, cpu = extraction_rate(ex.extract, texts, settings.batch_max)
            if wall > row["docs_s"]:
                row["docs_s"], row["docs_cpu_s"] = wall, cpu
    for (_, _, info), row in zip(cands, rows, strict=True):
        if "batch1_of" in info:
            one = OnnxExtractor(info["batch1_of"], device=settings.device, threads=settings.ort_threads, batch_size=1)
            one.extract(texts[:8])
            row["batch1_docs_s"] = extraction_rate(one.extract, texts[:batch1_docs], 1)[0]
    return {"n_docs": n_docs, "per_call": settings.batch_max, "rounds": rounds, "dev_docs": len(dev_docs),
            "dev_mentions": len(dev_gold), "heldout_docs": len(held), "dataset": ds.name, "rows": rows}


def bench_students_cmd(settings: Settings, args: Any) -> int:
    """The CLI shell: ``--train`` builds the sweep (``training.students``) on the current dataset
    first; then the table (and with ``--json`` one JSON line)."""
    import orjson

    from mentionflow.configs import eval_root
    from training.dataset import current_dataset
    from training.extractor import BASE_LAYERS
    from training.students import SweepRecipe, student_dir, train_layer_sweep

    ds = current_dataset(settings.home / "training" / "datasets")
    layers = [int(x) for x in args.layers.split(",") if x.strip()]
    picks = [x.strip() for x in args.layer_pick.split(",") if x.strip()]
    out_root = settings.home / "models" / "students"
    paths: list[Path] = []
    for pick in picks:  # all of the base model's layers is one student, whatever the pick
        recipe = SweepRecipe(epochs=args.epochs, max_train_docs=args.train_docs or None, layer_pick=pick)
        ks = [k for k in layers if k < BASE_LAYERS or pick == picks[0]]
        if args.train:
            paths += train_layer_sweep(ds / "extraction.jsonl", out_root, ks, recipe)
        else:
            paths += [p for k in ks if (p := student_dir(out_root, k, pick)).exists()]
    if not paths:
        raise FileNotFoundError(f"no students under {out_root}: run with --train")
    out = bench_students(settings, eval_root(settings), paths, n_docs=args.docs or 2000, dataset=ds)
    print(format_students(out))
    if args.json:
        print(orjson.dumps(out).decode())
    return 0
