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

Counters for the run report go into a ``CallStats`` the caller passes in
(``ticketd.external.call_stats``); what an answer means (retried errors,
metric labels, a JSON body, ``Retry-After``) is
``ticketd.external.answers``. Every HTTP attempt is also
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

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import attrs

from ticketd.clock import Clock
from ticketd.domain.backoff import Backoff
from ticketd.domain.ratelimit import MAX_RETRY_AFTER_SECONDS
from ticketd.domain.scan import MAX_PAGES_PER_SCAN
from ticketd.domain.ticket import format_datetime
from ticketd.errors import InvalidInput, ProviderError
from ticketd.external.answers import (
    TRANSIENT_ERRORS,
    ProviderThrottle,
    Response,
    asked_retry_after,
    decode_body,
    describe_error,
    endpoint_label,
    outcome_label,
)
from ticketd.external.call_stats import CallStats
from ticketd.external.permits import PermitSource, PermitWait
from ticketd.metrics import Metrics
from ticketd.urls import hide_secrets, provider_url_problem, shown_url

__all__ = ["ProviderCalls"]

log = logging.getLogger(__name__)


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
        max_pages: int = MAX_PAGES_PER_SCAN,
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
        # Settings refuse such a URL at start; a client built on one anyway
        # fails each call at once, as a provider error (the run fails
        # saying why), instead of raising from the HTTP client every time.
        self._url_problem = provider_url_problem(base_url)
        try:
            parts = urlsplit(base_url)
        except ValueError:
            parts = urlsplit("")
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
        if self._url_problem:
            raise ProviderError(f"{method} {path}: the provider URL {self._url_problem}")
        url = self._url(path)
        endpoint = endpoint_label(path)
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
            except (aiohttp.InvalidURL, UnicodeError) as exc:
                # A URL no request can use, the provider's own (one the check
                # above let through) or one it redirected to: the run fails
                # saying so, the actor does not crash. A redirect's URL is
                # not shown: its query may carry the provider's secrets.
                self._count(endpoint, "error")
                if isinstance(exc, aiohttp.RedirectClientError):
                    reason = "it redirected to a URL that cannot be used"
                else:
                    detail = hide_secrets(str(exc) or type(exc).__name__, self._raw_base_url)
                    reason = f"the provider URL or one it redirected to cannot be used ({detail})"
                raise ProviderError(f"{method} {path}: {reason}") from exc
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
                    delay = asked_retry_after(
                        response.headers.get("Retry-After"), self._clock.now()
                    )
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
        return min(asked_retry_after(header, self._clock.now()), MAX_RETRY_AFTER_SECONDS)


def _more_than_left(left: float) -> str:
    """The end of the error of a call whose 429 asked for more than it may
    still wait out."""
    budget = f"{MAX_RETRY_AFTER_SECONDS:g} s a call waits out Retry-After in all"
    if left < MAX_RETRY_AFTER_SECONDS:
        budget += f", {left:g} s of them left"
    return f"more than the {budget}; not retried"
