"""JSON responses, query-parameter parsing and the error middleware.

Every error body is ``{"error": {"code": ..., "message": ...}}``; a bad
query parameter also names ``parameter`` and the rejected ``value``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import orjson
from aiohttp import web

from ticketd.domain.ticket import parse_datetime
from ticketd.errors import (
    InvalidInput,
    NotFound,
    RateLimited,
    TicketdError,
    Unavailable,
    Unprocessable,
)

__all__ = [
    "ParameterError",
    "bool_param",
    "datetime_param",
    "error_middleware",
    "int_param",
    "json_response",
    "read_json",
    "text_param",
]

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
_STATUS = {InvalidInput: 400, NotFound: 404, Unprocessable: 422, RateLimited: 429, Unavailable: 503}


class ParameterError(Unprocessable):
    """A query parameter is malformed or out of range (HTTP 422)."""

    code = "invalid_parameter"

    def __init__(self, parameter: str, value: str, expected: str) -> None:
        super().__init__(f"{parameter} must be {expected}, got {value!r}")
        self.parameter = parameter
        self.value = value


def json_response(
    body: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A response with an orjson-encoded body."""
    return web.Response(
        body=orjson.dumps(body), status=status, headers=headers, content_type="application/json"
    )


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> web.Response:
    """The uniform error body."""
    return json_response(
        {"error": {"code": code, "message": message, **extra}}, status=status, headers=headers
    )


def int_param(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter in ``low..high``."""
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        expected = f"an integer >= {low}" if high >= 10**9 else f"an integer in {low}..{high}"
        raise ParameterError(name, raw, expected)
    return value


def bool_param(request: web.Request, name: str) -> bool:
    """``true``/``false`` (also 1/0, yes/no); absent is false."""
    raw = request.query.get(name)
    if raw is None:
        return False
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise ParameterError(name, raw, "true or false")


def text_param(request: web.Request, name: str) -> str | None:
    """A non-empty string parameter, or None when absent."""
    raw = request.query.get(name)
    if raw is not None and not raw.strip():
        raise ParameterError(name, raw, "a non-empty string")
    return raw


def datetime_param(request: web.Request, name: str) -> datetime | None:
    """An ISO 8601 timestamp parameter (naive means UTC), or None."""
    raw = request.query.get(name)
    if raw is None:
        return None
    try:
        return parse_datetime(raw)
    except InvalidInput:
        raise ParameterError(name, raw, "an ISO 8601 timestamp") from None


async def read_json(request: web.Request, *, empty: Any = None) -> Any:
    """The decoded request body; ``empty`` when there is none. Raises
    ``InvalidInput`` (400) on malformed JSON."""
    raw = await request.read()
    if not raw.strip():
        return empty
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"body is not valid JSON: {exc}") from None


@web.middleware
async def error_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Map our errors and the router's 404/405 to JSON error bodies."""
    try:
        return await handler(request)
    except ParameterError as exc:
        return error_response(422, exc.code, exc.message, parameter=exc.parameter, value=exc.value)
    except RateLimited as exc:
        return error_response(
            429,
            exc.code,
            exc.message,
            headers={"Retry-After": str(int(exc.retry_after))},
            retry_after=int(exc.retry_after),
        )
    except TicketdError as exc:
        status = getattr(exc, "http_status", None) or next(
            (s for cls, s in _STATUS.items() if isinstance(exc, cls)), 400
        )
        extra = {"ids": list(exc.ids)} if hasattr(exc, "ids") else {}
        return error_response(status, exc.code, exc.message, **extra)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = exc.reason.lower().replace(" ", "_")
        return error_response(
            exc.status,
            code,
            f"{request.method} {request.path}: {exc.reason}",
            headers=_allow_header(exc),
        )


def _allow_header(exc: web.HTTPException) -> dict[str, str] | None:
    allow = exc.headers.get("Allow")
    return {"Allow": allow} if allow else None
