from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def small_kb_path() -> Path:
    return DATA / "kb_small.jsonl"


@pytest.fixture(scope="session")
def small_index(small_kb_path: Path):
    from index.lookup import AliasIndex
    from index.records import parse_kb_lines

    with open(small_kb_path, "rb") as f:
        res = parse_kb_lines(f)
    assert res.ok, res.errors
    return AliasIndex.build(res.records, "kb-test")


@pytest.fixture(scope="session")
def spacy_extractor():
    from workers.extraction.model import SpacyExtractor

    return SpacyExtractor()


@pytest.fixture(scope="session")
def exported_embedder(tmp_path_factory) -> Path:
    """The project's ONNX int8 MiniLM export (takes ~20 s, once per session)."""
    from index.embedder import export_embedder

    return export_embedder(tmp_path_factory.mktemp("embedder"))


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> tuple[Path, dict]:
    """A tiny normalizer student trained once per session (Paris, France vs Paris, Texas)."""
    import random

    import orjson

    from tests.unit.training.test_normalizer import _row
    from training.normalizer import train_normalizer

    rng = random.Random(1)
    rows = []
    for i in range(60):
        split = "train" if i < 40 else ("val" if i < 50 else "test")
        texas = rng.random() < 0.5
        r = _row(i, "geonames:4717560" if texas else "geonames:2988507", split=split)
        if not texas:
            r["text"] = f"The mayor of Paris, France spoke on day {i}."
        rows.append(r)
    nobody = _row(99, None, "not_in_kb", split="val")
    nobody["candidates"] = []  # NIL by rule when served: neither a training group nor part of the review rates
    rows.append(nobody)
    d = tmp_path_factory.mktemp("norm")
    (d / "normalization.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    # 2 epochs of 10 steps: enough for clear margins, so int8 parity is meaningful (a barely
    # trained model has near-ties that quantization flips)
    meta = train_normalizer(d / "normalization.jsonl", d / "model", lambda _: 0.5, epochs=2, k=2, max_train=None,
                            max_length=64, group_batch=4, lr=1e-4, progress=False)
    return d / "model", meta
