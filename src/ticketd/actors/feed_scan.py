"""The feed-scan actor: one pass over the provider's mixed feed for every
tenant run that is active at the same time.

The provider's feed holds every tenant's tickets, so runs of several
tenants would each read every page. Instead each run subscribes here
(``Subscribe``) and reads its pages from the subscription; the actor owns
the one pass that fetches them:

- Each page is fetched once and handed to every subscriber that has not
  received that page number yet. Subscribers filter their tenant's tickets
  themselves (the run's own code: classification, change detection,
  completeness), so each run keeps its own job, lease, progress and cancel.
- A subscriber that joins mid-pass receives pages from the one being
  fetched on; when the pass reaches the feed's end it continues from page 1
  until every late joiner has the pages it missed (its first page minus
  one), then stops when nobody needs more. A late joiner so receives pages
  k..N, then 1..k-1: every page once, the tail of one pass and the head of
  the next. Its completeness rule checks that set (numbers 1..N without
  gap or repeat, next_page links consistent, ids agreeing with
  ``total_count``), not the order.
- Leaving (the run is cancelled or done) closes the subscription; the
  others are not disturbed. When the last one leaves, the pass stops,
  abandoning a page fetch in flight (its permit wait included).
- A page that fails past its retries fails every current subscriber's
  run; the next subscriber starts a new pass.
- Backpressure: each subscription buffers a few pages; the pass waits for
  room in every buffer, so one slow tenant slows the pass instead of
  letting memory grow.

The deleted-ids call that follows a complete scan is shared the same way:
one call serves every subscriber that asks while it is in flight or after
it, provided the call started after that subscriber joined.

Calls: a page's provider calls (attempts, retries, 429 waits) are added in
full to the ``CallStats`` of every subscriber that received the page, so
each run's ``api_calls`` says how many calls its pages took; the sum over
runs that shared a pass counts shared calls once per run.
``ticketd_provider_calls_total`` counts each call once.

When the incarnation ends (daemon shutdown, crash), every subscription
fails with ``ActorStopped``.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Any

import attrs

from ticketd.actors.mailbox import ActorRef
from ticketd.actors.runtime import Actor
from ticketd.errors import ActorStopped
from ticketd.external import CallStats, ProviderClient
from ticketd.external.pages import Page

__all__ = ["FeedScanActor", "FeedScanClient", "FeedSubscription", "Subscribe"]

log = logging.getLogger(__name__)

FEED_KEY = "feed"  # the permit key of shared page calls
BUFFER_PAGES = 4  # pages a subscription holds before the pass waits for it


@attrs.frozen
class Subscribe:
    """Join the pass; replies with a ``FeedSubscription``."""

    tenant_id: str  # whose run reads it (for logs)
    stats: CallStats  # where the run counts the calls of its pages


@attrs.frozen
class _Unsubscribe:
    subscription: FeedSubscription


@attrs.frozen
class _DeletedIds:
    """Replies (the shared call's task, its live call counters)."""

    after: int  # deleted-ids fetches started before the subscriber joined


_END = object()  # no more pages for this subscription


class FeedSubscription:
    """One run's view of the shared pass: an async iterator of ``Page``s.

    Raises what failed the pass (``ProviderError``), or ``ActorStopped``
    when the scan actor stopped. ``aclose()`` leaves the pass.
    """

    def __init__(
        self,
        tenant_id: str,
        stats: CallStats,
        scanner: ActorRef,
        pass_calls: CallStats,
        deleted_after: int = 0,
    ) -> None:
        self.tenant_id = tenant_id
        self._deleted_after = deleted_after
        self._deleted_calls: CallStats | None = None  # the deleted-ids call awaited now
        self.stats = stats
        self._pass_calls = pass_calls
        self._scanner = scanner
        self._items: deque[Any] = deque()
        self._ready = asyncio.Event()
        self.room = asyncio.Event()  # set while the buffer has room (or closed)
        self.room.set()
        self.closed = False
        self.joined_at: int | None = None  # number of the first page received
        self.received: set[int] = set()
        self.wrapping = False  # saw the end; now takes pages 1..joined_at-1
        self.done = False  # everything delivered (or failed)

    # -- the scan actor's side ----------------------------------------------
    @property
    def finished(self) -> bool:
        return self.done or self.closed

    def observe(self, page: Page, calls: CallStats) -> None:
        """A page of the pass: deliver it unless already received, then
        decide whether this subscription has had the whole feed. Pages it
        skips count too, so a provider that jumps over pages cannot keep
        the pass going for ever (the gap fails the run's completeness)."""
        if self.finished:
            return
        if page.number not in self.received:
            self._deliver(page, calls)
        end = not page.record_ids or page.next_page is None
        if end and (self.joined_at == 1 or self.wrapping):
            self.finish()
        elif end:
            self.wrapping = True
        elif self.wrapping and self.joined_at is not None and page.number + 1 >= self.joined_at:
            self.finish()

    def _deliver(self, page: Page, calls: CallStats) -> None:
        if self.joined_at is None:
            self.joined_at = page.number
        self.received.add(page.number)
        s = self.stats
        s.api_calls += calls.api_calls
        s.retries += calls.retries
        s.throttled += calls.throttled
        s.throttled_seconds += calls.throttled_seconds
        s.budget_wait_seconds += calls.budget_wait_seconds
        self._push(page)

    def finish(self, error: BaseException | None = None) -> None:
        if not self.done:
            self.done = True
            self._push(_END if error is None else error)

    def _push(self, item: Any) -> None:
        self._items.append(item)
        self._ready.set()
        if len(self._items) >= BUFFER_PAGES and not self.closed:
            self.room.clear()

    # -- the run's side -----------------------------------------------------
    @property
    def waiting(self) -> str | None:
        """What the pass waits for (budget, retry_after, backoff) while this
        run has no page to read, for progress displays."""
        if self._deleted_calls is not None and self._deleted_calls.waiting is not None:
            return self._deleted_calls.waiting  # the run waits on its deleted-ids call
        return None if self._items else self._pass_calls.waiting

    def __aiter__(self) -> FeedSubscription:
        return self

    async def __anext__(self) -> Page:
        while not self._items:
            self._ready.clear()
            await self._ready.wait()
        item = self._items.popleft()
        if len(self._items) < BUFFER_PAGES:
            self.room.set()
        if item is _END:
            self._items.appendleft(item)  # stays ended
            raise StopAsyncIteration
        if isinstance(item, BaseException):
            self._items.appendleft(item)
            raise item
        return item

    async def deleted_ids(self) -> list[str]:
        """The ids the provider lists as deleted, from one call shared by
        the subscribers that ask for it; a call started before this
        subscriber joined is not reused. Its calls count in this run's
        stats too."""
        fetch, self._deleted_calls = await self._scanner.ask(_DeletedIds(self._deleted_after))
        try:
            ids, calls = await asyncio.shield(fetch)
        finally:
            self._deleted_calls = None
        self.stats.api_calls += calls.api_calls
        self.stats.retries += calls.retries
        self.stats.throttled += calls.throttled
        self.stats.throttled_seconds += calls.throttled_seconds
        self.stats.budget_wait_seconds += calls.budget_wait_seconds
        return ids

    def close_now(self) -> None:
        """Leave the pass without telling the actor: it drops the
        subscription at the next page."""
        self.closed = True
        self.room.set()

    async def aclose(self) -> None:
        """Leave the pass (idempotent)."""
        if self.closed:
            return
        self.close_now()
        if self._scanner.alive:
            await self._scanner.try_tell(_Unsubscribe(self))


def _close_granted(ask: asyncio.Future[FeedSubscription]) -> None:
    if not ask.cancelled() and ask.exception() is None:
        ask.result().close_now()


def _failed(fetch: asyncio.Task[Any]) -> bool:
    return fetch.done() and (fetch.cancelled() or fetch.exception() is not None)


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


class FeedScanActor(Actor):
    """Owns the shared pass over the feed (see the module docstring)."""

    mailbox_size = 1024

    def __init__(self, provider: ProviderClient) -> None:
        super().__init__()
        self._provider = provider
        self._subscribers: list[FeedSubscription] = []
        self._pass: asyncio.Task[None] | None = None
        self._calls = CallStats()  # every pass's calls; subscribers get each page's share
        self._deleted: asyncio.Task[tuple[list[str], CallStats]] | None = None
        self._deleted_started = 0  # deleted-ids fetches started so far
        self._deleted_calls = CallStats()  # the counters of the latest one

    def is_idle(self) -> bool:
        return False  # a process-lifetime actor

    async def handle(self, message: Any) -> Any:
        match message:
            case Subscribe(tenant_id, stats):
                subscription = FeedSubscription(
                    tenant_id, stats, self.self_ref, self._calls, self._deleted_started
                )
                self._subscribers.append(subscription)
                # A pass being cancelled (its last subscriber left) ends
                # without looking at the list again: start a new one.
                if self._pass is None or self._pass.done() or self._pass.cancelling():
                    self._pass = self.start_task(self._run_pass(), name="feed-scan")
                return subscription
            case _DeletedIds(after):
                fetch = self._deleted
                if fetch is None or self._deleted_started <= after or _failed(fetch):
                    self._deleted_started += 1
                    self._deleted_calls = CallStats()
                    fetch = self._deleted = self.start_task(
                        self._fetch_deleted(self._deleted_calls),
                        name="feed-scan:deleted",
                        crash_on_error=False,
                    )
                return fetch, self._deleted_calls
            case _Unsubscribe(subscription):
                self._drop(subscription)
                if not self._subscribers and self._pass is not None:
                    self._pass.cancel()  # nobody needs the page in flight
                return None
        raise TypeError(f"unexpected message {message!r}")

    async def on_stop(self) -> None:
        for subscription in self._subscribers:
            subscription.finish(ActorStopped("the feed scan stopped"))
        self._subscribers.clear()

    async def _fetch_deleted(self, calls: CallStats) -> tuple[list[str], CallStats]:
        return await self._provider.deleted_ids(FEED_KEY, calls), calls

    def _drop(self, subscription: FeedSubscription) -> None:
        if subscription in self._subscribers:
            self._subscribers.remove(subscription)

    async def _run_pass(self) -> None:
        """Fetch pages, from page 1 again after the end, while anyone
        still needs one."""
        calls = self._calls
        try:
            while self._subscribers:
                pages = aiter(self._provider.iter_pages(FEED_KEY, calls))
                try:
                    await self._read(pages, calls)
                finally:
                    await pages.aclose()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the page failed past its retries
            log.warning("feed scan failed", extra={"error": str(exc)})
            for subscription in self._subscribers:
                subscription.finish(exc)
            self._subscribers.clear()

    async def _read(self, pages: Any, calls: CallStats) -> None:
        while self._subscribers:
            before = attrs.evolve(calls)
            page = await anext(pages, None)
            if page is None:
                return  # past the end: the caller starts again at page 1
            spent = CallStats(
                api_calls=calls.api_calls - before.api_calls,
                retries=calls.retries - before.retries,
                throttled=calls.throttled - before.throttled,
                throttled_seconds=calls.throttled_seconds - before.throttled_seconds,
                budget_wait_seconds=calls.budget_wait_seconds - before.budget_wait_seconds,
            )
            for subscription in list(self._subscribers):
                subscription.observe(page, spent)
                if subscription.finished:
                    self._drop(subscription)
            for subscription in list(self._subscribers):
                await subscription.room.wait()
