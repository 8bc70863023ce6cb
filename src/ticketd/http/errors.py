"""Error mapping: our exceptions to ``{"error": {"code", "message"}}``.

The one place that decides status codes. Anything unexpected becomes an
opaque 500 with a request id; the traceback goes to the log, never to the
client.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import orjson
from aiohttp import web

from ticketd.errors import (
    ActorStopped,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    TicketdError,
    Unauthorized,
    Unavailable,
    Unprocessable,
)

__all__ = ["error_middleware", "error_response", "json_response"]

log = logging.getLogger(__name__)

_STATUS: dict[type[TicketdError], int] = {
    InvalidInput: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Unprocessable: 422,
    RateLimited: 429,
    Unavailable: 503,
    ActorStopped: 503,
}
# aiohttp's own HTTP errors (unknown route, wrong method) keep their status.
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_response(
    body: object, *, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A JSON response serialised with orjson."""
    return web.Response(
        body=orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS),
        status=status,
        content_type="application/json",
        headers=headers,
    )


def error_response(status: int, code: str, message: str, **headers: str) -> web.Response:
    return json_response(
        {"error": {"code": code, "message": message}}, status=status, headers=headers or None
    )


def _status_for(error: TicketdError) -> int:
    for kind in type(error).__mro__:
        if kind in _STATUS:
            return _STATUS[kind]  # type: ignore[index]
    return 500


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except TicketdError as exc:
        status = _status_for(exc)
        headers = {}
        if isinstance(exc, RateLimited):
            headers["Retry-After"] = str(max(1, round(exc.retry_after)))
        if isinstance(exc, Unauthorized):
            headers["WWW-Authenticate"] = 'Bearer realm="ticketd"'

        if status == 500:
            log.error("unmapped ticketd error", exc_info=exc)
            return error_response(500, "internal", "internal error")
        return error_response(status, exc.code, exc.message, **headers)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = _HTTP_CODES.get(exc.status, "http_error")
        return error_response(
            exc.status,
            code,
            exc.reason,
            **{k: v for k, v in exc.headers.items() if k.lower() == "allow"},
        )
    except TimeoutError:
        log.warning("request timed out inside the service")
        return error_response(503, "timeout", "the service did not answer in time")
    except Exception:
        log.exception("unhandled error")
        return error_response(500, "internal", "internal error")
