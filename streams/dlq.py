"""The dead-letter envelope: what failed, where it came from, why, and the original bytes."""

from __future__ import annotations

import base64
from datetime import datetime

from pydantic import BaseModel, ConfigDict

__all__ = ["DeadLetter", "make_dead_letter"]


class DeadLetter(BaseModel):
    """One message that could not be processed, on ``<topic>.dlq``.

    ``key_b64``/``value_b64`` hold the original bytes exactly (base64), ``doc_id`` the document
    id when it could still be read (else null), so every input id can be accounted for.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = 1
    topic: str
    partition: int
    offset: int
    doc_id: str | None
    reason: str
    detail: str
    worker: str
    failed_at: str
    key_b64: str | None
    value_b64: str | None

    def original_value(self) -> bytes | None:
        return None if self.value_b64 is None else base64.b64decode(self.value_b64)

    def original_key(self) -> bytes | None:
        return None if self.key_b64 is None else base64.b64decode(self.key_b64)


def _b64(raw: bytes | None) -> str | None:
    return None if raw is None else base64.b64encode(raw).decode("ascii")


def make_dead_letter(
    *,
    topic: str,
    partition: int,
    offset: int,
    key: bytes | None,
    value: bytes | None,
    doc_id: str | None,
    reason: str,
    detail: str,
    worker: str,
    now: datetime,
) -> DeadLetter:
    """Build the envelope around the original key and value bytes."""
    return DeadLetter(
        topic=topic,
        partition=partition,
        offset=offset,
        doc_id=doc_id,
        reason=reason,
        detail=detail[:2000],
        worker=worker,
        failed_at=now.isoformat(),
        key_b64=_b64(key),
        value_b64=_b64(value),
    )
