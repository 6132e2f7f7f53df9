from __future__ import annotations

import pytest

from streams.schemas import InputDocument
from workers.extraction.model import spans_to_mentions
from workers.extraction.transform import extract_documents


@pytest.mark.parametrize(
    ("text", "span", "surface"),
    [
        ("I saw the Beatles.", (6, 17, "ORG"), "Beatles"),
        ("Obama's speech", (0, 7, "PERSON"), "Obama"),
        ("He joined Apple Inc. today", (10, 20, "ORG"), "Apple Inc."),
        ("Back in the U.S.", (12, 16, "GPE"), "U.S."),
        ("In Paris, it rained", (3, 9, "GPE"), "Paris"),
        ("bought <Woodco Inc> shares", (7, 19, "ORG"), "Woodco Inc"),
    ],
)
def test_spans_to_mentions_trims(text, span, surface):
    (m,) = spans_to_mentions(text, [span], 0.8)
    assert m.surface == surface == text[m.start:m.end]


def test_spans_to_mentions_drops_numeric_and_overlaps():
    text = "Paris on Monday with 3 people"
    out = spans_to_mentions(text, [(0, 5, "GPE"), (9, 15, "DATE"), (21, 22, "CARDINAL"), (2, 5, "ORG")], 0.8)
    assert [(m.surface, m.type) for m in out] == [("Paris", "LOC")]


def test_spacy_baseline_finds_entities(spacy_extractor):
    docs = [InputDocument(id="a", text="Angela Merkel met Emmanuel Macron in Berlin."),
            InputDocument(id="b", text="nothing here at all")]
    out = extract_documents(docs, spacy_extractor)
    assert [d.doc.id for d in out] == ["a", "b"]
    surfaces = {(m.surface, m.type) for m in out[0].mentions}
    assert ("Angela Merkel", "PER") in surfaces and ("Berlin", "LOC") in surfaces
    assert out[1].mentions == ()
    assert spacy_extractor.health()


def test_spans_drop_a_lowercase_prefix_before_a_name():
    from workers.extraction.model import spans_to_mentions

    text = "an anti-Iraqi campaign and a pro-Western stance"
    spans = [(text.index("anti-Iraqi"), text.index("anti-Iraqi") + 10, "NORP"),
             (text.index("pro-Western"), text.index("pro-Western") + 11, "NORP")]
    assert [m.surface for m in spans_to_mentions(text, spans, 0.85)] == ["Iraqi", "Western"]


def test_spacy_baseline_multiplies_through_numpy(spacy_extractor):
    """Every layer of the NER runs its matrix products through numpy's BLAS, not the BLIS wheel;
    the one-thread limit holds only while ``extract`` runs."""
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_info

    model = spacy_extractor._nlp.get_pipe("ner").model
    assert all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in model.walk())
    before = threadpool_info()
    assert spacy_extractor.extract(["Angela Merkel visited Paris."]) != [[]]
    assert threadpool_info() == before


def test_a_person_span_without_a_capital_is_no_mention():
    text = "the African bush elephant met George Bush"
    ms = spans_to_mentions(text, [(12, 16, "PERSON"), (30, 41, "PERSON"), (4, 11, "NORP")], 0.8)
    assert [(x.surface, x.type) for x in ms] == [("African", "MISC"), ("George Bush", "PER")]


def test_a_title_of_office_alone_is_no_mention():
    text = "The Queen of Castile met King Juan"
    ms = spans_to_mentions(text, [(4, 9, "PERSON"), (13, 20, "GPE"), (25, 34, "PERSON")], 0.8)
    assert [x.surface for x in ms] == ["Castile", "King Juan"]


def test_a_hyphen_and_a_lower_case_word_continue_the_name():
    text = "They took Mazar-e-Sharif near the Iraq-Iran border in a US-led raid"
    ms = spans_to_mentions(text, [(10, 15, "GPE"), (34, 38, "GPE"), (39, 43, "GPE"), (56, 58, "GPE")], 0.8)
    assert [x.surface for x in ms] == ["Mazar-e-Sharif", "Iraq", "Iran", "US"]


def test_a_span_never_ends_on_a_joining_word():
    text = "holding companies AB Investor and Providentia"
    (x,) = spans_to_mentions(text, [(18, 33, "ORG")], 0.8)
    assert x.surface == "AB Investor"
    text = "Australia's Commonwealth Bank on Wednesday said"
    (x,) = spans_to_mentions(text, [(12, 32, "ORG")], 0.8)
    assert x.surface == "Commonwealth Bank"


def test_a_lower_case_direction_is_no_place():
    text = "flooding in south-east Queensland and northern NSW"
    ms = spans_to_mentions(text, [(12, 22, "LOC"), (23, 33, "GPE"), (38, 46, "LOC"), (47, 50, "GPE")], 0.8)
    assert [x.surface for x in ms] == ["Queensland", "NSW"]
