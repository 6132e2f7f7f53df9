"""Named factories (the spaCy ``registry`` / ``catalogue`` pattern): a component is registered
under a versioned name (``jsonl.v1``) and chosen by configuration, so adding one is a new module
plus one registration, never an edit of the code that uses it."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Registry", "UnknownComponent"]

F = TypeVar("F")  # a factory function, or an object whose methods are the component's operations


class UnknownComponent(KeyError):
    """No factory is registered under the name asked for."""


class Registry(Generic[F]):
    """Factories of one kind. ``modules`` are imported on the first lookup: each registers its
    factories with ``@registry.register("name.v1")`` (or ``registry.register("name")(obj)``) when
    imported."""

    def __init__(self, kind: str, modules: tuple[str, ...] = ()):
        self.kind = kind
        self._modules = modules
        self._loaded = False
        self._factories: dict[str, F] = {}

    def register(self, name: str) -> Callable[[F], F]:
        def add(fn: F) -> F:
            if name in self._factories and self._factories[name] is not fn:
                raise ValueError(f"{self.kind} {name!r} is registered twice")
            self._factories[name] = fn
            return fn

        return add

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            for m in self._modules:
                importlib.import_module(m)

    def get(self, name: str) -> F:
        self._load()
        try:
            return self._factories[name]
        except KeyError:
            raise UnknownComponent(f"no {self.kind} named {name!r}; registered: {', '.join(self.names())}") from None

    def names(self) -> list[str]:
        self._load()
        return sorted(self._factories)
