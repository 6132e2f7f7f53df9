"""The fine-tuned spaCy NER's training entities: annotations with spaCy labels, the stock model's
non-mention spans kept where they overlap no annotation."""

from __future__ import annotations

from training.spacy_ner import entities_for, rehearsal_texts


def _g(start: int, end: int, kind: str) -> dict[str, object]:
    return {"start": start, "end": end, "type": kind}


def test_annotations_take_the_stock_label_of_the_same_kind_else_the_default() -> None:
    stock = [(0, 5, "FAC"), (10, 15, "PERSON"), (20, 24, "EVENT")]
    got = entities_for([_g(0, 5, "LOC"), _g(10, 15, "ORG"), _g(20, 24, "MISC"), _g(30, 33, "PER")], stock)
    assert got == [(0, 5, "FAC"), (10, 15, "ORG"), (20, 24, "EVENT"), (30, 33, "PERSON")]


def test_stock_numeric_spans_stay_unless_they_overlap_an_annotation() -> None:
    stock = [(0, 4, "DATE"), (6, 12, "MONEY"), (14, 20, "ORG")]
    got = entities_for([_g(10, 20, "ORG")], stock)
    assert got == [(0, 4, "DATE"), (10, 20, "ORG")]  # MONEY overlaps the annotation; the stock ORG is not kept


def test_a_stock_name_the_annotators_left_out_is_not_kept() -> None:
    assert entities_for([], [(0, 4, "GPE"), (5, 9, "CARDINAL")]) == [(5, 9, "CARDINAL")]


def test_rehearsal_texts_never_take_an_avoided_story_or_article() -> None:
    body = "x " * 150
    stories = [("1", "d", body + "a"), ("2", "d", body + "b"), ("3", "d", "short")]
    vital = {"Ming dynasty": "The Ming ruled.", "Rome": "Rome was founded."}
    got = rehearsal_texts(iter(stories), vital, {"reuters-00001": "", "vtrain-Ming_dynasty": ""}, 4)
    assert sorted(got) == sorted([body + "b", "Rome was founded."])
