from __future__ import annotations

import asyncio
import socket
from typing import Any

import orjson
import pytest
from pydantic import SecretStr
from structlog.testing import capture_logs

from teacher.client import TeacherClient, TeacherConfig
from teacher.errors import (
    SpendingCapReached,
    TeacherRequestError,
    TeacherUnavailable,
    UnknownModelError,
)
from teacher.pricing import DEFAULT_PRICE_TABLE, ModelPrice
from teacher.shapes import (
    CandidateView,
    ExtractionResult,
    Invalid,
    NormalizationAnswer,
    NormalizationQuery,
    TeacherSpan,
)

from .conftest import API_KEY, FakeTeacher, RecordedSleep, Reply, completion

TEXT = "Angela Merkel visited Paris."
GOOD = orjson.dumps(
    {
        "entities": [
            {"text": "Angela Merkel", "type": "PER", "occurrence": 1},
            {"text": "Paris", "type": "LOC", "occurrence": 1},
        ]
    }
).decode()


def config(base_url: str, **overrides: Any) -> TeacherConfig:
    fields: dict[str, Any] = {
        "base_url": base_url,
        "model": "mentionflow-standin",
        "api_key": SecretStr(API_KEY),
        "spending_cap_usd": 10.0,
        "max_retries": 3,
        "trust_env": False,
        "timeout_s": 5.0,
    }
    return TeacherConfig(**(fields | overrides))


def client(server: FakeTeacher, sleeps: RecordedSleep, **overrides: Any) -> TeacherClient:
    return TeacherClient(config(server.base_url, **overrides), sleep=sleeps)


async def test_client_extract_success_counts_usage(fake_teacher, sleeps):
    fake_teacher.play(Reply(body=completion(GOOD, prompt_tokens=1000, completion_tokens=200)))
    async with client(fake_teacher, sleeps) as c:
        res = await c.extract("doc-1", TEXT)
    assert res == ExtractionResult(
        spans=(TeacherSpan(0, 13, "Angela Merkel", "PER"), TeacherSpan(22, 27, "Paris", "LOC")),
        rejected=(),
    )
    (req,) = fake_teacher.requests
    assert req["path"] == "/v1/chat/completions"
    assert req["headers"]["Authorization"] == f"Bearer {API_KEY}"
    body = req["json"]
    assert body["model"] == "mentionflow-standin"
    assert body["temperature"] == 0
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    s = c.stats
    assert (s.requests, s.retries, s.failures) == (1, 0, 0)
    assert (s.prompt_tokens, s.completion_tokens) == (1000, 200)
    assert s.cost_usd == pytest.approx((1000 * 2.50 + 200 * 10.00) / 1e6)
    assert sleeps.delays == []


async def test_client_normalize_success(fake_teacher, sleeps):
    answer = {"id": "Q90", "nil_reason": None, "confidence": 0.8, "reason": "the city"}
    fake_teacher.play(Reply(body=completion(orjson.dumps(answer).decode())))
    q = NormalizationQuery(
        TEXT, 22, 27, "Paris", "LOC", (CandidateView("Q90", "Paris", "city", "Capital"),)
    )
    async with client(fake_teacher, sleeps) as c:
        res = await c.normalize(q, doc_id="doc-1")
    assert res == NormalizationAnswer("Q90", None, 0.8, "the city")
    sent = fake_teacher.requests[0]["json"]
    assert sent["response_format"]["json_schema"]["name"] == "entity_link"
    assert "[[Paris]]" in sent["messages"][1]["content"]


async def test_client_blank_text_sends_nothing(fake_teacher, sleeps):
    async with client(fake_teacher, sleeps) as c:
        assert await c.extract("doc-1", "  \n") == ExtractionResult((), ())
    assert fake_teacher.requests == []


async def test_client_429_honours_retry_after_then_succeeds(fake_teacher, sleeps):
    fake_teacher.play(
        Reply(status=429, body={"error": {"message": "slow down"}}, headers={"Retry-After": "2"}),
        Reply(body=completion(GOOD)),
    )
    async with client(fake_teacher, sleeps) as c:
        res = await c.extract("doc-1", TEXT)
    assert isinstance(res, ExtractionResult) and len(res.spans) == 2
    assert sleeps.delays == [2.0]
    assert (c.stats.requests, c.stats.retries, c.stats.failures) == (2, 1, 0)


async def test_client_503_retry_after_is_capped(fake_teacher, sleeps):
    fake_teacher.play(
        Reply(status=503, body={"error": "overloaded"}, headers={"Retry-After": "3600"}),
        Reply(body=completion(GOOD)),
    )
    async with client(fake_teacher, sleeps, retry_after_cap_s=60.0) as c:
        await c.extract("doc-1", TEXT)
    assert sleeps.delays == [60.0]


async def test_client_500s_exhaust_retries(fake_teacher, sleeps):
    fake_teacher.default = Reply(status=500, body={"error": {"message": "boom"}})
    async with client(fake_teacher, sleeps, max_retries=3) as c:
        with pytest.raises(TeacherUnavailable) as exc:
            await c.extract("doc-1", TEXT)
    assert exc.value.retriable and exc.value.status == 500
    assert len(fake_teacher.requests) == 4
    assert len(sleeps.delays) == 3
    for retry, delay in enumerate(sleeps.delays, start=1):
        step = min(20.0, 0.5 * 2 ** (retry - 1))
        assert step / 2 <= delay <= step
    assert (c.stats.requests, c.stats.retries, c.stats.failures) == (4, 3, 1)
    assert c.stats.cost_usd == 0.0


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
async def test_client_other_4xx_is_not_retried(fake_teacher, sleeps, status):
    fake_teacher.play(Reply(status=status, body={"error": {"message": "bad request"}}))
    async with client(fake_teacher, sleeps) as c:
        with pytest.raises(TeacherRequestError) as exc:
            await c.extract("doc-1", TEXT)
    assert not exc.value.retriable and exc.value.status == status
    assert len(fake_teacher.requests) == 1
    assert sleeps.delays == []
    assert c.stats.failures == 1


async def test_client_error_message_never_echoes_the_key(fake_teacher, sleeps):
    fake_teacher.play(
        Reply(status=401, body={"error": {"message": f"Incorrect API key provided: {API_KEY}"}})
    )
    async with client(fake_teacher, sleeps) as c:
        with pytest.raises(TeacherRequestError) as exc:
            await c.extract("doc-1", TEXT)
    assert API_KEY not in str(exc.value) and "***" in str(exc.value)


async def test_client_timeout_is_retried(fake_teacher, sleeps):
    fake_teacher.play(Reply(body=completion(GOOD), delay_s=1.0), Reply(body=completion(GOOD)))
    async with client(fake_teacher, sleeps, timeout_s=0.2) as c:
        res = await c.extract("doc-1", TEXT)
    assert isinstance(res, ExtractionResult)
    assert c.stats.retries == 1 and len(sleeps.delays) == 1


async def test_client_connection_errors_end_in_unavailable(sleeps):
    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = TeacherClient(config(f"http://127.0.0.1:{port}/v1", max_retries=2), sleep=sleeps)
    async with c:
        with pytest.raises(TeacherUnavailable) as exc:
            await c.extract("doc-1", TEXT)
    assert exc.value.retriable
    assert isinstance(exc.value.__cause__, TeacherUnavailable)
    assert c.stats.requests == 3 and len(sleeps.delays) == 2


async def test_client_non_json_body_is_retried(fake_teacher, sleeps):
    fake_teacher.play(Reply(body=b"<html>gateway</html>"), Reply(body=completion(GOOD)))
    async with client(fake_teacher, sleeps) as c:
        assert isinstance(await c.extract("doc-1", TEXT), ExtractionResult)
    assert c.stats.retries == 1


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (completion("this is not json"), "not_json"),
        (completion('{"entities": "none"}'), "schema"),
        (completion(None, refusal="I cannot help with that"), "refusal"),
        (completion(""), "empty"),
    ],
)
async def test_client_invalid_answer_is_a_counted_value(fake_teacher, sleeps, body, kind):
    fake_teacher.play(Reply(body=body))
    with capture_logs() as logs:
        async with client(fake_teacher, sleeps) as c:
            res = await c.extract("doc-7", TEXT)
    assert isinstance(res, Invalid) and res.kind == kind
    assert dict(c.stats.invalid_answers) == {kind: 1}
    assert c.stats.prompt_tokens == 1000  # an invalid answer is still paid for
    assert c.stats.requests == 1 and c.stats.retries == 0
    (line,) = [e for e in logs if e["event"] == "teacher.invalid_answer"]
    assert line["doc_id"] == "doc-7" and line["kind"] == kind
    assert "detail" not in line


async def test_client_invalid_normalization_id_is_counted(fake_teacher, sleeps):
    answer = {"id": "Q64", "nil_reason": None, "confidence": 0.8, "reason": "r"}
    fake_teacher.play(Reply(body=completion(orjson.dumps(answer).decode())))
    q = NormalizationQuery(
        TEXT, 22, 27, "Paris", "LOC", (CandidateView("Q90", "Paris", "city", ""),)
    )
    async with client(fake_teacher, sleeps) as c:
        res = await c.normalize(q)
    assert isinstance(res, Invalid) and res.kind == "unknown_id"
    assert dict(c.stats.invalid_answers) == {"unknown_id": 1}


async def test_client_rejected_spans_are_counted(fake_teacher, sleeps):
    content = orjson.dumps(
        {
            "entities": [
                {"text": "Paris", "type": "LOC", "occurrence": 1},
                {"text": "Berlin", "type": "LOC", "occurrence": 1},
            ]
        }
    ).decode()
    fake_teacher.play(Reply(body=completion(content)))
    async with client(fake_teacher, sleeps) as c:
        res = await c.extract("doc-1", TEXT)
    assert isinstance(res, ExtractionResult) and len(res.spans) == 1
    assert dict(c.stats.rejected_spans) == {"span_not_in_text": 1}
    assert dict(c.stats.invalid_answers) == {}


async def test_client_missing_usage_is_flagged(fake_teacher, sleeps):
    body = completion(GOOD)
    del body["usage"]
    fake_teacher.play(Reply(body=body))
    async with client(fake_teacher, sleeps) as c:
        await c.extract("doc-1", TEXT)
    assert c.stats.usage_missing == 1 and c.stats.cost_usd == 0.0


async def test_client_spending_cap_stops_before_sending(fake_teacher, sleeps):
    table = DEFAULT_PRICE_TABLE.with_prices({"pricey": ModelPrice(1000.0, 0.0)})
    fake_teacher.default = Reply(body=completion(GOOD, prompt_tokens=1000, completion_tokens=0))
    async with client(
        fake_teacher, sleeps, model="pricey", price_table=table, spending_cap_usd=1.0
    ) as c:
        await c.extract("doc-1", TEXT)  # costs exactly $1.00: the cap is now reached
        assert c.stats.cost_usd == pytest.approx(1.0)
        with pytest.raises(SpendingCapReached) as exc:
            await c.extract("doc-2", TEXT)
        with pytest.raises(SpendingCapReached):
            await c.normalize(NormalizationQuery(TEXT, 22, 27, "Paris", "LOC", ()))
    assert not exc.value.retriable
    assert len(fake_teacher.requests) == 1
    assert c.stats.requests == 1 and c.stats.failures == 0


async def test_client_respects_max_concurrency(fake_teacher, sleeps):
    fake_teacher.default = Reply(body=completion(GOOD), delay_s=0.05)
    async with client(fake_teacher, sleeps, max_concurrency=3) as c:
        results = await asyncio.gather(*(c.extract(f"doc-{i}", TEXT) for i in range(12)))
    assert all(isinstance(r, ExtractionResult) for r in results)
    assert len(fake_teacher.requests) == 12
    assert fake_teacher.max_in_flight == 3


def test_config_rejects_an_unpriced_model():
    with pytest.raises(UnknownModelError):
        config("http://127.0.0.1:9/v1", model="gpt-9")


@pytest.mark.parametrize(
    "overrides",
    [
        {"base_url": "ftp://x"},
        {"spending_cap_usd": 0},
        {"max_concurrency": 0},
        {"timeout_s": 0},
        {"max_retries": -1},
        {"unknown_field": 1},
    ],
)
def test_config_validates(overrides):
    with pytest.raises(ValueError):
        config(overrides.pop("base_url", "http://127.0.0.1:9/v1"), **overrides)


def test_config_never_shows_the_key():
    cfg = config("http://127.0.0.1:9/v1/")
    assert cfg.base_url == "http://127.0.0.1:9/v1"
    for shown in (repr(cfg), str(cfg), cfg.model_dump_json(), str(cfg.model_dump())):
        assert API_KEY not in shown
    assert cfg.api_key.get_secret_value() == API_KEY
    with pytest.raises(ValueError):
        cfg.model = "other"  # type: ignore[misc]


async def test_client_logs_never_contain_the_key_or_text(fake_teacher, sleeps):
    secret_text = "Zebulon Quargle visited Paris."
    fake_teacher.play(
        Reply(status=429, body={"error": {"message": f"key {API_KEY} throttled"}}),
        Reply(status=500, body={"error": {"message": f"cannot process {secret_text}"}}),
        Reply(body=completion("not json")),
        Reply(status=401, body={"error": {"message": f"Incorrect API key provided: {API_KEY}"}}),
    )
    with capture_logs() as logs:
        async with client(fake_teacher, sleeps) as c:
            assert isinstance(await c.extract("doc-9", secret_text), Invalid)
            with pytest.raises(TeacherRequestError):
                await c.extract("doc-10", secret_text)
    events = [e["event"] for e in logs]
    assert events.count("teacher.retry") == 2
    assert "teacher.invalid_answer" in events and "teacher.request_rejected" in events
    assert all("doc_id" in e for e in logs)
    dumped = repr(logs) + repr(c.stats) + repr(c._http.headers)
    assert API_KEY not in dumped
    assert "Zebulon" not in dumped
