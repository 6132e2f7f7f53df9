"""The part every worker shares: raw records in, outgoing records out, poison to the DLQ.

``process_records`` is pure apart from the model calls inside ``transform``: no Kafka, no clock
(the time is a parameter). It returns one :class:`Processed` per consumed record, so the agents in
:mod:`workers.agents` can publish record by record and dead-letter exactly the record whose
outputs the broker refuses (:mod:`workers.publish`), never its neighbours.

A transform answers each message with its outputs or a :class:`Rejected` value (a budget
exceeded: errors as values); every output is checked against ``max_output_bytes`` here, before
the broker sees it, and an oversized one turns its record into an ``output_too_large`` dead
letter with the original bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TypeVar

import orjson

from streams.codec import DecodeError, encode
from streams.dlq import make_dead_letter
from streams.topics import dlq_topic, message_key
from streams.trace import trace_headers, trace_id_from

__all__ = ["RawRecord", "Outgoing", "traced", "Rejected", "Processed", "process_records", "process_batch", "dead_letter",
           "segments"]

In = TypeVar("In")


@dataclass(frozen=True, slots=True)
class RawRecord:
    """A consumed record exactly as it came off the broker (``timestamp_ms``: the broker's)."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...] = ()
    timestamp_ms: int | None = None

    @property
    def trace_id(self) -> str:
        """The document's trace id (``streams/trace.py``): its header, or minted from its place."""
        return trace_id_from(self.headers, self.topic, self.partition, self.offset)


@dataclass(frozen=True, slots=True)
class Outgoing:
    topic: str
    key: bytes
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = ()


def traced(rec: RawRecord, outs: Sequence[Outgoing]) -> tuple[Outgoing, ...]:
    """``outs`` carrying ``rec``'s trace id header (an output that has headers keeps them)."""
    headers = trace_headers(rec.trace_id)
    return tuple(o if o.headers else replace(o, headers=headers) for o in outs)


@dataclass(frozen=True, slots=True)
class Rejected:
    """A transform's refusal of one message, as a value: it goes to the DLQ with ``reason``."""

    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class Processed:
    """One consumed record and everything it produces: its outputs, or its one dead letter."""

    record: RawRecord
    outgoing: tuple[Outgoing, ...]


Result = list[Outgoing] | Rejected


def doc_id_of(rec: RawRecord) -> str | None:
    """The document id of a record that may be broken: its key, else the ``id`` in its value."""
    if rec.key:
        try:
            return rec.key.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        obj = orjson.loads(rec.value or b"")
    except orjson.JSONDecodeError:
        return None
    if isinstance(obj, dict):
        for candidate in (obj.get("id"), (obj.get("doc") or {}).get("id") if isinstance(obj.get("doc"), dict) else None):
            if isinstance(candidate, str) and candidate:
                return candidate
    return None


def dead_letter(rec: RawRecord, reason: str, detail: str, worker: str, now: datetime,
                max_bytes: int | None = None, keep_value: bool = True) -> Outgoing:
    """The DLQ record for ``rec``: keyed by its document id when one can be read.

    The envelope carries the original bytes; when that would make it larger than ``max_bytes``
    (or ``keep_value`` is off) the value is left out and the detail says where the original
    still is (its topic, partition and offset), so the record stays accounted for."""
    doc_id = doc_id_of(rec)
    key = message_key(doc_id) if doc_id else f"{rec.topic}/{rec.partition}/{rec.offset}".encode()

    def envelope(value: bytes | None, note: str) -> bytes:
        return encode(make_dead_letter(topic=rec.topic, partition=rec.partition, offset=rec.offset, key=rec.key,
                                       value=value, doc_id=doc_id, reason=reason, detail=note + detail,
                                       worker=worker, now=now))

    body = envelope(rec.value, "") if keep_value else b""
    if not keep_value or (max_bytes is not None and len(key) + len(body) > max_bytes):
        size = len(rec.value or b"")
        body = envelope(None, f"original value ({size} bytes) left out of this envelope: read it at "
                              f"{rec.topic}/{rec.partition}/{rec.offset}; ")
    return Outgoing(dlq_topic(rec.topic), key, body, trace_headers(rec.trace_id))


def _oversized(out: Sequence[Outgoing], max_bytes: int | None) -> Rejected | None:
    """An ``output_too_large`` refusal when an output exceeds ``max_bytes``; None when all fit."""
    if max_bytes is None:
        return None
    for o in out:
        size = len(o.key) + len(o.value)
        if size > max_bytes:
            return Rejected("output_too_large", f"output for {o.topic} is {size} bytes, limit is {max_bytes}")
    return None


def process_records(
    records: Sequence[RawRecord],
    decode: Callable[[bytes | None], In | DecodeError],
    transform: Callable[[Sequence[In]], Sequence[Result]],
    worker: str,
    now: datetime,
    max_output_bytes: int | None = None,
) -> list[Processed]:
    """Decode, transform in one batch, route failures to ``<topic>.dlq``; one result per record,
    in order.

    If the batch transform raises, each message is retried alone so one bad message cannot take
    its neighbours to the DLQ; a message that still fails goes to the DLQ as ``processing_error``.
    A :class:`Rejected` answer becomes a dead letter with its reason; an output larger than
    ``max_output_bytes`` turns its record into an ``output_too_large`` dead letter.
    """
    slots: list[tuple[Outgoing, ...]] = [()] * len(records)
    good: list[tuple[int, In]] = []

    def refuse(i: int, why: Rejected) -> None:  # the one place a record becomes its dead letter
        slots[i] = (dead_letter(records[i], why.reason, why.detail, worker, now, max_output_bytes),)

    for i, rec in enumerate(records):
        msg = decode(rec.value)
        if isinstance(msg, DecodeError):
            refuse(i, Rejected(msg.reason, msg.detail))
        else:
            good.append((i, msg))

    def settle(i: int, res: Result) -> None:
        if isinstance(res, Rejected):
            refuse(i, res)
        elif (too_big := _oversized(res, max_output_bytes)) is not None:
            refuse(i, too_big)
        else:
            slots[i] = traced(records[i], res)

    if good:
        try:
            outs = transform([m for _, m in good])
            for (i, _), out in zip(good, outs, strict=True):
                settle(i, out)
        except Exception:  # noqa: BLE001 - isolate the failing message below
            for i, m in good:
                try:
                    settle(i, transform([m])[0])
                except Exception as exc:  # noqa: BLE001 - becomes a dead letter, never lost
                    refuse(i, Rejected("processing_error", f"{type(exc).__name__}: {exc}"))
    return [Processed(rec, out) for rec, out in zip(records, slots, strict=True)]


def process_batch(
    records: Sequence[RawRecord],
    decode: Callable[[bytes | None], In | DecodeError],
    transform: Callable[[Sequence[In]], Sequence[Result]],
    worker: str,
    now: datetime,
    max_output_bytes: int | None = None,
) -> list[Outgoing]:
    """:func:`process_records`, flattened: every output in record order."""
    return [o for p in process_records(records, decode, transform, worker, now, max_output_bytes) for o in p.outgoing]


def segments(records: Sequence[RawRecord], heavy_bytes: int) -> list[list[RawRecord]]:
    """Runs of light records (together at most about ``heavy_bytes``), and each heavy record
    (value over ``heavy_bytes``) alone, in order: a worker publishes each segment before it starts
    the next, so a heavy document delays the records after it by at most its own budget and the
    ones before it not at all, no segment holds much more text than one heavy record, and two
    messages of one key still leave in their order."""
    out: list[list[RawRecord]] = []
    run_bytes: int | None = None  # the open light run's size; None: no light run open
    for rec in records:
        size = len(rec.value or b"")
        if size <= heavy_bytes and run_bytes is not None and run_bytes + size <= heavy_bytes:
            out[-1].append(rec)
            run_bytes += size
        else:
            out.append([rec])
            run_bytes = size if size <= heavy_bytes else None
    return out
