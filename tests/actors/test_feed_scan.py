"""The feed-scan actor: one pass shared by every subscriber, late joiners
get the pages they missed, leaving does not disturb the others.

The provider is the real mock on loopback; the permits are a gate the
test opens one call at a time, so each step waits on an event."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from ticketd.actors import Supervisor
from ticketd.actors.feed_scan import FeedScanActor, FeedScanClient
from ticketd.clock import FakeClock, SystemClock
from ticketd.domain.backoff import Backoff
from ticketd.errors import ProviderError
from ticketd.external import CallStats, ProviderClient
from ticketd.store.sqlite import SqliteStore


class Gate:
    """A ``PermitSource`` that grants a call only when the test opens it."""

    def __init__(self) -> None:
        self.asked: asyncio.Queue[asyncio.Future[None]] = asyncio.Queue()

    async def acquire(self, key: str, wait: Any = None) -> float:
        grant = asyncio.get_running_loop().create_future()
        await self.asked.put(grant)
        await grant
        return 0.0

    def throttled(self, key: str, retry_after: float) -> None:
        return None

    async def open_one(self) -> asyncio.Future[None]:
        grant = await asyncio.wait_for(self.asked.get(), 5)
        grant.set_result(None)
        return grant


@pytest.fixture
async def scan(start_provider, tmp_path):
    provider = await start_provider(tickets=50)
    gate = Gate()
    supervisor = Supervisor(clock=SystemClock())
    store = SqliteStore(tmp_path / "feed.db", clock=SystemClock())
    await store.open()
    async with aiohttp.ClientSession() as session:
        client = ProviderClient(
            session,
            provider.url,
            permits=gate,
            clock=SystemClock(),
            backoff=Backoff(base=0.01),
            page_size=10,
            max_attempts=2,
        )
        ref = await supervisor.start_child(
            "feed-scan",
            lambda: FeedScanActor(client, store, clock=SystemClock(), instance_id="test"),
        )
        yield gate, FeedScanClient(ref), provider
        await supervisor.stop_all(timeout=2)
    await store.close()


async def read_all(subscription) -> list[int]:
    return [page.number async for page in subscription]


async def open_until(gate: Gate, *readers: asyncio.Task) -> None:
    """Grant calls until every reader is done."""
    while not all(r.done() for r in readers):
        ask = asyncio.ensure_future(gate.asked.get())
        await asyncio.wait({ask, *readers}, return_when=asyncio.FIRST_COMPLETED)
        if ask.done():
            ask.result().set_result(None)
        else:
            ask.cancel()


async def test_a_late_joiner_gets_the_rest_then_the_pages_it_missed(scan):
    gate, feed, provider = scan
    first = await feed.subscribe("tenant_a", CallStats())
    await gate.open_one()
    assert (await anext(first)).number == 1
    await gate.open_one()
    assert (await anext(first)).number == 2
    late_stats = CallStats()
    late = await feed.subscribe("tenant_b", late_stats)  # page 3 not fetched yet
    readers = [asyncio.create_task(read_all(first)), asyncio.create_task(read_all(late))]
    await open_until(gate, *readers)
    rest_of_first, late_pages = (r.result() for r in readers)
    last = rest_of_first[-1]
    assert rest_of_first == list(range(3, last + 1))
    assert late_pages == [*range(3, last + 1), 1, 2]  # the tail, then what it missed
    stats = await provider.get("/_control/stats")
    assert stats["by_endpoint"]["list"]["calls"] == last + 2  # each page once, 1 and 2 twice
    assert late_stats.api_calls == len(late_pages)  # the calls of the pages it received


async def test_a_run_joining_while_a_shared_call_waits_counts_all_of_that_wait(scan):
    """The pass's call for page 1 waits for its permit; a second run joins
    meanwhile. Both count the same figures for every page: the whole
    permit wait of page 1, not only the part after the second joined."""
    gate, feed, _ = scan
    stats = [CallStats(), CallStats()]
    first = await feed.subscribe("tenant_a", stats[0])
    page_1 = await asyncio.wait_for(gate.asked.get(), 5)  # the call waits for its permit
    second = await feed.subscribe("tenant_b", stats[1])
    page_1.set_result(None)
    readers = [asyncio.create_task(read_all(s)) for s in (first, second)]
    await open_until(gate, *readers)
    assert readers[0].result() == readers[1].result()
    assert stats[0] == stats[1]
    assert stats[0].budget_wait_seconds > 0


async def test_the_calls_of_a_page_that_failed_count_in_every_run_it_ended(scan):
    """Page 2 fails past its retries (two 503s): both runs end with the
    error, and each counts in full the calls of the pages it followed,
    the failed page's attempts included, as it counts those of the pages
    it received."""
    gate, feed, provider = scan
    await provider.post(
        "/_control/faults", {"kind": "error", "endpoint": "list", "page": 2, "times": 2}
    )
    stats = [CallStats(), CallStats()]
    subscriptions = [await feed.subscribe(t, s) for t, s in zip("ab", stats, strict=True)]
    readers = [asyncio.create_task(read_all(s)) for s in subscriptions]
    await open_until(gate, *readers)
    for reader in readers:
        with pytest.raises(ProviderError, match="failed after 2 attempts"):
            reader.result()
    # page 1, then page 2 twice
    assert [(s.api_calls, s.retries) for s in stats] == [(3, 1), (3, 1)]


async def test_leaving_does_not_disturb_the_others(scan):
    gate, feed, _ = scan
    staying = await feed.subscribe("tenant_a", CallStats())
    leaving = await feed.subscribe("tenant_b", CallStats())
    await gate.open_one()
    assert (await anext(leaving)).number == 1
    await leaving.aclose()
    reader = asyncio.create_task(read_all(staying))
    await open_until(gate, reader)
    pages = reader.result()
    assert pages == list(range(1, pages[-1] + 1))


async def test_the_last_one_leaving_abandons_the_call_in_flight(scan):
    gate, feed, _ = scan
    alone = await feed.subscribe("tenant_a", CallStats())
    waiting = await asyncio.wait_for(gate.asked.get(), 5)  # the pass waits for a permit
    abandoned = asyncio.Event()
    waiting.add_done_callback(lambda _: abandoned.set())
    await alone.aclose()
    await asyncio.wait_for(abandoned.wait(), 5)
    assert waiting.cancelled()
    # A new subscriber starts a new pass from page 1.
    again = await feed.subscribe("tenant_a", CallStats())
    await gate.open_one()
    assert (await anext(again)).number == 1


async def test_one_deleted_ids_call_serves_the_runs_of_a_pass(scan):
    gate, feed, provider = scan
    stats = [CallStats(), CallStats()]
    subscriptions = [await feed.subscribe(t, s) for t, s in zip("ab", stats, strict=True)]
    readers = [asyncio.create_task(read_all(s)) for s in subscriptions]
    await open_until(gate, *readers)
    asks = [asyncio.create_task(s.deleted_ids()) for s in subscriptions]
    await open_until(gate, *asks)
    assert asks[0].result() == asks[1].result()
    calls = await provider.get("/_control/stats")
    assert calls["by_endpoint"]["deleted"]["calls"] == 1
    assert [s.api_calls for s in stats] == [len(readers[0].result()) + 1] * 2
    # A run that joins after that call started gets a call of its own.
    late = await feed.subscribe("c", CallStats())
    reader = asyncio.create_task(read_all(late))
    await open_until(gate, reader)
    ask = asyncio.create_task(late.deleted_ids())
    await open_until(gate, ask)
    calls = await provider.get("/_control/stats")
    assert calls["by_endpoint"]["deleted"]["calls"] == 2


async def test_the_calls_of_a_failed_shared_deleted_ids_call_count_in_the_run(scan):
    """The deleted-ids call fails past its retries (two 503s): the run gets
    the error, and its stats count both attempts, as every provider call
    made for the run counts in full."""
    gate, feed, provider = scan
    await provider.post("/_control/faults", {"kind": "error", "endpoint": "deleted", "times": 2})
    stats = CallStats()
    subscription = await feed.subscribe("tenant_a", stats)
    reader = asyncio.create_task(read_all(subscription))
    await open_until(gate, reader)
    page_calls = stats.api_calls
    ask = asyncio.create_task(subscription.deleted_ids())
    await open_until(gate, ask)
    with pytest.raises(ProviderError, match="failed after 2 attempts"):
        ask.result()
    assert (stats.api_calls, stats.retries) == (page_calls + 2, 1)


class ClaimAnsweredLate(SqliteStore):
    """``claim_feed`` commits, then its answer waits for the test (a cancel
    lands while the claim is on its way back)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.claimed = asyncio.Event()
        self.answer = asyncio.Event()
        self.left = asyncio.Event()
        self.key = ""

    async def claim_feed(self, key, owner, ttl_seconds):
        lease = await super().claim_feed(key, owner, ttl_seconds)
        self.key = key
        self.claimed.set()
        await self.answer.wait()
        return lease

    async def leave_feed(self, key, member_id):
        await super().leave_feed(key, member_id)
        self.left.set()


async def test_a_lease_claimed_while_the_pass_was_cancelled_is_given_back(start_provider, tmp_path):
    """The last run leaves while the fetch lease is being claimed: the
    claim commits all the same, and the replica gives the lease back as it
    leaves, so another replica can take the pass at once rather than wait
    out the lease."""
    provider = await start_provider(tickets=50)
    supervisor = Supervisor(clock=SystemClock())
    store = ClaimAnsweredLate(tmp_path / "feed.db", clock=SystemClock())
    other = SqliteStore(tmp_path / "feed.db", clock=SystemClock())
    for s in (store, other):
        await s.open()
    async with aiohttp.ClientSession() as session:
        client = ProviderClient(
            session, provider.url, permits=Gate(), clock=SystemClock(), backoff=Backoff()
        )
        ref = await supervisor.start_child(
            "feed-scan",
            lambda: FeedScanActor(client, store, clock=SystemClock(), instance_id="test"),
        )
        subscription = await FeedScanClient(ref).subscribe("tenant_a", CallStats())
        await asyncio.wait_for(store.claimed.wait(), 5)
        await subscription.aclose()  # cancels the pass while the claim is in flight
        store.answer.set()
        await asyncio.wait_for(store.left.wait(), 5)
        assert await other.claim_feed(store.key, "another-replica", 10) is not None
        await supervisor.stop_all(timeout=2)
    for s in (store, other):
        await s.close()


class FreezableClock(FakeClock):
    """A ``FakeClock`` that says when someone parks in ``sleep``; while
    ``frozen``, a sleep lasts until ``thaw`` (the process is stopped)."""

    def __init__(self) -> None:
        super().__init__()
        self.parked = asyncio.Event()
        self.frozen = False
        self._thawed = asyncio.Event()

    async def sleep(self, seconds: float) -> None:
        self.parked.set()
        if self.frozen:
            await self._thawed.wait()
            return
        await super().sleep(seconds)

    def thaw(self) -> None:
        self.frozen = False
        self._thawed.set()


async def drive(task: asyncio.Task, clocks: list[FakeClock], parked: asyncio.Event, gate=None):
    """Until ``task`` is done: each time the replica parks, move the clocks
    one poll on; grant the gate's calls (if given)."""
    async with asyncio.timeout(20):
        while not task.done():
            ask = asyncio.ensure_future(gate.asked.get()) if gate else None
            woken = asyncio.ensure_future(parked.wait())
            await asyncio.wait(
                {t for t in (ask, woken, task) if t}, return_when=asyncio.FIRST_COMPLETED
            )
            if ask is not None and ask.done():
                ask.result().set_result(None)
            elif ask is not None:
                ask.cancel()
            if woken.done():
                parked.clear()
                for clock in clocks:
                    await clock.advance(0.1)
            else:
                woken.cancel()


async def test_a_follower_that_missed_pages_follows_on_until_it_has_every_page(
    start_provider, tmp_path
):
    """Replica r1 follows the pass r2 fetches; r1 freezes (it neither reads
    nor renews its record) after its run received page 2. Its record
    expires, r2 finishes the pass and the pages r1 did not read are
    collected. Woken, r1's run must not count the pages it missed: it
    follows on (into the next pass) until it has received every page."""
    provider = await start_provider(tickets=50)
    shared, r1_clock = FakeClock(), FreezableClock()  # the store's and r2's; r1's
    gate = Gate()
    supervisor = Supervisor(clock=SystemClock())
    stores = [SqliteStore(tmp_path / "feed.db", clock=shared) for _ in range(2)]
    for store in stores:
        await store.open()
    async with aiohttp.ClientSession() as session:

        def replica(name: str, clock: FakeClock, store: SqliteStore):
            client = ProviderClient(
                session, provider.url, permits=gate, clock=clock, backoff=Backoff(), page_size=10
            )
            # The pass starts at once: the test moves the clocks only later.
            return supervisor.start_child(
                name,
                lambda: FeedScanActor(
                    client, store, clock=clock, instance_id=name, gather_seconds=0
                ),
            )

        r2 = FeedScanClient(await replica("r2", shared, stores[0]))
        r1 = FeedScanClient(await replica("r1", r1_clock, stores[1]))
        second = await r2.subscribe("tenant_b", CallStats())
        await gate.open_one()
        assert (await anext(second)).number == 1
        first = await r1.subscribe("tenant_a", CallStats())  # r1 follows, r2 fetches
        # r1's run joins the pass where r1's first store round trip finds
        # it: page 2 is granted only once r1 is registered (it parks after
        # that round trip), or its run would rightly start at page 3.
        await asyncio.wait_for(r1_clock.parked.wait(), 5)
        await gate.open_one()
        assert (await anext(second)).number == 2
        reading = asyncio.ensure_future(anext(first))
        await drive(reading, [r1_clock], r1_clock.parked)
        assert reading.result().number == 2
        # r1 freezes at its next sleep; then its record expires.
        r1_clock.frozen = True
        r1_clock.parked.clear()
        await r1_clock.advance(0.1)
        await asyncio.wait_for(r1_clock.parked.wait(), 5)
        await shared.advance(11)
        # r2 ends the pass alone, renewing its record: read pages are collected.
        reader2 = asyncio.create_task(read_all(second))
        while not reader2.done():
            ask = asyncio.ensure_future(gate.asked.get())
            await asyncio.wait({ask, reader2}, return_when=asyncio.FIRST_COMPLETED)
            if ask.done():
                await shared.advance(4)
                ask.result().set_result(None)
            else:
                ask.cancel()
        every_page = [1, 2, *reader2.result()]
        assert every_page == list(range(1, every_page[-1] + 1))
        # r1 wakes.
        await r1_clock.advance(shared.monotonic() - r1_clock.monotonic())
        r1_clock.parked.clear()
        r1_clock.thaw()
        reader1 = asyncio.create_task(read_all(first))
        await drive(reader1, [shared, r1_clock], r1_clock.parked, gate)
        assert sorted([2, *reader1.result()]) == every_page  # each page, once
        await supervisor.stop_all(timeout=2)
    for store in stores:
        await store.close()
