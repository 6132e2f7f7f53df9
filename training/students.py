"""Layer-pruned extractor students, one per layer count, trained on one dataset with one recipe.

``train_layer_sweep`` trains (or keeps, when already built from the same dataset and recipe) one
extractor student per entry of ``layers`` under ``out_root/extractor-L<k>-<pick>/``. The recipe
is the same for every layer count (epochs, sample of training documents, learning rate, batch
size), so the bench compares layer counts, not recipes. Nothing here registers or promotes a
model: the students are bench candidates until someone runs the gate on them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

__all__ = ["SweepRecipe", "student_dir", "train_layer_sweep"]


@dataclass(frozen=True, slots=True)
class SweepRecipe:
    """One recipe for every layer count: ``max_train_docs`` a seeded sample (None: all)."""

    epochs: int = 2
    max_train_docs: int | None = 2000
    max_eval_docs: int | None = 300
    batch_size: int = 16
    lr: float = 2e-4
    patience: int = 1
    layer_pick: str = "first"
    threads: int = 2


def student_dir(out_root: Path, layers: int, pick: str) -> Path:
    return Path(out_root) / f"extractor-L{layers}-{pick}"


def _up_to_date(path: Path, dataset_sha1: str, recipe: SweepRecipe) -> bool:
    meta_path = path / "meta.json"
    if not meta_path.exists():
        return False
    meta = json.loads(meta_path.read_text())
    return bool(meta.get("dataset_sha1") == dataset_sha1 and meta.get("sweep_recipe") == asdict(recipe))


def train_layer_sweep(dataset_jsonl: Path, out_root: Path, layers: Sequence[int], recipe: SweepRecipe,
                      retrain: bool = False) -> list[Path]:
    """One student per layer count (built ones from the same dataset and recipe are kept unless
    ``retrain``); returns their directories in ``layers`` order."""
    import hashlib

    from training.extractor import train_extractor

    sha1 = hashlib.sha1(Path(dataset_jsonl).read_bytes()).hexdigest()
    out = []
    for k in layers:
        path = student_dir(out_root, k, recipe.layer_pick)
        if retrain or not _up_to_date(path, sha1, recipe):
            print(f"students: training the {k}-layer extractor ({recipe.layer_pick}) -> {path}", file=sys.stderr)
            train_extractor(dataset_jsonl, path, epochs=recipe.epochs, batch_size=recipe.batch_size, lr=recipe.lr,
                            patience=recipe.patience, max_train_docs=recipe.max_train_docs,
                            max_eval_docs=recipe.max_eval_docs, threads=recipe.threads, layers=k,
                            layer_pick=recipe.layer_pick)
            meta: dict[str, Any] = json.loads((path / "meta.json").read_text())
            meta["sweep_recipe"] = asdict(recipe)
            (path / "meta.json").write_text(json.dumps(meta, indent=2))
        out.append(path)
    return out
