from __future__ import annotations

import random
from email.utils import formatdate

import httpx
import pytest

from teacher.retry import backoff_delay, parse_retry_after


@pytest.mark.parametrize("retry", range(1, 10))
def test_backoff_delay_is_exponential_jittered_and_capped(retry):
    rng = random.Random(retry)
    step = min(20.0, 0.5 * 2 ** (retry - 1))
    delays = [backoff_delay(retry, 0.5, 20.0, rng) for _ in range(50)]
    assert all(step / 2 <= d <= step for d in delays)
    assert len(set(delays)) > 1


def test_backoff_delay_survives_huge_retry_numbers():
    assert backoff_delay(10_000, 0.5, 20.0, random.Random(0)) <= 20.0


NOW = 1_700_000_000.0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "7"}, 7.0),
        ({"retry-after": " 1.5 "}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": formatdate(NOW + 30, usegmt=True)}, 30.0),
        ({"retry-after": formatdate(NOW - 30, usegmt=True)}, 0.0),
        ({"retry-after": "-3"}, None),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "inf"}, None),
        ({}, None),
    ],
)
def test_parse_retry_after(headers, expected):
    assert parse_retry_after(headers, NOW) == expected


def test_parse_retry_after_is_case_insensitive_on_httpx_headers():
    assert parse_retry_after(httpx.Headers({"Retry-After": "3"}), NOW) == 3.0
