"""The feed-scan actor: one pass over the provider's mixed feed for every
tenant run active at the same time, in this process and in every replica
sharing the database. Each run subscribes (``Subscribe``) and reads its
pages from its subscription (``ticketd.actors.feed_subscription``); the
actor keeps this process's runs in ``ticketd.actors.feed_runs`` and
follows the pass, fetching when needed, here.

The pass lives in the store (``ticketd.store.feed_records``): one replica
at a time holds the fetch lease (fencing token), fetches the page at the
pass's cursor and publishes it (``ticketd.actors.feed_fetch``); every
replica with runs reads the published pages in sequence. Each replica's
member record says where its subscribers stand, so any replica can tell
whether someone needs a page not published yet
(``ticketd.domain.feed_pass``); if so and the lease is free or expired, it
takes the lease and fetches. A run joining mid-pass gets the pages from
the next one published, then the pass goes on from page 1 until it has
the pages it missed. A fetcher that dies or freezes stops renewing its
lease (renewed only while its call runs); another replica continues from
the last published page. When nobody needs more, the lease is released
and the next pass starts at page 1. A pass that starts waits
``gather_seconds`` (``ticketd.domain.feed_pass.gather_left``) before its
first call, so runs started at about the same time join it from page 1.
A page failing past its retries is
published as a failure and fails every run. A replica whose unread pages
were collected (its record expired) does not count them: its runs follow
on as late joiners until each has every page. Times replicas compare
(the lease's expiry, when a run joined, when a deleted-ids call started)
are the store's, as of the last read (``FeedView.now``), never this
replica's own clock.

Polling: a replica waiting for a page reads the store every
``poll_seconds`` (the fetcher less often while its call runs, whose end
wakes it), writing its record only when it changed or a third of
``lease_seconds`` passed; a subscribe or leave wakes it at once. It logs at
debug what it waits for, each time that changes. The fetcher notes what
its call waits for (budget, ``Retry-After``, back-off) in the scan record
when that changes (checked every round), so the runs other replicas follow
the pass with show it in their progress, as its own runs do. A published call's
figures are added in full to every run that used it. When the last run of
this process leaves, the loop stops, abandoning a call in flight and
releasing the lease; when the incarnation ends, every subscription fails
with ``ActorStopped``.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

import attrs

from ticketd.actors.feed_fetch import FeedFetcher, parsed
from ticketd.actors.feed_runs import LocalRuns
from ticketd.actors.feed_subscription import (
    DeletedIdsWanted,
    FeedScanClient,
    FeedSubscription,
    Subscribe,
    Unsubscribe,
)
from ticketd.actors.runtime import Actor
from ticketd.aio import cancel_and_wait, finish_then_cancel
from ticketd.clock import Clock
from ticketd.domain.feed_pass import gather_left, needs_deleted, needs_page
from ticketd.errors import ActorStopped, LeaseLost, TicketdError, error_text
from ticketd.external import ProviderClient
from ticketd.store import Store
from ticketd.store.feed_records import FRONTIER, FeedLease, FeedMember, FeedScanState, FeedView

__all__ = [
    "FEED_GATHER_SECONDS",
    "FEED_LEASE_SECONDS",
    "FEED_POLL_SECONDS",
    "FeedScanActor",
    "FeedScanClient",
    "FeedSubscription",
    "Subscribe",
]

log = logging.getLogger(__name__)

FEED_POLL_SECONDS = 0.1  # a follower waiting for a page reads the store this often
FETCHER_POLL_SECONDS = 0.5  # ... and the fetcher while its page call runs
FEED_LEASE_SECONDS = 10.0  # the fetch lease and member records (at most the tenant lease TTL)
FEED_GATHER_SECONDS = 0.25  # a new pass waits this long for runs started with its first
PAGES_PER_READ = 4  # published pages one round trip returns at most


def _running(task: asyncio.Task[None] | None) -> bool:
    return task is not None and not task.done()


class FeedScanActor(Actor):
    """Follows, and fetches when needed, the shared pass (module docstring)."""

    mailbox_size = 1024

    def __init__(
        self,
        provider: ProviderClient,
        store: Store,
        *,
        clock: Clock,
        instance_id: str,
        lease_seconds: float = FEED_LEASE_SECONDS,
        poll_seconds: float = FEED_POLL_SECONDS,
        gather_seconds: float = FEED_GATHER_SECONDS,
    ) -> None:
        super().__init__()
        self._provider = provider
        self._store = store
        self._clock = clock
        self._key = provider.feed_key
        self._member_id = f"{instance_id}/{uuid.uuid4().hex[:8]}"
        self._ttl = lease_seconds
        self._poll = poll_seconds
        self._gather = gather_seconds
        self._runs = LocalRuns()
        self._fetcher = FeedFetcher(provider, store, clock, lease_seconds)
        self._follow: asyncio.Task[None] | None = None
        self._page_task: asyncio.Task[None] | None = None
        self._deleted_task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._lease: FeedLease | None = None
        self._claiming: asyncio.Future[FeedLease | None] | None = None  # cut short by a cancel
        self._read_seq = FRONTIER  # the last published page handed out here
        self._others_follow = False  # another live replica has runs on the pass
        self._deleted_published = 0.0  # start of the latest deleted-ids call published here
        # The store's time less this process's, at the last read (None before it).
        self._store_ahead: float | None = None
        self._waits: tuple[str, ...] = ()  # what the loop last logged it waits for

    def is_idle(self) -> bool:
        return False  # a process-lifetime actor

    async def handle(self, message: Any) -> Any:
        match message:
            case Subscribe(tenant_id, stats):
                subscription = FeedSubscription(
                    tenant_id, stats, self.self_ref, self._fetcher, self._epoch(), self._wake.set
                )
                self._runs.add(subscription)
                self._ensure_following()
                return subscription
            case DeletedIdsWanted(subscription):
                loop = asyncio.get_running_loop()
                if subscription.deleted is None or subscription.deleted.done():
                    subscription.deleted = loop.create_future()
                self._runs.await_deleted(subscription)
                self._ensure_following()
                return subscription.deleted
            case Unsubscribe(subscription):
                self._runs.remove(subscription)
                if not self._runs.busy and self._follow is not None:
                    self._follow.cancel()  # nobody here needs the call in flight
                return None
        raise TypeError(f"unexpected message {message!r}")

    async def on_stop(self) -> None:
        self._runs.fail_all(ActorStopped("the feed scan stopped"))

    def _ensure_following(self) -> None:
        self._wake.set()
        # A loop being cancelled (its last subscriber left) ends without
        # looking at the lists again: start a new one.
        follow = self._follow
        if follow is None or follow.done() or follow.cancelling():
            self._follow = self.start_task(self._run(follow), name="feed-scan")

    def _epoch(self) -> float:
        """The store's time now (epoch seconds), as of the last read: the
        times replicas compare (lease expiry, when a run joined, when a
        deleted-ids call started) never come from one replica's clock."""
        return float(self._clock.now().timestamp()) + (self._store_ahead or 0.0)

    # -- the loop ------------------------------------------------------------
    async def _run(self, previous: asyncio.Task[None] | None) -> None:
        if previous is not None and not previous.done():
            await asyncio.wait([previous])  # its lease and record are given back first
        self._read_seq = FRONTIER
        while True:
            try:
                await self._follow_pass()
            except asyncio.CancelledError:
                raise
            except TicketdError as exc:  # the store failed for longer than lease_seconds
                log.warning("feed scan failed", extra={"error": error_text(exc)})
                self._runs.fail_all(exc)
            finally:
                await finish_then_cancel(self._leave())
            if not self._runs.busy:  # nobody joined while it left
                return

    async def _leave(self) -> None:
        """Stop the calls in flight, give the lease back (the next pass
        starts at page 1 unless another replica follows this one) and
        remove the member record."""
        await cancel_and_wait([t for t in (self._page_task, self._deleted_task) if t is not None])
        self._page_task = self._deleted_task = None
        lease, self._lease = self._lease, None
        claiming, self._claiming = self._claiming, None
        try:
            if lease is None and claiming is not None:
                lease = await claiming  # it may have taken the lease: give it back
            if lease is not None:
                await self._store.release_feed(lease, restart=not self._others_follow)
            await self._store.leave_feed(self._key, self._member_id)
        except TicketdError as exc:  # the record expires on its own
            log.warning("could not leave the feed pass", extra={"error": error_text(exc)})

    async def _follow_pass(self) -> None:
        written: FeedMember | None = None
        written_at = 0.0
        failing_since: float | None = None
        while self._runs.busy:
            member = self._runs.member(self._member_id, self._read_seq)
            # The read position alone moving does not need a write: a
            # record a little behind only keeps pages longer and is
            # consistent with its marks (the others simulate from it).
            due = (
                written is None
                or attrs.evolve(member, read_seq=written.read_seq) != written
                or self._clock.monotonic() - written_at >= self._ttl / 3
            )
            try:
                view = await self._store.follow_feed(
                    self._key,
                    self._member_id,
                    member=member if due else None,
                    ttl_seconds=self._ttl,
                    read_seq=self._read_seq,
                    limit=PAGES_PER_READ,
                )
                if due:
                    written, written_at = member, self._clock.monotonic()
                await self._step(view)
            except TicketdError as exc:
                now = self._clock.monotonic()
                failing_since = now if failing_since is None else failing_since
                if now - failing_since >= self._ttl:
                    raise
                log.warning("feed pass: store not available", extra={"error": error_text(exc)})
                await self._pause()
                continue
            failing_since = None

    async def _step(self, view: FeedView) -> None:
        """One round of the loop on what the store showed. Pages are handed
        out while every subscription has room; deleted-ids answers are
        served and fetched whatever the room and alongside a page fetch, as
        a run waits for its answer before it reads on."""
        ahead = view.now - float(self._clock.now().timestamp())
        if self._store_ahead is None:
            # Runs that joined before the first read were stamped with this
            # process's clock: move them to the store's, or a replica ahead
            # of it finds every deleted-ids call started before its run.
            self._runs.shift_subscribed(ahead)
        self._store_ahead = ahead
        if self._read_seq == FRONTIER:
            self._read_seq = view.read_seq
        self._runs.serve_deleted(view.scan)
        # A page this replica fetched was handed out when published.
        pages = [p for p in view.pages if p.seq > self._read_seq]
        first = pages[0].seq if pages else view.scan.last_seq + 1
        if first > self._read_seq + 1:  # pages published after the read position are gone
            self._runs.missed(first - self._read_seq - 1)
            self._read_seq = first - 1
        for published in pages:
            if self._runs.full:
                break
            self._runs.deliver(parsed(published), published.calls, published.error)
            self._read_seq = published.seq
        if self._read_seq > view.scan.last_seq:
            return  # read before this replica's latest publication: read again
        caught_up = self._read_seq >= view.scan.last_seq
        if not caught_up and not self._runs.full:
            return  # read on at once
        members = [m for m in view.members if m.member_id != self._member_id]
        self._others_follow = any(m.subscribers for m in members)
        members.append(self._runs.member(self._member_id, self._read_seq))
        started = max(view.scan.deleted_started_at or 0.0, self._deleted_published)
        want_deleted = not _running(self._deleted_task) and needs_deleted(
            [m.deleted_after for m in members], started or None
        )
        want_page = needs_page([(m.read_seq, m.subscribers) for m in members], view.marks)
        fetch_page = (
            want_page and caught_up and not self._runs.full and not _running(self._page_task)
        )
        # Runs that have not started reading, with nobody else on the
        # pass, start a pass of their own at page 1.
        fresh = not self._others_follow and self._runs.fresh
        number = 1 if fresh else view.scan.cursor
        gathering = 0.0  # seconds the first call of a starting pass still waits
        if fetch_page:
            marks = [mark for m in members for mark in m.subscribers]
            first = self._runs.first_joined()
            gathering = gather_left(number, marks, first, self._gather, self._epoch())
            fetch_page = not gathering
        idle = not (_running(self._page_task) or _running(self._deleted_task))
        if not (want_page or want_deleted) and idle and self._lease is not None:
            lease, self._lease = self._lease, None
            await self._store.release_feed(lease, restart=True)  # nobody needs more
        elif (fetch_page or want_deleted) and await self._hold(view.scan):
            assert self._lease is not None
            if want_deleted:
                self._deleted_task = self._start(self._fetch_deleted(self._lease))
            if fetch_page:
                self._page_task = self._start(self._fetch_page(self._lease, number))
        self._note_wait(view.scan, want_page or want_deleted, gathering > 0)
        await self._fetcher.share_waiting(view.scan, view.now, self._member_id, self._lease)
        await self._pause(gathering or None)

    def _note_wait(self, scan: FeedScanState, wanted: bool, gathering: bool) -> None:
        """Log at debug what the loop waits for, each time that changes."""
        if _running(self._page_task) or _running(self._deleted_task):
            waits: tuple[str, ...] = ("this replica's provider call",)
        elif gathering:
            waits = ("runs joining the pass before its first page",)
        elif wanted and scan.held_by_other(self._member_id, self._epoch()):
            waits = ("the fetch lease holder's next publication", str(scan.owner))
        elif wanted and self._runs.full:
            waits = ("a run reading the pages handed to it",)
        else:
            waits = ()
        if waits != self._waits:
            self._waits = waits
            if waits:
                extra = {"holder": scan.owner, "lease_expires_at": scan.expires_at}
                log.debug("feed pass waits for %s", waits[0], extra=extra)

    async def _hold(self, scan: FeedScanState) -> bool:
        """Whether this replica holds the fetch lease, taking it if it is
        free or expired."""
        lease = self._lease
        if lease is not None and (scan.owner, scan.token) == (lease.owner, lease.token):
            return True
        if _running(self._page_task) or _running(self._deleted_task):
            return False  # calls under a lease it lost end first
        if scan.held_by_other(self._member_id, self._epoch()):
            return False
        # Shielded: a cancel landing while the claim commits would leave a
        # lease nobody here knows, and other replicas' followers would wait
        # out its TTL; ``_leave`` gives back what the claim took.
        claim = asyncio.ensure_future(self._store.claim_feed(self._key, self._member_id, self._ttl))
        try:
            self._lease = await asyncio.shield(claim)
        except asyncio.CancelledError:
            self._claiming = claim
            raise
        if self._lease is not None:
            self._fetcher.new_holder()
        return self._lease is not None

    def _start(self, work: Any) -> asyncio.Task[None]:
        task = self.start_task(work, name="feed-scan:fetch")
        task.add_done_callback(lambda _: self._wake.set())
        return task

    async def _fetch_page(self, lease: FeedLease, number: int) -> None:
        try:
            published, page = await self._fetcher.page(lease, number)
        except LeaseLost:
            self._lease = None
            return
        except TicketdError as exc:  # the store: the next round tries again
            log.warning("could not publish a page of the feed", extra={"error": error_text(exc)})
            return
        # No await between the publication and this: the loop never reads
        # the page back as another replica's.
        self._runs.deliver(page, published.calls, published.error)
        self._read_seq = published.seq

    async def _fetch_deleted(self, lease: FeedLease) -> None:
        started_at = self._epoch()
        try:
            ids, error, calls = await self._fetcher.deleted_ids(lease, started_at)
            self._deleted_published = started_at  # a view read before may not show it
            self._runs.answer_deleted(started_at, ids, error, calls)
        except LeaseLost:
            self._lease = None
        except TicketdError as exc:
            log.warning("could not publish the deleted ids", extra={"error": error_text(exc)})

    async def _pause(self, seconds: float | None = None) -> None:
        """Wait ``poll_seconds`` (or ``seconds``, if fewer), or less if this
        process's runs or calls changed."""
        # While this replica's own page call runs, its end wakes the loop;
        # only other replicas' requests (a deleted-ids call) need a look.
        wait = max(FETCHER_POLL_SECONDS, self._poll) if _running(self._page_task) else self._poll
        sleeper = asyncio.ensure_future(self._clock.sleep(min(wait, seconds or wait)))
        waker = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            await cancel_and_wait([sleeper, waker])
        self._wake.clear()
