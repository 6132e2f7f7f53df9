"""The hand-annotated training newswire: the draw that avoids every eval text, the gold rows, the
split, and the annotations shipped in the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.annotated import (
    LENGTH,
    draw,
    eval_texts,
    gold_rows,
    load_docs,
    load_gold,
    normalization_rows,
    split_of,
    windows,
)
from training.corpus import CONTAMINATION_NGRAM, shingles

ROOT = Path(__file__).resolve().parents[3]


def _story(i: int, body: str) -> tuple[str, str, str]:
    return (str(i), "1987", body)


def test_draw_skips_eval_ids_shared_windows_wrong_lengths_and_repeats() -> None:
    a = " ".join(f"alpha{i}" for i in range(60))
    b = " ".join(f"beta{i}" for i in range(60))
    c = " ".join(f"gamma{i}" for i in range(60))
    stories = [_story(1, a), _story(2, b), _story(3, "short"), _story(4, c), _story(5, c + " again"),
               _story(6, "x" * (LENGTH[1] + 1))]
    avoid = {"reuters-00001": "unrelated", "eval-9": "prefix " + b[:80]}
    got = draw(stories, avoid, 10, seed=3)
    assert [d["id"] for d in got] == ["reuters-00004"] or [d["id"] for d in got] == ["reuters-00005"]


def test_draw_stops_at_n() -> None:
    stories = [_story(i, " ".join(f"w{i}x{j}" for j in range(60))) for i in range(10)]
    assert len(draw(stories, {}, 4, seed=1)) == 4


def test_gold_rows_take_the_nth_occurrence_and_fail_on_a_missing_surface() -> None:
    docs = [{"id": "r-1", "text": "Texaco Inc said Texaco will sell."}]
    rows = list(gold_rows(docs, {"r-1": [("Texaco", 1, "ORG", ["isin:X"])]}))
    assert rows == [{"doc_id": "r-1", "start": 16, "end": 22, "surface": "Texaco", "type": "ORG", "ids": ["isin:X"]}]
    with pytest.raises(ValueError, match="occurrence 2"):
        list(gold_rows(docs, {"r-1": [("Texaco", 2, "ORG", [])]}))


def test_split_is_stable_and_validation_documents_are_also_the_report_test() -> None:
    ids = [f"reuters-{i:05d}" for i in range(400)]
    share = sum(split_of(i) == "val" for i in ids) / len(ids)
    assert 0.15 < share < 0.35
    assert [split_of(i) for i in ids] == [split_of(i) for i in ids]
    val = next(i for i in ids if split_of(i) == "val")
    train = next(i for i in ids if split_of(i) == "train")
    docs = [{"id": val, "text": "Exxon said."}, {"id": train, "text": "Mobil said."}]
    rows = normalization_rows(docs, [{"doc_id": val, "start": 0, "end": 5, "surface": "Exxon", "type": "ORG",
                                      "ids": ["isin:E"]},
                                     {"doc_id": train, "start": 0, "end": 5, "surface": "Mobil", "type": "ORG",
                                      "ids": []}])
    assert [(r["doc_id"], r["split"], r["label"]) for r in rows] == [(val, "val", "isin:E"), (val, "test", "isin:E"),
                                                                    (train, "train", None)]


def test_shipped_annotations_are_readable_and_share_nothing_with_an_eval_set() -> None:
    docs = load_docs()
    gold = load_gold()
    assert docs and gold, "training/data/annotated is empty"
    assert set(gold) <= {d["id"] for d in docs}
    rows = list(gold_rows([d for d in docs if d["id"] in gold], gold))
    assert len(rows) > 100
    evals = eval_texts(ROOT)
    assert not {d["id"] for d in docs} & set(evals)
    seen = set().union(*(windows(t) for t in evals.values()))
    grams = set().union(*(shingles(t, CONTAMINATION_NGRAM) for t in evals.values()))
    for d in docs:
        assert not windows(d["text"]) & seen, d["id"]
        assert not shingles(d["text"], CONTAMINATION_NGRAM) & grams, d["id"]


def test_extraction_rows_train_on_every_document_and_monitor_on_the_validation_split() -> None:
    from training.annotated import split_of
    from training.annotated_onnx import extraction_rows

    ids = [f"doc-{i}" for i in range(40)]
    held = [i for i in ids if split_of(i) == "val"]
    assert held and len(held) < len(ids)
    docs = [{"id": i, "text": f"Paris and Rome {i}"} for i in ids]
    gold = [{"doc_id": i, "start": 0, "end": 5, "type": "LOC"} for i in ids] + \
           [{"doc_id": ids[0], "start": 10, "end": 14, "type": "LOC"}]
    rows = extraction_rows(docs, gold)
    by_split = {s: [r["id"] for r in rows if r["split"] == s] for s in ("train", "val", "test")}
    assert sorted(by_split["train"]) == sorted(ids)
    assert sorted(by_split["val"]) == sorted(f"{i}#val" for i in held)
    assert sorted(by_split["test"]) == sorted(f"{i}#test" for i in held)
    first = next(r for r in rows if r["id"] == ids[0])
    assert first["spans"] == [[0, 5, "LOC"], [10, 14, "LOC"]]
    # the train split only: the validation documents are held out, not trained on
    strict = extraction_rows(docs, gold, include_val=False)
    assert sorted(r["id"] for r in strict if r["split"] == "train") == sorted(set(ids) - set(held))
