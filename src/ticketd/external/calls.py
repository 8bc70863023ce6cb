"""How every call to the provider is made: permits, attempts, retries,
429 waits and the counters (``ProviderCalls``, the base of
``ticketd.external.client.ProviderClient``, which adds the endpoints).

- Before each HTTP attempt it awaits ``permits.acquire(key)`` (the
  process-wide budget).
- Connect errors, time-outs (``timeout`` seconds per attempt, body
  included), 5xx answers and 2xx answers whose body is not JSON (cut short,
  an HTML error page) where JSON is expected are retried up to
  ``max_attempts`` attempts in all, sleeping ``backoff.delay(n)`` on the
  injected clock between them.
- A 429 reports its ``Retry-After`` to ``permits.throttled`` so that
  call's budget pauses for the whole process, waits it out on the clock and
  tries again. Time a permit wait spends on another call's pause also
  counts in ``throttled_seconds``. A 429 does not
  use up an attempt, but ``max_throttled`` 429s in a row fail the call.
  A call waits out at most ``MAX_RETRY_AFTER_SECONDS`` of ``Retry-After``
  in all: a 429 asking for more than is left of it fails the call at once
  (the budget still pauses, for at most that long), rather than hold a
  run for hours. ``throttle`` keeps the provider's latest 429 (until
  when it asked us to wait), for ``/health``.
- Any other 4xx fails at once with ``ProviderError``.

Counters for the run report go into a ``CallStats`` the caller passes in,
so each ingestion run (or other call site) counts its own calls; it also
says what a call is waiting for right now (the budget, a ``Retry-After``
or a retry back-off), for progress displays. Every HTTP attempt is also
counted in the process metrics (``ticketd_provider_calls_total`` by
endpoint and outcome: ``outcome_label`` of its status, ``bad_body`` for a
2xx whose body is not the JSON asked for, ``error`` when no answer came)
when ``metrics`` is given.

The base URL may carry a query string (``?api_key=...``): its parameters
are sent on every request, before the call's own. Wherever the URL is
shown (health problems, error messages, logs) it goes through
``ticketd.urls.shown_url``, so its credentials never appear.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import attrs
import orjson

from ticketd.clock import Clock
from ticketd.domain.backoff import Backoff
from ticketd.domain.ratelimit import MAX_RETRY_AFTER_SECONDS
from ticketd.domain.ticket import format_datetime
from ticketd.errors import InvalidInput, ProviderError
from ticketd.external.pages import DEFAULT_MAX_PAGES
from ticketd.external.permits import PermitSource, PermitWait
from ticketd.metrics import Metrics
from ticketd.urls import hide_secrets, shown_url

__all__ = [
    "TRANSIENT_ERRORS",
    "CallStats",
    "ProviderCalls",
    "ProviderThrottle",
    "Response",
    "decode_body",
    "describe_error",
    "outcome_label",
]

log = logging.getLogger(__name__)

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


@attrs.define
class CallStats:
    """Provider call counters of one call site (e.g. one ingestion run)."""

    api_calls: int = 0  # HTTP attempts made, retries and 429s included
    retries: int = 0  # attempts repeated after a connect error, time-out or 5xx
    throttled: int = 0  # 429 answers received
    throttled_seconds: float = 0.0  # time spent waiting out a Retry-After, ours or another call's
    budget_wait_seconds: float = 0.0  # time spent waiting for a permit (self-pacing)
    waiting: str | None = None  # what a call waits for now: budget, retry_after, backoff
    # The wait going on now (monotonic start; the permit wait's split), not
    # yet in the figures above: a wait is added when it ends, however it ends.
    wait_started: float | None = None
    permit_wait: PermitWait | None = None

    def waiting_at(self, now: float) -> str | None:
        """What a call waits for at ``now`` (monotonic): a permit wait that
        a 429 pause holds (this replica's or another's) is ``retry_after``,
        not ``budget``."""
        wait = self.permit_wait
        if self.waiting == "budget" and wait is not None and wait.paused_now(now):
            return "retry_after"
        return self.waiting

    def live(self, now: float) -> CallStats:
        """A copy with the wait going on now counted as if it ended at
        ``now`` (monotonic), and what it waits for then (``waiting_at``):
        for progress, and for a call abandoned midway."""
        copy = attrs.evolve(self, waiting=self.waiting_at(now), wait_started=None, permit_wait=None)
        started = self.wait_started
        if started is None:
            return copy
        waited = max(0.0, now - started)
        if self.waiting == "retry_after":
            copy.throttled_seconds += waited
        elif self.waiting == "budget":
            paused = self.permit_wait.paused(now) if self.permit_wait is not None else 0.0
            copy.throttled_seconds += paused
            copy.budget_wait_seconds += max(0.0, waited - paused)
        return copy


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


class ProviderCalls:
    """Makes the HTTP calls of ``ProviderClient`` (see the module docstring)."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        *,
        permits: PermitSource,
        clock: Clock,
        backoff: Backoff,
        timeout: float = 10.0,
        max_attempts: int = 5,
        max_throttled: int = 20,
        page_size: int = 100,
        max_pages: int = DEFAULT_MAX_PAGES,
        tenant_filter: bool = False,
        metrics: Metrics | None = None,
    ) -> None:
        if not 1 <= page_size <= 100:
            raise InvalidInput(f"page_size must be within 1..100, got {page_size}")
        if max_attempts < 1 or max_throttled < 1:
            raise InvalidInput("max_attempts and max_throttled must be at least 1")
        if timeout <= 0:
            raise InvalidInput(f"timeout must be positive, got {timeout}")
        self._session = session
        parts = urlsplit(base_url)
        self._raw_base_url = base_url
        # Scheme, credentials, host and path; the query is added to every URL.
        self._root = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
        self._base_query = parts.query
        self._permits = permits
        self._clock = clock
        self._backoff = backoff
        self._timeout = timeout
        self._max_attempts = max_attempts
        self._max_throttled = max_throttled
        self._page_size = page_size
        self._max_pages = max_pages
        self._tenant_filter = tenant_filter
        self._metrics = metrics
        self._throttle: ProviderThrottle | None = None

    def throttle(self) -> ProviderThrottle | None:
        """The provider's latest 429 on the ticket endpoints while its
        ``Retry-After`` has not passed, else None."""
        throttle = self._throttle
        if throttle is None or throttle.until <= self._clock.now():
            return None
        return throttle

    def _url(self, path: str) -> str:
        """The URL of ``path`` on the provider, with the base URL's query."""
        url = self._root + path
        return f"{url}?{self._base_query}" if self._base_query else url

    def _shown_url(self, path: str) -> str:
        """``_url(path)`` as shown to people: credentials masked."""
        return shown_url(self._url(path))

    def _describe(self, exc: BaseException) -> str:
        """``describe_error(exc)`` without any credential of the base URL
        an exception's message may quote."""
        return hide_secrets(describe_error(exc), self._raw_base_url)

    def _count(self, endpoint: str, outcome: str) -> None:
        """One HTTP attempt in ``ticketd_provider_calls_total``."""
        if self._metrics is not None:
            self._metrics.provider_calls.labels(endpoint, outcome).inc()

    async def _acquire(self, key: str, stats: CallStats | None) -> None:
        """Wait for a permit; the wait counts as self-paced waiting, except
        the part a 429 pause caused, which counts as throttled."""
        if stats is None:
            await self._permits.acquire(key)
            return
        wait = PermitWait()
        started = self._clock.monotonic()
        stats.waiting, stats.wait_started, stats.permit_wait = "budget", started, wait
        paused: float | None = None
        try:
            paused = await self._permits.acquire(key, wait)
        finally:
            # Counted however the wait ends (a cancel too): the part of it
            # another call's 429 caused is throttled time.
            now = self._clock.monotonic()
            if paused is None:
                paused = wait.paused(now)
            stats.waiting, stats.wait_started, stats.permit_wait = None, None, None
            stats.throttled_seconds += paused
            stats.budget_wait_seconds += max(0.0, now - started - paused)

    async def _get_json(
        self,
        path: str,
        key: str,
        stats: CallStats,
        params: Mapping[str, str] | None = None,
    ) -> Any:
        response = await self._call("GET", path, key, stats, params=params, json=True)
        return response.data

    async def _call(
        self,
        method: str,
        path: str,
        key: str,
        stats: CallStats,
        *,
        params: Mapping[str, str] | None = None,
        allow_not_found: bool = False,
        json: bool = False,
    ) -> Response:
        """One logical call: attempts, retries and 429 waits as described in
        the module docstring. Returns a 2xx response (or a 404 when
        ``allow_not_found``); with ``json`` a 2xx body must decode as JSON
        (else the attempt is retried) and ``data`` holds it."""
        url = self._url(path)
        endpoint = _endpoint(path)
        failed_attempts = 0
        throttled_in_a_row = 0
        retry_after_left = MAX_RETRY_AFTER_SECONDS
        while True:
            await self._acquire(key, stats)
            stats.api_calls += 1
            try:
                response = await self._attempt(method, url, params)
            except TRANSIENT_ERRORS as exc:
                self._count(endpoint, "error")
                failure = self._describe(exc)
            else:
                outcome, data = outcome_label(response.status), None
                if json and outcome == "ok":
                    try:
                        data = decode_body(response.body, path)
                    except ProviderError:
                        # Cut short or an HTML error page: a glitch of this
                        # answer, retried as a 5xx is, and not a success.
                        outcome = "bad_body"
                self._count(endpoint, outcome)
                if response.status == 429:
                    throttled_in_a_row += 1
                    if throttled_in_a_row >= self._max_throttled:
                        raise ProviderError(
                            f"{method} {path}: {throttled_in_a_row} 429 answers in a row"
                        )
                    delay = self._asked_retry_after(response.headers.get("Retry-After"))
                    until = self._clock.now() + timedelta(seconds=delay)
                    self._throttle = ProviderThrottle(until, delay)
                    self._permits.throttled(key, min(delay, MAX_RETRY_AFTER_SECONDS))
                    stats.throttled += 1
                    if delay > retry_after_left:
                        raise ProviderError(
                            f"{method} {path} answered 429 with Retry-After {delay:g} s "
                            f"(until {format_datetime(until)}), "
                            + _more_than_left(retry_after_left)
                        )
                    retry_after_left -= delay
                    log.info("%s %s throttled, waiting %.2f s", method, path, delay)
                    await self._wait_out(delay, stats)
                    continue
                if outcome == "bad_body":
                    failure = f"HTTP {response.status} with a body that is not JSON"
                elif json and outcome == "ok":
                    return attrs.evolve(response, data=data)
                elif 200 <= response.status < 300 or (allow_not_found and response.status == 404):
                    return response
                elif response.status < 500:
                    raise ProviderError(f"{method} {path} answered HTTP {response.status}")
                else:
                    failure = f"HTTP {response.status}"
            throttled_in_a_row = 0
            failed_attempts += 1
            if failed_attempts >= self._max_attempts:
                raise ProviderError(
                    f"{method} {path} failed after {failed_attempts} attempts: {failure}"
                )
            delay = self._backoff.delay(failed_attempts - 1)
            stats.retries += 1
            log.info(
                "%s %s failed (%s), retry %d in %.2f s",
                method,
                path,
                failure,
                failed_attempts,
                delay,
                extra={"tenant_id": key},
            )
            stats.waiting = "backoff"
            try:
                await self._clock.sleep(delay)
            finally:
                stats.waiting = None

    async def _wait_out(self, delay: float, stats: CallStats) -> None:
        """Sleep out a ``Retry-After``; the time actually waited counts as
        throttled, also when the wait is cut short by a cancel."""
        started = self._clock.monotonic()
        stats.waiting, stats.wait_started = "retry_after", started
        try:
            await self._clock.sleep(delay)
        finally:
            stats.waiting, stats.wait_started = None, None
            waited = max(0.0, self._clock.monotonic() - started)
            stats.throttled_seconds += waited
            if self._metrics is not None:
                self._metrics.provider_throttled.inc(waited)

    async def _attempt(self, method: str, url: str, params: Mapping[str, str] | None) -> Response:
        async with self._session.request(
            method, url, params=params, timeout=aiohttp.ClientTimeout(total=self._timeout)
        ) as resp:
            body = await resp.read()
            return Response(resp.status, body, resp.headers)

    def _retry_after(self, header: str | None) -> float:
        """Seconds a ``Retry-After`` header (delta-seconds or HTTP date)
        asks for, within 0..``MAX_RETRY_AFTER_SECONDS``."""
        return min(self._asked_retry_after(header), MAX_RETRY_AFTER_SECONDS)

    def _asked_retry_after(self, header: str | None) -> float:
        """Seconds a ``Retry-After`` header (delta-seconds or HTTP date)
        asks for, within 0..``_LONGEST_RETRY_AFTER`` (1 when it is missing
        or unreadable)."""
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
            seconds = (when - self._clock.now()).total_seconds()
        if seconds != seconds:  # NaN
            return _DEFAULT_RETRY_AFTER
        return min(max(seconds, 0.0), _LONGEST_RETRY_AFTER)


def _more_than_left(left: float) -> str:
    """The end of the error of a call whose 429 asked for more than it may
    still wait out."""
    budget = f"{MAX_RETRY_AFTER_SECONDS:g} s a call waits out Retry-After in all"
    if left < MAX_RETRY_AFTER_SECONDS:
        budget += f", {left:g} s of them left"
    return f"more than the {budget}; not retried"


def _endpoint(path: str) -> str:
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
