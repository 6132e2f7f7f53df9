"""Topic names, partitioning and keys.

Every message key is the document id (UTF-8), so all messages about one document land in one
partition, in order, and a redelivered document overwrites its earlier output downstream
(idempotent by key).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "MENTIONS_RAW",
    "MENTIONS_EXTRACTED",
    "ENTITIES_NORMALIZED",
    "ENTITIES_REVIEW",
    "ENTITIES_REVIEWED",
    "KB_UPDATES",
    "CONSUMED_TOPICS",
    "DEFAULT_PARTITIONS",
    "TopicNames",
    "dlq_topic",
    "message_key",
]

MENTIONS_RAW = "mentions.raw"
MENTIONS_EXTRACTED = "mentions.extracted"
ENTITIES_NORMALIZED = "entities.normalized"
ENTITIES_REVIEW = "entities.review"
ENTITIES_REVIEWED = "entities.reviewed"
#: KB changes (upserts/deletes) for running workers; key = record id; every worker reads it whole.
KB_UPDATES = "kb.updates"

#: Topics some worker consumes; each has a ``<topic>.dlq`` dead-letter topic.
CONSUMED_TOPICS = (MENTIONS_RAW, MENTIONS_EXTRACTED, ENTITIES_REVIEW)
DEFAULT_PARTITIONS = 6


def dlq_topic(topic: str) -> str:
    """Dead-letter topic for a consumed topic: ``mentions.raw`` -> ``mentions.raw.dlq``."""
    return f"{topic}.dlq"


def message_key(doc_id: str) -> bytes:
    """The Kafka key for every message about one document."""
    return doc_id.encode("utf-8")


@dataclass(frozen=True, slots=True)
class TopicNames:
    """The topic set one deployment uses; ``prefix`` isolates tests and tenants on one broker."""

    prefix: str = ""

    def _name(self, base: str) -> str:
        return f"{self.prefix}{base}"

    @property
    def raw(self) -> str:
        return self._name(MENTIONS_RAW)

    @property
    def extracted(self) -> str:
        return self._name(MENTIONS_EXTRACTED)

    @property
    def normalized(self) -> str:
        return self._name(ENTITIES_NORMALIZED)

    @property
    def review(self) -> str:
        return self._name(ENTITIES_REVIEW)

    @property
    def reviewed(self) -> str:
        return self._name(ENTITIES_REVIEWED)

    @property
    def kb_updates(self) -> str:
        return self._name(KB_UPDATES)

    def dlq(self, topic: str) -> str:
        return dlq_topic(topic)

    def all(self) -> tuple[str, ...]:
        """Every topic this deployment uses, DLQs included."""
        main = (self.raw, self.extracted, self.normalized, self.review, self.reviewed, self.kb_updates)
        dlqs = (dlq_topic(self.raw), dlq_topic(self.extracted), dlq_topic(self.review))
        return main + dlqs
