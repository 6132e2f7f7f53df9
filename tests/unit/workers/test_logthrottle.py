"""Issue 12, defect 5: a 26 s broker outage wrote ~215 log lines per second."""

from __future__ import annotations

import logging

from workers.logthrottle import ThrottleFilter, install_log_throttle


class Clock:
    t = 0.0

    def __call__(self):
        return self.t


def test_throttle_filter_outage_gives_one_line_per_interval_with_counts():
    clock = Clock()
    flt = ThrottleFilter(10.0, clock)
    kept: list[logging.LogRecord] = []
    for i in range(26 * 215):  # 26 s at 215 lines/s, two kinds of message
        clock.t = i / 215
        name, msg = (("aiokafka.conn", "Unable connect to node with id %s: %s") if i % 2
                     else ("aiokafka.cluster", "Unable to update metadata from %s: %s"))
        r = logging.LogRecord(name, logging.ERROR, __file__, 1, msg, (1, "refused"), None)
        if flt.filter(r):
            kept.append(r)
    assert len(kept) <= 2 * 3  # per kind: at 0 s, 10 s, 20 s
    later = [r for r in kept if "more like this" in r.getMessage()]
    assert later and all(int(r.getMessage().split("[and ")[1].split()[0]) > 1000 for r in later)
    info = logging.LogRecord("aiokafka.conn", logging.INFO, __file__, 1, "hello", None, None)
    mine = logging.LogRecord("mentionflow.x", logging.ERROR, __file__, 1, "mine", None, None)
    assert flt.filter(info) and flt.filter(mine)  # only the libraries' warnings and errors


def test_install_log_throttle_on_every_root_handler_once():
    root = logging.Logger("root-under-test")
    h1, h2 = logging.StreamHandler(), logging.StreamHandler()
    root.addHandler(h1)
    root.addHandler(h2)
    flt = install_log_throttle(5.0, root)
    assert install_log_throttle(5.0, root) is flt
    assert h1.filters == [flt] and h2.filters == [flt]
    assert install_log_throttle(0, root) is None
