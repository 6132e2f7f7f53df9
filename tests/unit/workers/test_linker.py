from __future__ import annotations

import pytest

from streams.schemas import ExtractedDocument, InputDocument, Mention
from workers.normalization.linker import Routing
from workers.normalization.model import AliasLinker, Calibration
from workers.normalization.transform import normalize_document


def mention(text: str, surface: str, etype: str = "LOC", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(start=start, end=start + len(surface), surface=surface, type=etype, score=0.9)


def test_popular_sense_wins_without_context(small_index):
    linker = AliasLinker(small_index)
    text = "Tourists flocked to Paris this summer."
    (d,) = linker.link(text, [mention(text, "Paris")])
    assert d.kb_id == "geonames:2988507"


def test_local_context_picks_the_small_place(small_index):
    linker = AliasLinker(small_index)
    text = "The council of Paris, Texas voted on Monday."
    (d,) = linker.link(text, [mention(text, "Paris")])
    assert d.kb_id == "geonames:4717560"
    assert d.candidates[0].kb_id == d.kb_id and len(d.candidates) > 2


def test_unknown_surface_is_nil_not_in_kb(small_index):
    linker = AliasLinker(small_index)
    text = "Zyxqwv Blorp spoke."
    (d,) = linker.link(text, [mention(text, "Zyxqwv Blorp", "PER")])
    assert d.kb_id is None and d.nil_reason == "not_in_kb" and d.candidates == ()


def test_short_form_reuses_full_name_in_document(small_index):
    linker = AliasLinker(small_index)
    text = "Barack Obama spoke. Later Barack said thanks."
    d1, d2 = linker.link(text, [mention(text, "Barack Obama", "PER"), mention(text, "Barack", "PER")])
    assert d1.kb_id == d2.kb_id == "wiki:Barack_Obama"


def test_routing_sends_low_scores_to_review(small_index):
    linker = AliasLinker(small_index)
    text = "Barack Obama visited Springfield."
    doc = ExtractedDocument(doc=InputDocument(id="d", text=text),
                            mentions=(mention(text, "Barack Obama", "PER"), mention(text, "Springfield")),
                            extractor_version="x")
    res = normalize_document(doc, linker, Routing(threshold=0.5))
    assert [e.surface for e in res.normalized.entities] == ["Barack Obama"]
    assert res.normalized.pending_review == 1
    assert res.review is not None and res.review.items[0].surface == "Springfield"
    assert res.review.items[0].reason == "low_score"
    everything = normalize_document(doc, linker, Routing(threshold=0.0))
    assert everything.review is None and len(everything.normalized.entities) == 2


def test_unseen_surfaces_are_routed_only_when_asked_and_not_counted_as_routable(small_index):
    linker = AliasLinker(small_index)
    text = "Barack Obama met Zorblax Quent in Springfield."
    doc = ExtractedDocument(doc=InputDocument(id="d", text=text),
                            mentions=(mention(text, "Barack Obama", "PER"), mention(text, "Zorblax Quent", "PER"),
                                      mention(text, "Springfield")), extractor_version="x")
    res = normalize_document(doc, linker, Routing(threshold=0.5))
    assert (res.routable, res.routed) == (2, 1)  # Zorblax Quent has no candidate: not part of the rate
    assert [i.surface for i in res.review.items] == ["Springfield"]
    asked = normalize_document(doc, linker, Routing(threshold=0.5, unseen=True))
    assert [i.reason for i in asked.review.items] == ["unseen_surface", "low_score"] and asked.routed == 1


@pytest.mark.parametrize("calibrated", [False, True])
@pytest.mark.parametrize("scores", [[3.0], [2.0], [1.9, 1.8], [2.5, 2.4, 0.1], [0.0, -1.0], [4.0, 4.0, 4.0, 3.9]])
def test_confident_link_agrees_with_decide(small_index, calibrated, scores):
    cal = Calibration(xs=(0.0, 0.3, 0.6, 1.0), ys=(0.0, 0.2, 0.7, 1.0), threshold=0.5) if calibrated else None
    linker = AliasLinker(small_index, calibration=cal)
    scored = [(s, r) for s, r in zip(scores, range(len(scores)), strict=True)]
    d = linker._decide(scored)
    assert linker._confident_link(scored) == (d.score if d.kb_id is not None else None)

