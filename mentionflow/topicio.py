"""``mentionflow produce|consume|review list``: feed and watch topics."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import orjson
from tqdm import tqdm

from mentionflow.settings import Settings
from streams.broker import consume_topic, produce_values
from streams.codec import DecodeError, decode_review
from streams.topics import TopicNames, message_key

__all__ = ["produce_file", "print_topic", "review_list", "key_for_line"]


def key_for_line(line: bytes) -> bytes | None:
    """Key a raw line by its document id when it has one; broken lines go unkeyed (and will be
    dead-lettered by the worker with their original bytes)."""
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if isinstance(obj, dict) and isinstance(obj.get("id"), str) and obj["id"]:
        return message_key(obj["id"])
    return None


def produce_file(settings: Settings, path: Path, topic: str | None) -> int:
    name = topic or TopicNames(settings.topic_prefix).raw
    with open(path, "rb") as f:
        lines = [line.rstrip(b"\n") for line in f if line.strip()]
    items = [(key_for_line(line), line) for line in tqdm(lines, desc=f"producing to {name}", unit=" msg", file=sys.stderr)]
    return asyncio.run(produce_values(settings.kafka_bootstrap, name, items))


def print_topic(settings: Settings, topic: str, follow: bool, limit: int | None, idle_s: float) -> int:
    async def go() -> int:
        n = 0
        async for r in consume_topic(settings.kafka_bootstrap, topic, follow=follow, limit=limit, idle_timeout_s=idle_s):
            value = (r.value or b"").decode("utf-8", errors="replace")
            print(value, flush=True)
            n += 1
        return n

    n = asyncio.run(go())
    print(f"{n} messages from {topic}", file=sys.stderr)
    return n


def review_list(settings: Settings, limit: int) -> int:
    """The latest review request per document (later messages with the same key replace earlier)."""
    topic = TopicNames(settings.topic_prefix).review

    async def go() -> dict[str, object]:
        latest: dict[str, object] = {}
        async for r in consume_topic(settings.kafka_bootstrap, topic, idle_timeout_s=1.5):
            msg = decode_review(r.value)
            if not isinstance(msg, DecodeError):
                latest[msg.id] = msg
        return latest

    latest = asyncio.run(go())
    items = [(doc_id, it) for doc_id, req in latest.items() for it in req.items]  # type: ignore[attr-defined]
    items.sort(key=lambda t: t[1].proposed.score)
    print(f"{len(items)} mentions in {len(latest)} documents wait for review (lowest confidence first)")
    for doc_id, it in items[:limit]:
        best = it.candidates[0] if it.candidates else None
        cand = f"{best.kb_id} ({best.name}, p={best.score:.2f})" if best else "no candidate"
        print(f"  {it.proposed.score:.2f}  {doc_id}  {it.surface!r} [{it.type}]  reason={it.reason}  top={cand}")
    return len(items)
