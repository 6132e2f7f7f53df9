"""The part every worker shares: raw records in, outgoing records out, poison to the DLQ.

``process_batch`` is pure apart from the model calls inside ``transform``: no Kafka, no clock
(the time is a parameter). The faust agents in :mod:`workers.agents` only poll, call it, publish
and let faust commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

import orjson

from streams.codec import DecodeError, encode
from streams.dlq import make_dead_letter
from streams.topics import dlq_topic, message_key

__all__ = ["RawRecord", "Outgoing", "process_batch"]

In = TypeVar("In")


@dataclass(frozen=True, slots=True)
class RawRecord:
    """A consumed record exactly as it came off the broker."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


@dataclass(frozen=True, slots=True)
class Outgoing:
    topic: str
    key: bytes
    value: bytes


@dataclass(frozen=True, slots=True)
class Decoded(Generic[In]):
    record: RawRecord
    message: In


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


def dead_letter(rec: RawRecord, reason: str, detail: str, worker: str, now: datetime) -> Outgoing:
    """The DLQ record for ``rec``: keyed by its document id when one can be read."""
    doc_id = doc_id_of(rec)
    dl = make_dead_letter(topic=rec.topic, partition=rec.partition, offset=rec.offset, key=rec.key,
                          value=rec.value, doc_id=doc_id, reason=reason, detail=detail, worker=worker, now=now)
    key = message_key(doc_id) if doc_id else f"{rec.topic}/{rec.partition}/{rec.offset}".encode()
    return Outgoing(dlq_topic(rec.topic), key, encode(dl))


def process_batch(
    records: Sequence[RawRecord],
    decode: Callable[[bytes | None], In | DecodeError],
    transform: Callable[[Sequence[In]], list[list[Outgoing]]],
    worker: str,
    now: datetime,
) -> list[Outgoing]:
    """Decode, transform in one batch, route failures to ``<topic>.dlq``; order is preserved.

    If the batch transform raises, each message is retried alone so one bad message cannot take
    its neighbours to the DLQ; a message that still fails goes to the DLQ as ``processing_error``.
    """
    slots: list[list[Outgoing] | None] = [None] * len(records)
    good: list[tuple[int, In]] = []
    for i, rec in enumerate(records):
        msg = decode(rec.value)
        if isinstance(msg, DecodeError):
            slots[i] = [dead_letter(rec, msg.reason, msg.detail, worker, now)]
        else:
            good.append((i, msg))
    if good:
        try:
            outs = transform([m for _, m in good])
            for (i, _), out in zip(good, outs, strict=True):
                slots[i] = out
        except Exception:  # noqa: BLE001 - isolate the failing message below
            for i, m in good:
                try:
                    slots[i] = transform([m])[0]
                except Exception as exc:  # noqa: BLE001 - becomes a dead letter, never lost
                    slots[i] = [dead_letter(records[i], "processing_error", f"{type(exc).__name__}: {exc}", worker, now)]
    return [o for s in slots if s for o in s]
