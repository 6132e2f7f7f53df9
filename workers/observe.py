"""What the agents tell the outside about their work: a small interface, no metrics library.

The agents call a :class:`StageObserver` after each step; :mod:`mentionflow.metrics` implements it
with Prometheus, :class:`NoObserver` does nothing (tests, benchmarks, the in-process pipeline).
The pure parts (which records were published, which dead-lettered and why) are functions here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import orjson

from workers.normalization.transform import NormalizeResult
from workers.shell import Processed

__all__ = ["StageObserver", "NoObserver", "Outcome", "outcomes", "RecordingObserver"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One consumed record after publishing: ``reason`` is None when its outputs went out, else
    the reason of the dead letter that replaced them."""

    processed: Processed
    reason: str | None


def _letter_reason(value: bytes) -> str:
    try:
        reason = orjson.loads(value).get("reason")
    except (orjson.JSONDecodeError, AttributeError):
        return "unknown"
    return reason if isinstance(reason, str) else "unknown"


def outcomes(items: Sequence[Processed], refused: Sequence[tuple[Processed, str]]) -> list[Outcome]:
    """Per record: published, or dead-lettered with its reason (a broker refusal, seen by the
    publisher, outranks what the transform produced)."""
    by_record = {id(p): reason for p, reason in refused}
    out = []
    for p in items:
        reason = by_record.get(id(p))
        if reason is None:
            letters = [o for o in p.outgoing if o.topic.endswith(".dlq")]
            reason = _letter_reason(letters[0].value) if letters else None
        out.append(Outcome(p, reason))
    return out


class StageObserver(Protocol):
    def timed(self, stage: str, step: str, seconds: float) -> None:
        """One batch segment spent ``seconds`` in ``step`` (transform, decisions, publish, teacher)."""

    def published(self, stage: str, outcomes: Sequence[Outcome], now_ms: float) -> None:
        """These records are done (outputs or dead letter acked by the broker) at ``now_ms``."""

    def normalized(self, results: Sequence[NormalizeResult]) -> None:
        """The normalization transform's results (mentions kept and routed to review)."""

    def reviewed(self, decided_by: str, type_: str, next_: str) -> None:
        """One review decision was made (by the teacher in the review worker, or a person)."""


class NoObserver:
    def timed(self, stage: str, step: str, seconds: float) -> None:
        pass

    def published(self, stage: str, outcomes: Sequence[Outcome], now_ms: float) -> None:
        pass

    def normalized(self, results: Sequence[NormalizeResult]) -> None:
        pass

    def reviewed(self, decided_by: str, type_: str, next_: str) -> None:
        pass


class RecordingObserver(NoObserver):
    """Keeps what it was told (unit tests)."""

    def __init__(self) -> None:
        self.done: list[tuple[str, str | None]] = []
        self.steps: list[tuple[str, str]] = []

    def timed(self, stage: str, step: str, seconds: float) -> None:
        self.steps.append((stage, step))

    def published(self, stage: str, outcomes: Sequence[Outcome], now_ms: float) -> None:
        self.done.extend((stage, o.reason) for o in outcomes)
