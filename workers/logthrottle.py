"""Rate-limited logging: one line per kind of event per interval, with the count it stands for.

A broker outage makes aiokafka, faust and our own retry loops report the same failure hundreds
of times a second (figures: README, quiet outages). :class:`Throttle` lets the first
occurrence through, then at most one line per ``interval_s`` per key, carrying how many were
suppressed since the last line. :class:`ThrottleFilter` applies it to stdlib logging (the
libraries' lines), keyed by logger, level and message template. The clock is a parameter.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["Throttle", "ThrottleFilter", "install_log_throttle", "THROTTLED_LOGGERS"]

#: Loggers whose warnings and errors are throttled: the Kafka client and the stream framework.
THROTTLED_LOGGERS = ("aiokafka", "faust", "mode")


class Throttle:
    def __init__(self, interval_s: float, clock: Callable[[], float] = time.monotonic):
        self.interval_s = interval_s
        self._clock = clock
        self._last: dict[Hashable, float] = {}
        self._suppressed: dict[Hashable, int] = {}
        self._lock = threading.Lock()  # library threads log too

    def admit(self, key: Hashable) -> int | None:
        """None: stay quiet. Else write a line now, saying this many were suppressed before it."""
        now = self._clock()
        with self._lock:
            last = self._last.get(key)
            if last is not None and now - last < self.interval_s:
                self._suppressed[key] = self._suppressed.get(key, 0) + 1
                return None
            self._last[key] = now
            return self._suppressed.pop(key, 0)

    def log(self, logger: Any, event: str, level: str = "warning", **kw: Any) -> bool:
        """Log ``event`` through a structlog logger unless throttled; ``suppressed`` = the count."""
        n = self.admit(event)
        if n is None:
            return False
        getattr(logger, level)(event, suppressed=n, interval_s=self.interval_s, **kw)
        return True


class ThrottleFilter(logging.Filter):
    """Throttles WARNING and above from :data:`THROTTLED_LOGGERS` (all records, whatever handler)."""

    def __init__(self, interval_s: float, clock: Callable[[], float] = time.monotonic,
                 prefixes: tuple[str, ...] = THROTTLED_LOGGERS):
        super().__init__()
        self.throttle = Throttle(interval_s, clock)
        self.prefixes = prefixes

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or not record.name.startswith(self.prefixes):
            return True
        if getattr(record, "_mf_throttled", False):  # one record, several handlers: decide once
            return bool(record._mf_admitted)  # type: ignore[attr-defined]
        n = self.throttle.admit((record.name, record.levelno, str(record.msg)))
        record._mf_throttled = True  # type: ignore[attr-defined]
        record._mf_admitted = n is not None  # type: ignore[attr-defined]
        if n:
            record.msg = f"{record.msg} [and {n} more like this in the last {self.throttle.interval_s:g}s]"
        return n is not None


def install_log_throttle(interval_s: float, root: logging.Logger | None = None) -> ThrottleFilter | None:
    """Add one :class:`ThrottleFilter` to every handler of the root logger (idempotent); 0 disables."""
    if interval_s <= 0:
        return None
    root = root or logging.getLogger()
    existing = next((f for h in root.handlers for f in h.filters if isinstance(f, ThrottleFilter)), None)
    flt = existing or ThrottleFilter(interval_s)
    for h in root.handlers:
        if flt not in h.filters:
            h.addFilter(flt)
    return flt
