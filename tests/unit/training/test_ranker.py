"""The learned ranker: conditional logit over the linker's features (pure numpy)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from training.ranker import Example, accuracy, fit, train_ranker
from workers.normalization.model import FEATURES, LinkerWeights


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
