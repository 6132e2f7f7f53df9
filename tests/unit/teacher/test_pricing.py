from __future__ import annotations

import pytest

from teacher.errors import TeacherConfigError, TeacherError, UnknownModelError
from teacher.pricing import (
    DEFAULT_PRICE_TABLE,
    ModelPrice,
    PriceTable,
    cost_usd,
    load_price_table,
    parse_price_table,
)
from teacher.shapes import Usage


@pytest.mark.parametrize(
    ("usage", "model", "expected"),
    [
        (Usage(1_000_000, 0), "gpt-4o", 2.50),
        (Usage(0, 1_000_000), "gpt-4o", 10.00),
        (Usage(1000, 500), "gpt-4o-mini", 0.00015 + 0.0003),
        (Usage(2000, 1000), "claude-sonnet", 0.006 + 0.015),
        (Usage(0, 0), "gpt-4o", 0.0),
    ],
)
def test_cost_usd_arithmetic(usage, model, expected):
    assert cost_usd(usage, model, DEFAULT_PRICE_TABLE) == pytest.approx(expected)


def test_standin_is_priced_like_gpt_4o():
    assert DEFAULT_PRICE_TABLE.price("mentionflow-standin") == DEFAULT_PRICE_TABLE.price("gpt-4o")


def test_unknown_model_is_an_error_not_zero():
    with pytest.raises(UnknownModelError) as exc:
        cost_usd(Usage(10, 10), "gpt-9", DEFAULT_PRICE_TABLE)
    assert isinstance(exc.value, TeacherError) and not exc.value.retriable
    assert "gpt-9" in str(exc.value) and "gpt-4o" in str(exc.value)


def test_price_table_is_immutable_and_extendable():
    with pytest.raises(TypeError):
        DEFAULT_PRICE_TABLE.prices["free"] = ModelPrice(0, 0)  # type: ignore[index]
    table = DEFAULT_PRICE_TABLE.with_prices({"local": ModelPrice(0, 0)})
    assert cost_usd(Usage(5, 5), "local", table) == 0.0
    assert "local" not in DEFAULT_PRICE_TABLE.prices


def test_load_price_table_from_json(tmp_path):
    path = tmp_path / "prices.json"
    path.write_text('{"my-model": {"input_per_mtok": 1.0, "output_per_mtok": 4}}')
    table = load_price_table(path)
    assert table == PriceTable({"my-model": ModelPrice(1.0, 4)})
    assert cost_usd(Usage(500_000, 250_000), "my-model", table) == pytest.approx(1.5)


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        {"m": {"input_per_mtok": 1.0}},
        {"m": {"input_per_mtok": 1.0, "output_per_mtok": 2.0, "extra": 1}},
        {"m": {"input_per_mtok": -1.0, "output_per_mtok": 2.0}},
        {"m": {"input_per_mtok": "1", "output_per_mtok": 2.0}},
        {"m": {"input_per_mtok": True, "output_per_mtok": 2.0}},
        {"m": 3},
    ],
)
def test_parse_price_table_rejects_bad_tables(data):
    with pytest.raises(TeacherConfigError):
        parse_price_table(data)


def test_load_price_table_bad_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with pytest.raises(TeacherConfigError):
        load_price_table(bad)
    with pytest.raises(TeacherConfigError):
        load_price_table(tmp_path / "missing.json")
