"""Redis cache for query embeddings and candidate lists (redis.asyncio, blocking pool).

Keys are pure functions of what determines the value: the normalised surface, the embedder or
KB version, the fusion settings and, for candidate lists, the context words the retriever uses.
A KB version change therefore invalidates by construction; entries expire after a TTL.

The cache never fails a message: when Redis is unreachable every call is a counted bypass, logged
once when it starts and once when Redis is back. ``SyncCache`` runs the asyncio client on its own
I/O thread so that synchronous model code (the transforms run in a worker thread) can use it.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

import structlog

from index.analysis import alias_key

__all__ = ["CacheStats", "RedisCache", "SyncCache", "embedding_key", "candidates_key"]

log = structlog.get_logger("mentionflow.cache")


def _h(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def embedding_key(embedder_version: str, surface: str) -> str:
    return f"mf:emb:{embedder_version}:{_h(alias_key(surface))}"


def candidates_key(kb_version: str, fusion: str, surface: str, context_words: Sequence[str] = (), k: int = 20) -> str:
    ctx = _h(" ".join(sorted(set(context_words)))) if context_words else "-"
    return f"mf:cand:{kb_version}:{fusion}:{k}:{_h(alias_key(surface))}:{ctx}"


@dataclass(slots=True)
class CacheStats:
    hits: int = 0
    misses: int = 0
    bypassed: int = 0
    writes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **kw: int) -> None:
        with self._lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)

    def as_dict(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses, "bypassed": self.bypassed, "writes": self.writes}


class RedisCache:
    """Async get/set of byte values with TTL; Redis errors become bypasses, never exceptions."""

    def __init__(self, url: str, ttl_s: int = 86_400, max_connections: int = 32, timeout_s: float = 0.5,
                 name: str = "redis"):
        from redis.asyncio import BlockingConnectionPool, Redis

        self._pool = BlockingConnectionPool.from_url(url, max_connections=max_connections, timeout=timeout_s,
                                                     socket_timeout=timeout_s, socket_connect_timeout=timeout_s)
        self._redis = Redis(connection_pool=self._pool)
        self.ttl_s = ttl_s
        self.stats = CacheStats()
        self._down = False
        self.name = name
        _LIVE.add(self)

    def _failed(self, exc: Exception, n: int) -> None:
        self.stats.add(bypassed=n)
        if not self._down:
            self._down = True
            log.warning("redis_unavailable_cache_bypassed", error=str(exc))

    def _ok(self) -> None:
        if self._down:
            self._down = False
            log.info("redis_available_again", stats=self.stats.as_dict())

    async def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        from redis.exceptions import RedisError

        if not keys:
            return []
        try:
            values = await self._redis.mget(list(keys))
        except (TimeoutError, RedisError, OSError) as exc:
            self._failed(exc, len(keys))
            return [None] * len(keys)
        self._ok()
        out = [v.encode() if isinstance(v, str) else v for v in values]
        hits = sum(v is not None for v in out)
        self.stats.add(hits=hits, misses=len(keys) - hits)
        return out

    async def set_many(self, items: dict[str, bytes]) -> None:
        from redis.exceptions import RedisError

        if not items:
            return
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for k, v in items.items():
                    pipe.set(k, v, ex=self.ttl_s)
                await pipe.execute()
        except (TimeoutError, RedisError, OSError) as exc:
            self._failed(exc, len(items))
            return
        self._ok()
        self.stats.add(writes=len(items))

    async def close(self) -> None:
        await self._redis.aclose()
        await self._pool.disconnect()


class SyncCache:
    """Blocking facade over ``RedisCache`` for synchronous callers (any thread but its own)."""

    def __init__(self, url: str, ttl_s: int = 86_400, timeout_s: float = 0.5, name: str = "redis"):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="mf-redis-io", daemon=True)
        self._thread.start()
        self._timeout = timeout_s * 4
        self.cache: RedisCache = self._call(self._make(url, ttl_s, timeout_s, name))

    @staticmethod
    async def _make(url: str, ttl_s: int, timeout_s: float, name: str) -> RedisCache:
        return RedisCache(url, ttl_s=ttl_s, timeout_s=timeout_s, name=name)

    def _call(self, coro):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(self._timeout + 5)

    @property
    def stats(self) -> CacheStats:
        return self.cache.stats

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        return self._call(self.cache.get_many(keys))

    def set_many(self, items: dict[str, bytes]) -> None:
        self._call(self.cache.set_many(items))

    def close(self) -> None:
        self._call(self.cache.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


#: every RedisCache of this process, for the metrics collector (weak: a dropped cache goes away)
_LIVE: weakref.WeakSet[RedisCache] = weakref.WeakSet()


def live_caches() -> list[tuple[str, CacheStats]]:
    """``(name, stats)`` of every live Redis cache in this process."""
    return [(c.name, c.stats) for c in list(_LIVE)]
