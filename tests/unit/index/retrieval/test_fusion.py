from __future__ import annotations

import pytest

from index.retrieval.fusion import FusionConfig, fuse, minmax_fuse, minmax_normalize, rrf_fuse


def test_minmax_normalize_matches_opensearch_rules():
    assert minmax_normalize({"a": 10.0, "b": 5.0, "c": 0.0}) == {"a": 1.0, "b": 0.5, "c": 0.001}
    assert minmax_normalize({"only": 3.2}) == {"only": 1.0}
    assert minmax_normalize({}) == {}


def test_minmax_fuse_weighted_mean_absent_contributes_zero():
    bm25 = {"a": 12.0, "b": 6.0, "c": 0.0}
    knn = {"b": 0.9, "d": 0.5}
    fused = minmax_fuse([bm25, knn], [0.4, 0.6])
    assert fused["a"] == pytest.approx(0.4 * 1.0 / 1.0)
    assert fused["b"] == pytest.approx(0.4 * 0.5 + 0.6 * 1.0)
    assert fused["d"] == pytest.approx(0.6 * 0.001)
    with pytest.raises(ValueError):
        minmax_fuse([bm25], [0.5, 0.5])


def test_rrf_rank_constant():
    fused = rrf_fuse([["a", "b"], ["b", "c"]], rank_constant=60)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["a"] == pytest.approx(1 / 61)


def test_fuse_orders_best_first_deterministically():
    out = fuse([{"x": 1.0, "y": 1.0}, {}], FusionConfig(weights=(1.0, 1.0)))
    assert [k for k, _ in out] == ["x", "y"]
    rrf = fuse([{"a": 3.0, "b": 2.0}, {"b": 0.9}], FusionConfig(method="rrf"))
    assert rrf[0][0] == "b"
