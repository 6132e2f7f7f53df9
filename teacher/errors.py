"""The teacher package's exceptions, each saying whether trying again can help.

::

    TeacherError                 retriable: bool (per instance, class default below)
    ├── TeacherUnavailable       True   transient: 429, 5xx, timeout, connection error;
    │                                   also raised once the retries are exhausted
    ├── TeacherRequestError      False  the API refused the request (other 4xx) or the
    │                                   request could not be built or sent as such
    ├── SpendingCapReached       False  the running cost reached the configured cap
    │   └── SpendingCapProjected False  at the rate so far, the documents asked would reach it
    └── TeacherConfigError       False  unusable configuration (price table, model)
        └── UnknownModelError    False  the model has no entry in the price table

An answer that arrives but cannot be used (bad JSON, unknown id, ...) is not an exception:
it is an :class:`teacher.shapes.Invalid` value.
"""

from __future__ import annotations

__all__ = [
    "TeacherError",
    "TeacherUnavailable",
    "TeacherRequestError",
    "SpendingCapReached",
    "SpendingCapProjected",
    "TeacherConfigError",
    "UnknownModelError",
]


class TeacherError(Exception):
    """Base of every teacher error; ``retriable`` says whether a later retry can succeed."""

    retriable: bool = False

    def __init__(self, message: str = "", *, retriable: bool | None = None) -> None:
        super().__init__(message)
        if retriable is not None:
            self.retriable = retriable


class TeacherUnavailable(TeacherError):
    """The API could not answer now (throttled, overloaded, unreachable, too slow).

    status: the HTTP status when there was a response, else None.
    retry_after: seconds the server asked us to wait (``Retry-After``), else None.
    """

    retriable = True

    def __init__(
        self, message: str = "", *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class TeacherRequestError(TeacherError):
    """The API rejected the request (4xx other than 429); sending it again will not help.

    status: the HTTP status, or None when the request failed before a response.
    """

    retriable = False

    def __init__(self, message: str = "", *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class SpendingCapReached(TeacherError):
    """The running cost reached ``spending_cap_usd``; no request was sent."""

    retriable = False

    def __init__(self, spent_usd: float, cap_usd: float) -> None:
        super().__init__(f"teacher spending cap reached: spent ${spent_usd:.4f} of ${cap_usd:.4f}")
        self.spent_usd = spent_usd
        self.cap_usd = cap_usd


class SpendingCapProjected(SpendingCapReached):
    """At the cost per document so far, the documents asked would cost more than the cap: the
    run stops early instead of spending the cap on work it cannot finish (the answers it got stay
    in the answer store, so a run with a higher cap pays for the rest only)."""

    def __init__(self, projected_usd: float, spent_usd: float, done: int, total: int, cap_usd: float) -> None:
        super().__init__(spent_usd, cap_usd)
        self.args = (f"teacher spending cap would be reached: {done} of {total} documents cost ${spent_usd:.2f}, "
                     f"so all {total} would cost about ${projected_usd:.2f}, above the cap of ${cap_usd:.2f}; raise "
                     "MENTIONFLOW_TEACHER_SPENDING_CAP_USD or ask for fewer documents",)
        self.projected_usd = projected_usd
        self.done = done
        self.total = total


class TeacherConfigError(TeacherError):
    """The configuration cannot work (bad price table, unpriced model, ...)."""

    retriable = False


class UnknownModelError(TeacherConfigError):
    """The price table has no entry for ``model``; costs are never silently zero."""

    def __init__(self, model: str, known: tuple[str, ...]) -> None:
        super().__init__(
            f"no price for model {model!r}; known models: {', '.join(known) or '(none)'}"
            " (add it to the price table)"
        )
        self.model = model
