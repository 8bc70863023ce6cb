"""What the provider's answers mean to the calls (``ticketd.external.calls``):
the errors that are retried, a response and its metric labels, a JSON
body, a ``Retry-After`` header, and an error told in one line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
import attrs
import orjson

from ticketd.errors import ProviderError

__all__ = [
    "TRANSIENT_ERRORS",
    "ProviderThrottle",
    "Response",
    "asked_retry_after",
    "decode_body",
    "describe_error",
    "endpoint_label",
    "outcome_label",
]

_DEFAULT_RETRY_AFTER = 1.0  # seconds, when a 429 carries no usable Retry-After
# Longer is taken as this (about 31 years): a time the clock can still add.
_LONGEST_RETRY_AFTER = 1e9
# A ClientResponseError here is an answer that is not valid HTTP (a bad
# status line or headers): the client never raises it for a status code.
TRANSIENT_ERRORS = (
    aiohttp.ClientConnectionError,
    aiohttp.ClientPayloadError,
    aiohttp.ClientResponseError,
    TimeoutError,
)


@attrs.frozen
class ProviderThrottle:
    """The provider's latest 429 on the ticket endpoints."""

    until: datetime  # when its Retry-After ends (wall clock, UTC)
    retry_after_seconds: float  # what it asked for, however long


@attrs.frozen
class Response:
    status: int
    body: bytes
    headers: Mapping[str, str]
    data: Any = None  # the decoded JSON body, when the call asked for it


def asked_retry_after(header: str | None, now: datetime) -> float:
    """Seconds a ``Retry-After`` header (delta-seconds or HTTP date)
    asks for, within 0..``_LONGEST_RETRY_AFTER`` (1 when it is missing,
    unreadable, negative or a date already past: a wait of 0 for those
    made a call retry its 20 throttled attempts within a second)."""
    if header is None:
        return _DEFAULT_RETRY_AFTER
    try:
        seconds = float(header)
    except ValueError:
        try:
            when = parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return _DEFAULT_RETRY_AFTER
        if when.tzinfo is None:
            return _DEFAULT_RETRY_AFTER
        seconds = (when - now).total_seconds()
    if seconds != seconds or seconds < 0:  # NaN, negative, a date in the past
        return _DEFAULT_RETRY_AFTER
    return min(seconds, _LONGEST_RETRY_AFTER)


def endpoint_label(path: str) -> str:
    """The metric label of a provider path (no ticket ids: bounded labels)."""
    if path.startswith("/external/support-tickets/"):
        return "ticket"
    if path == "/external/support-tickets":
        return "list"
    if path == "/external/deleted-tickets":
        return "deleted"
    return "other"


def outcome_label(status: int) -> str:
    """The metric label of an HTTP status: ok, not_found, throttled, 4xx, 5xx."""
    if 200 <= status < 300:
        return "ok"
    if status == 404:
        return "not_found"
    if status == 429:
        return "throttled"
    return "5xx" if status >= 500 else "4xx"


def decode_body(body: bytes, path: str) -> Any:
    """The JSON body. orjson refuses a lone surrogate escape (``"\\ud800"``)
    anywhere in a body; the standard library's decoder accepts it, so such
    a body is decoded again there and the one record carrying it is
    refused later (``ProviderTicket.from_provider``) instead of the page."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        raise ProviderError(f"{path}: response is not JSON") from None


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "time-out"
    if isinstance(exc, aiohttp.ClientResponseError):
        first_line = str(exc.message).splitlines()[0] if exc.message else ""
        return f"malformed HTTP answer ({first_line.rstrip(':')})"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
