"""Keeps a running normalization worker's KB current: reads ``kb.updates`` whole (no consumer
group: every worker needs every change), from the beginning at start-up, and swaps the linker's
index for one with the changes applied. Model work runs off the event loop."""

from __future__ import annotations

import asyncio
from typing import Any

import structlog

from index.live import apply_updates
from streams.broker import Follower
from streams.codec import DecodeError, decode
from streams.schemas import KBUpdate

__all__ = ["follow_kb_updates"]

log = structlog.get_logger("mentionflow.kb_follower")


async def follow_kb_updates(bootstrap: str, topic: str, linker: Any, base_version: str,
                            poll_ms: int = 500, stop: asyncio.Event | None = None) -> None:
    applied = -1
    loop = asyncio.get_running_loop()
    async with Follower(bootstrap, [topic], from_beginning=True) as follower:
        while stop is None or not stop.is_set():
            updates: list[KBUpdate] = []
            for r in await follower.batch(poll_ms, max_records=5000):
                u = decode(r.value, KBUpdate)
                if isinstance(u, DecodeError):
                    log.error("kb_update_undecodable", topic=r.topic, partition=r.partition, offset=r.offset,
                              reason=u.reason, detail=u.detail)
                    continue
                updates.append(u)
            if not updates:
                continue
            # every record reaches this consumer once; one id's changes share a partition, so
            # arrival order per id is log order: apply all of them, no watermark needed
            new_index, seq = await loop.run_in_executor(None, apply_updates, linker.index, base_version, updates, -1)
            if seq >= 0:
                applied = max(applied, seq)
                linker.swap_index(new_index)
                log.info("kb_updates_applied", count=len(updates), kb_version=new_index.kb_version)
