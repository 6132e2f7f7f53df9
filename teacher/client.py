"""The I/O shell: sends teacher requests over HTTP, retries, counts, and enforces the cap.

Everything else (prompts, schemas, parsing, prices, backoff) is pure and lives in the other
modules; this one only sequences effects. Per call, in order:

1. wait for a concurrency slot (``max_concurrency``);
2. check the spending cap -- once the running cost has reached it, raise
   :class:`SpendingCapReached` without sending (checked before every request, retries too;
   requests already in flight may still finish, so the overshoot is at most their cost);
3. POST ``{base_url}/chat/completions``; map httpx errors to :mod:`teacher.errors` here;
4. release the slot; on a retriable failure sleep (``Retry-After`` or backoff) and go to 1;
5. account tokens and cost of every 2xx response (also when its answer is invalid), then
   parse the answer into a value or an :class:`Invalid`.

Log lines carry the document id, task, and error class/status/kind -- never the document
text, the server's error message (it may quote the request) or the key.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any, Self

import httpx
import orjson
import structlog

from teacher.answers import AnswerStore, request_key
from teacher.config import TeacherConfig
from teacher.errors import SpendingCapReached, TeacherError, TeacherRequestError, TeacherUnavailable
from teacher.pricing import cost_usd
from teacher.protocol import (
    EXTRACTION_SCHEMA,
    EXTRACTION_SCHEMA_NAME,
    NORMALIZATION_SCHEMA,
    NORMALIZATION_SCHEMA_NAME,
    answer_content,
    chat_request,
    extraction_messages,
    normalization_messages,
    parse_extraction,
    parse_normalization,
    usage_from_response,
)
from teacher.retry import backoff_delay, is_retry_status, parse_retry_after
from teacher.shapes import ExtractionResult, Invalid, NormalizationAnswer, NormalizationQuery
from teacher.stats import (
    TeacherStats,
    record_failure,
    record_invalid,
    record_rejected,
    record_request,
    record_stored,
    record_usage,
)

__all__ = ["TeacherConfig", "TeacherClient", "Sleep"]

log = structlog.get_logger("mentionflow.teacher")

Sleep = Callable[[float], Awaitable[None]]

_ERROR_TEXT = 300


def _redact(text: str, secret: str) -> str:
    return text.replace(secret, "***") if secret else text


def _error_text(response: httpx.Response, secret: str) -> str:
    """A short description of an error response; the key is redacted if the body echoes it."""
    try:
        body = orjson.loads(response.content)
        err = body.get("error") if isinstance(body, dict) else None
        text = str(err.get("message", err)) if isinstance(err, dict) else str(err or body)
    except orjson.JSONDecodeError:
        text = response.text
    return _redact(" ".join(text.split())[:_ERROR_TEXT], secret)


def _from_transport(exc: httpx.HTTPError) -> TeacherError:
    """Map an httpx exception: timeouts and network trouble are retriable, the rest not."""
    name = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError):
        return TeacherUnavailable(f"teacher request failed: {name}")
    if isinstance(exc, httpx.ProxyError):
        return TeacherUnavailable(f"teacher request failed at the proxy: {name}")
    return TeacherRequestError(f"teacher request could not be sent: {name}")


class TeacherClient:
    """Client for an OpenAI-compatible Chat Completions teacher (extraction, normalization).

    ``sleep``, ``clock`` (Unix time, for HTTP-date ``Retry-After``), ``rng`` (jitter) and
    ``transport`` (an httpx transport) are injectable for tests.
    """

    def __init__(
        self,
        config: TeacherConfig,
        *,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        answers: AnswerStore | None = None,
    ) -> None:
        self._config = config
        self._answers = answers
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._slots = asyncio.Semaphore(config.max_concurrency)
        self._url = f"{config.base_url}/chat/completions"
        self._stats = TeacherStats()
        self._http = httpx.AsyncClient(
            timeout=config.timeout_s,
            transport=transport,
            trust_env=config.trust_env,
            limits=httpx.Limits(max_connections=config.max_concurrency),
        )

    @property
    def spending_cap_usd(self) -> float:
        """The configured hard cap on this client's running cost."""
        return self._config.spending_cap_usd

    @property
    def stats(self) -> TeacherStats:
        """A snapshot of the accounting (an immutable value)."""
        return self._stats

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def extract(self, doc_id: str, text: str) -> ExtractionResult | Invalid:
        """The teacher's entity spans for ``text`` (a blank text costs no request)."""
        if not text.strip():
            return ExtractionResult(spans=(), rejected=())
        body = chat_request(
            self._config.model, extraction_messages(text), EXTRACTION_SCHEMA_NAME, EXTRACTION_SCHEMA
        )
        content = await self._complete(doc_id, "extract", body)
        result = content if isinstance(content, Invalid) else parse_extraction(text, content)
        if isinstance(result, Invalid):
            self._note_invalid(doc_id, "extract", result)
        elif result.rejected:
            kinds = [r.kind for r in result.rejected]
            self._stats = record_rejected(self._stats, kinds)
            log.info(
                "teacher.spans_rejected",
                doc_id=doc_id,
                rejected=len(kinds),
                kinds=sorted(set(kinds)),
            )
        return result

    async def normalize(
        self, q: NormalizationQuery, *, doc_id: str | None = None
    ) -> NormalizationAnswer | Invalid:
        """The teacher's choice among ``q.candidates`` (or NIL with a reason)."""
        body = chat_request(
            self._config.model,
            normalization_messages(q, self._config.context_chars),
            NORMALIZATION_SCHEMA_NAME,
            NORMALIZATION_SCHEMA,
        )
        content = await self._complete(doc_id, "normalize", body)
        answer = content if isinstance(content, Invalid) else parse_normalization(q, content)
        if isinstance(answer, Invalid):
            self._note_invalid(doc_id, "normalize", answer)
        return answer

    def _note_invalid(self, doc_id: str | None, task: str, invalid: Invalid) -> None:
        self._stats = record_invalid(self._stats, invalid.kind)
        log.warning("teacher.invalid_answer", doc_id=doc_id, task=task, kind=invalid.kind)

    async def _complete(self, doc_id: str | None, task: str, body: dict[str, Any]) -> str | Invalid:
        """Send with retries; the answer content, or why the answer has none. An answer already
        paid for (same request, in the answer store) is reused without a request."""
        payload = orjson.dumps(body)
        key = request_key(payload)
        if self._answers is not None and (stored := self._answers.get(key)) is not None:
            self._stats = record_stored(self._stats)
            return stored
        retry = 0
        while True:
            try:
                response = await self._attempt(payload, retry=retry > 0)
            except SpendingCapReached:
                log.warning("teacher.spending_cap_reached", doc_id=doc_id, task=task)
                raise
            except TeacherError as exc:
                if not exc.retriable:
                    self._stats = record_failure(self._stats)
                    log.error(
                        "teacher.request_rejected",
                        doc_id=doc_id,
                        task=task,
                        error=type(exc).__name__,
                        status=getattr(exc, "status", None),
                    )
                    raise
                if retry >= self._config.max_retries:
                    self._stats = record_failure(self._stats)
                    log.error("teacher.unavailable", doc_id=doc_id, task=task, attempts=retry + 1)
                    raise TeacherUnavailable(
                        f"teacher unavailable after {retry + 1} attempts: {exc}",
                        status=getattr(exc, "status", None),
                    ) from exc
                retry += 1
                delay = self._delay(exc, retry)
                log.info(
                    "teacher.retry",
                    doc_id=doc_id,
                    task=task,
                    retry=retry,
                    error=type(exc).__name__,
                    status=getattr(exc, "status", None),
                    delay_s=round(delay, 3),
                )
                await self._sleep(delay)
                continue
            self._account(doc_id, task, response)
            content = answer_content(response)
            if self._answers is not None and isinstance(content, str):
                self._answers.put(key, self._config.model, content)
            return content

    def _delay(self, exc: TeacherError, retry: int) -> float:
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            return min(float(retry_after), self._config.retry_after_cap_s)
        cfg = self._config
        return backoff_delay(retry, cfg.backoff_base_s, cfg.backoff_cap_s, self._rng)

    async def _attempt(self, payload: bytes, *, retry: bool) -> dict[str, Any]:
        """One request in one concurrency slot: cap check, POST, status mapping."""
        secret = self._config.api_key.get_secret_value()
        async with self._slots:
            if self._stats.cost_usd >= self._config.spending_cap_usd:
                raise SpendingCapReached(self._stats.cost_usd, self._config.spending_cap_usd)
            self._stats = record_request(self._stats, retry=retry)
            try:
                response = await self._http.post(
                    self._url,
                    content=payload,
                    headers={
                        "Authorization": f"Bearer {secret}",
                        "Content-Type": "application/json",
                    },
                )
            except httpx.HTTPError as exc:
                raise _from_transport(exc) from exc
        status = response.status_code
        if is_retry_status(status):
            raise TeacherUnavailable(
                f"teacher answered HTTP {status}: {_error_text(response, secret)}",
                status=status,
                retry_after=parse_retry_after(response.headers, self._clock()),
            )
        if not response.is_success:
            raise TeacherRequestError(
                f"teacher refused the request, HTTP {status}: {_error_text(response, secret)}",
                status=status,
            )
        try:
            body = orjson.loads(response.content)
        except orjson.JSONDecodeError as exc:
            raise TeacherUnavailable(f"teacher sent a non-JSON body (HTTP {status})") from exc
        if not isinstance(body, dict):
            raise TeacherUnavailable(f"teacher sent a non-object body (HTTP {status})")
        return body

    def _account(self, doc_id: str | None, task: str, response: dict[str, Any]) -> None:
        usage = usage_from_response(response)
        missing = not isinstance(response.get("usage"), dict)
        cost = cost_usd(usage, self._config.model, self._config.price_table)
        self._stats = record_usage(self._stats, usage, cost, missing=missing)
        if missing:
            log.warning("teacher.usage_missing", doc_id=doc_id, task=task)
