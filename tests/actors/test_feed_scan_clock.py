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

from tests.actors.test_feed_scan import Gate, open_until, read_all
from tests.store.conftest import SkewedClock
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


async def test_a_run_of_a_replica_ahead_gets_its_deleted_ids_from_one_call(
    start_provider, tmp_path
):
    """The first run of a replica whose clock is a minute ahead of the
    store's joined before the actor had read the store's time: its join was
    stamped with its own clock, so every deleted-ids call (stamped with the
    store's) counted as started before it, and the actor called again at
    once, hundreds of times, without ever answering the run."""
    provider = await start_provider(tickets=15)
    gate = Gate()
    ahead = SkewedClock(timedelta(minutes=1))
    supervisor = Supervisor(clock=ahead)
    store = SqliteStore(tmp_path / "feed.db", clock=SystemClock())
    await store.open()
    async with aiohttp.ClientSession() as session:
        client = ProviderClient(
            session, provider.url, permits=gate, clock=ahead, backoff=Backoff(), page_size=10
        )
        ref = await supervisor.start_child(
            "r1", lambda: FeedScanActor(client, store, clock=ahead, instance_id="r1")
        )
        run = await FeedScanClient(ref).subscribe("tenant_a", CallStats())
        reader = asyncio.create_task(read_all(run))
        await open_until(gate, reader)
        deleted = asyncio.create_task(run.deleted_ids())
        await asyncio.wait_for(open_until(gate, deleted), 20)
        await deleted
        stats = await provider.get("/_control/stats")
        assert stats["by_endpoint"]["deleted"]["calls"] == 1, stats
        await run.aclose()
        await supervisor.stop_all(timeout=2)
    await store.close()
