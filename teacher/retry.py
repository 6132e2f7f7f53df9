"""Retry timing, pure: exponential backoff with jitter and ``Retry-After`` parsing."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

__all__ = ["RETRY_STATUSES", "is_retry_status", "backoff_delay", "parse_retry_after"]

#: Statuses worth retrying: throttled and the usual transient server/gateway failures.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def is_retry_status(status: int) -> bool:
    """Whether a response with this HTTP status should be retried."""
    return status in RETRY_STATUSES


def backoff_delay(retry: int, base_s: float, cap_s: float, rng: random.Random) -> float:
    """Seconds to wait before retry number ``retry`` (1 for the first retry).

    Exponential (``base_s * 2**(retry-1)``, at most ``cap_s``) with "equal jitter": half the
    step is fixed, half is random, so retries spread out but never come back at once.
    """
    step = min(cap_s, base_s * 2.0 ** min(max(retry, 1) - 1, 62))
    return step / 2 + rng.uniform(0.0, step / 2)


def _seconds(value: str, scale: float) -> float | None:
    try:
        secs = float(value) * scale
    except ValueError:
        return None
    return secs if math.isfinite(secs) and secs >= 0 else None


def parse_retry_after(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds the server asked to wait, or None.

    Reads ``retry-after-ms`` (OpenAI), then ``retry-after`` as seconds or as an HTTP date
    (relative to ``now``, a Unix time). Keys are looked up in lower case; pass
    ``httpx.Headers`` (case-insensitive) or a dict with lower-case keys.
    """
    ms = headers.get("retry-after-ms")
    if ms is not None and (secs := _seconds(ms.strip(), 0.001)) is not None:
        return secs
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    if (secs := _seconds(value, 1.0)) is not None:
        return secs
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)
