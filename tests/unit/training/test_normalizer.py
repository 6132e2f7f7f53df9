"""The normalizer student: option groups, calibration maths, and a tiny train -> ONNX -> serve."""

from __future__ import annotations

import numpy as np
import pytest

from streams.schemas import Mention
from training.normalizer import ece, fit_temperature, link_f1, mention_groups
from workers.normalization.pairs import NIL_OPTIONS, mention_text, option_text


def _row(i: int, label: str | None, nil: str | None = None, split: str = "train") -> dict:
    text = f"The mayor of Paris, Texas spoke on day {i}."
    cands = [{"kb_id": "geonames:2988507", "name": "Paris", "type": "LOC", "description": "Capital of France"},
             {"kb_id": "geonames:4717560", "name": "Paris", "type": "LOC", "description": "City in Texas, United States"}]
    return {"id": f"d{i}:13-18", "text": text, "start": 13, "end": 18, "surface": "Paris", "type": "LOC",
            "candidates": cands, "label": label, "nil_reason": nil, "split": split}


def test_groups_target_the_teacher_option_and_skip_choices_beyond_k():
    rows = [_row(0, "geonames:4717560"), _row(1, None, "needs_context"), _row(2, "geonames:4717560")]
    groups, skipped = mention_groups(rows, k=2, popularity=lambda _: 0.5)
    assert [g.target for g in groups] == [1, 3, 1] and skipped == 0
    assert [o.nil_reason for o in groups[0].options[-2:]] == [o.nil_reason for o in NIL_OPTIONS]
    _, skipped = mention_groups(rows[:1], k=1, popularity=lambda _: 0.5)
    assert skipped == 1
    assert "[ Paris ]" in mention_text(rows[0]["text"], 13, 18, "LOC")
    assert option_text(groups[0].options[0]).startswith("Paris ; LOC ; common ;")


def test_temperature_scaling_reduces_overconfidence():
    rng = np.random.default_rng(0)
    logits, targets = [], []
    for _ in range(400):  # an overconfident model: right 70% of the time with huge margins
        y = int(rng.integers(0, 4))
        pred = y if rng.random() < 0.7 else (y + 1) % 4
        z = np.zeros(4)
        z[pred] = 8.0
        logits.append(z)
        targets.append(y)
    t = fit_temperature(logits, targets)
    assert t > 1.5

    def probs(temp: float) -> list[float]:
        return [float(np.max(np.exp(z / temp) / np.exp(z / temp).sum())) for z in logits]

    correct = [int(np.argmax(z)) == y for z, y in zip(logits, targets, strict=True)]
    assert ece(probs(t), correct) < ece(probs(1.0), correct) / 3
    assert ece([1.0, 1.0], [True, True]) == pytest.approx(0.0)


def test_tiny_training_exports_a_calibrated_onnx_model(tiny_model):
    path, meta = tiny_model
    assert (path / "model.onnx").exists() and (path / "tokenizer.json").exists()
    assert meta["parity_choice_agreement"] >= 0.9 and meta["temperature"] > 0
    assert set(meta) >= {"test_ece", "val_link_f1", "test_accuracy", "dataset_sha1", "train_seconds", "k"}
    assert set(meta["review_thresholds"]["overall"]) == {"0.02", "0.05", "0.1", "0.2"}
    assert meta["skipped_outside_top_k"]["val"] == 1  # the no-candidate row: not a training group


def test_link_f1_counts_wrong_ids_twice_and_nil_as_no_positive():
    rows = [_row(0, "geonames:4717560"), _row(1, None, "not_in_kb"), _row(2, "geonames:2988507")]
    groups, _ = mention_groups(rows, k=2, popularity=lambda _: 0.5)
    assert link_f1(groups, [g.target for g in groups]) == 1.0
    # right, NIL->wrong id (fp), wrong id (fp + fn): tp 1, fp 2, fn 1
    assert link_f1(groups, [1, 0, 1]) == pytest.approx(2 / (2 + 2 + 1))


def test_student_linker_serves_the_model(tiny_model, small_index):
    from workers.normalization.student import CrossEncoderLinker

    linker = CrossEncoderLinker(small_index, tiny_model[0])
    assert linker.health()
    text = "The mayor of Paris, Texas met Zorblax Quent. Later Paris voted."
    ms = [Mention(start=13, end=18, surface="Paris", type="LOC", score=0.9),
          Mention(start=30, end=43, surface="Zorblax Quent", type="PER", score=0.9)]
    d_paris, d_nobody = linker.link(text, ms)
    assert d_paris.kb_id in {c.kb_id for c in d_paris.candidates} or d_paris.nil_reason is not None
    assert 0.0 <= d_paris.score <= 1.0 and len(d_paris.candidates) >= 2
    assert d_nobody.kb_id is None and d_nobody.nil_reason == "not_in_kb"  # no candidate at all
    many = linker.link_many([(text, ms), (text, ms[:1])])
    assert [len(x) for x in many] == [2, 1] and many[1][0].kb_id == d_paris.kb_id


def test_cascade_rules_unambiguous_names_and_scores_namesakes(tiny_model, small_index):
    from workers.normalization.student import CrossEncoderLinker

    text = "Angela Merkel met the mayor of Paris, Texas."
    ms = [Mention(start=0, end=13, surface="Angela Merkel", type="PER", score=0.9),
          Mention(start=31, end=36, surface="Paris", type="LOC", score=0.9)]
    from workers.normalization.model import AliasLinker

    rule = AliasLinker(small_index)
    sure, unsure = (rule.decide_exact(text, m, small_index.lookup(m.surface)).score for m in ms)
    assert sure > unsure  # one Angela Merkel; many places called Paris
    cascade = CrossEncoderLinker(small_index, tiny_model[0], rule_min_score=(sure + unsure) / 2)
    merkel, paris = cascade.link(text, ms)
    assert merkel.kb_id == "wiki:Angela_Merkel" and merkel.score == sure  # the rule was sure: no model call
    assert len(paris.candidates) >= 2 and paris.score != unsure  # the model chose among the namesakes
    assert cascade.stats.as_dict() | {"pairs_scored": 0} == {"no_candidate": 0, "rule": 1, "model": 1, "cache_hits": 0,
                                                             "pairs_scored": 0}
    everything = CrossEncoderLinker(small_index, tiny_model[0], rule_min_score=None)
    everything.link(text, ms)
    assert everything.stats.rule == 0 and everything.stats.model == 2
    assert everything.stats.pairs_scored > cascade.stats.pairs_scored


def test_decision_key_names_model_kb_text_and_options():
    from workers.normalization.pairs import Option
    from workers.normalization.student import decision_key, length_order

    opts = (Option("a:1", None, "A", "PER", ""), *NIL_OPTIONS)
    k = decision_key("m1", "kb1", "PER : [ A ] spoke", opts)
    assert k.startswith("mf:dec:m1:kb1:") and k == decision_key("m1", "kb1", "PER : [ A ] spoke", opts)
    assert len({k, decision_key("m2", "kb1", "PER : [ A ] spoke", opts), decision_key("m1", "kb2", "PER : [ A ] spoke", opts),
                decision_key("m1", "kb1", "PER : [ A ] left", opts), decision_key("m1", "kb1", "PER : [ A ] spoke", opts[1:])}) == 5
    assert length_order([("aaaa", "b"), ("a", "b"), ("aa", "bb")]) == [1, 2, 0]
