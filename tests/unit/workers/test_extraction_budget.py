"""Issue 12, defect 2: per-document budgets. A ~1 MB text with 50K mentions took 37-56 s and
4.1-4.6 GB in one model call while small documents waited behind it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import orjson
import pytest

from streams.codec import decode_input
from streams.dlq import DeadLetter
from streams.schemas import InputDocument, Mention
from streams.topics import TopicNames
from workers.agents import extraction_transform
from workers.extraction.budget import ExtractBudget, extract_within_budget, split_text
from workers.shell import RawRecord, process_batch, segments

NOW = datetime(2024, 1, 1, tzinfo=UTC)
TOPICS = TopicNames("")


class CapitalizedWords:
    """Every capitalized word is a mention; records the length of every text it is given."""

    version = "caps.v1"

    def __init__(self, clock=None, s_per_char: float = 0.0):
        self.seen: list[int] = []
        self.clock, self.s_per_char = clock, s_per_char

    def extract(self, texts):
        self.seen += [len(t) for t in texts]
        if self.clock is not None:
            self.clock.t += self.s_per_char * sum(len(t) for t in texts)
        return [[Mention(start=m.start(), end=m.end(), surface=m.group(), type="PER", score=0.9)
                 for m in re.finditer(r"\b[A-Z][a-z]+\b", t)] for t in texts]

    def health(self):
        return True


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def rec(i: int, doc: dict) -> RawRecord:
    return RawRecord("mentions.raw", 0, i, doc["id"].encode(), orjson.dumps(doc))


def test_extraction_budget_too_many_mentions_is_dead_lettered_and_neighbours_pass():
    huge = {"id": "huge", "text": "Alice Bob Carol Dave Erin. " * 12_000}  # 324K chars, 60K mentions
    small = [{"id": f"s{i}", "text": f"Angela met Barack in Berlin ({i})."} for i in range(3)]
    records = [rec(0, small[0]), rec(1, huge), rec(2, small[1]), rec(3, small[2])]
    extractor = CapitalizedWords()
    out = process_batch(records, decode_input, extraction_transform(TOPICS, extractor), "extraction", NOW)
    assert [(o.topic, o.key) for o in out] == [("mentions.extracted", b"s0"), ("mentions.raw.dlq", b"huge"),
                                                ("mentions.extracted", b"s1"), ("mentions.extracted", b"s2")]
    dl = DeadLetter.model_validate_json(out[1].value)
    assert dl.reason == "too_many_mentions" and dl.original_value() == records[1].value
    # memory is bounded by the chunk, and the work stopped once the budget was spent
    assert max(extractor.seen) <= ExtractBudget().chunk_chars
    assert sum(extractor.seen) < len(huge["text"]) / 4


def test_extraction_budget_timeout_stops_a_slow_document_after_one_budget():
    clock = Clock()
    extractor = CapitalizedWords(clock, s_per_char=1e-4)  # 2 s per 20K-char chunk; 100 s for the document
    slow = InputDocument(id="slow", text="word " * 200_000)
    fast = InputDocument(id="fast", text="Angela Merkel.")
    out = extract_within_budget([slow, fast], extractor, ExtractBudget(timeout_s=10.0), clock)
    assert out[0].reason == "timeout" and out[1].doc.id == "fast"
    assert 10.0 < clock.t <= 12.1  # one budget plus at most one chunk (and the short document)


def test_extraction_budget_long_document_in_chunks_keeps_code_point_offsets():
    text = ("Ünïcödé Émile met Zoë in Łódź. " * 3000) + "Final Word"
    (ex,) = extract_within_budget([InputDocument(id="u", text=text)], CapitalizedWords(), ExtractBudget(chunk_chars=1000),
                                  Clock())
    assert all(text[m.start:m.end] == m.surface for m in ex.mentions)
    assert ex.mentions[-1].surface == "Word" and len(ex.mentions) == len(re.findall(r"\b[A-Z][a-z]+\b", text))


@pytest.mark.parametrize("text", ["a" * 5000, "one two. " * 700, "para\n\n" * 900, "x" * 999])
def test_split_text_chunks_join_back_and_respect_the_size(text):
    pieces = split_text(text, 1000)
    assert "".join(c for _, c in pieces) == text
    assert all(len(c) <= 1000 and text[o:o + len(c)] == c for o, c in pieces)


def test_segments_heavy_records_alone_in_order():
    def r(i, size):
        return RawRecord("t", 0, i, None, b"x" * size)

    recs = [r(0, 10), r(1, 10), r(2, 5000), r(3, 10), r(4, 5000), r(5, 5000), r(6, 1)]
    assert [[x.offset for x in s] for s in segments(recs, 1000)] == [[0, 1], [2], [3], [4], [5], [6]]
    light = [r(i, 400) for i in range(5)]  # light runs are capped too: about one heavy record of text
    assert [[x.offset for x in s] for s in segments(light, 1000)] == [[0, 1], [2, 3], [4]]
