"""Training the combined normalizer (pure numpy pieces of ``training.combined``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from training.combined import (
    CE_COLUMNS,
    LogitCache,
    Sample,
    agreement,
    calibrate,
    decisions,
    eval_overlap,
    fit_combined,
    initial,
    pad,
    teacher_gold,
)
from workers.normalization.combined import CANDIDATE_FEATURES, NIL_FEATURES
from workers.normalization.pairs import NIL_OPTIONS, Option

CE = CANDIDATE_FEATURES.index("ce_logp")
LINEAR = CANDIDATE_FEATURES.index("linear")


def _samples(n: int, seed: int = 0, nil_rate: float = 0.2) -> list[Sample]:
    """Three candidates each; the teacher's choice has the best cross-encoder log-probability, the
    ranker's margin is noise; a NIL-labelled mention has a high cross-encoder NIL log-probability."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        x = np.zeros((3, len(CANDIDATE_FEATURES)))
        x[:, LINEAR] = rng.normal(0, 1, 3)
        x[:, CE] = rng.uniform(-4, -2, 3)
        y = np.zeros(len(NIL_FEATURES))
        y[NIL_FEATURES.index("bias")] = 1.0
        if rng.uniform() < nil_rate:
            label = -1
            y[NIL_FEATURES.index("ce_nil_logp")] = -0.1
        else:
            label = int(rng.integers(3))
            x[label, CE] = -0.2
            y[NIL_FEATURES.index("ce_nil_logp")] = -3.0
        out.append(Sample(f"d{i}", x, y, label))
    return out


def test_fit_learns_the_cross_encoder_signal_the_ranker_lacks():
    train, val = pad(_samples(600)), pad(_samples(300, seed=1))
    th0, ph0 = initial()
    served = agreement(val, decisions(val, th0, ph0, 1.0, None))["accuracy"]
    theta, phi = fit_combined(train, use_ce=True, steps=300)
    learned = agreement(val, decisions(val, theta, phi, 1.0, None))["accuracy"]
    assert theta[CE] > 0.5 and learned > served + 0.3 and learned > 0.9


def test_fit_without_the_cross_encoder_keeps_its_weights_at_zero():
    theta, phi = fit_combined(pad(_samples(200)), use_ce=False, steps=100)
    assert all(theta[c] == 0.0 for c in CE_COLUMNS)
    assert phi[NIL_FEATURES.index("ce_nil_logp")] == 0.0 and phi[NIL_FEATURES.index("ce_off")] == 0.0


def test_calibrate_picks_a_temperature_and_a_nil_shift_that_do_not_lose_agreement():
    train, val = pad(_samples(400)), pad(_samples(300, seed=2))
    theta, phi = fit_combined(train, use_ce=True, steps=200)
    before = agreement(val, decisions(val, theta, phi, 1.0, None))["accuracy"]
    t, phi2 = calibrate(val, theta, phi)
    assert 0.5 <= t <= 3.0
    assert agreement(val, decisions(val, theta, phi2, t, None))["accuracy"] >= before
    assert np.delete(phi2, NIL_FEATURES.index("bias")) == pytest.approx(np.delete(phi, NIL_FEATURES.index("bias")))


def test_pad_puts_nil_at_the_padded_width_and_agreement_splits_links_and_nils():
    s = [Sample("a", np.zeros((1, len(CANDIDATE_FEATURES))), np.zeros(len(NIL_FEATURES)), 0),
         Sample("b", np.zeros((3, len(CANDIDATE_FEATURES))), np.zeros(len(NIL_FEATURES)), -1)]
    p = pad(s)
    assert p.cands.shape == (2, 3, len(CANDIDATE_FEATURES)) and list(p.target) == [0, 3]
    assert p.mask.tolist() == [[True, False, False], [True, True, True]]
    a = agreement(p, np.asarray([0, 0]))
    assert (a["accuracy"], a["on_teacher_links"], a["on_teacher_nil"], a["n"]) == (0.5, 1.0, 0.0, 2)


def test_teacher_gold_turns_labels_into_ids():
    rows = [{"doc_id": "d", "start": 0, "end": 5, "surface": "Paris", "type": "LOC", "label": "wiki:Paris", "x": 1},
            {"doc_id": "d", "start": 9, "end": 12, "surface": "Bob", "type": "PER", "label": None}]
    assert [g["ids"] for g in teacher_gold(rows)] == [["wiki:Paris"], []]
    assert set(teacher_gold(rows)[0]) == {"doc_id", "start", "end", "surface", "type", "ids"}


def test_eval_overlap_finds_eval_ids_and_shared_ngrams():
    def grams(t: str) -> set[int]:
        return {len(w) for w in t.split()}  # a stand-in shingler: word lengths

    docs = {"e1": "aa", "x": "bbb cccc", "y": "d"}
    assert eval_overlap(docs, {"e1"}, {4}, grams) == ["e1", "x"]
    assert eval_overlap(docs, set(), set(), grams) == []


def test_logit_cache_asks_the_model_once_per_job_and_persists(tmp_path: Path):
    calls: list[int] = []

    def ce(jobs: Sequence[tuple[str, tuple[Option, ...]]]) -> list[np.ndarray]:
        calls.append(len(jobs))
        return [np.arange(len(opts), dtype=np.float32) for _, opts in jobs]

    opt = Option("wiki:A", None, "A", "LOC", "a place")
    jobs = [("LOC : [ A ]", (opt, *NIL_OPTIONS)), ("LOC : [ A ] again", (opt, *NIL_OPTIONS))]
    cache = LogitCache(tmp_path / "c.pkl", "m:1", "kb-1")
    wrapped = cache.wrap(ce)
    first = wrapped(jobs)
    again = wrapped(jobs[:1])
    assert calls == [2] and first[0] == pytest.approx(again[0])
    cache.save()
    reloaded = LogitCache(tmp_path / "c.pkl", "m:1", "kb-1").wrap(ce)
    reloaded(jobs)
    assert calls == [2]
    LogitCache(tmp_path / "c.pkl", "m:2", "kb-1").wrap(ce)(jobs[:1])  # another model: another key
    assert calls == [2, 1]
