"""The review worker's pure transform: teacher answers -> decisions, corrected entities, human queue."""

from __future__ import annotations

import pytest

from streams.schemas import Candidate, Entity, ReviewItem, ReviewRequest
from teacher.shapes import Invalid, NormalizationAnswer
from workers.review.transform import ReviewPolicy, apply_teacher, qc_drawn


def _ent(start: int, end: int, surface: str, kb_id: str | None, score: float) -> Entity:
    return Entity(start=start, end=end, surface=surface, kb_id=kb_id, name=None, type="LOC", score=score,
                  model_version="m", kb_version="kb")


def _req() -> ReviewRequest:
    text = "Paris and Springfield and Georgia met Zorblax."
    cands = (Candidate(kb_id="geonames:1", name="Paris", type="LOC", score=0.4),
             Candidate(kb_id="geonames:2", name="Paris", type="LOC", score=0.3))
    items = tuple(ReviewItem(start=s, end=e, surface=text[s:e], type="LOC", reason="low_score",
                             proposed=_ent(s, e, text[s:e], "geonames:1", 0.3), candidates=cands)
                  for s, e in ((10, 21), (26, 33), (38, 45)))
    return ReviewRequest(id="d1", text=text, items=items, normalized=(_ent(0, 5, "Paris", "geonames:1", 0.9),))


def test_sure_answers_correct_the_document_unsure_and_invalid_go_to_people():
    answers = [NormalizationAnswer("geonames:2", None, 0.95, "context says so"),
               NormalizationAnswer(None, "needs_context", 0.6, "two namesakes"),
               Invalid("unknown_id", "x")]
    out = apply_teacher(_req(), answers, ReviewPolicy(min_confidence=0.7, qc_rate=0.0), "teacher:test")
    assert [d.next for d in out.decisions] == ["done", "human", "human"]
    assert [d.decided_by for d in out.decisions] == ["teacher"] * 3
    ents = out.normalized.entities
    assert [(e.start, e.kb_id, e.decided_by) for e in ents] == [(0, "geonames:1", "model"), (10, "geonames:2", "teacher")]
    assert ents[1].name == "Paris" and ents[1].model_version == "teacher:test"
    assert out.normalized.pending_review == 2 and out.normalized.id == "d1"


def test_quality_control_draw_is_stable_and_near_its_rate():
    drawn = [qc_drawn(f"doc-{i}", 0, 5, 0.1) for i in range(4000)]
    assert drawn == [qc_drawn(f"doc-{i}", 0, 5, 0.1) for i in range(4000)]
    assert sum(drawn) / len(drawn) == pytest.approx(0.1, abs=0.02)
    out = apply_teacher(_req(), [NormalizationAnswer("geonames:2", None, 0.99, "")] * 3, ReviewPolicy(qc_rate=1.0), "t")
    # drawn for QC: the teacher's answer serves now, a person checks it later
    assert all(d.next == "human" for d in out.decisions) and out.normalized.pending_review == 0
