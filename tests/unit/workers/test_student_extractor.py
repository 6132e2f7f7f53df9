"""The extractor student's serving side: case ids, windows and their merge, BIO decoding, and
``OnnxExtractor`` on the tiny model trained once per session (tests/unit/training/test_extractor.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.unit.training.test_extractor import FILLER, tiny_student
from workers.extraction.student import (
    LABELS,
    OnnxExtractor,
    case_ids_for,
    decode_mentions,
    merge_windows,
    window_owners,
    windows,
)

L = {name: i for i, name in enumerate(LABELS)}


def _offsets(text: str) -> list[tuple[int, int]]:
    """Words and single punctuation marks, like the WordPiece pre-tokenizer (enough for decoding)."""
    return [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]


def _probs(tags: list[str], p: float = 0.9) -> np.ndarray:
    rows = np.full((len(tags), len(LABELS)), (1 - p) / (len(LABELS) - 1), dtype=np.float32)
    for i, tag in enumerate(tags):
        rows[i, L[tag]] = p
    return rows


@pytest.fixture(scope="session")
def student(tmp_path_factory: pytest.TempPathFactory) -> OnnxExtractor:
    model_dir, _ = tiny_student(tmp_path_factory)
    return OnnxExtractor(model_dir, threads=1, batch_size=4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Barack OBAMA visited paris", [2, 3, 1, 1]),
        ("iPhone McDonald 2024 A4", [4, 4, 4, 4]),
        ("I . -- 北京", [2, 5, 5, 5, 5]),
    ],
)
def test_case_ids_come_from_the_original_text(text, expected):
    offsets = [(0, 0), *_offsets(text), (0, 0)]  # specials / pad have empty offsets
    assert case_ids_for(text, offsets) == [0, *expected, 0]


@pytest.mark.parametrize("n_tokens", [0, 1, 125, 126, 127, 220, 221, 500, 1003])
@pytest.mark.parametrize(("max_len", "stride"), [(128, 32), (16, 4), (10, 0)])
def test_windows_cover_every_token_with_overlap(n_tokens, max_len, stride):
    wins = windows(n_tokens, max_len, stride)
    covered = set()
    for s, e in wins:
        assert 0 <= s < e <= n_tokens and e - s <= max_len - 2
        covered.update(range(s, e))
    assert covered == set(range(n_tokens))
    for (_, e0), (s1, _) in zip(wins, wins[1:], strict=False):
        assert e0 - s1 >= stride
    if n_tokens > max_len - 2:
        assert wins[-1] == (n_tokens - (max_len - 2), n_tokens)  # the last window is full length


def test_windows_reject_a_stride_that_leaves_no_room():
    with pytest.raises(ValueError):
        windows(100, 10, 8)


def test_merge_takes_each_token_from_the_window_where_it_is_deepest():
    wins = [(0, 10), (6, 16)]
    owners = window_owners(16, wins)
    assert owners[:7] == [0] * 7 and owners[7] == 0  # token 7: 2 from w0's edge, 1 from w1's
    assert owners[8:] == [1] * 8  # token 8: 1 from w0's edge, 2 from w1's
    rows = [np.full((10, len(LABELS)), 0.0, dtype=np.float32), np.full((10, len(LABELS)), 1.0, dtype=np.float32)]
    merged = merge_windows(16, wins, rows)
    assert merged.shape == (16, len(LABELS)) and (merged[:8] == 0).all() and (merged[8:] == 1).all()
    with pytest.raises(ValueError):
        window_owners(17, wins)


def test_decode_bio_to_trimmed_character_spans():
    text = "Barack Obama's visit to the Acme Corp. plant in Paris, said Lee."
    offsets = _offsets(text)
    words = [text[s:e] for s, e in offsets]
    tags = ["O"] * len(words)
    tags[words.index("Barack")], tags[words.index("Obama")] = "B-PER", "I-PER"
    tags[words.index("the")], tags[words.index("Acme")], tags[words.index("Corp")] = "B-ORG", "I-ORG", "I-ORG"
    tags[words.index("Paris")], tags[words.index("Paris") + 1] = "I-LOC", "I-LOC"  # I- without B-, then ","
    tags[words.index("Lee")] = "I-MISC"
    probs = _probs(tags)
    probs[words.index("Obama"), L["I-PER"]] = 0.7
    got = decode_mentions(text, offsets, probs)
    assert [(m.surface, m.type) for m in got] == [("Barack Obama", "PER"), ("Acme Corp", "ORG"), ("Paris", "LOC"),
                                                  ("Lee", "MISC")]
    assert all(text[m.start : m.end] == m.surface for m in got)
    assert got[0].score == pytest.approx(((0.9 + 0.0125) + (0.0125 + 0.7)) / 2)  # PER's B + I mass, per token


def test_decode_reads_boundaries_apart_from_types_and_splits_on_a_new_b():
    """ "United" B-ORG + "Nations" I-MISC + "Program" I-MISC is one name, of the type with the most
    mass over it; a B starts the next name whatever its type."""
    text = "Alpha Beta Gamma Delta Epsilon Zeta"
    got = decode_mentions(text, _offsets(text), _probs(["B-ORG", "I-MISC", "I-MISC", "B-LOC", "I-LOC", "B-LOC"]))
    assert [(m.surface, m.type) for m in got] == [("Alpha Beta Gamma", "MISC"), ("Delta Epsilon", "LOC"), ("Zeta", "LOC")]
    text = "Fenner and Smith.\nCohn said"
    got = decode_mentions(text, _offsets(text), _probs(["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-PER", "O"]))
    assert [(m.surface, m.type) for m in got] == [("Fenner and Smith", "ORG"), ("Cohn", "PER")]  # not across lines
    assert decode_mentions("", [], np.zeros((0, len(LABELS)), dtype=np.float32)) == []


def test_onnx_extractor_finds_learned_names_with_consistent_offsets(student):
    texts = ["Angela Merkel met Alan Turing in Tokyo on Monday.", "Shares of Toyota rose after a meeting in Lisbon.",
             "nothing to see here", ""]
    out = student.extract(texts)
    assert len(out) == len(texts) and out[3] == []
    for text, mentions in zip(texts, out, strict=True):
        ends = [-1] + [m.end for m in mentions]
        for m, prev_end in zip(mentions, ends, strict=False):
            assert text[m.start : m.end] == m.surface and 0.0 <= m.score <= 1.0 and m.start >= prev_end
    assert ("Angela Merkel", "PER") in {(m.surface, m.type) for m in out[0]}
    assert ("Tokyo", "LOC") in {(m.surface, m.type) for m in out[0]}
    assert ("Toyota", "ORG") in {(m.surface, m.type) for m in out[1]}


def test_onnx_extractor_covers_long_texts_to_the_end(student):
    text = FILLER * 60 + "Marie Curie met Nelson Mandela in Kenya on Monday."
    (off, probs), = student.token_probs([text])
    assert len(off) > 3 * (student.max_length - 2)  # more than three windows
    assert off[-1][1] == len(text) and probs.shape == (len(off), len(LABELS))
    (mentions,) = student.extract([text])
    assert all(text[m.start : m.end] == m.surface for m in mentions)
    found = {(m.surface, m.type) for m in mentions if m.start >= len(FILLER) * 60}
    assert {("Marie Curie", "PER"), ("Kenya", "LOC")} <= found


def test_onnx_extractor_batching_does_not_change_results(student):
    texts = ["Frida Kahlo joined Google last year.", FILLER * 20 + "yesterday Alan Turing flew to Paris with friends.",
             "The new office of Boeing opened in Berlin."]
    together = student.extract(texts)
    alone = [student.extract([t])[0] for t in texts]
    key = [[(m.start, m.end, m.type) for m in ms] for ms in together]
    assert key == [[(m.start, m.end, m.type) for m in ms] for ms in alone]


def test_onnx_extractor_health_version_and_no_torch(student, tmp_path_factory):
    assert student.health()
    assert student.version.startswith("extractor-student.")
    assert student.providers == ("CPUExecutionProvider",)
    code = ("import sys; from pathlib import Path; from workers.extraction.student import OnnxExtractor; "
            f"e = OnnxExtractor(Path({str(tiny_student(tmp_path_factory)[0])!r})); e.extract(['Paris']); "
            "assert 'torch' not in sys.modules, 'serving imported torch'")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[3])
    assert res.returncode == 0, res.stderr[-2000:]


def test_onnx_extractor_rejects_a_foreign_artifact(tmp_path: Path):
    meta: dict[str, Any] = {"kind": "embedder"}
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError):
        OnnxExtractor(tmp_path)


def test_decode_widens_a_span_that_stops_inside_a_word():
    text = "Marie Curie won"
    offsets = [(0, 5), (6, 8), (8, 11), (12, 15)]  # "marie", "cu", "##rie", "won"
    got = decode_mentions(text, offsets, _probs(["B-PER", "I-PER", "O", "O"]))
    assert [(m.surface, m.type) for m in got] == [("Marie Curie", "PER")]
    assert got[0].score == pytest.approx(0.9 + 0.0125)  # PER's B + I mass over the labelled tokens


def test_decode_joins_the_pieces_of_a_dotted_abbreviation_and_keeps_its_last_stop():
    text = "The U.S. and U.K. met Bosnia."
    offsets = [(0, 3), (4, 5), (5, 6), (6, 7), (7, 8), (9, 12), (13, 14), (14, 15), (15, 16), (16, 17), (18, 21),
               (22, 28), (28, 29)]
    tags = ["O", "B-LOC", "O", "B-LOC", "O", "O", "B-LOC", "I-LOC", "I-LOC", "O", "O", "B-LOC", "O"]
    got = decode_mentions(text, offsets, _probs(tags))
    assert [(m.surface, m.type) for m in got] == [("U.S.", "LOC"), ("U.K.", "LOC"), ("Bosnia", "LOC")]


def test_decode_keeps_two_names_apart_across_a_missing_space():
    text = "He saw Paris.London said no."
    offsets = [(0, 2), (3, 6), (7, 12), (12, 13), (13, 19), (20, 24), (25, 27), (27, 28)]
    tags = ["O", "O", "B-LOC", "O", "B-LOC", "O", "O", "O"]
    got = decode_mentions(text, offsets, _probs(tags))
    assert [(m.surface, m.type) for m in got] == [("Paris", "LOC"), ("London", "LOC")]


def test_decode_joins_a_span_that_starts_where_the_last_one_ends():
    text = "FT-SE and Ansar al-Islam."
    offsets = [(0, 2), (2, 3), (3, 5), (6, 9), (10, 15), (16, 18), (18, 19), (19, 24), (24, 25)]
    tags = ["B-ORG", "B-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "B-MISC", "I-MISC", "O"]
    got = decode_mentions(text, offsets, _probs(tags))
    assert [(m.surface, m.type) for m in got] == [("FT-SE", "ORG"), ("Ansar al-Islam", "ORG")]
