"""The model registry: versions, the promotion gate, rollback, and the watcher workers use."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from mentionflow.registry import GateRefused, ModelWatcher, Registry


def _built(tmp: Path, name: str) -> Path:
    d = tmp / "build" / name
    d.mkdir(parents=True)
    (d / "meta.json").write_text(json.dumps({"created_at": "2026-11-23T00:00:00Z", "dataset_sha1": "abc"}))
    return d


def test_register_promote_gate_and_rollback(tmp_path):
    reg = Registry(tmp_path / "registry")
    v1 = reg.register("normalizer", _built(tmp_path, "a"), {"locked_f1": 0.70})
    assert v1.name == "normalizer.v1" and reg.current("normalizer") is None
    v0 = reg.register("normalizer", _built(tmp_path, "z"), {"locked_f1": 0.50, "baseline_locked_f1": 0.77})
    with pytest.raises(GateRefused, match="the baseline's 0.7700"):
        reg.promote("normalizer", v0.name)  # worse than the baseline it would replace
    reg.promote("normalizer", "normalizer.v1")  # nothing recorded to beat
    v2 = reg.register("normalizer", _built(tmp_path, "b"), {"locked_f1": 0.60})
    assert v2.name == "normalizer.v3"
    with pytest.raises(GateRefused, match="0.6000 < normalizer.v1's 0.7000"):
        reg.promote("normalizer", v2.name)
    assert reg.current("normalizer").name == "normalizer.v1"  # a worse model is never promoted
    v3 = reg.register("normalizer", _built(tmp_path, "c"), {"locked_f1": 0.698})
    reg.promote("normalizer", v3.name, tolerance=0.005)  # within tolerance
    assert reg.current("normalizer").name == "normalizer.v4"
    assert reg.rollback("normalizer").name == "normalizer.v1"
    info = json.loads((v3.path / "registry.json").read_text())
    assert info["dataset_sha1"] == "abc" and info["locked_f1"] == 0.698 and "registered_at" in info
    with pytest.raises(ValueError):
        reg.register("ranker", _built(tmp_path, "d"), {})


def test_watcher_reports_promotions(tmp_path):
    reg = Registry(tmp_path / "registry")
    reg.register("extractor", _built(tmp_path, "a"), {"locked_f1": 0.5})
    seen: list[str | None] = []
    done = threading.Event()

    def on_change(kind, version):
        seen.append(version.name if version else None)
        done.set()

    w = ModelWatcher(reg, ("extractor",), on_change, interval_s=0.05).start()
    try:
        reg.promote("extractor", "extractor.v1")
        assert done.wait(5.0)
    finally:
        w.stop()
    assert seen == ["extractor.v1"]


def test_gate_refuses_a_model_that_loses_nil_accuracy(tmp_path):
    reg = Registry(tmp_path / "registry")
    worse_nil = reg.register("normalizer", _built(tmp_path, "a"), {
        "locked_f1": 0.793, "baseline_locked_f1": 0.793,
        "locked_nil_accuracy": 0.75, "baseline_locked_nil_accuracy": 0.88})
    with pytest.raises(GateRefused, match="NIL accuracy 0.7500 < the baseline's 0.8800"):
        reg.promote("normalizer", worse_nil.name)  # as good on F1, but links what is not in the KB
    same_nil = reg.register("normalizer", _built(tmp_path, "b"), {
        "locked_f1": 0.793, "baseline_locked_f1": 0.793,
        "locked_nil_accuracy": 0.87, "baseline_locked_nil_accuracy": 0.88})
    reg.promote("normalizer", same_nil.name)
    assert reg.current("normalizer").name == same_nil.name


def test_the_gate_compares_with_the_current_version_as_scored_in_the_candidates_own_run(tmp_path):
    reg = Registry(tmp_path / "registry")
    cur = reg.register("extractor", _built(tmp_path, "a"), {"locked_f1": 0.90, "locked_nil_accuracy": 0.95})
    reg.promote("extractor", cur.name)
    # recorded at 0.90 on an older KB; scored 0.84 today in the candidate's run: 0.85 beats it
    new = reg.register("extractor", _built(tmp_path, "b"), {"locked_f1": 0.85, "locked_nil_accuracy": 0.95,
                                                            "compared_with": cur.name, "current_locked_f1": 0.84,
                                                            "current_locked_nil_accuracy": 0.95})
    reg.promote("extractor", new.name)
    assert reg.current("extractor").name == new.name
    # a figure measured against another version is not used: the recorded 0.85 stands
    other = reg.register("extractor", _built(tmp_path, "c"), {"locked_f1": 0.80, "locked_nil_accuracy": 0.95,
                                                              "compared_with": cur.name, "current_locked_f1": 0.70})
    with pytest.raises(GateRefused, match="extractor.v2's 0.8500"):
        reg.promote("extractor", other.name)
