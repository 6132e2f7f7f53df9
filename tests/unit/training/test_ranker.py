"""The learned ranker: conditional logit over the linker's features (pure numpy)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from training.ranker import (
    Example,
    accuracy,
    decisions_right,
    fit,
    isotonic,
    shortlist,
    top_probability,
    train_distant_ranker,
    train_ranker,
)
from workers.normalization.model import FEATURES, Calibration, LinkerWeights


def _examples(n: int, seed: int = 0) -> list[Example]:
    """Two candidates each; the right one has the higher 'context' feature, priors are noise."""
    rng = np.random.default_rng(seed)
    ctx = FEATURES.index("context")
    out = []
    for i in range(n):
        f = rng.uniform(0, 1, size=(2, len(FEATURES)))
        f[:, ctx] = 0.0
        right = int(rng.integers(0, 2))
        f[right, ctx] = 1.0
        out.append(Example(f"d{i}", f, right))
    return out


def test_fit_learns_the_feature_that_decides():
    prior = LinkerWeights(context=0.0)
    train, test = _examples(200), _examples(100, seed=1)
    fitted = fit(train, prior, l2=0.001, steps=300, lr=0.1)
    assert fitted.context > 1.0
    assert accuracy(test, fitted) > accuracy(test, prior) + 0.2


def test_train_ranker_refuses_a_locked_set(tmp_path: Path):
    docs, gold = tmp_path / "test_docs.jsonl", tmp_path / "test_gold.jsonl"
    docs.write_text("")
    gold.write_text("")
    with pytest.raises(ValueError, match="locked"):
        train_ranker(None, docs, gold, {}, [docs, gold], tmp_path / "w.json")  # type: ignore[arg-type]


def test_isotonic_is_monotone_and_follows_the_rate():
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 1, 4000)
    y = rng.uniform(0, 1, 4000) < x * x  # P(right | x) = x^2
    cal = isotonic(x, y)
    assert list(cal.ys) == sorted(cal.ys)
    assert abs(cal(0.5) - 0.25) < 0.08 and abs(cal(0.9) - 0.81) < 0.08
    assert len(cal.xs) <= 40


def test_calibrated_nil_links_only_when_the_top_candidate_is_likely_right():
    ex = [Example("d", np.zeros((1, len(FEATURES))), -1), Example("e", np.zeros((1, len(FEATURES))), 0)]
    w = LinkerWeights(nil=0.0)  # raw top probability 0.5 for both
    always = Calibration((0.0, 1.0), (0.9, 0.9))
    never = Calibration((0.0, 1.0), (0.1, 0.1))
    assert decisions_right(ex, w, always).tolist() == [False, True]
    assert decisions_right(ex, w, never).tolist() == [True, False]


def test_shortlist_keeps_the_gold_and_the_linkers_top_candidates():
    w = LinkerWeights(max_candidates=2)
    f = np.zeros((4, len(FEATURES)))
    f[:, FEATURES.index("prior")] = [0.1, 0.9, 0.5, 0.2]
    kept = shortlist([Example("d", f, 2), Example("e", f, 0)], w)
    assert len(kept) == 1  # the gold of "e" is not among the two best: no example
    assert kept[0].features[:, FEATURES.index("prior")].tolist() == [0.9, 0.5] and kept[0].label == 1


def test_top_probability_pairs_are_what_calibration_fits():
    f = np.zeros((2, len(FEATURES)))
    f[0, FEATURES.index("prior")] = 1.0
    p, right = top_probability([Example("d", f, 0), Example("e", f, 1), Example("g", f, -1)], LinkerWeights())
    assert right.tolist() == [True, False, False]
    assert np.all((p > 0) & (p < 1))


def test_train_distant_ranker_refuses_a_locked_dev_path(tmp_path: Path):
    docs, gold = tmp_path / "test_docs.jsonl", tmp_path / "test_gold.jsonl"
    with pytest.raises(ValueError, match="locked"):
        train_distant_ranker(None, [], {}, (docs, gold), {}, [docs, gold], tmp_path / "w.json")  # type: ignore[arg-type]


def test_ranker_file_round_trips_weights_and_calibration(tmp_path: Path):
    from training.ranker import ranker_file
    from workers.normalization.model import load_ranker

    w, cal = LinkerWeights(context=1.25, nil=2.5), Calibration((0.1, 0.9), (0.05, 0.95))
    path = tmp_path / "r.json"
    path.write_bytes(ranker_file(w, _examples(3), ["distant"], {}, cal, {"initial_prior": "hand weights"}))
    loaded, loaded_cal = load_ranker(path)
    assert loaded.context == 1.25 and loaded.nil == 2.5 and loaded_cal == cal
    path.write_bytes(ranker_file(w, _examples(3), ["dev"], {}))
    assert load_ranker(path)[1] is None
