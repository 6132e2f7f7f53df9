"""Teacher accounting as a frozen value, with pure functions returning the next value."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from teacher.shapes import Usage

__all__ = [
    "TeacherStats",
    "record_request",
    "record_failure",
    "record_usage",
    "record_invalid",
    "record_rejected",
]


def _empty() -> Mapping[str, int]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class TeacherStats:
    """What a client has done so far.

    requests: HTTP requests sent (retries included).
    retries: how many of those requests were retries.
    failures: calls that ended with an error instead of an answer (cap refusals excluded).
    invalid_answers: answers unusable as a whole, by :class:`Invalid` kind.
    rejected_spans: extracted entities rejected one by one, by kind.
    prompt_tokens, completion_tokens: tokens billed, from the responses' ``usage``.
    usage_missing: successful responses without a ``usage`` (their cost is unknown, not 0).
    cost_usd: the cost of the billed tokens.
    stored_answers: answers read from the answer store instead of the API (no request, no cost).
    """

    requests: int = 0
    retries: int = 0
    failures: int = 0
    invalid_answers: Mapping[str, int] = field(default_factory=_empty)
    rejected_spans: Mapping[str, int] = field(default_factory=_empty)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    usage_missing: int = 0
    cost_usd: float = 0.0
    stored_answers: int = 0


def _add(counts: Mapping[str, int], kinds: Iterable[str]) -> Mapping[str, int]:
    total = Counter(counts)
    total.update(kinds)
    return MappingProxyType(dict(total))


def record_request(s: TeacherStats, *, retry: bool) -> TeacherStats:
    """One more HTTP request sent."""
    return replace(s, requests=s.requests + 1, retries=s.retries + int(retry))


def record_stored(s: TeacherStats) -> TeacherStats:
    """One answer served from the answer store."""
    return replace(s, stored_answers=s.stored_answers + 1)


def record_failure(s: TeacherStats) -> TeacherStats:
    """One more call that ended without an answer."""
    return replace(s, failures=s.failures + 1)


def record_usage(s: TeacherStats, usage: Usage, cost_usd: float, *, missing: bool) -> TeacherStats:
    """The tokens and cost of one response."""
    return replace(
        s,
        prompt_tokens=s.prompt_tokens + usage.prompt_tokens,
        completion_tokens=s.completion_tokens + usage.completion_tokens,
        usage_missing=s.usage_missing + int(missing),
        cost_usd=s.cost_usd + cost_usd,
    )


def record_invalid(s: TeacherStats, kind: str) -> TeacherStats:
    """One more answer unusable as a whole."""
    return replace(s, invalid_answers=_add(s.invalid_answers, [kind]))


def record_rejected(s: TeacherStats, kinds: Iterable[str]) -> TeacherStats:
    """Entities rejected from an otherwise usable extraction answer."""
    return replace(s, rejected_spans=_add(s.rejected_spans, kinds))
