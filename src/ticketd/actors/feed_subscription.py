"""One run's view of the shared pass over the feed: the pages the
feed-scan actor (``ticketd.actors.feed_scan``) hands it, buffered, and its
share of the deleted-ids call; the actor's messages, and the client a run
joins the pass with (``FeedScanClient``).

The actor calls ``observe`` with every page of the pass it reads (fetched
itself or published by another replica) and ``finish`` when the pass fails
or stops; the run iterates the subscription. When a subscription has had
the whole feed follows ``ticketd.domain.feed_pass.SubscriberMark``: from
the first page it received to the end, then, for a late joiner, pages
1..k-1 of the next pass.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any

import attrs

from ticketd.actors.feed_fetch import FeedFetcher, call_figures
from ticketd.actors.mailbox import ActorRef
from ticketd.domain.feed_pass import SubscriberMark
from ticketd.errors import ActorStopped, ProviderError
from ticketd.external import CallStats
from ticketd.external.pages import Page

__all__ = [
    "BUFFER_PAGES",
    "DeletedIdsWanted",
    "FeedScanClient",
    "FeedSubscription",
    "Subscribe",
    "Unsubscribe",
    "add_calls",
]

BUFFER_PAGES = 4  # pages a subscription holds before the pass waits for it

CallFigures = tuple[int, int, int, float, float]  # api_calls, retries, throttled, seconds x2


def add_calls(stats: CallStats, calls: CallFigures) -> None:
    """Count a shared call's figures in one run's ``stats``."""
    stats.api_calls += calls[0]
    stats.retries += calls[1]
    stats.throttled += calls[2]
    stats.throttled_seconds += calls[3]
    stats.budget_wait_seconds += calls[4]


@attrs.frozen
class Subscribe:
    """Join the pass; replies with a ``FeedSubscription``."""

    tenant_id: str  # whose run reads it (for logs)
    stats: CallStats  # where the run counts the calls of its pages


@attrs.frozen
class Unsubscribe:
    """Leave the pass (sent by the subscription)."""

    subscription: FeedSubscription


@attrs.frozen
class DeletedIdsWanted:
    """The subscription waits for a deleted-ids call started after it
    joined; replies with the future that resolves to (ids, call figures)."""

    subscription: FeedSubscription


_END = object()  # no more pages for this subscription


class FeedSubscription:
    """An async iterator of ``Page``s.

    Raises what failed the pass (``ProviderError``), or ``ActorStopped``
    when the scan actor stopped. ``aclose()`` leaves the pass.
    """

    def __init__(
        self,
        tenant_id: str,
        stats: CallStats,
        scanner: ActorRef,
        fetcher: FeedFetcher,
        subscribed_at: float,
        on_room: Callable[[], None],
    ) -> None:
        self.tenant_id = tenant_id
        self.stats = stats
        self.subscribed_at = subscribed_at  # epoch seconds: deleted-ids calls must start later
        self.deleted: asyncio.Future[tuple[list[str], CallFigures]] | None = None
        self._fetcher = fetcher  # this replica's calls for the pass, those in flight too
        self._scanner = scanner
        self._on_room = on_room  # wakes the pass once the buffer has room again
        self._items: deque[Any] = deque()
        self._ready = asyncio.Event()
        self.room = asyncio.Event()  # set while the buffer has room (or closed)
        self.room.set()
        self.closed = False
        self.mark = SubscriberMark()
        self.received: set[int] = set()

    # -- the scan actor's side ----------------------------------------------
    @property
    def finished(self) -> bool:
        return self.mark.done or self.closed

    @property
    def awaits_deleted(self) -> bool:
        return self.deleted is not None and not self.deleted.done()

    def observe(self, page: Page, calls: CallFigures) -> None:
        """A page of the pass: deliver it unless already received, then
        decide whether this subscription has had the whole feed. Pages it
        skips count too, so a provider that jumps over pages cannot keep
        the pass going for ever (the gap fails the run's completeness)."""
        if self.finished:
            return
        if page.number not in self.received:
            self.received.add(page.number)
            add_calls(self.stats, calls)
            self._push(page)
        end = not page.record_ids or page.next_page is None
        self.mark = self.mark.after(page.number, end)
        if self.mark.done:
            self._push(_END)

    def count_failed(self, calls: CallFigures) -> None:
        """A page of the pass failed past its retries while this run
        followed it: its calls count here like those of a page received
        (``finish`` then ends the run with the error)."""
        if not self.finished:
            add_calls(self.stats, calls)

    def rejoin(self) -> None:
        """Pages of the pass were lost before this subscription received
        them: it starts over as a late joiner at the next page it sees (it
        is done once it has had that page to the end, then page 1 up to
        it). Pages it already received are not handed out again."""
        if not self.finished:
            self.mark = SubscriberMark()

    def answer_deleted(
        self,
        started: float,
        ids: tuple[str, ...] | None,
        error: str | None,
        calls: CallFigures,
    ) -> bool:
        """Answer this run's wait for deleted ids with a call that
        ``started`` then, if it started after the run joined; True once
        answered (or it no longer waits). A run that left counted the call
        as far as it got then (``close_now``)."""
        if not self.awaits_deleted:
            return True
        if started < self.subscribed_at:
            return False
        assert self.deleted is not None
        if error is not None or ids is None:
            if not self.closed:
                add_calls(self.stats, calls)  # its attempts count all the same
            self.deleted.set_exception(ProviderError(error or "no deleted ids"))
        else:
            self.deleted.set_result((list(ids), calls))
        return True

    def finish(self, error: BaseException | None = None) -> None:
        """No more pages: the pass failed on a page (``error``, raised to
        the run after the pages before it) or stopped. A wait for the
        deleted ids goes on: that call is not the failed page's, and the
        run needs its answer to store the page it holds."""
        if not self.mark.done:
            self.mark = SubscriberMark(self.mark.joined_at, self.mark.wrapping, True)
            self._push(_END if error is None else error)

    def fail(self, error: BaseException) -> None:
        """The pass itself failed (the store, or the actor stopped): no
        more pages and no deleted ids either."""
        self.finish(error)
        if self.awaits_deleted:
            assert self.deleted is not None
            self.deleted.set_exception(error)

    def _push(self, item: Any) -> None:
        self._items.append(item)
        self._ready.set()
        if len(self._items) >= BUFFER_PAGES and not self.closed:
            self.room.clear()

    # -- the run's side -----------------------------------------------------
    @property
    def waiting(self) -> str | None:
        """What the pass waits for (budget, retry_after, backoff) while this
        run waits for its deleted-ids call or has no page to read, for
        progress displays: this replica's call, or the call of the replica
        holding the fetch lease, as it noted it in the store."""
        deleted = self._deleted_call()
        if deleted is not None and deleted.waiting is not None:
            return deleted.waiting
        if deleted is None and self.awaits_deleted and not self.closed:
            return self._fetcher.holder_waiting  # the call that will answer it, if any
        return None if self._items else self._fetcher.page_waiting()

    def _deleted_call(self) -> CallStats | None:
        """This replica's deleted-ids call going on that will answer this
        run, as far as it got, if any."""
        if not self.awaits_deleted or self.closed:
            return None
        return self._fetcher.deleted_in_flight(self.subscribed_at)

    def __aiter__(self) -> FeedSubscription:
        return self

    async def __anext__(self) -> Page:
        while not self._items:
            self._ready.clear()
            await self._ready.wait()
        item = self._items.popleft()
        if len(self._items) < BUFFER_PAGES and not self.room.is_set():
            self.room.set()
            self._on_room()
        if item is _END:
            self._items.appendleft(item)  # stays ended
            raise StopAsyncIteration
        if isinstance(item, BaseException):
            self._items.appendleft(item)
            raise item
        return item

    async def deleted_ids(self) -> list[str]:
        """The ids the provider lists as deleted, from one call shared by
        the subscribers of every replica that ask for it; a call started
        before this subscriber joined is not reused. Its calls count in
        this run's stats too."""
        answer = await self._scanner.ask(DeletedIdsWanted(self))
        ids, calls = await asyncio.shield(answer)
        add_calls(self.stats, calls)
        return ids

    def pending_calls(self) -> CallFigures:
        """The figures so far of this replica's calls for the pass that will
        count in this run once they end: the page call while the run still
        follows the pass, and the deleted-ids call that will answer it
        (each counts in the run once its answer comes, or when the run
        leaves first)."""
        stats = CallStats()
        if not self.finished:
            add_calls(stats, self._fetcher.in_flight())
        deleted = self._deleted_call()
        if deleted is not None:
            add_calls(stats, call_figures(deleted))
        return call_figures(stats)

    def close_now(self) -> None:
        """Leave the pass without telling the actor: it drops the
        subscription at the next page. A page call going on counts in the
        run as far as it got (its attempts and waits so far)."""
        add_calls(self.stats, self.pending_calls())
        self.closed = True
        self.room.set()
        self._on_room()

    async def aclose(self) -> None:
        """Leave the pass (idempotent)."""
        if self.closed:
            return
        self.close_now()
        if self._scanner.alive:
            await self._scanner.try_tell(Unsubscribe(self))


def _close_granted(ask: asyncio.Future[FeedSubscription]) -> None:
    if not ask.cancelled() and ask.exception() is None:
        ask.result().close_now()


class FeedScanClient:
    """What a tenant run uses to join the shared pass."""

    def __init__(self, scanner: ActorRef) -> None:
        self._scanner = scanner

    async def subscribe(self, tenant_id: str, stats: CallStats) -> FeedSubscription:
        """Join the pass; a restart of the scan actor while joining is
        survived by asking the new incarnation. Raises ``ActorStopped``
        once it is stopped for good."""
        while True:
            ask = asyncio.ensure_future(self._scanner.ask(Subscribe(tenant_id, stats)))
            try:
                return await asyncio.shield(ask)
            except ActorStopped:
                if not self._scanner.alive:
                    raise
            except asyncio.CancelledError:
                # The subscription may still be granted: leave it at once,
                # or the pass would wait on its full buffer for ever.
                ask.add_done_callback(_close_granted)
                raise
