"""The ONNX extractor student of the hand-annotated text: MiniLM (``training.extractor``: case
feature, BIO token classification, int8 ONNX export with a parity check) fine-tuned on the
annotators' spans instead of the stand-in teacher's.

``extraction_rows`` turns the annotations into ``train_extractor``'s rows (pure);
``build_onnx_student`` writes them, trains, and adds the model card (``mentionflow.json``) that
``traincmd.register_gated`` and ``models install`` read. Served by ``onnx-student.v1`` with the
gazetteer pass, like any ONNX extractor student.

Recipe (the spaCy student's): every annotated document is trained on (the default,
``include_val=True``; ``include_val=False``: the train split only); the validation split is then
no held-out text, only a monitor (its F1 in ``meta.json`` is in-sample), so the epoch count is
fixed and was chosen on the real-news and Vital DEV halves. Needs torch (the ``train`` extra).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson

__all__ = ["BASE_LICENCE", "extraction_rows", "build_onnx_student"]

#: all-MiniLM-L6-v2 (sentence-transformers), the base of every ONNX student.
BASE_LICENCE = "Apache-2.0"


def extraction_rows(docs: Sequence[Mapping[str, Any]], gold: Iterable[Mapping[str, Any]],
                    include_val: bool = True) -> list[dict[str, Any]]:
    """Pure: annotated documents and their gold rows (``training.annotated.gold_rows``) as
    ``train_extractor`` rows (id, text, spans, split). Every document is "train" (validation split
    too unless ``include_val`` is false); the validation split's documents are also written as
    "val" and "test" (the monitor and the card's figure, held out only when ``include_val`` is false)."""
    from training.annotated import split_of

    spans: dict[str, list[list[Any]]] = {}
    for r in gold:
        spans.setdefault(str(r["doc_id"]), []).append([int(r["start"]), int(r["end"]), str(r["type"])])
    out: list[dict[str, Any]] = []
    for d in sorted(docs, key=lambda d: str(d["id"])):
        base = {"text": d["text"], "spans": sorted(spans.get(str(d["id"]), []))}
        held = split_of(str(d["id"])) == "val"
        if include_val or not held:
            out.append({"id": d["id"], **base, "split": "train"})
        if held:
            out.append({"id": f"{d['id']}#val", **base, "split": "val"})
            out.append({"id": f"{d['id']}#test", **base, "split": "test"})
    return out


def build_onnx_student(out: Path, *, layers: int = 6, epochs: int = 6, include_val: bool = True,
                       threads: int = 2, log: Any = print) -> dict[str, Any]:
    """Train the ONNX extractor on the annotated text into ``out`` (``train_extractor``'s artifact
    plus ``mentionflow.json``); returns its meta. ``epochs`` runs in full (patience = epochs): with
    the validation split in the training data its F1 is no stopping signal."""
    if not 1 <= layers <= 6:
        raise ValueError(f"layers must be 1..6 (MiniLM-L6), not {layers}")
    from training.annotated import gold_rows, labels_sha1, load_docs, load_gold, split_of
    from training.extractor import BASE_NAME, train_extractor

    t0 = time.perf_counter()
    spec = load_gold()
    labelled = [d for d in load_docs() if d["id"] in spec]
    rows = extraction_rows(labelled, gold_rows(labelled, spec), include_val)
    with tempfile.TemporaryDirectory(prefix="annotated-onnx-") as tmp:
        data = Path(tmp) / "extraction.jsonl"
        data.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
        meta = train_extractor(data, out, epochs=epochs, batch_size=16, lr=1e-4, patience=epochs, progress=False,
                               threads=threads, layers=None if layers >= 6 else layers, layer_pick="first")
    used = labelled if include_val else [d for d in labelled if split_of(str(d["id"])) == "train"]
    card = {"component": "onnx-student.v1", "kind": "extractor",
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "dataset": "training/data/annotated (" + ("every document" if include_val else "the train split") + ")",
            "dataset_sha1": labels_sha1(used, spec), "documents": sum(r["split"] == "train" for r in rows),
            "teacher": "frontier-LLM annotators under eval/GUIDELINES.md (agent helpers; no model output shown)",
            "base_model": f"{BASE_NAME} (all-MiniLM-L6-v2, first {layers} of 6 layers; {BASE_LICENCE})",
            "licence": BASE_LICENCE, "layers": layers, "epochs": epochs, "quantized": meta.get("quantized"),
            "parity_label_agreement": meta.get("parity_label_agreement"),
            "train_seconds": round(time.perf_counter() - t0, 1)}
    (out / "mentionflow.json").write_text(json.dumps(card, indent=2))
    log(f"onnx extractor ({layers} layers, {epochs} epochs): {card['documents']} documents, "
        f"parity {meta.get('parity_label_agreement')}, {card['train_seconds']} s")
    return {**meta, "card": card}
