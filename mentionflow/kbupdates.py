"""``mentionflow kb upsert FILE`` / ``kb delete ID...``: validated changes sent to running workers
through ``kb.updates`` and appended to the store's change log of the current version."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

import orjson

from index.records import LineError, parse_kb_lines
from index.store import KBLoadError, KBStore
from mentionflow.settings import Settings
from streams.broker import produce_values
from streams.codec import encode
from streams.schemas import KBUpdate
from streams.topics import TopicNames

__all__ = ["kb_upsert", "kb_delete"]


def _base(store: KBStore) -> str:
    base = store.current_version()
    if base is None:
        raise FileNotFoundError("no KB loaded: run `mentionflow kb build` or `mentionflow kb load FILE` first")
    return base


def _send(settings: Settings, store: KBStore, base: str, updates: list[KBUpdate]) -> None:
    from index.lookup import AliasIndex
    from index.records import KBRecord
    from mentionflow.components import retrievers

    # the search backend first: a worker that applies the update then finds the record
    retrievers.get(settings.retriever).sync(settings, AliasIndex.load_or_build(store, base),
                                            [KBRecord.model_validate(u.record) for u in updates if u.op == "upsert"],
                                            [u.id for u in updates if u.op == "delete"])
    lines = [encode(u) for u in updates]
    topic = TopicNames(settings.topic_prefix).kb_updates
    # order: broker first (workers apply within seconds), then the local change log
    asyncio.run(produce_values(settings.kafka_bootstrap, topic, [(u.id.encode(), line) for u, line in zip(updates, lines, strict=True)]))
    store.append_updates(base, lines)


def kb_upsert(settings: Settings, path: Path) -> int:
    store = KBStore(settings.kb_root)
    base = _base(store)
    with open(path, "rb") as f:
        result = parse_kb_lines(f)
    if result.errors or not result.records:
        raise KBLoadError(str(path), result.errors or (LineError(0, "file holds no records"),))
    seq = len(store.read_updates(base))
    updates = [KBUpdate(op="upsert", id=r.id, base_version=base, seq=seq + i,
                        record=r.model_dump(exclude_none=True)) for i, r in enumerate(result.records)]
    _send(settings, store, base, updates)
    print(f"upserted {len(updates)} records on {base} (seq {seq}..{seq + len(updates) - 1}); running workers apply them within seconds",
          file=sys.stderr)
    return len(updates)


def kb_delete(settings: Settings, ids: Sequence[str]) -> int:
    store = KBStore(settings.kb_root)
    base = _base(store)
    known = {r.id for r in store.iter_records(base)}
    for line in store.read_updates(base):
        u = KBUpdate.model_validate(orjson.loads(line))
        (known.add if u.op == "upsert" else known.discard)(u.id)
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KeyError(f"not in the current KB (nothing deleted): {', '.join(unknown[:10])}")
    seq = len(store.read_updates(base))
    updates = [KBUpdate(op="delete", id=i, base_version=base, seq=seq + n) for n, i in enumerate(ids)]
    _send(settings, store, base, updates)
    print(f"deleted {len(ids)} records on {base}; running workers apply it within seconds", file=sys.stderr)
    return len(ids)
