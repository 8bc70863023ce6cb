"""A call's waits count in its ``CallStats`` however the wait ends: a
permit wait cut short by a cancel (SIGINT, ``DELETE /ingest/{job_id}``)
while the budget is paused by a 429 counts as throttled time, and a wait
going on shows in ``CallStats.live``. The real rate-limiter actor on an
injected clock, a provider on loopback."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from ticketd.actors import Supervisor
from ticketd.actors.rate_limiter import LimiterPermits, LimiterStatus, RateLimiterActor
from ticketd.clock import FakeClock
from ticketd.domain.backoff import Backoff
from ticketd.external import CallStats, ProviderClient


class EnteredPermits:
    """The real limiter's permits; ``entered`` is set when a wait begins."""

    def __init__(self, inner: LimiterPermits) -> None:
        self.inner = inner
        self.entered = asyncio.Event()

    async def acquire(self, key: str, wait: Any = None) -> float:
        self.entered.set()
        return await (self.inner.acquire(key) if wait is None else self.inner.acquire(key, wait))

    def throttled(self, key: str, retry_after: float) -> None:
        self.inner.throttled(key, retry_after)


async def deleted(request: web.Request) -> web.StreamResponse:
    return web.json_response({"deleted_ids": []})


async def test_a_permit_wait_cancelled_during_a_429_pause_counts_as_throttled(provider, session):
    """1. Another call's 429 paused the budget for 10 s.
    2. A call waits for its permit; 4 s pass on the clock: live figures
       already show 4 s throttled.
    3. The call is cancelled: its stats keep 4 s throttled, 0 s of budget
       wait, and no call made."""
    url = await provider({("GET", "/external/deleted-tickets"): deleted})
    clock = FakeClock()
    supervisor = Supervisor(clock=clock)
    try:
        limiter = await supervisor.start_child(
            "rate-limiter",
            lambda: RateLimiterActor(clock=clock, calls_per_minute=60, notify_calls_per_minute=5),
        )
        permits = EnteredPermits(LimiterPermits(limiter))
        client = ProviderClient(session, url, permits=permits, clock=clock, backoff=Backoff())
        permits.throttled("tenant-a", 10.0)  # as another call's 429 does
        stats = CallStats()
        call = asyncio.ensure_future(client.deleted_ids("tenant-a", stats))
        await permits.entered.wait()
        status = await limiter.ask(LimiterStatus())  # after the Acquire: it is queued
        assert status["tickets"]["waiting"] == 1

        await clock.advance(4.0)
        live = stats.live(clock.monotonic())
        assert (live.throttled_seconds, live.budget_wait_seconds) == (4.0, 0.0)
        assert stats.waiting == "budget"

        call.cancel()
        await asyncio.gather(call, return_exceptions=True)
        assert call.cancelled()
        assert (stats.throttled_seconds, stats.budget_wait_seconds) == (4.0, 0.0)
        assert (stats.api_calls, stats.waiting) == (0, None)
    finally:
        await supervisor.stop_all(timeout=1)
