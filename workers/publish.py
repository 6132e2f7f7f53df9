"""Publish one batch's outputs record by record; nothing is acknowledged that is not durable.

Order of effects, enforced in :func:`publish_processed` and the agents that call it:

1. send every output of every record and wait for the broker's acks (acks=all);
2. a record whose send failed with a **retriable** error (broker down, timeout, leader moving) is
   sent again after a hold that doubles up to ``max_hold_s``: the batch waits, nothing is acked;
3. a record whose send failed with a **non-retriable** error (the broker refuses it: too large,
   invalid) is replaced by its dead letter (``output_too_large`` or ``publish_error``, with the
   original bytes) and that is sent instead, so its neighbours go through and it is accounted for;
4. only when every record of the batch is published (outputs or dead letter) does the caller
   ack the batch's events, so faust can commit their offsets.

Anything that escapes (a dead letter the broker refuses even without the original bytes, a bug)
raises :class:`PublishFailed`; the agent then stops the process *without* acking, so the batch is
redelivered after the restart (``mentionflow run`` restarts the slot). aiokafka and faust errors
are classified here, once, at the boundary.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog

from workers.logthrottle import Throttle
from workers.shell import Outgoing, Processed, dead_letter, doc_id_of

__all__ = ["PublishFailed", "PublishReport", "publish_processed", "is_retriable", "is_too_large"]

log = structlog.get_logger("mentionflow.publish")

#: ``send(outgoing)`` hands one record to the producer and returns the future of its broker ack.
Send = Callable[[Outgoing], Awaitable[Awaitable[Any]]]

_TOO_LARGE = {"MessageSizeTooLargeError", "RecordTooLargeError", "RecordBatchTooLargeError"}


class PublishFailed(Exception):
    """A record could be neither published nor dead-lettered: the batch must not be acked."""

    retriable = False


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in out:
        out.append(cur)
        cur = cur.__cause__ or cur.__context__
    return out


def is_too_large(exc: BaseException) -> bool:
    return any(type(e).__name__ in _TOO_LARGE for e in _chain(exc))


def is_retriable(exc: BaseException) -> bool:
    """aiokafka marks every error class ``retriable`` or not; faust wraps them (``__cause__``)."""
    if is_too_large(exc):
        return False
    for e in _chain(exc):
        if getattr(e, "retriable", False) or isinstance(e, (TimeoutError, ConnectionError)):
            return True
        if type(e).__name__ in {"KafkaConnectionError", "KafkaTimeoutError", "NodeNotReadyError",
                                "RequestTimedOutError", "NotLeaderForPartitionError", "LeaderNotAvailableError"}:
            return True
    return False


@dataclass
class PublishReport:
    """What one batch's publishing took: records dead-lettered by the broker's refusal, holds."""

    refused: list[tuple[Processed, str]] = field(default_factory=list)
    holds: int = 0


async def _send_record(send: Send, outs: Sequence[Outgoing]) -> BaseException | None:
    try:
        futs = [await send(o) for o in outs]
        await asyncio.gather(*futs)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # noqa: BLE001 - classified by the caller
        return exc
    return None


async def publish_processed(send: Send, items: Sequence[Processed], worker: str, now: datetime,
                            max_dlq_bytes: int | None = None, first_hold_s: float = 0.5, max_hold_s: float = 30.0,
                            sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                            throttle: Throttle | None = None) -> PublishReport:
    """Publish every record's outputs (or its dead letter); returns only when all are durable."""
    report = PublishReport()
    throttle = throttle or Throttle(10.0)
    pending: list[tuple[Processed, tuple[Outgoing, ...], int]] = [(p, p.outgoing, 0) for p in items if p.outgoing]
    hold = first_hold_s
    while pending:
        errors = await asyncio.gather(*(_send_record(send, outs) for _, outs, _ in pending))
        retry: list[tuple[Processed, tuple[Outgoing, ...], int]] = []
        for (p, outs, refusals), exc in zip(pending, errors, strict=True):
            if exc is None:
                continue
            if is_retriable(exc):
                retry.append((p, outs, refusals))
                continue
            # the broker refuses this record's outputs: dead-letter it (original bytes first,
            # then without them); a dead letter refused twice cannot be placed anywhere
            if refusals >= 2:
                raise PublishFailed(f"{p.record.topic}/{p.record.partition}/{p.record.offset}: "
                                    f"dead letter refused: {exc!r}") from exc
            reason = "output_too_large" if is_too_large(exc) else "publish_error"
            detail = f"{type(exc).__name__}: {exc}"
            report.refused.append((p, reason))
            with structlog.contextvars.bound_contextvars(trace_id=p.record.trace_id, doc_id=doc_id_of(p.record)):
                log.warning("output_refused_dead_lettered", worker=worker, topic=p.record.topic,
                            partition=p.record.partition, offset=p.record.offset, reason=reason, error=detail[:300])
            letter = dead_letter(p.record, reason, detail, worker, now, max_dlq_bytes, keep_value=refusals == 0)
            retry.append((p, (letter,), refusals + 1))
        if retry and any(is_retriable(e) for e in errors if e is not None):
            report.holds += 1
            first = next(e for e in errors if e is not None and is_retriable(e))
            throttle.log(log, "publish_retriable_error_holding", worker=worker, records=len(retry),
                         error=f"{type(first).__name__}: {first}"[:300], hold_s=hold)
            await sleep(hold)
            hold = min(max_hold_s, hold * 2)
        pending = retry
    return report
