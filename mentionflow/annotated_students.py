"""Students of the hand-annotated text (issue 14): their recipes, run by ``mentionflow train
annotated`` (and the full profile of ``train all``), each registered and promoted through the
locked-eval gate like any student (``traincmd.register_gated``).

- The extractor: MiniLM (6 layers) fine-tuned on every annotated document's spans as a BIO
  token classifier, ONNX int8 (``training.annotated_onnx.build_onnx_student``, recipe ``onnx``,
  the default); the one shipped in ``mentionflow/data/models/extractor-onnx-minilm`` is this
  recipe's output on the repository's labels. Recipe ``spacy``: spaCy's NER fine-tuned on the same
  documents (``training.spacy_ner.build_student``), shipped until session 14.
- The normalizer: the combined normalizer (``workers.normalization.combined``: the ranker's
  features, its margin over NIL and the prior's gap in one calibrated conditional logit, no
  cross-encoder) fitted on the annotators' links of the train split and calibrated on the
  validation split (``mentionflow.combinedcmd.train_combined``), written as a student directory:
  the model file, its ONNX graph (``workers.normalization.combined_onnx``, served by onnxruntime)
  and a model card naming both and the ``combined-ranker.v1`` linker that serves them.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from mentionflow.settings import Settings

__all__ = ["DEFAULT_EPOCHS", "EXTRACTOR_RECIPES", "build_normalizer_student", "train_annotated", "write_graph"]

TEACHER = "frontier-LLM annotators under eval/GUIDELINES.md (agent helpers; no model output shown)"


def build_normalizer_student(settings: Settings, out: Path) -> dict[str, Any]:
    """Fit the combined normalizer on the annotated text and write the student directory ``out``
    (the model file, ``mentionflow.json``, ``meta.json``, ``report.json``). Returns the fit's report."""
    from mentionflow.combinedcmd import DEFAULT_L2, train_combined
    from training.annotated import load_docs, load_gold, write_dataset

    gold = load_gold()
    labelled = [d for d in load_docs() if d["id"] in gold]
    work = out.parent / f"{out.name}-work"
    t0 = time.perf_counter()
    try:
        write_dataset(work / "dataset")
        report = train_combined(settings, work / "dataset", work / "fit", None, 0, DEFAULT_L2)
        return _write_student(out, report, labelled, gold, t0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write_student(out: Path, report: dict[str, Any], labelled: list[dict[str, Any]], gold: Any, t0: float) -> dict[str, Any]:
    from training.annotated import labels_sha1

    chosen = report["configs"][report["chosen"]]
    out.mkdir(parents=True, exist_ok=True)
    digest = labels_sha1(labelled, gold)
    # the file's stem is the served version: "combined.structured.<labels digest>", one per fit
    model_file = f"{Path(chosen['file']).stem.rsplit('.v', 1)[0]}.{digest[:8]}.json"
    shutil.copyfile(chosen["file"], out / model_file)
    graph = write_graph(out, model_file)
    (out / "report.json").write_text(json.dumps(report, indent=2))
    card = {"component": "combined-ranker.v1", "kind": "normalizer", "model_file": model_file, "onnx_file": graph,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "dataset": "training/data/annotated (train split fitted, validation split calibrated)",
            "dataset_sha1": digest, "documents": len(labelled),
            "teacher": TEACHER, "config": report["chosen"], "ranker": Path(str(report["ranker"])).name,
            "base_model": "none: a conditional logit over the linker's features, no pretrained weights",
            "runtime": "onnxruntime (the graph of onnx_file, float64, not quantized); model_file holds the weights",
            "train_seconds": round(time.perf_counter() - t0, 1)}
    (out / "mentionflow.json").write_text(json.dumps(card, indent=2))
    # what the registry and the workers read of any normalizer student (``Registry.register``,
    # ``traincmd.serving_linker_prefix``): no review thresholds, so routing keeps the fixed threshold
    (out / "meta.json").write_text(json.dumps({"version": Path(model_file).stem, "created_at": card["created_at"],
                                               "dataset_sha1": card["dataset_sha1"]}, indent=2))
    return report


def write_graph(out: Path, model_file: str) -> str:
    """Write the ONNX graph of the combined model ``out / model_file`` beside it; returns its name."""
    from workers.normalization.combined import load_combined
    from workers.normalization.combined_onnx import logit_graph, onnx_name

    name = onnx_name(model_file)
    (out / name).write_bytes(logit_graph(load_combined(out / model_file)))
    return name


#: The extractor recipes: the spaCy NER fine-tuned (``training.spacy_ner``, 10 epochs) or MiniLM
#: as an ONNX int8 token classifier (``training.annotated_onnx``, 6 epochs, ``layers`` kept).
EXTRACTOR_RECIPES = ("spacy", "onnx")
DEFAULT_EPOCHS = {"spacy": 10, "onnx": 6}


def train_annotated(settings: Settings, kinds: tuple[str, ...] = ("extractor", "normalizer"), tolerance: float = 0.005,
                    epochs: int | None = None, recipe: str = "onnx", layers: int = 6) -> list[dict[str, Any]]:
    """Build each kind's annotated student, register it and promote it through the gate."""
    unknown = set(kinds) - {"extractor", "normalizer"}
    if unknown:
        raise ValueError(f"no annotated student of kind {', '.join(sorted(unknown))} (extractor, normalizer)")
    if recipe not in EXTRACTOR_RECIPES:
        raise ValueError(f"no extractor recipe {recipe!r} ({', '.join(EXTRACTOR_RECIPES)})")
    epochs = DEFAULT_EPOCHS[recipe] if epochs is None else epochs
    from mentionflow.registry import Registry
    from mentionflow.traincmd import gate_line, register_gated
    from training.spacy_ner import build_student

    registry = Registry(settings.registry_root)
    out = []
    for kind in kinds:
        build = settings.home / "models" / "build" / f"{kind}-annotated-{int(time.time())}"
        build.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        if kind == "extractor" and recipe == "onnx":
            from training.annotated_onnx import build_onnx_student

            build_onnx_student(build, layers=layers, epochs=epochs, log=lambda m: print(f"extractor (annotated): {m}", file=sys.stderr))
        elif kind == "extractor":
            build_student(build, epochs=epochs, log=lambda m: print(f"extractor (annotated): {m}", file=sys.stderr))
        else:
            build_normalizer_student(settings, build)
        seconds = round(time.perf_counter() - t0, 1)
        card = json.loads((build / "mentionflow.json").read_text())
        summary = register_gated(settings, registry, kind, build, {
            "profile": "annotated", "component": card["component"], "created_at": card["created_at"],
            "dataset_sha1": card["dataset_sha1"], "teacher": card["teacher"], "base_model": card["base_model"],
            "train_seconds": seconds}, tolerance)
        print(gate_line(f"{kind} (annotated)", summary, seconds), file=sys.stderr)
        out.append({**summary, "train_seconds": seconds})
    return out
