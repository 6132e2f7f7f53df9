from __future__ import annotations

from mentionflow.evaluate import evaluate


def test_evaluate_counts_spans_links_nil_and_same_as():
    gold = [
        {"doc_id": "d", "start": 0, "end": 5, "ids": ["wiki:Paris"], "type": "LOC"},
        {"doc_id": "d", "start": 10, "end": 15, "ids": ["wiki:Texas"], "type": "LOC"},
        {"doc_id": "d", "start": 20, "end": 25, "ids": [], "type": "PER"},
        {"doc_id": "d", "start": 30, "end": 35, "ids": ["wiki:X"], "type": "ORG"},
    ]
    pred = [
        {"doc_id": "d", "start": 0, "end": 5, "id": "geonames:1", "type": "LOC"},  # right through same_as
        {"doc_id": "d", "start": 10, "end": 15, "id": "wiki:Paris", "type": "LOC"},  # confusion
        {"doc_id": "d", "start": 20, "end": 25, "id": None, "type": "PER"},  # correct NIL
        {"doc_id": "d", "start": 40, "end": 45, "id": "wiki:Y", "type": "ORG"},  # spurious
        {"doc_id": "other", "start": 0, "end": 1, "id": "wiki:Z"},  # not in gold docs: ignored
    ]
    r = evaluate(pred, gold, {"geonames:1": ["wiki:Paris"]})
    assert r["span"] == {"precision": 0.75, "recall": 0.75, "f1": 0.75, "tp": 3, "fp": 1, "fn": 1}
    assert (r["link"]["tp"], r["link"]["fp"], r["link"]["fn"]) == (1, 2, 2)
    assert r["nil_accuracy"] == 1.0
    assert r["errors"]["confusions"] == [{"gold": "wiki:Texas", "pred": "wiki:Paris", "count": 1}]
    assert [m["surface"] for m in r["errors"]["missed_spans"]] == [None]
    assert r["per_type"]["ORG"]["fn"] == 1 and r["per_type"]["ORG"]["fp"] == 1
