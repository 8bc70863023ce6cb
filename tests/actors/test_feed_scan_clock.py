"""The feed-scan actor judges the fetch lease by the store's time, not by
its own clock: a replica whose clock runs ahead of the store's does not
take a live holder's lease for expired (and try to claim it, a write per
poll, which the store refuses). The store's time here is the SQLite
store's clock; on MongoDB it is the server's
(``tests/store/test_mongo_feed_clock.py``)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import aiohttp

from tests.actors.test_feed_scan import Gate
from tests.store.test_mongo_leases import SkewedClock
from ticketd.actors import Supervisor
from ticketd.actors.feed_scan import FeedScanActor, FeedScanClient
from ticketd.clock import SystemClock
from ticketd.domain.backoff import Backoff
from ticketd.external import CallStats, ProviderClient
from ticketd.store.sqlite import SqliteStore

ROUNDS = 10  # store round trips of the follower the test watches


class Watched(SqliteStore):
    """Counts the fetch-lease claims, and says when ``ROUNDS`` follows are done."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.claims = 0
        self.follows = 0
        self.followed = asyncio.Event()

    async def claim_feed(self, key, owner, ttl_seconds):
        self.claims += 1
        return await super().claim_feed(key, owner, ttl_seconds)

    async def follow_feed(self, *args, **kwargs):
        view = await super().follow_feed(*args, **kwargs)
        self.follows += 1
        if self.follows >= ROUNDS:
            self.followed.set()
        return view


async def test_a_follower_whose_clock_runs_ahead_leaves_a_live_lease_alone(
    start_provider, tmp_path
):
    """r2 holds the fetch lease, its call for page 2 waiting for a permit;
    r1, whose clock is two minutes ahead of the store's, follows the pass
    for ten round trips and claims nothing."""
    provider = await start_provider(tickets=50)
    gate = Gate()
    supervisor = Supervisor(clock=SystemClock())
    holder = SqliteStore(tmp_path / "feed.db", clock=SystemClock())
    follower = Watched(tmp_path / "feed.db", clock=SystemClock())
    for store in (holder, follower):
        await store.open()
    async with aiohttp.ClientSession() as session:

        def replica(name, clock, store):
            client = ProviderClient(
                session, provider.url, permits=gate, clock=clock, backoff=Backoff(), page_size=10
            )
            return supervisor.start_child(
                name, lambda: FeedScanActor(client, store, clock=clock, instance_id=name)
            )

        r2 = FeedScanClient(await replica("r2", SystemClock(), holder))
        r1 = FeedScanClient(await replica("r1", SkewedClock(timedelta(minutes=2)), follower))
        second = await r2.subscribe("tenant_b", CallStats())
        await gate.open_one()
        assert (await anext(second)).number == 1
        page_2 = await asyncio.wait_for(gate.asked.get(), 5)  # r2's call waits, lease held
        first = await r1.subscribe("tenant_a", CallStats())
        await asyncio.wait_for(follower.followed.wait(), 20)
        assert follower.claims == 0
        page_2.set_result(None)
        assert (await anext(first)).number == 2
        await first.aclose()
        await second.aclose()
        await supervisor.stop_all(timeout=2)
    for store in (holder, follower):
        await store.close()
