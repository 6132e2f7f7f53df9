"""A downstream consumer, as short as it gets: ``entities.normalized`` -> SQLite.

    PYTHONPATH=. python examples/sqlite_consumer.py --db entities.sqlite [--bootstrap 127.0.0.1:9092]
        [--topic entities.normalized] [--group sqlite-consumer] [--idle 5]

Each entity is upserted by ``(doc_id, start, end)``. Delivery is at least once (offsets are
committed after the SQLite transaction), so the upsert is idempotent: a redelivered message
writes the same row again, and an older message (lower offset) never replaces a newer one.
Precedence is the project's (``workers/review/precedence.py``): human > teacher > model, so a
machine decision never overwrites a person's, whatever order messages arrive in; a person may
correct a person. Rows are only added or replaced: an entity that a later message for the same
document no longer lists stays (this is a simplified consumer; a full one would also retract).
A message this reader cannot decode (or of a schema major it does not know) is kept with its
reason and original bytes in the ``rejected`` table, never dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from pathlib import Path

from aiokafka import AIOKafkaConsumer

from streams.codec import DecodeError, decode_normalized
from workers.review.precedence import RANK

SCHEMA = """
CREATE TABLE IF NOT EXISTS entities (
  doc_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, surface TEXT NOT NULL, type TEXT NOT NULL,
  kb_id TEXT, name TEXT, nil_reason TEXT, score REAL NOT NULL, decided_by TEXT NOT NULL, rank INTEGER NOT NULL,
  model_version TEXT NOT NULL, kb_version TEXT NOT NULL, src_partition INTEGER NOT NULL, src_offset INTEGER NOT NULL,
  PRIMARY KEY (doc_id, start, "end"));
CREATE TABLE IF NOT EXISTS rejected (
  src_partition INTEGER NOT NULL, src_offset INTEGER NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL, value BLOB,
  PRIMARY KEY (src_partition, src_offset));
"""

# replace only with an equal or higher rank; at equal rank only with a message at least as new
UPSERT = """
INSERT INTO entities VALUES (:doc_id, :start, :end, :surface, :type, :kb_id, :name, :nil_reason, :score, :decided_by,
                             :rank, :model_version, :kb_version, :src_partition, :src_offset)
ON CONFLICT (doc_id, start, "end") DO UPDATE SET
  surface = excluded.surface, type = excluded.type, kb_id = excluded.kb_id, name = excluded.name,
  nil_reason = excluded.nil_reason, score = excluded.score, decided_by = excluded.decided_by, rank = excluded.rank,
  model_version = excluded.model_version, kb_version = excluded.kb_version,
  src_partition = excluded.src_partition, src_offset = excluded.src_offset
WHERE excluded.rank > entities.rank OR (excluded.rank = entities.rank AND excluded.src_offset >= entities.src_offset)
"""


def open_db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    return conn


def apply(conn: sqlite3.Connection, partition: int, offset: int, value: bytes | None) -> int:
    """Upsert one message's entities (inside the caller's transaction); returns entities seen."""
    doc = decode_normalized(value)
    if isinstance(doc, DecodeError):
        print(f"rejected {partition}:{offset}: {doc.reason}: {doc.detail}", file=sys.stderr)
        conn.execute("INSERT OR REPLACE INTO rejected VALUES (?, ?, ?, ?, ?)",
                     (partition, offset, doc.reason, doc.detail, value))
        return 0
    rows = [{**e.model_dump(include={"start", "end", "surface", "type", "kb_id", "name", "nil_reason", "score",
                                     "decided_by", "model_version", "kb_version"}),
             "doc_id": doc.id, "rank": RANK[e.decided_by], "src_partition": partition, "src_offset": offset}
            for e in doc.entities]
    conn.executemany(UPSERT, rows)
    return len(rows)


async def consume(bootstrap: str, topic: str, db: Path, group: str, idle_s: float | None) -> int:
    """Poll -> upsert the batch in one SQLite transaction -> commit it -> commit the offsets.
    Stops after ``idle_s`` seconds without messages (None: runs until Ctrl-C)."""
    conn = open_db(db)
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                                auto_offset_reset="earliest", session_timeout_ms=10_000)
    await consumer.start()
    seen = 0
    try:
        while True:
            batch = await consumer.getmany(timeout_ms=int((idle_s or 1.0) * 1000), max_records=500)
            if not batch:
                if idle_s is not None and consumer.assignment():  # idle counts once the group gave us partitions
                    return seen
                continue
            with conn:  # one transaction per batch; rolled back if anything fails
                for records in batch.values():
                    for r in records:
                        seen += apply(conn, r.partition, r.offset, r.value)
            await consumer.commit()  # only after SQLite holds the batch: a crash in between redelivers it
    finally:
        await consumer.stop()
        conn.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, type=Path)
    p.add_argument("--bootstrap", default="127.0.0.1:9092")
    p.add_argument("--topic", default="entities.normalized")
    p.add_argument("--group", default="sqlite-consumer")
    p.add_argument("--idle", type=float, default=None, help="stop after this many idle seconds (default: run on)")
    a = p.parse_args(argv)
    seen = asyncio.run(consume(a.bootstrap, a.topic, a.db, a.group, a.idle))
    print(f"{seen} entities upserted into {a.db}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
