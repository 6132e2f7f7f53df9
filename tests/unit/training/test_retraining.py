"""The append-only retraining set: dedup, contamination check, human over teacher."""

from __future__ import annotations

from training.retraining import RetrainingStore

EVAL = ["The conference was held near Yalta in Crimea, Soviet Union, within the Livadia palaces."]


def _row(text: str, label: str | None, by: str, at: str = "2026-11-23T10:00:00Z") -> dict:
    s = text.index("Paris")
    return {"id": f"x:{s}", "doc_id": "x", "text": text, "start": s, "end": s + 5, "surface": "Paris", "type": "LOC",
            "candidates": [{"kb_id": "geonames:1", "name": "Paris", "type": "LOC", "description": ""}],
            "label": label, "nil_reason": None if label else "not_in_kb", "decided_by": by, "decided_at": at,
            "split": "train"}


def test_dedup_contamination_and_persistence(tmp_path):
    store = RetrainingStore(tmp_path, EVAL)
    text = "Officials in Paris said the river was rising on Monday."
    assert store.add(_row(text, "geonames:1", "teacher")) == "added"
    assert store.add(_row(text, "geonames:1", "teacher")) == "duplicate"
    leaked = "Paris: the conference was held near Yalta in Crimea, Soviet Union, within the Livadia palaces."
    assert store.add(_row(leaked, "geonames:1", "teacher")) == "contaminated"
    assert store.add(_row(text, None, "human", "2026-11-23T09:00:00Z")) == "added"  # a person disagrees
    again = RetrainingStore(tmp_path, EVAL)  # survives a restart; dedup state rebuilt from the file
    assert again.add(_row(text, "geonames:1", "teacher")) == "duplicate"
    assert len(again.rows()) == 2
    (latest,) = again.latest()
    assert latest["decided_by"] == "human" and latest["label"] is None
