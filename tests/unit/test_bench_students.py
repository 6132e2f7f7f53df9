"""The students bench's pure pieces: the table and the rate/F1 helpers on a fake extractor."""

from __future__ import annotations

from collections.abc import Sequence

from mentionflow.bench_students import dev_span_f1, extraction_rate, format_students
from streams.schemas import Mention


def _paris(texts: Sequence[str]) -> list[list[Mention]]:
    out = []
    for t in texts:
        i = t.find("Paris")
        out.append([Mention(start=i, end=i + 5, surface="Paris", type="LOC", score=0.9)] if i >= 0 else [])
    return out


def test_dev_span_f1_untyped_and_typed():
    docs = [{"id": "a", "text": "I saw Paris."}, {"id": "b", "text": "Paris and Rome."}]
    gold = [{"doc_id": "a", "start": 6, "end": 11, "type": "PER", "ids": []},
            {"doc_id": "b", "start": 0, "end": 5, "type": "LOC", "ids": []},
            {"doc_id": "b", "start": 10, "end": 14, "type": "LOC", "ids": []}]
    untyped, typed = dev_span_f1(_paris, docs, gold)
    assert round(untyped, 4) == round(2 * 1.0 * (2 / 3) / (1 + 2 / 3), 4)  # P 2/2, R 2/3
    assert round(typed, 4) == 0.4  # P 1/2, R 1/3


def test_extraction_rate_counts_every_document():
    calls: list[int] = []

    def count(texts: Sequence[str]) -> list[list[Mention]]:
        calls.append(len(texts))
        return [[] for _ in texts]

    wall, cpu = extraction_rate(count, ["x"] * 10, 4)
    assert calls == [4, 4, 2] and wall > 0 and cpu > 0


def test_format_students_ratios_to_the_first_row():
    row = {"dev_f1": 0.8, "dev_typed_f1": 0.7, "teacher_f1": 1.0, "docs_cpu_s": 100.0}
    out = {"n_docs": 10, "per_call": 64, "rounds": 2, "dev_docs": 25, "dev_mentions": 153, "heldout_docs": 5,
           "dataset": "ds-x", "rows": [{**row, "name": "served", "layers": "-", "docs_s": 200.0},
                                       {**row, "name": "L2", "layers": 2, "docs_s": 500.0, "batch1_docs_s": 50.0,
                                        "epoch_s": 61.0}]}
    lines = format_students(out).splitlines()
    assert lines[3].split()[-4] == "1.00" and lines[4].split()[-4] == "2.50"
    assert lines[4].split()[-2:] == ["50", "61"] and lines[3].split()[-2:] == ["-", "-"]
