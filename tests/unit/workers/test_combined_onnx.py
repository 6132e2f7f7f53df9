"""The combined normalizer's ONNX graph (``workers.normalization.combined_onnx``): it computes the
numpy reference's logits, it serves the linker, and a graph of other weights is refused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from streams.schemas import Mention
from workers.normalization.combined import (
    CANDIDATE_FEATURES,
    NIL_FEATURES,
    CombinedModel,
    CombinedRescorer,
    combined_file,
    ranker_sha1,
    row_logits,
)
from workers.normalization.combined_onnx import OrtLogits, logit_graph, onnx_name, parity_gap
from workers.normalization.model import AliasLinker, LinkerWeights


def _model(seed: int = 1, temperature: float = 0.85) -> CombinedModel:
    rng = np.random.default_rng(seed)
    return CombinedModel(rng.normal(size=len(CANDIDATE_FEATURES)), rng.normal(size=len(NIL_FEATURES)), temperature,
                         name="combined.t.v1")


def _graph(tmp_path: Path, model: CombinedModel) -> OrtLogits:
    p = tmp_path / "g.onnx"
    p.write_bytes(logit_graph(model))
    return OrtLogits(p)


def test_the_graph_computes_the_reference_logits(tmp_path: Path):
    model = _model()
    scorer = _graph(tmp_path, model)
    rng = np.random.default_rng(7)
    cands, nil = rng.normal(size=(9, len(CANDIDATE_FEATURES))), rng.normal(size=(9, len(NIL_FEATURES)))
    got = scorer(cands, nil)
    assert got.shape == (9,)
    np.testing.assert_allclose(got, row_logits(model, cands, nil), rtol=0, atol=1e-12)
    same_nil = np.tile(nil[0], (3, 1))
    np.testing.assert_allclose(scorer(cands[:3], same_nil), model.logits(cands[:3], nil[0]), atol=1e-12)
    assert parity_gap(model, scorer) < 1e-12


def test_the_graph_takes_no_rows_and_refuses_another_width(tmp_path: Path):
    scorer = _graph(tmp_path, _model())
    assert scorer(np.zeros((0, len(CANDIDATE_FEATURES))), np.zeros((0, len(NIL_FEATURES)))).shape == (0,)
    with pytest.raises(Exception, match="(?i)dimension|shape|invalid"):
        scorer(np.zeros((2, len(CANDIDATE_FEATURES) - 1)), np.zeros((2, len(NIL_FEATURES))))


def test_parity_gap_sees_a_graph_of_other_weights(tmp_path: Path):
    assert parity_gap(_model(seed=1), _graph(tmp_path, _model(seed=2))) > 0.1
    assert parity_gap(_model(temperature=0.85), _graph(tmp_path, _model(temperature=1.0))) > 1e-3


def test_the_rescorer_decides_the_same_through_the_graph(small_index, tmp_path: Path):
    model = _model(seed=3, temperature=1.0)
    text = "Tourists flocked to Paris this summer. The council of Paris, Texas met. Barack Obama spoke."
    ms = []
    for surface, etype in (("Paris", "LOC"), ("Texas", "LOC"), ("Barack Obama", "PER"), ("Tourists", "MISC")):
        start = text.index(surface)
        ms.append(Mention(start=start, end=start + len(surface), surface=surface, type=etype, score=0.9))
    calls: list[int] = []
    graph = _graph(tmp_path, model)

    def counted(c: np.ndarray, n: np.ndarray) -> np.ndarray:
        calls.append(len(c))
        return graph(c, n)

    plain = AliasLinker(small_index, rescorer=CombinedRescorer(model, LinkerWeights(), lambda: small_index))
    onnx = AliasLinker(small_index, rescorer=CombinedRescorer(model, LinkerWeights(), lambda: small_index, scorer=counted))
    a, b = plain.link(text, ms), onnx.link(text, ms)
    assert [(d.kb_id, d.nil_reason, round(d.score, 9)) for d in a] == [(d.kb_id, d.nil_reason, round(d.score, 9)) for d in b]
    assert len(calls) == 1 and calls[0] > 1  # every mention's rows in one run


def test_a_card_naming_a_graph_is_served_by_onnxruntime_and_a_wrong_graph_refused(small_index, tmp_path: Path):
    from mentionflow.pipeline import load_linker
    from mentionflow.settings import SHIPPED_RANKER, Settings

    theta = np.zeros(len(CANDIDATE_FEATURES))
    theta[CANDIDATE_FEATURES.index("linear")] = 1.0
    model = CombinedModel(theta, np.zeros(len(NIL_FEATURES)), ranker_sha1=ranker_sha1(SHIPPED_RANKER))
    student = tmp_path / "normalizer.v1"
    student.mkdir()
    (student / "combined.t.v1.json").write_bytes(combined_file(model, {}))
    (student / onnx_name("combined.t.v1.json")).write_bytes(logit_graph(model))
    (student / "mentionflow.json").write_text(json.dumps({"component": "combined-ranker.v1", "kind": "normalizer",
                                                          "model_file": "combined.t.v1.json",
                                                          "onnx_file": "combined.t.v1.onnx"}))
    linker = load_linker(Settings(home=tmp_path), student, small_index)
    (d,) = linker.link("Barack Obama spoke.", [Mention(start=0, end=12, surface="Barack Obama", type="PER", score=0.9)])
    assert d.kb_id == "wiki:Barack_Obama"
    other = CombinedModel(theta * 2, np.zeros(len(NIL_FEATURES)), ranker_sha1=model.ranker_sha1)
    (student / "combined.t.v1.onnx").write_bytes(logit_graph(other))
    with pytest.raises(ValueError, match="does not compute"):
        load_linker(Settings(home=tmp_path), student, small_index)


def test_onnx_name_sits_beside_the_model_file():
    assert onnx_name("combined.structured.ab12cd34.json") == "combined.structured.ab12cd34.onnx"
