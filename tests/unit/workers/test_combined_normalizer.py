"""The combined normalizer's pure pieces and its place in AliasLinker (``workers.normalization.combined``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from streams.schemas import Mention
from workers.normalization.combined import (
    CANDIDATE_FEATURES,
    NIL_FEATURES,
    CeView,
    CombinedModel,
    CombinedRescorer,
    candidate_matrix,
    ce_rows,
    ce_view,
    combined_file,
    load_combined,
    nil_vector,
    ranker_sha1,
)
from workers.normalization.model import FEATURES, AliasLinker, LinkerWeights, weight_vector
from workers.normalization.pairs import NIL_OPTIONS, Option


def _mention(text: str, surface: str, etype: str = "LOC") -> Mention:
    start = text.index(surface)
    return Mention(start=start, end=start + len(surface), surface=surface, type=etype, score=0.9)


def _served_model(**kw: object) -> CombinedModel:
    theta = np.zeros(len(CANDIDATE_FEATURES))
    theta[CANDIDATE_FEATURES.index("linear")] = 1.0
    return CombinedModel(theta, np.zeros(len(NIL_FEATURES)), **kw)  # type: ignore[arg-type]


def test_ce_view_is_a_log_softmax_with_nil_mass_together():
    v = ce_view([7, 9], np.asarray([2.0, 0.0, 1.0, 1.0]), temperature=1.0)
    probs = np.exp([v.logp[7], v.logp[9]])
    assert probs.sum() + np.exp(v.nil_logp) == pytest.approx(1.0)
    assert v.logp[7] > v.nil_logp > v.logp[9]
    hot = ce_view([7, 9], np.asarray([2.0, 0.0, 1.0, 1.0]), temperature=0.5)
    assert hot.logp[7] > v.logp[7]  # a lower temperature sharpens


def test_ce_view_refuses_logits_of_another_length():
    with pytest.raises(ValueError, match="logits"):
        ce_view([1, 2, 3], np.zeros(2 + len(NIL_OPTIONS) - 1), 1.0)


def test_ce_rows_are_the_rankers_best_k_ties_by_id():
    w = LinkerWeights()
    feats = np.zeros((3, len(FEATURES)))
    feats[:, FEATURES.index("prior")] = [0.2, 0.9, 0.2]
    ids = ["c", "z", "b", "a"]  # row -> id
    assert ce_rows([0, 1, 2], feats, w, ids, k=2) == [1, 2]  # row 2 ("b") beats row 0 ("c") on the tie


def test_candidate_matrix_adds_margin_prior_gap_and_ce_columns():
    w = LinkerWeights()
    feats = np.zeros((2, len(FEATURES)))
    feats[:, FEATURES.index("prior")] = [0.8, 0.3]
    m = candidate_matrix(feats, w, [10, 11], CeView({10: -0.5}, -1.0))
    assert m.shape == (2, len(CANDIDATE_FEATURES))
    col = CANDIDATE_FEATURES.index
    assert m[:, : len(FEATURES)] == pytest.approx(feats)
    assert m[:, col("linear")] == pytest.approx(w.sharpness * (feats @ weight_vector(w) - w.nil))
    assert m[:, col("prior_gap")] == pytest.approx([0.0, -0.5])
    assert m[:, col("ce_logp")] == pytest.approx([-0.5, 0.0])
    assert m[:, col("ce_absent")] == pytest.approx([0.0, 1.0])
    off = candidate_matrix(feats, w, [10, 11], None)
    assert off[:, col("ce_absent")] == pytest.approx([1.0, 1.0])


def test_nil_vector_marks_a_missing_cross_encoder():
    on = nil_vector("PER", 3, CeView({}, -0.2))
    off = nil_vector("LOC", 3, None)
    col = NIL_FEATURES.index
    assert on[col("bias")] == off[col("bias")] == 1.0
    assert (on[col("ce_nil_logp")], on[col("ce_off")]) == (-0.2, 0.0)
    assert (off[col("ce_nil_logp")], off[col("ce_off")]) == (0.0, 1.0)
    assert on[col("type_PER")] == 1.0 and off[col("type_LOC")] == 1.0 and on[col("log_candidates")] == pytest.approx(np.log(4))


def test_logits_are_against_nil_at_the_temperature():
    m = CombinedModel(np.asarray([1.0] + [0.0] * (len(CANDIDATE_FEATURES) - 1)),
                      np.asarray([0.5] + [0.0] * (len(NIL_FEATURES) - 1)), temperature=2.0)
    x = np.zeros((2, len(CANDIDATE_FEATURES)))
    x[:, 0] = [3.0, 0.0]
    assert m.logits(x, np.asarray([1.0] + [0.0] * (len(NIL_FEATURES) - 1))) == pytest.approx([1.25, -0.25])


def test_model_file_round_trips_and_refuses_a_missing_weight(tmp_path: Path):
    m = _served_model(temperature=0.8, uses_cross_encoder=True, ce_k=3, ranker_sha1="abc", cross_encoder="ce:1")
    p = tmp_path / "combined.x.v1.json"
    p.write_bytes(combined_file(m, {"note": "t"}))
    back = load_combined(p)
    assert back.candidate_weights == pytest.approx(m.candidate_weights) and back.temperature == 0.8
    assert (back.uses_cross_encoder, back.ce_k, back.ranker_sha1, back.cross_encoder, back.name) == (
        True, 3, "abc", "ce:1", "combined.x.v1")
    p.write_bytes(p.read_bytes().replace(b'"ce_logp"', b'"ce_lgp"'))
    with pytest.raises(ValueError, match="ce_logp"):
        load_combined(p)


def test_ranker_sha1_names_the_file(tmp_path: Path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text("{}")
    b.write_text("{ }")
    assert ranker_sha1(a) != ranker_sha1(b) and ranker_sha1(None) == "hand"


def test_rescorer_refuses_a_cross_encoder_model_without_one(small_index):
    with pytest.raises(ValueError, match="cross-encoder"):
        CombinedRescorer(_served_model(uses_cross_encoder=True), LinkerWeights(), lambda: small_index)


def test_rescorer_with_the_served_start_decides_as_the_ranker(small_index):
    """Weight 1 on the ranker's own margin and nothing else is the ranker's softmax: same decisions."""
    plain = AliasLinker(small_index)
    combined = AliasLinker(small_index, rescorer=CombinedRescorer(_served_model(), LinkerWeights(), lambda: small_index))
    text = "Tourists flocked to Paris this summer. The council of Paris, Texas met. Barack Obama spoke."
    ms = [_mention(text, "Paris"), _mention(text, "Barack Obama", "PER")]
    for a, b in zip(plain.link(text, ms), combined.link(text, ms), strict=True):
        assert (a.kb_id, a.nil_reason) == (b.kb_id, b.nil_reason)
        assert a.score == pytest.approx(b.score, abs=1e-3)
    assert combined.version.endswith("+combined")


def test_rescorer_decision_goes_through_the_document_rules(small_index):
    """A model that always prefers NIL makes the full name NIL, and coreference carries that NIL to
    the short form (a document-level rule of the linker, not of the model)."""
    theta = np.zeros(len(CANDIDATE_FEATURES))
    phi = np.zeros(len(NIL_FEATURES))
    phi[NIL_FEATURES.index("bias")] = 50.0  # NIL's utility phi . y = 50: every candidate's logit is -50
    linker = AliasLinker(small_index, rescorer=CombinedRescorer(CombinedModel(theta, phi), LinkerWeights(), lambda: small_index))
    text = "Barack Obama spoke. Later Obama said thanks."
    first = _mention(text, "Barack Obama", "PER")
    start = text.index("Obama", first.end)
    d1, d2 = linker.link(text, [first, Mention(start=start, end=start + 5, surface="Obama", type="PER", score=0.9)])
    assert d1.kb_id is None and d1.candidates
    assert d2.kb_id is None


def test_rescorer_feeds_the_cross_encoder_the_rankers_top_k(small_index):
    """The cross-encoder sees the ranker's best two and the NIL options; a model that trusts it
    picks its favourite, the ranker's second."""
    text = "Tourists flocked to Paris this summer."
    (ranked,) = AliasLinker(small_index).link(text, [_mention(text, "Paris")])
    first, second = ranked.candidates[0].kb_id, ranked.candidates[1].kb_id
    seen: list[tuple[str, tuple[Option, ...]]] = []

    def ce(jobs: Sequence[tuple[str, tuple[Option, ...]]]) -> list[np.ndarray]:
        seen.extend(jobs)
        return [np.asarray([5.0 if o.kb_id == second else 0.0 for o in opts]) for _, opts in jobs]

    theta = np.zeros(len(CANDIDATE_FEATURES))
    theta[CANDIDATE_FEATURES.index("ce_logp")] = 3.0
    theta[CANDIDATE_FEATURES.index("ce_absent")] = -10.0  # a candidate it did not score has logp 0: no bonus
    phi = np.zeros(len(NIL_FEATURES))
    phi[NIL_FEATURES.index("bias")] = -2.0  # NIL's utility -2: the favourite's (about 3 x -0.1) beats it
    model = CombinedModel(theta, phi, uses_cross_encoder=True, ce_k=2)
    linker = AliasLinker(small_index, rescorer=CombinedRescorer(model, LinkerWeights(), lambda: small_index, ce))
    (d,) = linker.link(text, [_mention(text, "Paris")])
    assert len(seen) == 1 and seen[0][0].startswith("LOC :") and "[ Paris ]" in seen[0][0]
    opts = seen[0][1]
    assert [o.kb_id for o in opts[:2]] == [first, second] and opts[2:] == NIL_OPTIONS
    assert d.kb_id == second
