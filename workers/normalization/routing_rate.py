"""The live review rate: how many mentions the normalization workers routed to review, per serving
model version and hour, in Redis; and the drift verdict the retrain trigger acts on.

Workers count in memory (``RouteTally``, filled by the transform thread) and a periodic task
adds the counts to Redis hashes ``mf:routing:<model version>:<YYYYMMDDHH>`` (fields ``mentions``
and ``reviewed``, HINCRBY, kept 8 days), so any number of workers sum up. ``review_rate_drift``
is pure: the observed rate against the calibrated target.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

__all__ = ["RouteTally", "routing_key", "hour_keys", "flush_tally", "observed_rate", "DriftVerdict", "review_rate_drift"]

KEY_TTL_S = 8 * 24 * 3600


class RouteTally:
    """Thread-safe counts of (mentions, reviewed) per model version since the last drain."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, list[int]] = {}

    def add(self, version: str, mentions: int, reviewed: int) -> None:
        with self._lock:
            c = self._counts.setdefault(version, [0, 0])
            c[0] += mentions
            c[1] += reviewed

    def drain(self) -> dict[str, tuple[int, int]]:
        with self._lock:
            out = {v: (c[0], c[1]) for v, c in self._counts.items()}
            self._counts.clear()
        return out

    def restore(self, counts: dict[str, tuple[int, int]]) -> None:
        """Put counts back (Redis was unreachable): they are sent with the next flush."""
        for v, (m, r) in counts.items():
            self.add(v, m, r)


def routing_key(version: str, at: datetime) -> str:
    return f"mf:routing:{version}:{at.strftime('%Y%m%d%H')}"


def hour_keys(version: str, now: datetime, hours: int) -> list[str]:
    """Pure: the keys of the last ``hours`` hours up to ``now`` (the current hour included)."""
    return [routing_key(version, now - timedelta(hours=h)) for h in range(hours)]


async def flush_tally(redis: Any, tally: RouteTally, now: datetime) -> dict[str, tuple[int, int]]:
    """Add the tally's counts to Redis (redis.asyncio client); on failure they stay in the tally."""
    counts = tally.drain()
    if not counts:
        return counts
    try:
        async with redis.pipeline(transaction=False) as pipe:
            for version, (m, r) in counts.items():
                key = routing_key(version, now)
                pipe.hincrby(key, "mentions", m)
                pipe.hincrby(key, "reviewed", r)
                pipe.expire(key, KEY_TTL_S)
            await pipe.execute()
    except Exception:
        tally.restore(counts)
        raise
    return counts


async def observed_rate(redis: Any, versions: Sequence[str], now: datetime, hours: int) -> tuple[int, int]:
    """(mentions, reviewed) routed by ``versions`` over the last ``hours`` hours."""
    mentions = reviewed = 0
    for v in versions:
        for key in hour_keys(v, now, hours):
            got = await redis.hmget(key, ["mentions", "reviewed"])
            mentions += int(got[0] or 0)
            reviewed += int(got[1] or 0)
    return mentions, reviewed


@dataclass(frozen=True, slots=True)
class DriftVerdict:
    triggered: bool
    rate: float | None
    why: str


def review_rate_drift(mentions: int, reviewed: int, target_rate: float, factor: float, min_mentions: int) -> DriftVerdict:
    """Pure: the review rate drifted up when, over at least ``min_mentions`` mentions, it reached
    ``factor`` times the rate the thresholds were calibrated for (the data moved away from what
    the model was trained on: a retrain with the reviewed examples is due)."""
    if mentions < min_mentions:
        return DriftVerdict(False, reviewed / mentions if mentions else None,
                            f"{mentions} mentions routed (< {min_mentions}): too few to judge")
    rate = reviewed / mentions
    limit = target_rate * factor
    if rate >= limit - 1e-9:  # 0.1 x 1.5 is 0.15000000000000002 in floats
        return DriftVerdict(True, rate, f"review rate {rate:.3f} >= {factor:g} x target {target_rate:g} over {mentions} mentions")
    return DriftVerdict(False, rate, f"review rate {rate:.3f} < {factor:g} x target {target_rate:g} over {mentions} mentions")
