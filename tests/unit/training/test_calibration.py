"""Served-path calibration: validation rows -> documents, scores of mentions with candidates."""

from __future__ import annotations

import pytest

from streams.schemas import Candidate
from training.calibration import served_thresholds, validation_mentions
from workers.normalization.linker import Routing
from workers.normalization.model import LinkDecision

CAND = (Candidate(kb_id="a:1", name="A", type="PER", score=0.5),)


def _row(text: str, start: int, end: int, split: str = "val") -> dict:
    return {"text": text, "start": start, "end": end, "surface": text[start:end], "type": "PER", "split": split}


def test_validation_rows_become_documents_in_text_order():
    rows = [_row("Ann met Bob.", 8, 11), _row("Ann met Bob.", 0, 3), _row("Cy left.", 0, 2), _row("Dee.", 0, 3, "train")]
    docs = validation_mentions(rows)
    assert [(t, [m.surface for m in ms]) for t, ms in docs] == [("Ann met Bob.", ["Ann", "Bob"]), ("Cy left.", ["Cy"])]


class ScoreBySurface:
    """A linker whose decisions are given per surface (the calibration maths under test)."""

    def __init__(self, table: dict[str, LinkDecision]):
        self.table = table

    def link_many(self, docs):  # type: ignore[no-untyped-def]
        return [[self.table[m.surface] for m in ms] for _, ms in docs]


def test_thresholds_are_quantiles_of_mentions_with_candidates_only():
    rows = [_row(f"P{i} spoke.", 0, len(f"P{i}")) for i in range(100)] + [_row("Zed spoke.", 0, 3)] * 1
    table = {f"P{i}": LinkDecision("a:1", "A", None, (i + 1) / 100, CAND) for i in range(100)}
    table["Zed"] = LinkDecision(None, None, "not_in_kb", 0.6, ())  # no candidate: not part of the rates
    th = served_thresholds(ScoreBySurface(table), rows)
    assert th["calibrated_on"]["mentions"] == 100 and th["calibrated_on"]["without_candidates"] == 1
    assert 0.10 <= th["overall"]["0.1"] <= 0.12 and 0.20 <= th["overall"]["0.2"] <= 0.22
    routing = Routing(threshold=th["overall"]["0.1"])
    routed = [s for s, d in table.items() if routing.to_review("PER", d)]
    assert len(routed) in (10, 11) and "Zed" not in routed
    assert Routing(threshold=0.5, unseen=True).to_review("PER", table["Zed"])


def test_precision_thresholds_keep_the_most_decisions_at_the_target_precision():
    from training.calibration import precision_thresholds

    scores = [0.99, 0.95, 0.9, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]
    correct = [True, True, True, False, True, True, False, True, False, False]
    out = precision_thresholds(scores, correct, targets=(0.75, 0.8, 1.0, 0.0))
    # >= 0.5 keeps 8 decisions, 6 right (0.75); >= 0.7 keeps 6 with 5 right (0.83); 1.0 only above the first miss
    assert out["threshold"] == {"p0.75": 0.5, "p0.8": 0.7, "p1": 0.95, "p0": 0.3}
    assert out["review_rate"] == {"p0.75": 0.2, "p0.8": 0.4, "p1": 0.8, "p0": 0.0}
    # ties are kept or reviewed together: no threshold splits the two 0.9s
    assert precision_thresholds([0.9, 0.9], [True, False], targets=(0.9,))["threshold"] == {"p0.9": 1.01}


def test_settings_name_the_calibrated_threshold_to_route_by():
    from mentionflow.settings import Settings

    assert Settings(review_target_rate=0.1).review_target == "0.1"
    assert Settings(review_target_rate=0.1, review_target_precision=0.95).review_target == "p0.95"
    assert Settings(review_target_rate=None).review_target is None


def test_configured_per_type_thresholds_override_calibrated_ones(tiny_model, small_index):
    from workers.normalization.student import CrossEncoderLinker

    linker = CrossEncoderLinker(small_index, tiny_model[0])
    calibrated = linker.calibrated_routing("0.1", Routing(threshold=0.5))
    assert calibrated is not None
    assert calibrated.threshold == linker.meta["review_thresholds"]["overall"]["0.1"]
    configured = linker.calibrated_routing("0.1", Routing(threshold=0.5, per_type=(("PER", 0.99),), unseen=True))
    assert configured is not None
    assert configured.threshold_for("PER") == 0.99 and configured.unseen
    assert configured.threshold_for("ORG") == calibrated.threshold
    assert linker.calibrated_routing("p0.5", Routing(threshold=0.42)) is None  # not calibrated for that target
    from mentionflow.settings import Settings

    assert Settings(review_threshold_by_type={"PER": 0.8}).review_threshold_by_type == {"PER": 0.8}


def _calibrated(target: str, fallback: Routing) -> Routing | None:
    return Routing(threshold=0.37, per_type=fallback.per_type, source=f"calibrated:{target}") if target == "0.1" else None


@pytest.mark.parametrize("env, threshold, source", [
    ({}, 0.37, "calibrated:0.1"),                                       # a student: its calibration decides
    ({"review_threshold": 0.8}, 0.8, "MENTIONFLOW_REVIEW_THRESHOLD"),     # set: the fixed threshold decides
    ({"review_target_rate": 0.2}, 0.5, "MENTIONFLOW_REVIEW_THRESHOLD"),   # not calibrated for 0.2: configured
    ({"review_target_rate": None}, 0.5, "MENTIONFLOW_REVIEW_THRESHOLD"),  # no target: configured
])
def test_serving_routing_is_decided_by_one_setting(env, threshold, source):
    from mentionflow.configs import serving_routing
    from mentionflow.settings import Settings

    routing = serving_routing(Settings(**env), _calibrated, "normalizer-student.v1")
    assert (routing.threshold, routing.source) == (threshold, source)


def test_serving_routing_baseline_routes_by_the_configured_threshold():
    from mentionflow.configs import serving_routing
    from mentionflow.settings import Settings

    routing = serving_routing(Settings(review_threshold=0.7, review_threshold_by_type={"PER": 0.9}), None, "alias")
    assert routing.threshold == 0.7 and routing.threshold_for("PER") == 0.9


def test_serving_routing_refuses_a_threshold_and_a_target_together():
    from mentionflow.configs import RoutingConflict, serving_routing
    from mentionflow.settings import Settings

    with pytest.raises(RoutingConflict, match="MENTIONFLOW_REVIEW_THRESHOLD=0.8 and a review target"):
        serving_routing(Settings(review_threshold=0.8, review_target_rate=0.1), _calibrated, "student")
