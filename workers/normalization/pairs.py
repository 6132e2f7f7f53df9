"""What the normalizer cross-encoder reads (pure; shared by training and serving).

One sequence pair per (mention, option): text A is the mention in its context, marked and typed;
text B is one option: a KB candidate (name, type, prior bucket, description) or one of the two
NIL options ("not in the knowledge base", "ambiguous: needs more context"). The model scores
every option of a mention and a softmax over them gives the decision and its probability.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Option", "NIL_OPTIONS", "mention_text", "option_text", "options_for", "prior_bucket", "CONTEXT_CHARS"]

CONTEXT_CHARS = 160
DESCRIPTION_CHARS = 180


@dataclass(frozen=True, slots=True)
class Option:
    """A candidate (``kb_id`` set) or a NIL option (``nil_reason`` set)."""

    kb_id: str | None
    nil_reason: str | None
    name: str
    type: str
    description: str
    popularity: float | None = None


NIL_OPTIONS = (
    Option(None, "not_in_kb", "none of these", "NIL", "the mention refers to something not in the knowledge base"),
    Option(None, "needs_context", "unclear", "NIL", "the text does not say which of several namesakes is meant"),
)


def prior_bucket(p: float | None) -> str:
    if p is None:
        return "unknown"
    return "very common" if p >= 0.8 else "common" if p >= 0.5 else "rare" if p >= 0.3 else "very rare"


def _cut(s: str, n: int, left: bool) -> str:
    s = " ".join(s.split())
    if len(s) <= n:
        return s
    return "… " + s[-n:].split(" ", 1)[-1] if left else s[:n].rsplit(" ", 1)[0] + " …"


def mention_text(text: str, start: int, end: int, mtype: str) -> str:
    left = _cut(text[max(0, start - 2 * CONTEXT_CHARS) : start], CONTEXT_CHARS, left=True)
    right = _cut(text[end : end + 2 * CONTEXT_CHARS], CONTEXT_CHARS, left=False)
    return f"{mtype} : {left} [ {text[start:end]} ] {right}".strip()


def option_text(o: Option) -> str:
    desc = _cut(o.description, DESCRIPTION_CHARS, left=False)
    if o.kb_id is None:
        return f"{o.name} ; {desc}"
    return f"{o.name} ; {o.type} ; {prior_bucket(o.popularity)} ; {desc}"


def options_for(candidates: Sequence[Option], k: int) -> tuple[Option, ...]:
    """The options a mention is scored over: its top-k candidates, then the two NIL options."""
    return (*candidates[:k], *NIL_OPTIONS)
