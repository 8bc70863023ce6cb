"""The provider calls of the shared feed pass and their publication: what
the replica holding the fetch lease does for everyone following the pass
(``ticketd.actors.feed_scan``).

While a call runs (a permit wait may be long), the fetch lease is renewed
every third of its time, and only then: the renewal is told to stop when
the call ends (a flag it checks after every round trip, besides being
cancelled), so it can never outlive the call and keep the lease, and the
followers waiting on it, for ever. A page that fails past its retries, or that the
loop guard refuses (the provider repeats itself or never ends), is
published as a failure, so every follower's runs fail alike and the next
pass starts at page 1. Publishing raises ``LeaseLost`` when another
replica took the lease meanwhile: then nothing was published.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TypeVar

from ticketd.aio import cancel_and_wait
from ticketd.clock import Clock, sleep_or_wake
from ticketd.errors import ProviderError, TicketdError, error_text
from ticketd.external import CallStats, PageLoopGuard, ProviderClient
from ticketd.external.answers import decode_body
from ticketd.external.pages import Page, parse_page
from ticketd.store import Store
from ticketd.store.feed_records import FeedLease, FeedScanState, PublishedPage

__all__ = ["FEED_KEY", "FeedFetcher", "call_figures", "parsed"]

log = logging.getLogger("ticketd.actors.feed_scan")

FEED_KEY = "feed"  # the permit key of shared page calls
_LIST_PATH = "/external/support-tickets"
_T = TypeVar("_T")


def call_figures(calls: CallStats) -> tuple[int, int, int, float, float]:
    """The figures a published call carries (``PublishedPage.calls``)."""
    return (
        calls.api_calls,
        calls.retries,
        calls.throttled,
        calls.throttled_seconds,
        calls.budget_wait_seconds,
    )


def parsed(published: PublishedPage) -> Page | None:
    """The page another replica published (None: it failed); its body
    parsed when it was fetched, so it parses again."""
    if published.error is not None:
        return None
    return parse_page(decode_body(published.body, _LIST_PATH), published.number)


class FeedFetcher:
    """Fetches pages and deleted ids for the pass and publishes them.

    ``calls`` accumulates every page call it made; runs of this replica
    look at it, and at the deleted-ids call going on (``deleted_in_flight``),
    for what the pass waits for and the figures of the calls in flight.
    """

    def __init__(
        self, provider: ProviderClient, store: Store, clock: Clock, lease_seconds: float
    ) -> None:
        self._provider = provider
        self._store = store
        self._clock = clock
        self._ttl = lease_seconds
        self.calls = CallStats()
        self._guard: PageLoopGuard | None = None
        self._in_flight_from: tuple[int, int, int, float, float] | None = None
        # The deleted-ids call going on: (when it started, store epoch
        # seconds; its figures so far).
        self._deleted: tuple[float, CallStats] | None = None
        # What the call of the replica holding the fetch lease waits for, as
        # it noted it in the scan record (None while this replica holds it).
        self.holder_waiting: str | None = None

    def in_flight(self) -> tuple[int, int, int, float, float]:
        """The figures of the page call going on now, its current wait
        counted up to now (zeros between calls): its attempts and waits so
        far, until the page is handed out with them."""
        before = self._in_flight_from
        if before is None:
            return (0, 0, 0, 0.0, 0.0)
        now = call_figures(self.calls.live(self._clock.monotonic()))
        return (
            now[0] - before[0],
            now[1] - before[1],
            now[2] - before[2],
            now[3] - before[3],
            now[4] - before[4],
        )

    def page_waiting(self) -> str | None:
        """What the page call going on waits for now (``CallStats.waiting_at``):
        this replica's call, else the lease holder's (``holder_waiting``)."""
        if self._in_flight_from is not None:
            return self.calls.waiting_at(self._clock.monotonic())
        return self.holder_waiting

    def call_waiting(self) -> str | None:
        """What this replica's call for the pass waits for now: the page
        call's wait, else the deleted-ids call's; what it notes in the scan
        record for the other replicas."""
        now = self._clock.monotonic()
        waiting = self.calls.waiting_at(now)
        if waiting is None and self._deleted is not None:
            waiting = self._deleted[1].waiting_at(now)
        return waiting

    def deleted_in_flight(self, joined_at: float) -> CallStats | None:
        """The deleted-ids call going on now, as far as it got (its current
        wait counted up to now), if it answers a run that joined at
        ``joined_at`` (it started no earlier); None otherwise."""
        deleted = self._deleted
        if deleted is None or deleted[0] < joined_at:
            return None
        return deleted[1].live(self._clock.monotonic())

    async def share_waiting(
        self, scan: FeedScanState, now: float, member_id: str, lease: FeedLease | None
    ) -> None:
        """Keep what the lease holder's call waits for in step with the
        scan record ``scan`` (read at the store's time ``now``): as the
        holder (``lease``), note this replica's call's wait when the record
        says otherwise; as a follower (``member_id``), take the holder's
        for this replica's runs (``holder_waiting``)."""
        held = lease is not None and (scan.owner, scan.token) == (lease.owner, lease.token)
        self.holder_waiting = scan.waiting if scan.held_by_other(member_id, now) else None
        waiting = self.call_waiting()
        if lease is None or not held or waiting == scan.waiting:
            return
        try:
            await self._store.note_feed_waiting(lease, waiting)
        except TicketdError as exc:  # the next round tries again
            log.debug("could not note what the pass waits for", extra={"error": error_text(exc)})

    def new_holder(self) -> None:
        """The lease changed hands: the loop guard starts afresh."""
        self._guard = None

    async def page(self, lease: FeedLease, number: int) -> tuple[PublishedPage, Page | None]:
        """Fetch page ``number`` and publish it; returns it as published and
        parsed (None when it failed)."""
        if number == 1 or self._guard is None:
            self._guard = self._provider.page_loop_guard()
        before = call_figures(self.calls)
        self._in_flight_from = before
        try:
            return await self._page(lease, number, before)
        finally:
            # The caller hands the page out (with these calls) before it
            # next awaits: the calls never count twice nor go missing.
            self._in_flight_from = None

    async def _page(
        self, lease: FeedLease, number: int, before: tuple[int, int, int, float, float]
    ) -> tuple[PublishedPage, Page | None]:
        assert self._guard is not None
        page: Page | None = None
        body, error = b"", None
        try:
            page, body = await self._renewing(
                lease, self._provider.fetch_page(number, FEED_KEY, self.calls)
            )
            if page.record_ids:
                self._guard.check(page)
        except ProviderError as exc:  # past its retries, or a page loop
            log.warning("feed scan failed", extra={"error": error_text(exc)})
            page, body, error = None, b"", exc.message
        after = call_figures(self.calls)
        calls = (
            after[0] - before[0],
            after[1] - before[1],
            after[2] - before[2],
            after[3] - before[3],
            after[4] - before[4],
        )
        next_page = None if page is None else page.next_page
        end = page is None or not page.record_ids or next_page is None
        published = await self._store.publish_feed_page(
            lease,
            PublishedPage(number, next_page, end, body, error, calls),
            cursor=1 if end or next_page is None else next_page,
            ttl_seconds=self._ttl,
        )
        if error is not None:
            self._guard = None
        return published, page

    async def deleted_ids(
        self, lease: FeedLease, started_at: float
    ) -> tuple[tuple[str, ...] | None, str | None, tuple[int, int, int, float, float]]:
        """Fetch the deleted ids and publish them (or the failure), stamped
        with ``started_at`` (epoch seconds, taken before the call); returns
        them as published: (ids, error, the call's figures). Until it
        returns, ``deleted_in_flight`` shows the call."""
        calls = CallStats()
        ids: tuple[str, ...] | None = None
        error = None
        self._deleted = (started_at, calls)
        try:
            try:
                ids = tuple(
                    await self._renewing(lease, self._provider.deleted_ids(FEED_KEY, calls))
                )
            except ProviderError as exc:
                error = exc.message
            figures = call_figures(calls)
            await self._store.publish_feed_deleted(
                lease, ids=ids, error=error, started_at=started_at, calls=figures
            )
        finally:
            # The caller answers this replica's runs before it next awaits:
            # the call's figures never go missing from their live figures.
            self._deleted = None
        return ids, error, figures

    async def _renewing(self, lease: FeedLease, call: Awaitable[_T]) -> _T:
        """Await ``call`` while renewing ``lease``; the renewal ends with it."""
        ended = asyncio.Event()
        renewal = asyncio.ensure_future(self._renew(lease, ended))
        try:
            return await call
        finally:
            ended.set()
            await cancel_and_wait([renewal])

    async def _renew(self, lease: FeedLease, ended: asyncio.Event) -> None:
        while True:
            await sleep_or_wake(self._clock, self._ttl / 3, ended)
            if ended.is_set():
                return
            try:
                held = await self._store.claim_feed(lease.key, lease.owner, self._ttl)
            except TicketdError as exc:  # the publish will tell whether it was lost
                log.warning("could not renew the feed lease", extra={"error": error_text(exc)})
                continue
            if held is None:  # another replica holds it now: the publish will fail
                log.debug("feed lease taken over during a call", extra={"token": lease.token})
                return
