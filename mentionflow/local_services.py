"""Local services that ``stack up`` starts beside the broker and Redis, by name: a retriever
backend that needs one names it (``RetrieverBackend.local_service``), and ``stack up --opensearch``
asks for one directly. A service is registered by the module that runs it (``opensearch_node``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from index.registry import Registry
from mentionflow.settings import Settings

__all__ = ["LocalService", "local_services"]


class LocalService(Protocol):
    def up(self, settings: Settings, log: Callable[[str], None]) -> dict[str, Any]:
        """Start it (or check the external one the settings point at); idempotent."""
        ...

    def down(self, settings: Settings, log: Callable[[str], None]) -> bool:
        """Stop exactly what ``up`` started; False when nothing of it runs."""
        ...

    def status(self, settings: Settings) -> dict[str, Any]: ...

    def started(self, settings: Settings) -> bool:
        """Whether ``up`` left local state (``stack status`` then reports it whatever the backend)."""
        ...


local_services: Registry[LocalService] = Registry("local service", modules=(
    "mentionflow.opensearch_node",
))
