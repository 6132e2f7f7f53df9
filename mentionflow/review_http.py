"""The review UI's HTTP boundary: authentication, CSRF guard, security headers, error mapping, access log.

Order of the middlewares (outermost first): ``errors`` (client and Redis/Kafka failures become
400 / 503 with a JSON message) -> ``csrf`` (a POST must be ``application/json``, from this origin
or without an Origin but with the ``X-Mentionflow-Review`` header the page sends; a foreign
``Sec-Fetch-Site`` is refused) -> ``auth`` (the session cookie or ``Authorization: Bearer`` names
the reviewer; never a query string). Security headers go on every response, errors included.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import structlog
from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from pydantic import BaseModel, TypeAdapter, ValidationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from mentionflow.review_access import Reviewers
from streams.broker import BrokerError

__all__ = ["COOKIE", "CUSTOM_HEADER", "SECURITY_HEADERS", "PUBLIC", "fail", "read_body", "middlewares",
           "add_security_headers", "ReviewAccessLogger"]

log = structlog.get_logger("mentionflow.review_ui")
COOKIE = "mf_review_session"
CUSTOM_HEADER = "X-Mentionflow-Review"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
PUBLIC = {("GET", "/"), ("GET", "/review.js"), ("GET", "/review.css"), ("POST", "/api/login")}
T = TypeVar("T")


def fail(cls: type[web.HTTPException], message: str) -> web.HTTPException:
    """An HTTP error whose body is ``{"error": message}``."""
    return cls(text=json.dumps({"error": message}), content_type="application/json")


async def read_body(request: web.Request, shape: type[T]) -> T:
    """The JSON body validated as ``shape`` (a pydantic model or a type); 400 with the reason otherwise."""
    raw = await request.read()
    try:
        if isinstance(shape, type) and issubclass(shape, BaseModel):
            return shape.model_validate_json(raw)  # type: ignore[return-value]
        return TypeAdapter(shape).validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise fail(web.HTTPBadRequest, f"malformed request body: {where}: {first['msg']}") from None


def _same_origin(request: web.Request, origin: str) -> bool:
    return origin == f"{request.scheme}://{request.host}"


def middlewares(reviewers: Reviewers) -> list[Any]:
    @web.middleware
    async def errors(request: web.Request, handler: Any) -> web.StreamResponse:
        try:
            return await handler(request)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            log.warning("review_ui_redis_unavailable", path=request.path, error=str(exc)[:200])
            raise fail(web.HTTPServiceUnavailable, "Redis (review leases) is unavailable; try again shortly") from None
        except BrokerError as exc:
            log.warning("review_ui_kafka_unavailable", path=request.path, error=str(exc)[:200])
            raise fail(web.HTTPServiceUnavailable, "Kafka is unavailable; nothing was published") from None
        except TimeoutError:
            raise fail(web.HTTPServiceUnavailable, "still reading the review topics; try again shortly") from None

    @web.middleware
    async def csrf(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("Origin")
            if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
                raise fail(web.HTTPForbidden, "cross-site request refused")
            if origin is not None and not _same_origin(request, origin):
                raise fail(web.HTTPForbidden, f"cross-origin request refused (Origin {origin[:100]})")
            if origin is None and request.headers.get(CUSTOM_HEADER) != "1":
                raise fail(web.HTTPForbidden, f"a request without Origin needs the header {CUSTOM_HEADER}: 1")
            if request.content_type != "application/json":
                raise fail(web.HTTPUnsupportedMediaType, "the body must be Content-Type: application/json")
        return await handler(request)

    @web.middleware
    async def auth(request: web.Request, handler: Any) -> web.StreamResponse:
        if (request.method, request.path) not in PUBLIC:
            bearer = request.headers.get("Authorization", "")
            token = bearer.removeprefix("Bearer ") if bearer.startswith("Bearer ") else request.cookies.get(COOKIE, "")
            reviewer = reviewers.identify(token)
            if reviewer is None:
                raise fail(web.HTTPUnauthorized, "sign in with your reviewer token (mentionflow review add-reviewer)")
            request["reviewer"] = reviewer
        return await handler(request)

    return [errors, csrf, auth]


async def add_security_headers(_: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)


class ReviewAccessLogger(AbstractAccessLogger):
    """Method, path without its query string, status, size, time and reviewer: never a token."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s %s %.3fs reviewer=%s", request.method, request.path, response.status,
                         response.body_length, time, request.get("reviewer", "-"))
