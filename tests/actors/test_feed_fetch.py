"""The fetch-lease holder's calls (``ticketd.actors.feed_fetch``): the
lease is renewed while a call runs, and the renewal ends with the call.

The provider is the real mock on loopback; its permits are a gate the test
opens, and the renewal's timer is a ``FakeClock`` the test moves."""

from __future__ import annotations

import asyncio

import aiohttp

from tests.actors.test_feed_scan import Gate
from ticketd.actors.feed_fetch import FeedFetcher
from ticketd.clock import FakeClock, SystemClock
from ticketd.domain.backoff import Backoff
from ticketd.errors import Unavailable
from ticketd.external import ProviderClient
from ticketd.store.sqlite import SqliteStore

TTL = 9.0


class RenewalSwallowsCancel(SqliteStore):
    """The first renewal of the lease (the second ``claim_feed``) hangs
    until cancelled, and answers the cancel as a store error, as a driver
    whose own time-out wraps the call may: the renewal's cancel alone does
    not end it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.claims = 0
        self.renewing = asyncio.Event()

    async def claim_feed(self, key, owner, ttl_seconds):
        self.claims += 1
        if self.claims != 2:
            return await super().claim_feed(key, owner, ttl_seconds)
        self.renewing.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            raise Unavailable("the database did not answer in time") from None
        raise AssertionError("unreachable")


async def test_the_renewal_ends_with_its_call_even_when_its_cancel_is_swallowed(
    start_provider, tmp_path
):
    """A page call waits for its permit past a third of the lease; the
    renewal's round trip hangs. The call ends: the renewal is cancelled,
    and its store call turns the cancel into an error, after which the
    renewal would go on renewing the lease (and keep every follower
    waiting on it) but for the flag the call's end sets. The page is
    published and nothing renews the lease after the call."""
    provider = await start_provider(tickets=30)
    clock = FakeClock()
    store = RenewalSwallowsCancel(tmp_path / "feed.db", clock=clock)
    await store.open()
    gate = Gate()
    try:
        async with aiohttp.ClientSession() as session:
            client = ProviderClient(
                session, provider.url, permits=gate, clock=SystemClock(), backoff=Backoff()
            )
            fetcher = FeedFetcher(client, store, clock, TTL)
            lease = await store.claim_feed(client.feed_key, "me", TTL)
            assert lease is not None
            fetch = asyncio.ensure_future(fetcher.page(lease, 1))
            permit = await asyncio.wait_for(gate.asked.get(), 5)  # the call waits
            await clock.advance(TTL / 3)  # the renewal's turn: it hangs
            await asyncio.wait_for(store.renewing.wait(), 5)
            permit.set_result(None)
            published, page = await asyncio.wait_for(fetch, 5)
            assert (published.number, published.error) == (1, None) and page is not None
            await clock.advance(TTL)  # a renewal still alive would claim again
            assert store.claims == 2
    finally:
        await store.close()
