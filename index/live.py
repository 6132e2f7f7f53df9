"""Live KB updates: pure application of ``kb.updates`` messages to an in-memory index."""

from __future__ import annotations

from collections.abc import Iterable

from index.lookup import AliasIndex
from index.records import KBRecord
from streams.schemas import KBUpdate

__all__ = ["apply_updates", "live_version"]


def live_version(base_version: str, last_seq: int) -> str:
    """``kb-abc123+u7``: the stored base plus every change up to seq 7."""
    return f"{base_version}+u{last_seq}"


def apply_updates(index: AliasIndex, base_version: str, updates: Iterable[KBUpdate],
                  applied_seq: int = -1) -> tuple[AliasIndex, int]:
    """Apply the updates for ``base_version`` with seq > ``applied_seq`` (in seq order; the last
    change to an id wins). Returns the new index and the highest seq applied."""
    todo = sorted((u for u in updates if u.base_version == base_version and u.seq > applied_seq), key=lambda u: u.seq)
    if not todo:
        return index, applied_seq
    last: dict[str, KBUpdate] = {}
    for u in todo:
        last[u.id] = u
    upserts = [KBRecord.model_validate(u.record) for u in last.values() if u.op == "upsert"]
    deletes = [u.id for u in last.values() if u.op == "delete"]
    seq = todo[-1].seq
    # the label keeps the highest seq ever applied (batches may arrive out of seq order across ids)
    prev = index.kb_version.rsplit("+u", 1)
    if len(prev) == 2 and prev[0] == base_version and prev[1].isdigit():
        seq = max(seq, int(prev[1]))
    return index.with_changes(upserts, deletes, live_version(base_version, seq)), seq
