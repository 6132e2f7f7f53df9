"""The live review rate: tally, hour keys, and the drift verdict (pure parts)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from workers.normalization.routing_rate import RouteTally, hour_keys, review_rate_drift, routing_key


def test_tally_sums_per_version_across_threads_and_drains_once():
    tally = RouteTally()

    def work() -> None:
        for _ in range(1000):
            tally.add("m1", 3, 1)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    tally.add("m2", 5, 0)
    assert tally.drain() == {"m1": (12_000, 4_000), "m2": (5, 0)}
    assert tally.drain() == {}
    tally.restore({"m1": (2, 1)})
    assert tally.drain() == {"m1": (2, 1)}


def test_hour_keys_walk_back_across_midnight():
    now = datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
    assert routing_key("v", now) == "mf:routing:v:2026112401"
    assert hour_keys("v", now, 3) == ["mf:routing:v:2026112401", "mf:routing:v:2026112400", "mf:routing:v:2026112323"]


def test_drift_needs_enough_mentions_and_a_rate_above_factor_times_target():
    few = review_rate_drift(100, 90, target_rate=0.1, factor=1.5, min_mentions=500)
    assert not few.triggered and "too few" in few.why
    calm = review_rate_drift(1000, 140, target_rate=0.1, factor=1.5, min_mentions=500)
    assert not calm.triggered and calm.rate == 0.14
    drifted = review_rate_drift(1000, 150, target_rate=0.1, factor=1.5, min_mentions=500)
    assert drifted.triggered and drifted.rate == 0.15
    assert not review_rate_drift(0, 0, 0.1, 1.5, 500).triggered
