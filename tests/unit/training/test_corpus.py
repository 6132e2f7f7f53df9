"""Corpus hygiene (pure): first-sentence removal, dedup, near-dup, contamination, splits."""

from __future__ import annotations

import pytest

from teacher.pipeline import TeacherDocument, TeacherMention
from teacher.shapes import CandidateView
from training.corpus import Doc, clean_corpus, drop_first_sentence, split_of
from training.dataset import examples_from

BASE = ("The river flows north through the old valley and reaches the sea after three hundred "
        "kilometres of farmland, forest and small market towns. Fishermen still work its lower "
        "reaches, where the water widens into a shallow estuary lined with reed beds and salt "
        "meadows that flood every spring. Upstream, a chain of weirs built in the eighteenth century "
        "once powered mills for grain, paper and cloth; most are museums or houses today.")


def test_first_sentence_removed_as_the_kb_cuts_it():
    assert drop_first_sentence("Paris is the capital of France. It has two million people living in the city.") == \
        "It has two million people living in the city."
    assert drop_first_sentence("Only one sentence here.") is None


def test_exact_near_duplicates_and_contamination_are_dropped():
    docs = [Doc("a", BASE, "w"), Doc("b", "  " + BASE.upper() + " ", "w"),            # exact after normalisation
            Doc("c", BASE.replace("three", "four"), "w"),                            # near duplicate
            Doc("d", "Quite another text about the harbour of Lisbon and its ships in winter.", "w"),
            Doc("e", "Something else entirely: the choir sang in the cathedral every Sunday morning at nine.", "w")]
    eval_texts = ["Yesterday the choir sang in the cathedral every Sunday morning at nine, they said."]
    kept, rep = clean_corpus(docs, eval_texts)
    assert [d.id for d in kept] == ["a", "d"]
    assert (rep.exact_duplicates, rep.near_duplicates, rep.contaminated, rep.kept) == (1, 1, 1, 2)
    assert rep.contaminated_ids == ("e",)


def test_split_is_stable_and_about_80_10_10():
    ids = [f"doc-{i}" for i in range(5000)]
    splits = [split_of(i) for i in ids]
    assert splits == [split_of(i) for i in ids]
    share = {s: splits.count(s) / len(ids) for s in ("train", "val", "test")}
    assert share["train"] == pytest.approx(0.8, abs=0.03) and share["val"] == pytest.approx(0.1, abs=0.02)


def test_examples_drop_invalid_answers_and_duplicates():
    c = (CandidateView("geonames:1", "Paris", "LOC", "City in France"),)
    ok = TeacherMention(0, 5, "Paris", "LOC", "geonames:1", None, 0.9, c)
    bad = TeacherMention(10, 15, "Paris", "LOC", None, None, 0.0, c, invalid="unknown_id")
    docs = [TeacherDocument("d1", "Paris and Paris", (ok, bad)), TeacherDocument("d2", "x", (), extraction_invalid="not_json"),
            TeacherDocument("d3", "Paris and Paris", (ok,))]
    ext, norm, dropped = examples_from(docs, {"d1": "w"})
    assert [r["id"] for r in ext] == ["d1", "d3"] and ext[0]["spans"] == [[0, 5, "LOC"], [10, 15, "LOC"]]
    assert [r["id"] for r in norm] == ["d1:0-5"] and norm[0]["label"] == "geonames:1"
    assert dropped == {"extraction_invalid": 1, "normalization_invalid": 1, "normalization_duplicate": 1}
