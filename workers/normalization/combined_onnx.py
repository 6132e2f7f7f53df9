"""The combined normalizer as an ONNX graph, served by onnxruntime.

The conditional logit of ``workers.normalization.combined`` is linear in its features: each
candidate row scores ``(candidate features . w_c - its mention's NIL features . w_n) / T``.
``logit_graph`` writes exactly that as a graph (two MatMul, Sub, Div, Squeeze) with the fitted
weights as initializers; ``OrtLogits`` serves it, one run per document over every mention's
candidate rows (``CombinedRescorer``'s ``scorer``).

The graph computes in float64 like the numpy reference, and it is not quantized: int8 would
save nothing on 27 weights and would move decisions that sit near the NIL threshold. The JSON
model file stays the source of the weights, the temperature's provenance and the NIL calibration;
``parity_gap`` measures how far a graph's logits are from it, and the linker refuses a graph
farther than ``PARITY_TOLERANCE``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from workers.normalization.combined import (
    CANDIDATE_FEATURES,
    NIL_FEATURES,
    CombinedModel,
    row_logits,
)

__all__ = ["OPSET", "PARITY_TOLERANCE", "OrtLogits", "logit_graph", "onnx_name", "parity_gap"]

OPSET = 17
PARITY_TOLERANCE = 1e-9


def onnx_name(model_file: str) -> str:
    """The graph's file name beside a model file: ``combined.structured.ab12cd34.json`` ->
    ``combined.structured.ab12cd34.onnx``."""
    return f"{Path(model_file).stem}.onnx"


def logit_graph(model: CombinedModel) -> bytes:
    """Pure: the serialized ONNX graph of ``model``'s logits. Inputs ``candidates`` (rows x
    ``CANDIDATE_FEATURES``) and ``nil`` (rows x ``NIL_FEATURES``: each row's mention's NIL vector),
    both float64; output ``logits`` (rows)."""
    from onnx import TensorProto, helper, numpy_helper

    wc = numpy_helper.from_array(np.asarray(model.candidate_weights, np.float64).reshape(-1, 1), "w_candidate")
    wn = numpy_helper.from_array(np.asarray(model.nil_weights, np.float64).reshape(-1, 1), "w_nil")
    t = numpy_helper.from_array(np.asarray([model.temperature], np.float64), "temperature")
    axes = numpy_helper.from_array(np.asarray([1], np.int64), "squeeze_axes")
    nodes = [helper.make_node("MatMul", ["candidates", "w_candidate"], ["candidate_score"]),
             helper.make_node("MatMul", ["nil", "w_nil"], ["nil_score"]),
             helper.make_node("Sub", ["candidate_score", "nil_score"], ["margin"]),
             helper.make_node("Div", ["margin", "temperature"], ["scaled"]),
             helper.make_node("Squeeze", ["scaled", "squeeze_axes"], ["logits"])]
    graph = helper.make_graph(
        nodes, f"mentionflow-{model.name}",
        [helper.make_tensor_value_info("candidates", TensorProto.DOUBLE, ["rows", len(CANDIDATE_FEATURES)]),
         helper.make_tensor_value_info("nil", TensorProto.DOUBLE, ["rows", len(NIL_FEATURES)])],
        [helper.make_tensor_value_info("logits", TensorProto.DOUBLE, ["rows"])],
        initializer=[wc, wn, t, axes])
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                   producer_name="mentionflow", doc_string=f"combined normalizer {model.name}: "
                                   f"candidate features {', '.join(CANDIDATE_FEATURES)}; NIL features {', '.join(NIL_FEATURES)}")
    onnx_model.ir_version = 9  # what onnxruntime 1.16+ reads
    from onnx import checker

    checker.check_model(onnx_model)
    return onnx_model.SerializeToString()


class OrtLogits:
    """The graph served by onnxruntime: ``(candidates, nil) -> logits``, as ``row_logits``."""

    def __init__(self, path: Path, device: str = "cpu", threads: int = 1):
        import onnxruntime as ort

        from index.embedder import choose_providers, session_options

        self.path = path
        self._session = ort.InferenceSession(str(path), session_options(threads), providers=choose_providers(device))
        self.providers = tuple(self._session.get_providers())

    def __call__(self, candidates: np.ndarray, nil: np.ndarray) -> np.ndarray:
        out = self._session.run(["logits"], {"candidates": np.ascontiguousarray(candidates, np.float64),
                                             "nil": np.ascontiguousarray(nil, np.float64)})[0]
        return np.asarray(out, np.float64)


def parity_gap(model: CombinedModel, scorer: OrtLogits, rows: int = 64, seed: int = 0) -> float:
    """The largest absolute difference between the graph's logits and the numpy reference's on
    ``rows`` random feature rows (features of the scale the linker produces)."""
    rng = np.random.default_rng(seed)
    cands = rng.normal(0.0, 3.0, (rows, len(CANDIDATE_FEATURES)))
    nil = rng.normal(0.0, 3.0, (rows, len(NIL_FEATURES)))
    return float(np.max(np.abs(scorer(cands, nil) - row_logits(model, cands, nil))))
