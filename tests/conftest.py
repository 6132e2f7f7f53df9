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
