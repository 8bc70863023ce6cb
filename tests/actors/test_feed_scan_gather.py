"""The feed-scan actor: a pass that starts waits ``gather_seconds`` for
runs started with its first before it calls for page 1, so they all read
the feed from page 1 and it is fetched once.

The provider is the real mock on loopback, the store a real SQLite file;
the clock moves only when the test says, each time the actor parks."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp

from tests.actors.test_feed_scan import FreezableClock, Gate, open_until, read_all
from ticketd.actors import Supervisor
from ticketd.actors.feed_scan import FeedScanActor, FeedScanClient
from ticketd.clock import SystemClock
from ticketd.domain.backoff import Backoff
from ticketd.external import CallStats, ProviderClient
from ticketd.store.sqlite import SqliteStore

GATHER = 0.25


async def first_call_at(clock: FreezableClock, gate: Gate, *, join_at: float, join) -> float:
    """Move the clock 0.05 s on while the actor is parked, calling ``join``
    once it reached ``join_at``, until the pass asks for a call; returns
    the time since the start it asked, and lets the call through."""
    start, joined = clock.monotonic(), False
    async with asyncio.timeout(20):
        while True:
            ask = asyncio.ensure_future(gate.asked.get())
            parked = asyncio.ensure_future(clock.parked.wait())
            await asyncio.wait({ask, parked}, return_when=asyncio.FIRST_COMPLETED)
            parked.cancel()
            if ask.done():
                ask.result().set_result(None)
                return clock.monotonic() - start
            ask.cancel()
            clock.parked.clear()
            while True:  # until the actor wakes
                if not joined and clock.monotonic() - start >= join_at - 1e-6:
                    await join()
                    joined = True
                await clock.advance(0.05)
                if clock.parked.is_set() or not clock.sleepers:
                    break


@contextlib.asynccontextmanager
async def gathering_scan(provider, tmp_path):
    """A feed-scan actor with a gather time over the mock provider, a real
    SQLite file and a frozen clock; yields (feed client, clock, permit gate)."""
    clock, gate = FreezableClock(), Gate()
    supervisor = Supervisor(clock=SystemClock())
    store = SqliteStore(tmp_path / "feed.db", clock=clock)
    await store.open()
    try:
        async with aiohttp.ClientSession() as session:
            client = ProviderClient(
                session, provider.url, permits=gate, clock=clock, backoff=Backoff(), page_size=10
            )
            ref = await supervisor.start_child(
                "feed-scan",
                lambda: FeedScanActor(
                    client, store, clock=clock, instance_id="r1", gather_seconds=GATHER
                ),
            )
            try:
                yield FeedScanClient(ref), clock, gate
            finally:
                await supervisor.stop_all(timeout=2)
    finally:
        await store.close()


async def test_a_run_joining_while_the_pass_starts_reads_it_from_page_1(start_provider, tmp_path):
    """Run a subscribes; 0.2 s later (the pass has not called yet) run b
    subscribes. The first call goes out only after the gather time: both
    runs receive every page from page 1, and each page is fetched once."""
    provider = await start_provider(tickets=50)
    async with gathering_scan(provider, tmp_path) as (feed, clock, gate):
        runs = [await feed.subscribe("tenant_a", CallStats())]

        async def join() -> None:
            runs.append(await feed.subscribe("tenant_b", CallStats()))

        waited = await first_call_at(clock, gate, join_at=0.2, join=join)
        assert GATHER - 1e-6 <= waited < GATHER + 0.2
        readers = [asyncio.create_task(read_all(r)) for r in runs]
        await open_until(gate, *readers)
        pages = [r.result() for r in readers]
        assert pages[0] == pages[1] == list(range(1, len(pages[0]) + 1))
        stats = await provider.get("/_control/stats")
        assert stats["by_endpoint"]["list"]["calls"] == len(pages[0])


async def test_a_pass_a_run_is_reading_does_not_wait_again(start_provider, tmp_path):
    """Run a has page 1 of the pass: the call for page 2 goes out while
    the clock stands still (only a starting pass waits), and run b,
    joining while it waits for its permit, starts at page 2."""
    provider = await start_provider(tickets=50)
    async with gathering_scan(provider, tmp_path) as (feed, clock, gate):
        first = await feed.subscribe("tenant_a", CallStats())

        async def nobody() -> None:
            return None

        await first_call_at(clock, gate, join_at=10.0, join=nobody)
        assert (await anext(first)).number == 1
        page_2 = await asyncio.wait_for(gate.asked.get(), 5)
        late = await feed.subscribe("tenant_b", CallStats())
        page_2.set_result(None)
        assert (await anext(late)).number == 2
        await first.aclose()
        await late.aclose()
