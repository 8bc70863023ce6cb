"""The client for the ticket provider's REST API: the endpoints.

One ``ProviderClient`` per process, on the process's one
``aiohttp.ClientSession``. How each call is made (permits, retries, 429
waits, the ``CallStats`` counters and the ``ticketd_provider_calls_total``
metric) is ``ticketd.external.calls``; ``health`` takes no permit (see
there). ``notify`` is different: one attempt, no retry, because the
notifier owns retries and its circuit breaker must see every failure.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import quote

import aiohttp
import orjson

from ticketd.clock import wait_for_running_time
from ticketd.domain.ticket import ProviderTicket, shown
from ticketd.errors import InvalidInput, ProviderError
from ticketd.external.answers import TRANSIENT_ERRORS, outcome_label
from ticketd.external.call_stats import CallStats
from ticketd.external.calls import ProviderCalls
from ticketd.external.pages import Page, PageLoopGuard, parse_page
from ticketd.urls import secret_parts, shown_url

__all__ = ["HEALTH_TIMEOUT", "NOTIFY_KEY", "CallStats", "ProviderClient"]

NOTIFY_KEY = "notify"  # permit key of /notify calls
HEALTH_TIMEOUT = 2.0  # seconds: /health answers within this even when the provider hangs


class ProviderClient(ProviderCalls):
    """Pages, tickets, deletions, notifications and health of the provider.

    Raises ``ProviderError`` when a call fails in a way retries did not
    cure, or the provider's answer is malformed. ``tenant_filter=True``
    adds ``tenant_id`` to list calls, for providers that filter by it;
    results are the same either way since callers filter by ``tenant_id``.
    """

    async def iter_pages(self, tenant_id: str, stats: CallStats) -> AsyncIterator[Page]:
        """Yield the feed's pages from page 1 on, until ``next_page`` is
        null or a page is empty. An empty page is yielded too, as the last
        one, so the caller sees its ``total_count`` (an empty first page of
        a feed that claims tickets is not a complete scan).

        Raises ``ProviderError`` when the provider repeats a page, never
        ends (see ``PageLoopGuard``) or a page fails past its retries.
        Permits are taken under ``tenant_id``.
        """
        guard = self.page_loop_guard()
        number: int | None = 1
        while number is not None:
            page, _ = await self.fetch_page(number, tenant_id, stats)
            if not page.record_ids:
                yield page
                return
            guard.check(page)
            yield page
            number = page.next_page

    @property
    def feed_key(self) -> str:
        """Names this client's view of the feed (the provider's URL and the
        page size): replicas share a pass over the feed only when they
        would number its pages alike. Stored in the database, so the URL's
        credentials are masked and a digest of the whole base URL tells
        providers apart that differ in them only."""
        key = f"{self._root}/external/support-tickets?page_size={self._page_size}"
        if self._base_query:
            key += "&" + self._base_query
        if not secret_parts(self._raw_base_url):
            return key
        digest = hashlib.sha256(self._raw_base_url.encode()).hexdigest()[:16]
        return f"{shown_url(key)} ({digest})"

    def page_loop_guard(self) -> PageLoopGuard:
        """A loop guard for one scan from page 1, with this client's page cap."""
        return PageLoopGuard(self._max_pages)

    async def fetch_page(self, number: int, tenant_id: str, stats: CallStats) -> tuple[Page, bytes]:
        """Page ``number`` of the feed, parsed, and the body it was parsed
        from (``parse_page(decode_body(body, path), number)`` gives it again:
        what the shared pass publishes). Permits are taken under
        ``tenant_id``; raises ``ProviderError`` as every call does."""
        params = {"page": str(number), "page_size": str(self._page_size)}
        if self._tenant_filter:
            params["tenant_id"] = tenant_id
        path = "/external/support-tickets"
        response = await self._call("GET", path, tenant_id, stats, params=params, json=True)
        return parse_page(response.data, number), response.body

    async def deleted_ids(self, tenant_id: str, stats: CallStats) -> list[str]:
        """The ids the provider lists as deleted (all tenants'). Permits are
        taken under ``tenant_id``."""
        params = {"tenant_id": tenant_id} if self._tenant_filter else None
        body = await self._get_json("/external/deleted-tickets", tenant_id, stats, params)
        ids = body.get("deleted_ids") if isinstance(body, dict) else None
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ProviderError("deleted-tickets response has no 'deleted_ids' list of strings")
        return ids

    async def get_ticket(
        self, ticket_id: str, tenant_id: str, stats: CallStats
    ) -> ProviderTicket | None:
        """One ticket, or None when the provider answers 404 (deleted or
        unknown). Raises ``ProviderError`` on a malformed ticket and on a
        ticket whose id is not ``ticket_id``: an answer about another
        ticket says nothing about this one, and is never stored."""
        path = "/external/support-tickets/" + quote(ticket_id, safe="")
        response = await self._call("GET", path, tenant_id, stats, allow_not_found=True, json=True)
        if response.status == 404:
            return None
        try:
            ticket = ProviderTicket.from_provider(response.data)
        except InvalidInput as exc:
            raise ProviderError(f"{path}: {exc.message}") from None
        if ticket.external_id != ticket_id:
            raise ProviderError(
                f"{path}: answered ticket {shown(ticket.external_id)}, not the ticket "
                f"{shown(ticket_id)} asked for"
            )
        return ticket

    async def notify(
        self,
        payload: dict[str, Any],
        idempotency_key: str,
        *,
        timeout: float | None = None,
        before_post: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """``POST /notify`` once, with an ``Idempotency-Key`` header.

        No retry here: the notifier schedules retries and its breaker counts
        this outcome. ``before_post`` is awaited once the permit is granted,
        immediately before the POST; an exception it raises ends the call
        unsent (the notifier checks there that its claim still holds).
        ``timeout`` (default: the client's) bounds the HTTP call only, not
        the wait for a permit, so a busy budget is never mistaken for a slow
        provider; it is measured on the client's clock in time this process
        was running (``wait_for_running_time``), so a freeze of the process
        while the call is out is not taken for a slow provider either.
        Raises ``ProviderError`` on a connect error, a time-out or any
        non-2xx answer; a 429 is also reported to ``permits.throttled``.
        """
        if self._url_problem:
            raise ProviderError(f"POST /notify: the provider URL {self._url_problem}")
        await self._acquire(NOTIFY_KEY, None)
        if before_post is not None:
            await before_post()
        try:
            status, retry_header = await wait_for_running_time(
                self._clock, timeout or self._timeout, self._post_notify(payload, idempotency_key)
            )
        except TRANSIENT_ERRORS as exc:
            self._count("notify", "error")
            raise ProviderError(f"POST /notify failed: {self._describe(exc)}") from exc
        self._count("notify", outcome_label(status))
        if status == 429:
            self._permits.throttled(NOTIFY_KEY, self._retry_after(retry_header))
        if not 200 <= status < 300:
            raise ProviderError(f"POST /notify answered HTTP {status}", status=status)

    async def _post_notify(
        self, payload: dict[str, Any], idempotency_key: str
    ) -> tuple[int, str | None]:
        """The POST itself; its time-out is the caller's (none of aiohttp's:
        those run on the event loop's clock, which a freeze moves on)."""
        headers = {"Content-Type": "application/json", "Idempotency-Key": idempotency_key}
        async with self._session.post(
            self._url("/notify"),
            data=orjson.dumps(payload),
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=None, connect=None, sock_connect=None),
        ) as resp:
            await resp.read()
            return resp.status, resp.headers.get("Retry-After")

    async def health(self) -> bool:
        """True when ``health_problem()`` finds none."""
        return await self.health_problem() is None

    async def health_problem(self) -> str | None:
        """None when ``GET /health`` answers 2xx (or 429: the provider is up
        but throttling) within ``HEALTH_TIMEOUT`` seconds, else what went
        wrong, naming the URL and the status or exception; never raises
        except on cancellation.

        Takes no permit: the probe must answer within its time-out even
        while the budget is exhausted, and the provider's documented limit
        does not cover ``/health``. A provider that did count it would see
        one extra call per probe.
        """
        url = self._shown_url("/health")
        if self._url_problem:
            return f"the provider URL {self._url_problem}"
        try:
            async with self._session.get(
                self._url("/health"), timeout=aiohttp.ClientTimeout(total=HEALTH_TIMEOUT)
            ) as resp:
                await resp.read()
                status = resp.status
        except TimeoutError:
            return f"GET {url}: no answer within {HEALTH_TIMEOUT:g} s"
        except aiohttp.ClientError as exc:
            return f"GET {url}: {self._describe(exc)}"
        if 200 <= status < 300 or status == 429:
            return None
        return f"GET {url} answered HTTP {status}"
