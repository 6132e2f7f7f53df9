"""The trace id of a document: one per document, carried in a Kafka header on every topic.

A producer of ``mentions.raw`` may set the header itself (any string of 1..64 printable ASCII
characters). When it does not, the first worker that reads the record mints one from where the
record sits (topic, partition, offset): a redelivered record gets the same id, so a document's
id never forks across retries. Every output of a record (its next-stage message, its review
request, its dead letter) carries the input's id; the review worker copies it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

__all__ = ["TRACE_HEADER", "Headers", "trace_id_from", "mint_trace_id", "trace_headers", "valid_trace_id"]

#: the Kafka header holding the trace id (bytes, ASCII)
TRACE_HEADER = "mf-trace-id"

#: Kafka record headers as aiokafka gives and takes them
Headers = Sequence[tuple[str, bytes]]


def valid_trace_id(value: bytes) -> bool:
    return 0 < len(value) <= 64 and all(0x21 <= b <= 0x7E for b in value)


def mint_trace_id(topic: str, partition: int, offset: int) -> str:
    """A stable id for a record that came without one (32 hex characters)."""
    return hashlib.sha1(f"{topic}/{partition}/{offset}".encode()).hexdigest()[:32]


def trace_id_from(headers: Headers, topic: str, partition: int, offset: int) -> str:
    """The record's trace id: its header when valid, else the minted one."""
    for name, value in headers:
        if name == TRACE_HEADER and value is not None and valid_trace_id(value):
            return value.decode("ascii")
    return mint_trace_id(topic, partition, offset)


def trace_headers(trace_id: str) -> tuple[tuple[str, bytes], ...]:
    return ((TRACE_HEADER, trace_id.encode("ascii")),)
