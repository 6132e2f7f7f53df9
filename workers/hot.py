"""Models that can be replaced while a worker runs (a promotion in the registry, a rollback).

The agents hold these holders; a swap is one attribute assignment, so a batch runs wholly on
the old model or wholly on the new one. The new model is loaded (slow) before the swap (fast).
"""

from __future__ import annotations

from collections.abc import Sequence

from index.lookup import AliasIndex
from streams.schemas import Mention
from workers.extraction.model import Extractor
from workers.normalization.linker import DecidedBy, Linker, Routing
from workers.normalization.model import LinkDecision

__all__ = ["HotExtractor", "HotLinker"]


class HotExtractor:
    def __init__(self, inner: Extractor):
        self.inner = inner

    @property
    def version(self) -> str:
        return self.inner.version

    def extract(self, texts: Sequence[str]) -> list[list[Mention]]:
        return self.inner.extract(texts)

    def health(self) -> bool:
        return self.inner.health()

    def swap(self, new: Extractor) -> None:
        self.inner = new


class HotLinker:
    """The serving linker, replaceable; every ``Linker`` call goes to the model held now."""

    def __init__(self, inner: Linker):
        self.inner: Linker = inner

    @property
    def version(self) -> str:
        return self.inner.version

    @property
    def decided_by(self) -> DecidedBy:
        return self.inner.decided_by

    @property
    def routing(self) -> Routing:
        """The serving model's routing (a promoted student brings its calibrated thresholds)."""
        return self.inner.routing

    @property
    def kb_version(self) -> str:
        return self.inner.kb_version

    @property
    def index(self) -> AliasIndex:
        return self.inner.index

    def link(self, text: str, mentions: Sequence[Mention]) -> list[LinkDecision]:
        return self.inner.link(text, mentions)

    def link_many(self, docs: Sequence[tuple[str, Sequence[Mention]]]) -> list[list[LinkDecision]]:
        return self.inner.link_many(docs)

    def health(self) -> bool:
        return self.inner.health()

    def swap_index(self, index: AliasIndex) -> None:
        """A live KB change: the serving linker (whichever it is now) gets the new index."""
        self.inner.swap_index(index)

    def swap(self, new: Linker) -> None:
        self.inner = new
