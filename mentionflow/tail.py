"""``mentionflow tail``: a live, readable view of a topic for people watching the stream.

One line per entity (``entities.normalized``), decision (``entities.reviewed``), item waiting
for review (``entities.review``) or dead letter (``*.dlq``)::

    doc-17  Paris [LOC] -> Paris (geonames:2988507) 0.91 model
    doc-18  Springfield [LOC] -> NIL not_in_kb 0.30 human

:func:`tail_lines` is the pure part (bytes -> lines after the filter); :func:`tail_topic` reads
the broker without a consumer group (it commits nothing and never disturbs the workers).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from mentionflow.settings import Settings
from streams.broker import consume_topic
from streams.codec import DecodeError, decode, decode_normalized, decode_review
from streams.dlq import DeadLetter
from streams.schemas import Entity, ReviewDecision
from streams.topics import ENTITIES_NORMALIZED, ENTITIES_REVIEW, ENTITIES_REVIEWED

__all__ = ["TailFilter", "tail_lines", "tail_topic", "topic_kind", "format_entity"]


@dataclass(frozen=True, slots=True)
class TailFilter:
    """types: show only these mention types (empty: all). min_score: show only entities (or
    decisions) scoring at least this. Dead letters and undecodable messages have neither and are
    always shown."""

    types: frozenset[str] = field(default_factory=frozenset)
    min_score: float = 0.0

    def keeps(self, type_: str, score: float) -> bool:
        return (not self.types or type_ in self.types) and score >= self.min_score


def topic_kind(topic: str) -> str:
    """``normalized``, ``reviewed``, ``review`` or ``dlq`` for a (possibly prefixed) topic name."""
    if topic.endswith(".dlq"):
        return "dlq"
    for base, kind in ((ENTITIES_NORMALIZED, "normalized"), (ENTITIES_REVIEWED, "reviewed"), (ENTITIES_REVIEW, "review")):
        if topic.endswith(base):
            return kind
    raise ValueError(f"tail shows entities.normalized, entities.reviewed, entities.review and *.dlq topics, not {topic!r}")


def _target(kb_id: str | None, name: str | None, nil_reason: str | None) -> str:
    if kb_id is None:
        return f"NIL {nil_reason or ''}".rstrip()
    return f"{name} ({kb_id})" if name else kb_id


def format_entity(doc_id: str, e: Entity) -> str:
    return f"{doc_id}  {e.surface} [{e.type}] -> {_target(e.kb_id, e.name, e.nil_reason)} {e.score:.2f} {e.decided_by}"


def _undecodable(where: str, err: DecodeError) -> list[str]:
    return [f"{where}  ! undecodable ({err.reason}): {err.detail[:200]}"]


def tail_lines(kind: str, value: bytes | None, f: TailFilter, where: str = "") -> list[str]:
    """The lines one message shows as, after the filter."""
    if kind == "normalized":
        doc = decode_normalized(value)
        if isinstance(doc, DecodeError):
            return _undecodable(where, doc)
        lines = [format_entity(doc.id, e) for e in doc.entities if f.keeps(e.type, e.score)]
        if doc.pending_review and not f.types and f.min_score <= 0:
            lines.append(f"{doc.id}  ({doc.pending_review} mention(s) waiting for review)")
        return lines
    if kind == "reviewed":
        d = decode(value, ReviewDecision, 16_000_000)
        if isinstance(d, DecodeError):
            return _undecodable(where, d)
        if not f.keeps(d.type, d.confidence):
            return []
        who = f"{d.decided_by} {d.reviewer}".rstrip()
        name = d.model_proposed.name if d.kb_id == d.model_proposed.kb_id else None
        return [f"{d.doc_id}  {d.surface} [{d.type}] -> {_target(d.kb_id, name, d.nil_reason)} {d.confidence:.2f} {who}"
                + (" (to a person)" if d.next == "human" else "")]
    if kind == "review":
        req = decode_review(value)
        if isinstance(req, DecodeError):
            return _undecodable(where, req)
        return [f"{req.id}  {it.surface} [{it.type}] -> ? proposed {_target(it.proposed.kb_id, it.proposed.name, it.proposed.nil_reason)} "
                f"{it.proposed.score:.2f} ({it.reason}, {len(it.candidates)} candidates)"
                for it in req.items if f.keeps(it.type, it.proposed.score)]
    dl = decode(value, DeadLetter, 16_000_000)
    if isinstance(dl, DecodeError):
        return _undecodable(where, dl)
    return [f"{dl.doc_id or '-'}  ! dead letter from {dl.topic}/{dl.partition}/{dl.offset} ({dl.reason}, {dl.worker}): "
            f"{dl.detail[:200]}"]


def tail_topic(settings: Settings, topic: str, f: TailFilter, *, from_beginning: bool = False,
               limit: int | None = None, idle_s: float | None = None, out: TextIO = sys.stdout,
               stop: Callable[[], bool] | None = None) -> int:
    """Print ``topic``'s lines as they arrive; returns how many were printed. Follows until Ctrl-C
    unless ``idle_s`` (stop after that long without messages) or ``limit`` (printed lines) is given."""
    name = topic if topic.startswith(settings.topic_prefix) else settings.topic_prefix + topic
    kind = topic_kind(name)

    async def go() -> int:
        n = 0
        async for r in consume_topic(settings.kafka_bootstrap, name, from_beginning=from_beginning,
                                     follow=idle_s is None, idle_timeout_s=idle_s or 1.0, stop=stop):
            for line in tail_lines(kind, r.value, f, where=f"[{r.partition}:{r.offset}]"):
                print(line, file=out, flush=True)
                n += 1
                if limit is not None and n >= limit:
                    return n
        return n

    return asyncio.run(go())
