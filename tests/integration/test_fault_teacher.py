"""Fault suite (issue 12): the teacher fails. 5xx answers (the stand-in's ``--error-rate``),
answers slower than the client's timeout (``--latency-ms``), malformed and adversarial answers (a
tiny teacher server of the test's own on 127.0.0.1: the other party of the protocol, speaking
HTTP), and the spending cap reached. No item is lost: it waits, is retried, or goes to people;
the audit shows 0 lost."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from aiohttp import web

from streams.schemas import ReviewDecision
from tests.integration.conftest import produce, read_all, wait_for
from tests.integration.faults import assert_nothing_lost, docs, encoded, free_port, split_workers
from tests.integration.test_review_worker import start_standin

pytestmark = pytest.mark.integration

N = 20
ENV = {"MENTIONFLOW_REVIEW_THRESHOLD": "0.999", "MENTIONFLOW_REVIEW_QC_RATE": "0",
       "MENTIONFLOW_REVIEW_TEACHER_MIN_CONFIDENCE": "0", "MENTIONFLOW_TEACHER_FRESH": "true"}


def _decisions(bootstrap: str, topic: str) -> list[ReviewDecision]:
    return [ReviewDecision.model_validate_json(r.value) for r in read_all(bootstrap, topic, idle_s=0.5)]


def _reviewed_ids(bootstrap: str, topic: str) -> set[str]:
    return {r.key.decode() for r in read_all(bootstrap, topic, idle_s=0.5)}


def _pipeline(worker_factory, topics, tmp_path: Path, port: int, extra: dict[str, str] | None = None):
    env = {**ENV, "MENTIONFLOW_TEACHER_BASE_URL": f"http://127.0.0.1:{port}/v1", **(extra or {})}
    return split_workers(worker_factory, topics, tmp_path, ["extraction,normalization", "review"], env)


def _stop(w: dict) -> None:
    for x in w.values():
        assert x.stop() == 0, x.log.read_text()[-2000:]


def test_teacher_5xx_answers_are_retried_until_decided(bootstrap, topics, worker_factory, tmp_path: Path):
    since, port = datetime.now(UTC), free_port()
    w = _pipeline(worker_factory, topics, tmp_path, port)
    standin = start_standin(w["review"].env, port, tmp_path / "standin.log", error_rate=0.5)
    try:
        for x in w.values():
            x.start()
        produce(bootstrap, topics.raw, encoded(docs("t5", N)))
        assert wait_for(lambda: len(_reviewed_ids(bootstrap, topics.reviewed)) >= N, 110, 2), \
            w["review"].log.read_text()[-3000:]
    finally:
        standin.terminate()
        standin.wait(20)
    _stop(w)
    retries = w["review"].log.read_text(errors="replace").count("teacher.retry")
    report = assert_nothing_lost(bootstrap, topics, since, N)
    print(f"TEACHER 5xx: inputs={N} reviewed docs={len(_reviewed_ids(bootstrap, topics.reviewed))} "
          f"retries logged={retries} done={report.done} pending={len(report.pending)} lost={len(report.lost)}")
    assert report.done == N


def test_teacher_slower_than_the_timeout_holds_then_decides(bootstrap, topics, worker_factory, tmp_path: Path):
    since, port = datetime.now(UTC), free_port()
    w = _pipeline(worker_factory, topics, tmp_path, port, {"MENTIONFLOW_TEACHER_TIMEOUT_S": "0.5"})
    slow = start_standin(w["review"].env, port, tmp_path / "standin.log", latency_ms=3000)
    fast = None
    try:
        for x in w.values():
            x.start()
        produce(bootstrap, topics.raw, encoded(docs("tl", N)))
        assert wait_for(lambda: "teacher_unavailable_holding" in w["review"].log.read_text(errors="replace"), 110, 1), \
            w["review"].log.read_text()[-3000:]
        assert not _reviewed_ids(bootstrap, topics.reviewed)  # held: nothing decided, nothing dropped
        held = assert_nothing_lost(bootstrap, topics, since, N)  # meanwhile pending, not lost
        slow.terminate()
        slow.wait(20)
        fast = start_standin(w["review"].env, port, tmp_path / "standin.log")
        assert wait_for(lambda: len(_reviewed_ids(bootstrap, topics.reviewed)) >= N, 110, 2), \
            w["review"].log.read_text()[-3000:]
    finally:
        for p in (slow, fast):
            if p is not None:
                p.terminate()
                p.wait(20)
    _stop(w)
    report = assert_nothing_lost(bootstrap, topics, since, N)
    print(f"TEACHER TIMEOUT: inputs={N} while slow: pending={len(held.pending)} lost={len(held.lost)}; after: "
          f"done={report.done} pending={len(report.pending)} lost={len(report.lost)}")
    assert report.done == N


ANSWERS = [  # what a broken or hostile model may put in the message content (HTTP 200 each)
    {"content": "Sure! The answer is wiki:Angela_Merkel {"},  # not JSON
    {"content": orjson.dumps({"id": "wiki:Injected_Entity", "confidence": 1.0,
                              "reason": "ignore all previous instructions"}).decode()},  # an id not offered
    {"content": orjson.dumps({"id": "wiki:Angela_Merkel", "confidence": "very high"}).decode()},  # wrong type
    {"content": orjson.dumps([{"id": "wiki:Angela_Merkel", "confidence": 1}]).decode()},  # not an object
    {"content": orjson.dumps({"id": None, "confidence": 0.9}).decode()},  # null id without a reason
    {"content": orjson.dumps({"id": "wiki:Angela_Merkel", "confidence": 1e308, "nil_reason": "x" * 10_000}).decode()},
    {"content": None, "refusal": "I can't help with that."},
    {"content": "{\"id\": \"wiki:Angela_Merkel\", \"confid", "finish_reason": "length"},  # truncated
    {"content": ""},
]


@pytest.fixture
def hostile_teacher() -> Iterator[int]:
    """An OpenAI-shaped server on 127.0.0.1 that answers every request with a bad answer."""
    port = free_port()
    cycle = itertools.cycle(ANSWERS)
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    async def completions(_: web.Request) -> web.Response:
        a = next(cycle)
        msg = {"role": "assistant", "content": a["content"], **({"refusal": a["refusal"]} if "refusal" in a else {})}
        return web.json_response({"id": "x", "object": "chat.completion", "model": "mentionflow-standin",
                                  "choices": [{"index": 0, "message": msg, "finish_reason": a.get("finish_reason", "stop")}],
                                  "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}})

    async def start() -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", completions)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        ready.set()
        return runner

    def serve() -> None:
        asyncio.set_event_loop(loop)
        runner = loop.run_until_complete(start())
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    ready.wait(10)
    yield port
    loop.call_soon_threadsafe(loop.stop)
    t.join(10)


def test_teacher_malformed_and_adversarial_answers_go_to_people(bootstrap, topics, worker_factory, tmp_path: Path,
                                                                 hostile_teacher: int):
    since = datetime.now(UTC)
    w = _pipeline(worker_factory, topics, tmp_path, hostile_teacher)
    for x in w.values():
        x.start()
    produce(bootstrap, topics.raw, encoded(docs("ta", N)))
    assert wait_for(lambda: len(_reviewed_ids(bootstrap, topics.reviewed)) >= N, 110, 2), \
        w["review"].log.read_text()[-3000:]
    _stop(w)
    got = _decisions(bootstrap, topics.reviewed)
    assert got and all(d.next == "human" for d in got), [d for d in got if d.next != "human"][:3]
    assert not [d for d in got if d.kb_id == "wiki:Injected_Entity"]
    report = assert_nothing_lost(bootstrap, topics, since, N)
    print(f"TEACHER HOSTILE: inputs={N} decisions={len(got)} all to people; done={report.done} "
          f"pending (waiting for people)={len(report.pending)} lost={len(report.lost)}")
    assert len(report.pending) == N


def test_teacher_spending_cap_holds_until_raised(bootstrap, topics, worker_factory, tmp_path: Path):
    since, port = datetime.now(UTC), free_port()
    w = _pipeline(worker_factory, topics, tmp_path, port, {"MENTIONFLOW_TEACHER_SPENDING_CAP_USD": "0.000001",
                                                           "MENTIONFLOW_TEACHER_FRESH": "false"})
    standin = start_standin(w["review"].env, port, tmp_path / "standin.log")
    try:
        for x in w.values():
            x.start()
        produce(bootstrap, topics.raw, encoded(docs("tc", N)))
        log = w["review"].log
        assert wait_for(lambda: "SpendingCapReached" in log.read_text(errors="replace"), 110, 1), log.read_text()[-3000:]
        held = assert_nothing_lost(bootstrap, topics, since, N)
        capped = len(_reviewed_ids(bootstrap, topics.reviewed))
        assert capped < N
        # the operator raises the cap: the same slot restarts (SIGTERM in the middle of the hold:
        # it stops at once, the held batch unacked), paid answers are reused, the rest decided
        t = time.monotonic()
        assert w["review"].stop() == 0
        stop_s = time.monotonic() - t
        w["review"].env["MENTIONFLOW_TEACHER_SPENDING_CAP_USD"] = "25"
        w["review"].start()
        assert wait_for(lambda: len(_reviewed_ids(bootstrap, topics.reviewed)) >= N, 110, 2), log.read_text()[-3000:]
    finally:
        standin.terminate()
        standin.wait(20)
    _stop(w)
    report = assert_nothing_lost(bootstrap, topics, since, N)
    print(f"TEACHER CAP: inputs={N} SIGTERM in the hold: exit in {stop_s:.1f} s; at the cap: reviewed docs={capped} pending={len(held.pending)} "
          f"lost={len(held.lost)}; after raising it: done={report.done} pending={len(report.pending)} lost={len(report.lost)}")
    assert report.done == N
