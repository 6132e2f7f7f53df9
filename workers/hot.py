"""Models that can be replaced while a worker runs (a promotion in the registry, a rollback).

The agents hold these holders; a swap is one attribute assignment, so a batch runs wholly on
the old model or wholly on the new one. The new model is loaded (slow) before the swap (fast).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from index.lookup import AliasIndex
from streams.schemas import Mention
from workers.extraction.model import Extractor
from workers.normalization.model import LinkDecision, Linker

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
    def __init__(self, inner: Any):
        self.inner: Any = inner

    @property
    def version(self) -> str:
        return str(self.inner.version)

    @property
    def kb_version(self) -> str:
        return str(self.inner.kb_version)

    @property
    def index(self) -> AliasIndex:
        idx: AliasIndex = self.inner.index
        return idx

    def link(self, text: str, mentions: Sequence[Mention]) -> list[LinkDecision]:
        out: list[LinkDecision] = self.inner.link(text, mentions)
        return out

    def link_many(self, docs: Sequence[tuple[str, Sequence[Mention]]]) -> list[list[LinkDecision]]:
        inner = self.inner  # one model for the whole batch, even if a swap lands meanwhile
        many = getattr(inner, "link_many", None)
        if many is not None:
            out: list[list[LinkDecision]] = many(docs)
            return out
        return [inner.link(text, mentions) for text, mentions in docs]

    def health(self) -> bool:
        return bool(self.inner.health())

    def swap_index(self, index: AliasIndex) -> None:
        """A live KB change: the serving linker (whichever it is now) gets the new index."""
        self.inner.swap_index(index)

    def swap(self, new: Linker) -> None:
        self.inner = new

    def routing_for(self, default: Any, target: str | None) -> Any:
        """The serving model's calibrated routing (a student with thresholds), else ``default``."""
        fn = getattr(self.inner, "routing", None)
        if fn is None or target is None:
            return default
        return fn(target, default)
