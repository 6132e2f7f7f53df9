from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from index.records import KBRecord, parse_kb_lines
from training.posts import (
    GENERATOR_VERSION,
    SyntheticPost,
    ambiguous_surfaces,
    generate_posts,
    to_input_document,
)


@pytest.fixture(scope="module")
def records(small_kb_path: Path) -> tuple[KBRecord, ...]:
    with open(small_kb_path, "rb") as f:
        res = parse_kb_lines(f)
    assert res.ok, res.errors
    return res.records


@pytest.fixture(scope="module")
def posts(records: tuple[KBRecord, ...]) -> list[SyntheticPost]:
    return generate_posts(records, 400, seed=7)


def test_generate_posts_is_deterministic(records):
    a = generate_posts(records, 50, seed=3)
    assert a == generate_posts(records, 50, seed=3)
    assert a != generate_posts(records, 50, seed=4)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_generate_posts_offsets_match_text(records, seed):
    for post in generate_posts(records, 150, seed=seed):
        assert 1 <= len(post.mentions) <= 3
        end = 0
        for m in post.mentions:
            assert post.text[m.start : m.end] == m.surface
            assert m.start >= end  # in order, not overlapping
            end = m.end
            assert m.type in {"PER", "ORG", "LOC", "MISC"}


@pytest.mark.parametrize(
    ("excluded", "never_used"),
    [
        ({"geonames:2988507"}, {"geonames:2988507"}),
        ({"iso3166:GE", "iso3166-2:US-TX"}, {"iso3166:GE", "iso3166-2:US-TX"}),
        ({"wiki:Sydney"}, {"geonames:2147714"}),  # excluded through same_as
        ({"geonames:614540"}, {"iso3166:GE"}),  # a same_as target that is not a record itself
    ],
)
def test_generate_posts_respects_exclude_ids(records, excluded, never_used):
    posts = generate_posts(records, 300, seed=11, exclude_ids=frozenset(excluded))
    used = {m.kb_id for p in posts for m in p.mentions}
    assert not used & never_used
    assert not used & excluded


def test_generate_posts_shares_roughly_as_designed(records, posts):
    amb = ambiguous_surfaces(records)
    with_amb = sum(any(m.kb_id and m.surface.casefold() in amb for m in p.mentions) for p in posts)
    with_nil = sum(any(m.kb_id is None for m in p.mentions) for p in posts)
    assert 0.55 <= with_amb / len(posts) <= 0.85
    assert 0.07 <= with_nil / len(posts) <= 0.25
    used = {m.kb_id for p in posts for m in p.mentions}
    assert {"iso3166-2:US-TX", "iso3166:GE"} <= used


def test_nil_surfaces_absent_from_kb(records, posts):
    names = {s.casefold() for r in records for s in (r.name, *r.aliases)}
    nils = [m for p in posts for m in p.mentions if m.kb_id is None]
    assert nils
    assert all(m.surface.casefold() not in names for m in nils)
    assert {m.type for m in nils} <= {"PER", "ORG"}


def test_generate_posts_unique_and_bounded(posts):
    assert len(posts) == 400
    assert len({p.text for p in posts}) == len({p.id for p in posts}) == len(posts)
    for p in posts:
        assert 40 <= len(p.text) <= 280
        assert p.id == "post-" + hashlib.sha1(p.text.encode()).hexdigest()[:12]


def test_generate_posts_social_style_present(posts):
    texts = [p.text for p in posts]
    assert any("@" in t for t in texts)
    assert any(t == t.lower() for t in texts)
    assert any(p.text[m.start - 1 : m.start] == "#" for p in posts for m in p.mentions if m.start)
    assert len({p.template for p in posts}) >= 30


def test_ambiguous_surfaces_are_shared_names_not_codes(records):
    amb = ambiguous_surfaces(records)
    assert {"paris", "georgia", "springfield", "sydney", "london"} <= amb
    assert not {"par", "de", "us", "sidnef"} & amb  # codes, short names, transliterations


def test_to_input_document_carries_no_labels(posts):
    doc = to_input_document(posts[0])
    assert doc == {
        "id": posts[0].id,
        "text": posts[0].text,
        "source": "synthetic-social",
        "meta": {"generator": GENERATOR_VERSION, "template": posts[0].template},
    }
    assert GENERATOR_VERSION == "posts.v1"


@pytest.mark.parametrize(("n", "expected"), [(0, 0), (1, 1)])
def test_generate_posts_small_n(records, n, expected):
    assert len(generate_posts(records, n, seed=0)) == expected


def test_generate_posts_rejects_negative_n(records):
    with pytest.raises(ValueError):
        generate_posts(records, -1, seed=0)
