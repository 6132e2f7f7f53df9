"""`mentionflow run`'s supervisor: a dead slot alone is restarted, with doubling backoff and a counter."""

from __future__ import annotations

from mentionflow.runner import Slot, Supervisor


class FakeProc:
    pids = iter(range(100, 10_000))

    def __init__(self):
        self.pid = next(self.pids)
        self.returncode: int | None = None

    def poll(self):
        return self.returncode

    def send_signal(self, sig):
        self.returncode = -sig


def test_supervisor_restarts_only_the_dead_slot_with_backoff():
    t = [0.0]
    sup = Supervisor([Slot("extraction#0", ["x"], {}), Slot("normalization#0", ["y"], {})], backoff_s=1.0,
                     backoff_max_s=4.0, stable_s=60.0, clock=lambda: t[0], spawn=lambda s: FakeProc())
    for s in sup.slots:
        sup.start(s)
    crashy, steady = sup.slots
    steady_pid = steady.proc.pid
    waits = []
    for _ in range(4):  # dies at once, four times
        crashy.proc.returncode = 70
        sup.tick()
        assert crashy.proc is None
        waits.append(crashy.next_start - t[0])
        t[0] = crashy.next_start
        sup.tick()
        assert crashy.proc is not None
    assert waits == [1.0, 2.0, 4.0, 4.0] and crashy.restarts == 4 and crashy.history == [70] * 4
    assert steady.proc.pid == steady_pid and steady.restarts == 0
    t[0] += 120  # ran long enough: the next death waits the first backoff again
    crashy.proc.returncode = -9
    sup.tick()
    assert crashy.next_start - t[0] == 1.0
    sup.stop()
    assert sup.stopping and steady.proc.returncode == -15


def test_a_worker_whose_graceful_stop_hangs_exits_1_at_its_stop_deadline():
    """The topic watch's stop deadline: a hung stop still ends the process, with exit 1 and a reason."""
    import subprocess
    import sys

    code = ("import time\nfrom mentionflow.app import _exit_after\n_exit_after(0.3, 'topic x: missing')\n"
            "time.sleep(60)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=50)
    assert done.returncode == 1
    assert "topic x: missing; graceful stop did not finish within 0.3s" in done.stderr
