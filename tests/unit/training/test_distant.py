"""Distant supervision for the ranker: pure transforms over a hand-made KB."""

from __future__ import annotations

import random

import pytest

from index.lookup import AliasIndex
from index.records import KBRecord
from training.distant import (
    DistantDoc,
    DistantMention,
    build_distant,
    exclude_ids,
    geo_documents,
    gold_rows,
    hold_out,
    label_span,
    wiki_documents,
)


def rec(id: str, name: str, aliases: tuple[str, ...] = (), type: str = "LOC", pop: float = 0.5, **geo) -> KBRecord:
    return KBRecord(id=id, name=name, aliases=aliases, type=type, description=geo.pop("desc", ""), popularity=pop, **geo)


def _index() -> AliasIndex:
    recs = [
        rec("iso3166:FR", "France", pop=0.95, country="FR", feature="country", same_as=("wiki:France",)),
        rec("iso3166:US", "United States", pop=0.95, country="US", feature="country"),
        rec("iso3166-2:US-TX", "Texas", pop=0.6, country="US", admin1="US-TX", feature="admin1"),
        rec("geonames:1", "Paris", pop=0.9, country="FR", admin1="FR.11", feature="capital", population=2_000_000,
            same_as=("wiki:Paris",)),
        rec("geonames:2", "Paris", pop=0.5, country="US", admin1="US-TX", feature="city", population=25_000),
        rec("wiki:Victor_Hugo", "Victor Hugo", ("Hugo",), type="PER", pop=0.8, feature="article"),
        rec("geonames:3", "Hugo", pop=0.4, country="US", admin1="US-TX", feature="city", population=5_000),
    ]
    # enough places per country for the geo stories
    for i in range(10):
        recs.append(rec(f"geonames:fr{i}", f"Ville{i}", pop=0.4, country="FR", admin1="FR.11", feature="city",
                        population=5_000 + i))
        recs.append(rec(f"geonames:us{i}", f"Town{i}", pop=0.4, country="US", admin1="US-TX", feature="city",
                        population=5_000 + i))
    recs.append(rec("geonames:us-paris-2", "Ville1", pop=0.3, country="US", admin1="US-TX", feature="city",
                    population=900))
    return AliasIndex.build(recs, "kb-distant-test")


@pytest.fixture(scope="module")
def index() -> AliasIndex:
    return _index()


ARTICLES = {
    "Victor Hugo": {"extract": "Victor Hugo was a French writer. Hugo lived in Paris for decades and wrote about France."},
    "Locked Title": {"extract": "Locked Title is secret. It mentions Paris and France many many times over."},
}


def test_label_span_prefers_the_article_subject_then_the_primary_topic(index: AliasIndex):
    assert index.ids[label_span(index, "Hugo", "wiki:Victor_Hugo")] == "wiki:Victor_Hugo"  # type: ignore[index]
    assert index.ids[label_span(index, "Paris", "wiki:Other")] == "geonames:1"  # type: ignore[index]
    assert label_span(index, "Hugo", "wiki:Other") is None  # two candidates, no Wikipedia title "Hugo"


def test_wiki_documents_drop_the_first_sentence_and_excluded_titles(index: AliasIndex):
    docs = wiki_documents(index, ARTICLES, {"Locked Title"}, 10, seed=1)
    assert len(docs) == 1
    d = docs[0]
    assert d.text.startswith("Hugo lived")
    assert [(m.surface, m.kb_id) for m in d.mentions] == [
        ("Hugo", "wiki:Victor_Hugo"), ("Paris", "geonames:1"), ("France", "iso3166:FR")]
    assert all(d.text[m.start:m.end] == m.surface for m in d.mentions)


def test_geo_documents_are_deterministic_and_spans_match(index: AliasIndex):
    a, b = geo_documents(index, 20, seed=3), geo_documents(index, 20, seed=3)
    assert a == b and a
    assert geo_documents(index, 20, seed=4) != a
    for d in a:
        assert all(d.text[m.start:m.end] == m.surface and m.kb_id for m in d.mentions)
        assert any(len(index.lookup(m.surface)) > 1 for m in d.mentions)  # at least one namesake


def test_hold_out_makes_a_namesake_mention_nil_and_never_a_country(index: AliasIndex):
    d = DistantDoc("d", "Hugo and Hugo in France", "t", (
        DistantMention(0, 4, "Hugo", "PER", "wiki:Victor_Hugo"), DistantMention(9, 13, "Hugo", "PER", "wiki:Victor_Hugo"),
        DistantMention(17, 23, "France", "LOC", "iso3166:FR")))
    out = hold_out(d, index, random.Random(0))
    assert out.holdout == frozenset({"wiki:Victor_Hugo"})
    assert [m.kb_id for m in out.mentions] == [None, None, "iso3166:FR"]
    only_country = DistantDoc("d", "France", "t", (DistantMention(0, 6, "France", "LOC", "iso3166:FR"),))
    assert hold_out(only_country, index, random.Random(0)) == only_country


def test_exclude_ids_keeps_eval_entities_in_the_text_but_not_as_examples(index: AliasIndex):
    d = DistantDoc("d", "Paris, France", "t", (DistantMention(0, 5, "Paris", "LOC", "geonames:1"),
                                               DistantMention(7, 13, "France", "LOC", "iso3166:FR")))
    row_of = {k: r for r, k in enumerate(index.ids)}
    out = exclude_ids(d, frozenset({"wiki:France"}), index, row_of)  # banned under its same_as id
    assert [m.example for m in out.mentions] == [True, False]
    assert [g["example"] for g in gold_rows([out])] == [True, False]


def test_build_distant_drops_contaminated_documents_and_is_deterministic(index: AliasIndex):
    eval_texts = ["Hugo lived in Paris for decades and wrote about France."]
    docs, info = build_distant(index, ARTICLES, eval_texts, {"Locked Title"}, frozenset(), n_wiki=10, n_geo=10, seed=5)
    assert info["contaminated"] == 1
    assert not any(d.source == "wikipedia-vital-articles" for d in docs)
    again, _ = build_distant(index, ARTICLES, eval_texts, {"Locked Title"}, frozenset(), n_wiki=10, n_geo=10, seed=5)
    assert docs == again
    assert len({d.text for d in docs}) == len(docs)
