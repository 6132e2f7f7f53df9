"""The operator endpoints in process (loopback, a free port) and the metric bookkeeping."""

from __future__ import annotations

import asyncio

import httpx
from prometheus_client import REGISTRY

from mentionflow.metrics import PrometheusObserver
from mentionflow.ops import run_checks, start_ops
from mentionflow.runner import slot_metrics_port
from workers.observe import Outcome
from workers.shell import Processed, RawRecord


async def _ok() -> str | None:
    return None


async def _down() -> str | None:
    raise ConnectionError("refused")


async def _hangs() -> str | None:
    await asyncio.sleep(60)
    return None


def test_run_checks_reports_each_problem_and_time_boxes_a_hanging_check():
    got = asyncio.run(run_checks({"a": _ok, "b": _down, "c": _hangs}, timeout_s=0.2))
    assert got == {"a": "ok", "b": "ConnectionError: refused", "c": "no answer within 0.2s"}


def test_endpoints_answer_alive_unready_and_metrics_on_loopback():
    async def go() -> tuple[int, dict, int, str, str]:
        runner, port = await start_ops({"broker": _ok, "redis": _down}, "127.0.0.1", 0, "test")
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as c:
                h, r, m = await c.get("/healthz"), await c.get("/readyz"), await c.get("/metrics")
            return h.status_code, r.json() | {"status": r.status_code}, m.status_code, m.text, \
                m.headers["content-type"]
        finally:
            await runner.cleanup()

    health, ready, metrics_status, text, ctype = asyncio.run(go())
    assert health == 200
    assert ready == {"ready": False, "checks": {"broker": "ok", "redis": "ConnectionError: refused"}, "status": 503}
    assert metrics_status == 200 and ctype.startswith("text/plain") and "mentionflow_documents_total" in text


def test_observer_counts_documents_and_dead_letters_by_reason():
    obs = PrometheusObserver()

    def value(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    before = (value("mentionflow_documents_total", stage="unit", outcome="published"),
              value("mentionflow_dead_letters_total", stage="unit", topic="in", reason="not_json"))
    rec = RawRecord("in", 0, 0, b"k", b"v", timestamp_ms=1_000)
    obs.published("unit", [Outcome(Processed(rec, ()), None), Outcome(Processed(rec, ()), "not_json")], 3_000)
    assert value("mentionflow_documents_total", stage="unit", outcome="published") == before[0] + 1
    assert value("mentionflow_dead_letters_total", stage="unit", topic="in", reason="not_json") == before[1] + 1
    assert value("mentionflow_record_latency_seconds_sum", stage="unit") >= 4.0  # 2 s each


def test_slot_ports_are_base_plus_one_plus_slot_and_special_values_pass_through():
    assert [slot_metrics_port(9400, k) for k in range(3)] == [9401, 9402, 9403]
    assert slot_metrics_port(0, 5) == 0 and slot_metrics_port(-1, 5) == -1


def test_supervisor_counts_restarts_and_slot_liveness():
    from mentionflow.runner import Slot, Supervisor
    from tests.unit.test_supervisor import FakeProc

    t = [0.0]
    sup = Supervisor([Slot("metrics-test#0", ["x"], {})], backoff_s=1.0, clock=lambda: t[0], spawn=lambda s: FakeProc())
    (slot,) = sup.slots
    before = REGISTRY.get_sample_value("mentionflow_worker_restarts_total", {"slot": "metrics-test#0"}) or 0.0
    sup.start(slot)
    assert REGISTRY.get_sample_value("mentionflow_worker_up", {"slot": "metrics-test#0"}) == 1.0
    slot.proc.returncode = 70  # type: ignore[union-attr]
    sup.tick()
    assert REGISTRY.get_sample_value("mentionflow_worker_up", {"slot": "metrics-test#0"}) == 0.0
    assert REGISTRY.get_sample_value("mentionflow_worker_restarts_total", {"slot": "metrics-test#0"}) == before + 1
