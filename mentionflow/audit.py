"""``mentionflow audit --since T``: account for every input id since T.

Reads ``mentions.raw`` from the first offset at or after T, and the outputs
(``mentions.extracted``, ``entities.normalized``, ``entities.review`` and the three DLQs) from the
same time, and reconciles them (:func:`reconcile`, pure):

- **done**: the document's latest ``entities.normalized`` message has nothing pending, or it was
  dead-lettered (any DLQ, by document id, or by topic/partition/offset when no id could be read);
- **pending**: its latest normalized message waits for review, or it is extracted or sent to
  review but not normalized yet (in flight);
- **lost**: none of these: no output and no dead letter;
- **duplicated**: the id came in more than once, or it was both dead-lettered and normalized.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from mentionflow.settings import Settings
from streams.broker import read_since
from streams.codec import decode_normalized
from streams.dlq import DeadLetter
from streams.schemas import NormalizedDocument
from streams.topics import TopicNames, dlq_topic
from workers.shell import RawRecord, doc_id_of

__all__ = ["AuditReport", "reconcile", "audit", "format_report", "parse_since"]


@dataclass(frozen=True, slots=True)
class AuditReport:
    inputs: int
    done: int
    lost: tuple[str, ...]
    pending: tuple[str, ...]
    duplicated: tuple[str, ...]
    dead_lettered: dict[str, int] = field(default_factory=dict)  # reason -> count


def _ref(rec: RawRecord) -> str:
    """An input's id, or its position when no id can be read (as its dead letter is keyed)."""
    return doc_id_of(rec) or f"{rec.topic}/{rec.partition}/{rec.offset}"


def reconcile(inputs: Sequence[RawRecord], extracted: Iterable[RawRecord], normalized: Iterable[RawRecord],
              review: Iterable[RawRecord], letters: Iterable[DeadLetter]) -> AuditReport:
    ids = [_ref(r) for r in inputs]
    latest_pending: dict[str, int] = {}
    for r in normalized:  # in offset order per key: the last one is the document's state
        doc = decode_normalized(r.value)
        if r.key is not None and isinstance(doc, NormalizedDocument):
            latest_pending[r.key.decode("utf-8", "replace")] = doc.pending_review
    in_flight = {r.key.decode("utf-8", "replace") for r in (*extracted, *review) if r.key is not None}
    dead: set[str] = set()
    reasons: Counter[str] = Counter()
    for dl in letters:
        dead.add(dl.doc_id or f"{dl.topic}/{dl.partition}/{dl.offset}")
        if dl.doc_id is None:  # keyed by position: a raw position matches the input directly
            dead.add(f"{dl.topic}/{dl.partition}/{dl.offset}")
        reasons[dl.reason] += 1
    lost, pending, done = [], [], 0
    for i in dict.fromkeys(ids):
        if i in dead or latest_pending.get(i) == 0:
            done += 1
        elif i in latest_pending or i in in_flight:
            pending.append(i)
        else:
            lost.append(i)
    counts = Counter(ids)
    dup = sorted({i for i, n in counts.items() if n > 1} | {i for i in counts if i in dead and i in latest_pending})
    return AuditReport(len(ids), done, tuple(lost), tuple(pending), tuple(dup), dict(reasons))


async def _read_since(bootstrap: str, topic: str, since_ms: int) -> list[RawRecord]:
    return [RawRecord(r.topic, r.partition, r.offset, r.key, r.value) for r in await read_since(bootstrap, topic, since_ms)]


def parse_since(text: str, now: datetime) -> datetime:
    """An RFC 3339 time, or a duration back from ``now``: ``90s``, ``30m``, ``2h``, ``1d``."""
    from datetime import UTC, timedelta

    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    if text[:-1].replace(".", "", 1).isdigit() and text[-1:] in units:
        return now - timedelta(seconds=float(text[:-1]) * units[text[-1]])
    t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def audit(settings: Settings, since: datetime) -> AuditReport:
    t = TopicNames(settings.topic_prefix)
    since_ms = int(since.timestamp() * 1000)

    async def go() -> AuditReport:
        bs = settings.kafka_bootstrap
        raw, ext, norm, rev = await asyncio.gather(*(_read_since(bs, n, since_ms)
                                                      for n in (t.raw, t.extracted, t.normalized, t.review)))
        dlqs = await asyncio.gather(*(_read_since(bs, dlq_topic(n), since_ms) for n in (t.raw, t.extracted, t.review)))
        letters = [DeadLetter.model_validate_json(r.value) for recs in dlqs for r in recs if r.value]
        norm.sort(key=lambda r: (r.partition, r.offset))
        return reconcile(raw, ext, norm, rev, letters)

    return asyncio.run(go())


def format_report(r: AuditReport, limit: int = 20) -> str:
    lines = [f"inputs {r.inputs}: done {r.done}, pending {len(r.pending)}, lost {len(r.lost)}, "
             f"duplicated {len(r.duplicated)}; dead letters by reason: {r.dead_lettered or '-'}"]
    for name, ids in (("lost", r.lost), ("pending", r.pending), ("duplicated", r.duplicated)):
        if ids:
            more = f" (+{len(ids) - limit} more)" if len(ids) > limit else ""
            lines.append(f"{name}: {', '.join(ids[:limit])}{more}")
    return "\n".join(lines)
