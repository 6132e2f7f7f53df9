"""The extractor student's training side: BIO alignment, span F1, and one tiny end-to-end run
(train -> ONNX -> int8 -> parity) shared with tests/unit/workers/test_student_extractor.py."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from training.extractor import (
    EXTRACTOR_PROFILES,
    IGNORE,
    LABELS,
    bio_labels,
    span_f1,
    train_extractor,
)

L = {name: i for i, name in enumerate(LABELS)}

PER = ["Angela Merkel", "Barack Obama", "Marie Curie", "Nelson Mandela", "Frida Kahlo", "Alan Turing"]
ORG = ["Siemens", "Toyota", "Google", "Nestle", "Boeing"]
LOC = ["Berlin", "Paris", "Kenya", "Tokyo", "Brazil", "Lisbon"]
TEMPLATES = ["{PER} met {PER2} in {LOC} on Monday.", "{PER} joined {ORG} last year.",
             "Shares of {ORG} rose after a meeting in {LOC}.", "yesterday {PER} flew to {LOC} with friends.",
             "The new office of {ORG} opened in {LOC}."]
FILLER = "the weather was calm and the river was quiet that morning . "


def _fill(template: str, rng: random.Random) -> tuple[str, list[list[Any]]]:
    values = {"PER": rng.choice(PER), "PER2": rng.choice(PER), "ORG": rng.choice(ORG), "LOC": rng.choice(LOC)}
    text, spans = "", []
    for part in re.split(r"(\{\w+\})", template):
        if part.startswith("{"):
            value = values[part[1:-1]]
            spans.append([len(text), len(text) + len(value), part[1:-1].rstrip("2")])
            part = value
        text += part
    return text, spans


def synthetic_rows(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """Template sentences with names (60/20/20 train/val/test), one long multi-window document
    and one without entities among the training rows."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        text, spans = _fill(rng.choice(TEMPLATES), rng)
        rows.append({"id": f"syn-{i:03d}", "text": text, "spans": spans,
                     "split": ("train", "train", "train", "val", "test")[i % 5], "source": "synthetic"})
    tail, tail_spans = _fill(TEMPLATES[0], rng)
    rows.append({"id": "syn-long", "text": FILLER * 30 + tail, "split": "train", "source": "synthetic",
                 "spans": [[a + len(FILLER) * 30, b + len(FILLER) * 30, t] for a, b, t in tail_spans]})
    rows.append({"id": "syn-empty", "text": FILLER, "spans": [], "split": "train", "source": "synthetic"})
    return rows


_TINY: dict[str, Any] = {}


def tiny_student(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """Train the tiny student once per session (~25 s on one thread) and return (dir, meta)."""
    if not _TINY:
        root = tmp_path_factory.mktemp("extractor_student")
        data = root / "extraction.jsonl"
        data.write_text("".join(json.dumps(r) + "\n" for r in synthetic_rows(60)))
        meta = train_extractor(data, root / "model", epochs=3, batch_size=4, lr=2e-4, progress=False, threads=1)
        _TINY.update(dir=root / "model", meta=meta, rows=synthetic_rows(60))
    return _TINY["dir"], _TINY["meta"]


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    return tiny_student(tmp_path_factory)


def test_synthetic_rows_spans_match_their_names():
    for r in synthetic_rows(60):
        for a, b, t in r["spans"]:
            assert r["text"][a:b] in {"PER": PER, "ORG": ORG, "LOC": LOC}[t]


@pytest.mark.parametrize(
    ("offsets", "spans", "expected"),
    [
        # [CLS] barack obama visited paris [SEP]: specials ignored, B then I, O outside
        ([(0, 0), (0, 6), (7, 12), (13, 20), (21, 26), (0, 0)], [[0, 12, "PER"], [21, 26, "LOC"]],
         [IGNORE, L["B-PER"], L["I-PER"], L["O"], L["B-LOC"], IGNORE]),
        # sub-word continuations inside a span take its I- label: "kazakh ##stan"
        ([(0, 2), (3, 9), (9, 13)], [[3, 13, "LOC"]], [L["O"], L["B-LOC"], L["I-LOC"]]),
        # a span that starts and ends inside tokens labels every token it touches
        ([(0, 5), (6, 12), (12, 15)], [[2, 13, "ORG"]], [L["B-ORG"], L["I-ORG"], L["I-ORG"]]),
        # two adjacent spans of the same type: the second starts with its own B-
        ([(0, 5), (6, 11)], [[0, 5, "PER"], [6, 11, "PER"]], [L["B-PER"], L["B-PER"]]),
        # unknown types are skipped; a span over no token changes nothing
        ([(0, 4), (5, 9)], [[0, 4, "DATE"], [20, 25, "LOC"]], [L["O"], L["O"]]),
    ],
)
def test_bio_labels_align_character_spans_to_tokens(offsets, spans, expected):
    assert bio_labels(offsets, spans) == expected


def test_bio_labels_on_real_wordpieces():
    from index.embedder import base_model_path
    from workers.extraction.student import plain_tokenizer

    tok = plain_tokenizer(Path(base_model_path()) / "tokenizer.json")
    text = "Nursultan Nazarbayev visited Kazakhstan's capital."
    enc = tok.encode(text, add_special_tokens=False)
    labels = bio_labels(enc.offsets, [[0, 20, "PER"], [29, 39, "LOC"]])
    tagged = [(text[s:e], LABELS[lab]) for (s, e), lab in zip(enc.offsets, labels, strict=True)]
    per = [t for t, lab in tagged if lab.endswith("PER")]
    assert "".join(per).lower() == "nursultannazarbayev" and tagged[0][1] == "B-PER"
    assert [lab for t, lab in tagged if t in ("'", "s", "capital", ".")] == ["O"] * 4


def test_span_f1_exact_match_micro_average():
    gold = [[(0, 5, "PER"), (10, 15, "LOC")], [(0, 3, "ORG")]]
    assert span_f1(gold, gold) == 1.0
    assert span_f1(gold, [[(0, 5, "PER"), (10, 15, "ORG")], []]) == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))
    assert span_f1(gold, [[], []]) == 0.0


def test_profiles_are_quick_and_full():
    import inspect

    from training.extractor import train_extractor

    accepted = set(inspect.signature(train_extractor).parameters)
    quick, full = EXTRACTOR_PROFILES["quick"], EXTRACTOR_PROFILES["full"]
    assert set(quick) <= accepted and set(full) <= accepted  # both are valid calls
    assert quick["max_train_docs"] <= 500 and (full["max_train_docs"] is None or full["max_train_docs"] > 2000)


def test_train_extractor_writes_a_checked_int8_artifact(tiny):
    model_dir, meta = tiny
    assert {p.name for p in model_dir.iterdir()} >= {"model.onnx", "meta.json", "tokenizer.json"}
    assert json.loads((model_dir / "meta.json").read_text()) == meta
    assert not list(model_dir.parent.glob(".model.*")), "temp dir left behind"
    assert meta["kind"] == "extractor" and meta["labels"] == list(LABELS)
    assert (meta["max_length"], meta["stride"]) == (128, 32)
    assert meta["parity_label_agreement"] >= 0.95 and meta["parity_tokens"] > 0
    assert 1 <= meta["best_epoch"] <= meta["epochs_run"] <= 3
    assert meta["train_docs"] == 38 and meta["train_windows"] > meta["train_docs"]  # the long doc has several
    assert len(meta["dataset_sha1"]) == 40 and meta["seed"] == 13
    # the template data is easy: the shipped model has learned it
    assert meta["val_span_f1"] >= 0.8 and meta["val_span_f1_onnx"] >= 0.8 and meta["test_span_f1"] >= 0.8


@pytest.mark.parametrize(("n", "k", "pick", "expected"), [
    (6, 6, "even", (0, 1, 2, 3, 4, 5)), (6, 4, "even", (0, 2, 3, 5)), (6, 3, "even", (0, 3, 5)), (6, 2, "even", (0, 5)),
    (6, 1, "even", (0,)), (6, 4, "first", (0, 1, 2, 3)), (6, 2, "first", (0, 1)), (12, 4, "even", (0, 4, 7, 11)),
])
def test_keep_layers_first_or_evenly_spread(n, k, pick, expected):
    from training.extractor import keep_layers

    assert keep_layers(n, k, pick) == expected


@pytest.mark.parametrize(("k", "pick"), [(0, "even"), (7, "even"), (3, "middle")])
def test_keep_layers_rejects_impossible_requests(k, pick):
    from training.extractor import keep_layers

    with pytest.raises(ValueError):
        keep_layers(6, k, pick)


def test_train_extractor_with_pruned_layers_ships_a_smaller_checked_model(tmp_path, tiny):
    """A 2-layer student: meta says which layers it kept, the int8 graph is smaller than the
    6-layer one's, and the parity check (torch vs ONNX) still holds."""
    full_dir, _ = tiny
    data = tmp_path / "extraction.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in synthetic_rows(30)))
    meta = train_extractor(data, tmp_path / "model", epochs=1, batch_size=4, lr=2e-4, progress=False, threads=1,
                           layers=2, layer_pick="even")
    assert (meta["layers"], meta["kept_layers"], meta["base_layers"], meta["layer_pick"]) == (2, [0, 5], 6, "even")
    assert meta["parity_label_agreement"] >= 0.95
    assert (tmp_path / "model" / "model.onnx").stat().st_size < 0.8 * (full_dir / "model.onnx").stat().st_size
