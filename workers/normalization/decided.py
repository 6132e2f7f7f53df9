"""Recorded review decisions applied to the normalization worker's documents before they leave.

A replay of ``mentions.extracted`` (a new group, an offset reset, a redelivery) re-links a
document with the model; published as is, it would replace the document a person or the teacher
corrected. The worker reads the documents' decision records (one pipelined Redis round trip per
batch) and publishes ``overlay(document, records)`` instead: decided spans keep their decision.
Pure apart from nothing: the records are passed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from streams.codec import DecodeError, decode_normalized, encode
from workers.review.precedence import DecisionRecord, overlay
from workers.shell import Outgoing, Processed

__all__ = ["normalized_ids", "apply_decisions"]


def normalized_ids(items: Sequence[Processed], topic: str) -> list[str]:
    return [o.key.decode("utf-8", "replace") for p in items for o in p.outgoing if o.topic == topic]


def apply_decisions(items: Sequence[Processed], topic: str,
                    records: Mapping[str, Mapping[str, DecisionRecord]]) -> list[Processed]:
    """Every document on ``topic`` with its recorded decisions applied (others untouched)."""
    out = []
    for p in items:
        outs = []
        for o in p.outgoing:
            recs = records.get(o.key.decode("utf-8", "replace")) if o.topic == topic else None
            doc = decode_normalized(o.value) if recs else None
            if recs and doc is not None and not isinstance(doc, DecodeError):
                o = Outgoing(o.topic, o.key, encode(overlay(doc, recs)))
            outs.append(o)
        out.append(Processed(p.record, tuple(outs)))
    return out
