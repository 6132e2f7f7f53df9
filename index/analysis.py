"""Text analysis shared by KB indexing and querying (pure functions)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["alias_key", "content_tokens", "STOPWORDS"]

_PUNCT = re.compile(r"[^\w\s]")
_POSSESSIVE = re.compile(r"['’]s$")
_ABBREV = re.compile(r"\b(?:[A-Za-z]\.){2,}")

STOPWORDS = frozenset(
    """a an and are as at be by for from has have he her his in into is it its of on or our she
    that the their them they this to was were which who will with not but also than then there
    these those been being after before over under about more most other such only new said
    city town country state capital population largest known one two first""".split()
)


@lru_cache(maxsize=200_000)
def alias_key(s: str) -> str:
    """Case-, accent- and punctuation-insensitive lookup key ("The U.S.'s" -> "u s")."""
    s = _POSSESSIVE.sub("", s.strip())
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _ABBREV.sub(lambda m: m.group(0).replace(".", ""), s)  # "U.S." -> "US", "U.S.A." -> "USA"
    s = _PUNCT.sub(" ", s.casefold())
    toks = s.split()
    if len(toks) > 1 and toks[0] == "the":
        toks = toks[1:]
    return " ".join(toks)


_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def content_tokens(text: str) -> frozenset[str]:
    """Lower-cased content words of a text (for context overlap)."""
    return frozenset(w for w in (m.group(0).casefold() for m in _WORD.finditer(text)) if w not in STOPWORDS)
