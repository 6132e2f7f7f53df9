"""The ``Linker`` interface, complete: what the normalization stage, the model watcher and the KB
follower call on any linker (baseline, student, teacher, the hot-swap holder), and the review
``Routing`` each linker carries.

``routing`` is resolved once, when the model is loaded (``mentionflow.pipeline.load_linker``):
the configured threshold, or the thresholds a trained normalizer was calibrated with. The stage
reads it per batch; nothing is looked up with ``hasattr`` / ``getattr`` on the hot path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from streams.schemas import Candidate

if TYPE_CHECKING:
    from index.lookup import AliasIndex
    from streams.schemas import Mention

__all__ = ["Routing", "Linker", "LinkerDefaults", "LinkDecision", "DecidedBy"]

DecidedBy = Literal["model", "teacher"]


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """What a linker decided for one mention.

    kb_id/name: the chosen record, or None (NIL) with ``nil_reason``.
    score: confidence in the decision, 0-1.
    candidates: what was considered, best first (for review and training).
    """

    kb_id: str | None
    name: str | None
    nil_reason: str | None
    score: float
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class Routing:
    """Mentions scoring under ``threshold`` go to review (per-type overrides allowed).

    A mention without any KB candidate (an unseen surface form: NIL ``not_in_kb`` by rule) is
    routed only when ``unseen`` is set: with exact-alias candidates a reviewer has nothing to
    choose from, so by default it is not spent on them, and the calibrated review rates count
    only the mentions that have candidates.

    ``source`` says which setting decided (logged at load; not used to route)."""

    threshold: float = 0.5
    per_type: tuple[tuple[str, float], ...] = ()
    unseen: bool = False
    source: str = "default"

    def threshold_for(self, etype: str) -> float:
        return dict(self.per_type).get(etype, self.threshold)

    def to_review(self, etype: str, d: LinkDecision) -> bool:
        if not d.candidates and d.kb_id is None:
            return self.unseen
        return d.score < self.threshold_for(etype)


class Linker(Protocol):
    @property
    def version(self) -> str: ...

    @property
    def decided_by(self) -> DecidedBy:
        """Written on each entity: "model", or "teacher" for the teacher engine."""
        ...

    @property
    def routing(self) -> Routing:
        """The review thresholds this model serves with (resolved when it was loaded)."""
        ...

    @property
    def kb_version(self) -> str: ...

    @property
    def index(self) -> AliasIndex: ...

    def link(self, text: str, mentions: Sequence[Mention]) -> list[LinkDecision]: ...

    def link_many(self, docs: Sequence[tuple[str, Sequence[Mention]]]) -> list[list[LinkDecision]]:
        """A batch of documents (a model may score all their mentions in shared batches)."""
        ...

    def swap_index(self, index: AliasIndex) -> None:
        """Serve a new KB version from now on (live updates; one atomic attribute swap)."""
        ...

    def health(self) -> bool: ...


class LinkerDefaults:
    """What most linkers share: decided by a model, the default routing until the loader sets
    it, and ``link_many`` as one ``link`` per document."""

    decided_by: DecidedBy = "model"
    routing: Routing = Routing()

    def link(self, text: str, mentions: Sequence[Mention]) -> list[LinkDecision]:
        raise NotImplementedError

    def link_many(self, docs: Sequence[tuple[str, Sequence[Mention]]]) -> list[list[LinkDecision]]:
        return [self.link(text, mentions) for text, mentions in docs]
