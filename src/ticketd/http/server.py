"""The HTTP server around the application: connection time-outs, and the
errors aiohttp's HTTP parser answers by itself.

- Idle keep-alive connections are closed after ``keepalive_timeout``
  seconds, and the same timer bounds how long a client may take to send a
  request's headers: it starts when the connection opens and again after
  each response, and aiohttp closes a connection that has not delivered a
  complete request head when it fires (trickling header bytes does not
  extend it).
- A request the parser rejects (an over-long request line or header, a
  malformed request) never reaches the application's middlewares. It is
  answered like every other error, ``{"error": {"code", "message"}}`` as
  JSON with an ``X-Request-Id``, the message in fixed words (never the
  client's bytes), and logged as one INFO line, not as an ERROR with a
  traceback: any client can send garbage, and must not be able to flood
  the log.

aiohttp builds one ``RequestHandler`` per connection; ``ServiceRunner``
makes those handlers ``JsonErrorRequestHandler``. This leans on how
``AppRunner`` creates its server (``_make_server``); ``tests/http``
exercises it against the installed aiohttp.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import (
    BadHttpMethod,
    BadStatusLine,
    HttpProcessingError,
    InvalidHeader,
    InvalidURLError,
    LineTooLong,
)
from aiohttp.web_protocol import RequestHandler

from ticketd.http.errors import json_response

__all__ = ["JsonErrorRequestHandler", "ServiceRunner"]

log = logging.getLogger(__name__)

_DETAIL_LIMIT = 200  # characters of the parser's own message that are logged

# The answer names the kind of fault in fixed words: the parser's own
# message quotes the client's bytes (``Invalid method encountered:
# b'GARBAGE'``), which must not be echoed back. Most specific first.
_FAULTS: tuple[tuple[type[HttpProcessingError], str], ...] = (
    (LineTooLong, "request line or header too long"),
    (BadHttpMethod, "malformed request line"),
    (BadStatusLine, "malformed request line"),
    (InvalidURLError, "malformed request target"),
    (InvalidHeader, "malformed header"),
)


class JsonErrorRequestHandler(RequestHandler):
    """A connection handler answering the parser's errors as JSON."""

    def handle_error(
        self,
        request: Any,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if not isinstance(exc, HttpProcessingError) or status >= 500:
            return super().handle_error(request, status, exc, message)
        if request.writer.output_size > 0:  # a response is under way: nothing to add
            raise ConnectionError("cannot answer a parser error after the response started")
        fault = next((text for kind, text in _FAULTS if isinstance(exc, kind)), None)
        fault = fault or "malformed request"
        detail = " ".join(str(exc.message or message or type(exc).__name__).split())
        # The same id as every other answer carries, so a client's report
        # can be matched to this log line.
        request_id = uuid.uuid4().hex[:16]
        log.info(
            "bad request from %s: %s",
            request.remote,
            fault,
            extra={
                "status": status,
                "error": type(exc).__name__,
                "detail": detail[:_DETAIL_LIMIT],
                "request_id": request_id,
            },
        )
        response = json_response(
            {"error": {"code": "bad_request", "message": fault}}, status=status
        )
        response.headers["X-Request-Id"] = request_id
        response.force_close()
        return response


class _Server(web.Server):
    def __call__(self) -> RequestHandler:
        return JsonErrorRequestHandler(self, loop=self._loop, **self._kwargs)


class ServiceRunner(web.AppRunner):
    """``AppRunner`` whose connections are ``JsonErrorRequestHandler``s.
    Takes the same arguments (``keepalive_timeout=`` bounds idle
    connections and header reads, see the module docstring)."""

    __slots__ = ()

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        server.__class__ = _Server  # same state, one method differs
        return server
