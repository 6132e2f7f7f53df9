"""The link bench's pure pieces: rates, the medians over rounds and the printed lines."""

from __future__ import annotations

import pytest

from mentionflow.bench_link import Timing, format_link, summarize, timed


def test_timing_rates_per_wall_and_cpu_second():
    t = Timing(docs=1000, mentions=2500, wall_s=4.0, cpu_s=2.5)
    assert t.docs_per_s == 250.0 and t.docs_per_cpu_s == 400.0


def test_summarize_takes_the_median_of_each_rate_and_keeps_every_round():
    rounds = [Timing(100, 7, wall_s=w, cpu_s=c) for w, c in ((1.0, 0.5), (2.0, 0.25), (0.5, 1.0))]
    out = summarize(rounds)
    assert out["median_docs_per_s"] == 100.0  # of 100, 50, 200
    assert out["median_docs_per_cpu_s"] == 200.0  # of 200, 400, 100
    assert [r["docs_per_cpu_s"] for r in out["rounds"]] == [200.0, 400.0, 100.0]
    assert out["mentions"] == 7


@pytest.mark.parametrize("rounds", [[], [Timing(10, 3, 1.0, 1.0), Timing(10, 4, 1.0, 1.0)]])
def test_summarize_refuses_no_rounds_or_rounds_that_disagree(rounds):
    with pytest.raises(ValueError):
        summarize(rounds)


def test_timed_counts_what_the_run_returns():
    t = timed(lambda: 42, docs=5)
    assert t.mentions == 42 and t.docs == 5 and t.wall_s >= 0 and t.cpu_s >= 0


def test_format_link_prints_both_measurements_and_the_ratio():
    link = summarize([Timing(100, 9, 1.0, 0.5), Timing(100, 9, 1.0, 0.4)])
    extract = summarize([Timing(100, 9, 0.5, 0.25), Timing(100, 9, 0.5, 0.2)])
    out = {"documents": 100, "avg_chars": 120.0, "batch": 32, "repeats": 2, "extractor": "x", "linker": "y",
           "versions": {"spacy": "3"}, "link": link, "extract": extract, "link_vs_extract_cpu": 0.5}
    lines = format_link(out).splitlines()
    assert lines[0].endswith("x + y; spacy 3")
    assert lines[1].startswith("link") and "rounds 200 / 250" in lines[1] and "9 mentions" in lines[1]
    assert lines[2].startswith("extract") and lines[3].endswith("0.50")
