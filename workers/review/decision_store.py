"""Decision records in Redis: one hash per document, one field per reviewed span.

``record`` writes decisions atomically with precedence (a Lua script: a field is replaced only
by a record of equal or higher rank, so a teacher decision never lands over a person's, whatever
the order the workers run in) and returns every record of the document as it is after the write.
Keys: ``mf:decisions:<topic prefix><doc id>``. The records are the review loop's state of
record: Redis for them must persist (AOF/RDB) in production. Redis errors are translated here
into :class:`DecisionStoreUnavailable` (retriable): callers hold and retry, they never publish
without having checked.

``retract`` is the one way a record leaves against precedence: a reviewer's undo of their own
decision, within its lease (``mentionflow/review_ui.py``). It replaces the field only if it still
holds exactly that decision, and puts back what the decision had replaced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from workers.review.precedence import DecisionRecord, decode_record, encode_record, span_key

__all__ = ["DecisionStore", "DecisionStoreUnavailable"]

_RECORD = """
for i = 1, #ARGV, 2 do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  if (not cur) or tonumber(string.sub(cur, 1, 1)) <= tonumber(string.sub(ARGV[i + 1], 1, 1)) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
return redis.call('HGETALL', KEYS[1])
"""

_RETRACT = """
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
return 1
"""


class DecisionStoreUnavailable(Exception):
    """Redis could not be reached or answered with an error."""

    retriable = True


class DecisionStore:
    def __init__(self, redis: Any, prefix: str = ""):
        self.redis = redis  # a redis.asyncio client
        self.prefix = prefix
        self._script = redis.register_script(_RECORD)
        self._retract = redis.register_script(_RETRACT)

    def _key(self, doc_id: str) -> str:
        return f"mf:decisions:{self.prefix}{doc_id}"

    @staticmethod
    def _decode(raw: Mapping[Any, Any] | list[Any]) -> dict[str, DecisionRecord]:
        pairs = list(raw.items()) if isinstance(raw, Mapping) else list(zip(raw[::2], raw[1::2], strict=True))
        return {(k.decode() if isinstance(k, bytes) else str(k)): decode_record(v if isinstance(v, bytes) else v.encode())
                for k, v in pairs}

    async def get(self, doc_id: str) -> dict[str, DecisionRecord]:
        try:
            raw = await self.redis.hgetall(self._key(doc_id))
        except Exception as exc:  # noqa: BLE001 - every redis error is "unavailable" to the caller
            raise DecisionStoreUnavailable(f"{type(exc).__name__}: {exc}") from exc
        return self._decode(raw)

    async def get_many(self, doc_ids: Iterable[str]) -> dict[str, dict[str, DecisionRecord]]:
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return {}
        try:
            pipe = self.redis.pipeline(transaction=False)
            for d in ids:
                pipe.hgetall(self._key(d))
            raws = await pipe.execute()
        except Exception as exc:  # noqa: BLE001
            raise DecisionStoreUnavailable(f"{type(exc).__name__}: {exc}") from exc
        return {d: self._decode(r) for d, r in zip(ids, raws, strict=True)}

    async def record(self, doc_id: str, records: Iterable[DecisionRecord]) -> dict[str, DecisionRecord]:
        """Write ``records`` where they are not outranked; every record of the document after."""
        args: list[bytes | str] = []
        for r in records:
            args += [span_key(r.decision.start, r.decision.end), encode_record(r)]
        try:
            raw = await self._script(keys=[self._key(doc_id)], args=args)
        except Exception as exc:  # noqa: BLE001
            raise DecisionStoreUnavailable(f"{type(exc).__name__}: {exc}") from exc
        return self._decode(raw)

    async def retract(self, doc_id: str, record: DecisionRecord, previous: DecisionRecord | None) -> bool:
        """Replace ``record`` by ``previous`` (None: remove it) if the span still holds exactly
        ``record``; False when something else was recorded there since."""
        span = span_key(record.decision.start, record.decision.end)
        args = [span, encode_record(record), encode_record(previous) if previous is not None else b""]
        try:
            return bool(await self._retract(keys=[self._key(doc_id)], args=args))
        except Exception as exc:  # noqa: BLE001
            raise DecisionStoreUnavailable(f"{type(exc).__name__}: {exc}") from exc
