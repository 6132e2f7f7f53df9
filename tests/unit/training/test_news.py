"""The newswire source for distillation: body cleaning and the draw that never takes an eval story."""

from __future__ import annotations

import orjson

from training.news import clean_body, doc_id, news_docs, reuters_stories

RAW = "Standard Oil Co and BP North America\nInc said they plan a venture.\n    BP North America is a\nsubsidiary.\n\n Reuter\n\x03"


def test_clean_body_joins_wraps_keeps_paragraphs_and_drops_the_signature() -> None:
    assert clean_body(RAW) == ("Standard Oil Co and BP North America Inc said they plan a venture.\n"
                               "BP North America is a subsidiary.")


def test_clean_body_unescapes_and_drops_an_upper_case_signature() -> None:
    assert clean_body("AT&amp;T said &lt;ATT&gt; rose.\n REUTER\n") == "AT&T said <ATT> rose."


def test_news_docs_never_draw_an_excluded_or_short_story() -> None:
    long_ = "x " * 150
    stories = [("5", "d", long_), ("6", "d", long_ + "b"), ("7", "d", "too short"), ("8", "d", long_ + "c")]
    docs = news_docs(iter(stories), frozenset({doc_id("6")}), 10, seed=1)
    assert sorted(d.id for d in docs) == ["news-reuters-00005", "news-reuters-00008"]
    assert all(d.source == "reuters-21578" for d in docs)


def test_news_docs_draw_is_seeded_and_sized() -> None:
    stories = [(str(i), "d", f"story {i} " + "y " * 120) for i in range(50)]
    a = news_docs(iter(stories), frozenset(), 7, seed=3)
    b = news_docs(iter(stories), frozenset(), 7, seed=3)
    assert [d.id for d in a] == [d.id for d in b] and len(a) == 7
    assert [d.id for d in a] != [d.id for d in news_docs(iter(stories), frozenset(), 7, seed=4)]


def test_reuters_stories_reads_the_package_layout(tmp_path) -> None:
    full = tmp_path / "data" / "full"
    full.mkdir(parents=True)
    (full / "reuters-000.json").write_bytes(orjson.dumps([
        {"id": "2", "date": "26-FEB-1987", "body": RAW}, {"id": "3", "date": "26-FEB-1987", "title": "NO BODY"}]))
    assert [(i, d) for i, d, _ in reuters_stories(tmp_path)] == [("2", "26-FEB-1987")]
