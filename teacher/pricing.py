"""What teacher tokens cost, pure: a frozen price table and the cost of a usage.

Prices are USD per million tokens. An unknown model is an error (:class:`UnknownModelError`),
never a silent zero: a spending cap is only as good as its prices.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import orjson

from teacher.errors import TeacherConfigError, UnknownModelError
from teacher.shapes import Usage

__all__ = [
    "PROJECTION_MIN_DOCS",
    "projected_cost",
    "ModelPrice",
    "PriceTable",
    "DEFAULT_PRICE_TABLE",
    "cost_usd",
    "parse_price_table",
    "load_price_table",
]


@dataclass(frozen=True, slots=True)
class ModelPrice:
    """USD per 1M tokens.

    input_per_mtok: per million prompt (input) tokens.
    output_per_mtok: per million completion (output) tokens.
    """

    input_per_mtok: float
    output_per_mtok: float

    def __post_init__(self) -> None:
        for name in ("input_per_mtok", "output_per_mtok"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise TeacherConfigError(f"{name} must be a finite number, got {v!r}")
            if v < 0:
                raise TeacherConfigError(f"{name} must be >= 0, got {v!r}")


@dataclass(frozen=True, slots=True)
class PriceTable:
    """Prices by exact model name (the ``model`` sent in the request)."""

    prices: Mapping[str, ModelPrice]

    def __post_init__(self) -> None:
        object.__setattr__(self, "prices", MappingProxyType(dict(self.prices)))

    def __copy__(self) -> PriceTable:
        return self  # immutable

    def __deepcopy__(self, memo: dict[int, Any]) -> PriceTable:
        return self  # immutable (and a mappingproxy cannot be deep-copied)

    def price(self, model: str) -> ModelPrice:
        """The model's price; raises :class:`UnknownModelError` when there is none."""
        try:
            return self.prices[model]
        except KeyError:
            raise UnknownModelError(model, tuple(sorted(self.prices))) from None

    def with_prices(self, prices: Mapping[str, ModelPrice]) -> PriceTable:
        """A new table with ``prices`` added (replacing entries of the same name)."""
        return PriceTable({**self.prices, **prices})


_GPT_4O = ModelPrice(2.50, 10.00)

#: List prices at the time of writing; check your provider's before relying on a cap.
DEFAULT_PRICE_TABLE = PriceTable(
    {
        "gpt-4o": _GPT_4O,
        "gpt-4o-mini": ModelPrice(0.15, 0.60),
        "claude-sonnet": ModelPrice(3.00, 15.00),
        # the local stand-in teacher is priced like gpt-4o so that caps behave realistically
        "mentionflow-standin": _GPT_4O,
    }
)


def cost_usd(usage: Usage, model: str, table: PriceTable) -> float:
    """USD for ``usage`` on ``model``; raises :class:`UnknownModelError` for unpriced models."""
    p = table.price(model)
    return (
        usage.prompt_tokens * p.input_per_mtok + usage.completion_tokens * p.output_per_mtok
    ) / 1e6


def parse_price_table(data: Any) -> PriceTable:
    """A table from ``{"model": {"input_per_mtok": x, "output_per_mtok": y}, ...}``.

    Raises :class:`TeacherConfigError` naming the first bad entry.
    """
    if not isinstance(data, dict) or not data:
        raise TeacherConfigError("price table must be a non-empty JSON object")
    prices: dict[str, ModelPrice] = {}
    for model, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != {"input_per_mtok", "output_per_mtok"}:
            raise TeacherConfigError(
                f"price entry {model!r} must have exactly input_per_mtok and output_per_mtok"
            )
        try:
            prices[model] = ModelPrice(entry["input_per_mtok"], entry["output_per_mtok"])
        except TeacherConfigError as exc:
            raise TeacherConfigError(f"price entry {model!r}: {exc}") from exc
    return PriceTable(prices)


def load_price_table(path: str | Path) -> PriceTable:
    """Read a price table from a JSON file (see :func:`parse_price_table`)."""
    try:
        raw = Path(path).read_bytes()
        data = orjson.loads(raw)
    except (OSError, orjson.JSONDecodeError) as exc:
        raise TeacherConfigError(f"cannot read price table {str(path)!r}: {exc}") from exc
    return parse_price_table(data)


#: Documents a run labels before its cost per document is trusted for a projection.
PROJECTION_MIN_DOCS = 200


def projected_cost(spent_usd: float, done: int, total: int, min_done: int = PROJECTION_MIN_DOCS) -> float | None:
    """Pure: what ``total`` documents would cost at the cost per document of the ``done`` so far;
    None before ``min_done`` documents (or a tenth of ``total``, if fewer) are done."""
    if done <= 0 or done < min(min_done, max(1, total // 10)):
        return None
    return spent_usd / done * total
