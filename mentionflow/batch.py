"""``mentionflow link`` and ``mentionflow eval``: the pipeline in process, no Kafka."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
from tqdm import tqdm

from index.records import same_as_index
from index.store import KBStore
from mentionflow.evaluate import evaluate
from mentionflow.pipeline import link_rows, load_models, read_documents
from mentionflow.settings import Settings
from streams.files import read_jsonl

__all__ = ["link_file", "eval_files"]


def link_file(settings: Settings, inp: Path, out: Path) -> tuple[int, int]:
    docs = list(read_documents(inp))
    models = load_models(settings)
    n = 0
    with open(out, "wb") as f:
        for row in link_rows(tqdm(docs, desc="linking", unit=" docs", file=sys.stderr), models):
            f.write(orjson.dumps(row) + b"\n")
            n += 1
    return len(docs), n


def same_as_map(settings: Settings) -> dict[str, list[str]]:
    """id -> equivalent ids, both directions, from the current KB (empty if none loaded)."""
    store = KBStore(settings.kb_root)
    version = store.current_version()
    return {} if version is None else same_as_index(store.iter_records(version))

def eval_files(settings: Settings, docs: Path, gold: Path, pred: Path | None) -> dict[str, Any]:
    gold_rows = read_jsonl(gold)
    if pred is None:
        models = load_models(settings)
        pred_rows = list(link_rows(tqdm(list(read_documents(docs)), desc="linking", unit=" docs", file=sys.stderr), models))
    else:
        pred_rows = read_jsonl(pred)
    return evaluate(pred_rows, gold_rows, same_as_map(settings))
