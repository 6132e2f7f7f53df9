"""The project's ONNX int8 export of MiniLM against sentence-transformers (parity)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.embedder import OnnxEmbedder, base_model_path, choose_providers

TEXTS = [
    "Paris, Texas", "Barack Obama", "Moskva", "München", "Toyota Motor Corporation", "São Paulo",
    "Nizhny Novgorod", "The Yalta Conference was held near Yalta in Crimea, Soviet Union.",
    "Apple shares rose 3% after the earnings call in Cupertino.", "北京",
]


@pytest.fixture(scope="session")
def exported(exported_embedder: Path) -> Path:
    return exported_embedder


def test_onnx_int8_matches_sentence_transformers(exported: Path):
    from sentence_transformers import SentenceTransformer

    ours = OnnxEmbedder(exported, batch_size=4).embed(TEXTS)
    ref = SentenceTransformer(base_model_path(), device="cpu").encode(TEXTS, normalize_embeddings=True)
    cos = (ours * ref).sum(axis=1)
    assert cos.min() >= 0.98, dict(zip(TEXTS, cos.round(4), strict=True))
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-3)


def test_batching_and_order_do_not_change_vectors(exported: Path):
    emb = OnnxEmbedder(exported, batch_size=3)
    one_by_one = np.vstack([emb.embed([t]) for t in TEXTS])
    batched = emb.embed(TEXTS)
    # dynamic int8 quantisation scales activations per batch: vectors move a little, not more
    assert (one_by_one * batched).sum(axis=1).min() >= 0.98  # measured ~0.989 worst case
    assert emb.health()


def test_cpu_is_chosen_and_cuda_request_falls_back_loudly():
    import onnxruntime as ort
    from structlog.testing import capture_logs

    assert choose_providers("cpu") == ["CPUExecutionProvider"]
    with capture_logs() as logs:
        chosen = choose_providers("cuda")
    if "CUDAExecutionProvider" in ort.get_available_providers():
        assert chosen[0] == "CUDAExecutionProvider"
    else:
        assert chosen == ["CPUExecutionProvider"]
        assert [e["event"] for e in logs] == ["cuda_requested_but_unavailable"]
