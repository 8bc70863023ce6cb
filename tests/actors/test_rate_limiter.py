"""The rate-limiter actor: sliding-window budget, fairness, 429 pauses."""

from __future__ import annotations

import asyncio

import pytest

from ticketd.actors import Supervisor
from ticketd.actors.rate_limiter import LimiterPermits, LimiterStatus, RateLimiterActor
from ticketd.clock import FakeClock


@pytest.fixture
async def limiter():
    clock = FakeClock()
    supervisor = Supervisor(clock=clock)
    ref = await supervisor.start_child(
        "rate-limiter",
        lambda: RateLimiterActor(clock=clock, calls_per_minute=60, notify_calls_per_minute=5),
    )
    yield clock, ref, LimiterPermits(ref)
    await supervisor.stop_all(timeout=1)


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_full_budget_goes_at_once_then_waits_for_the_window(limiter):
    clock, _, permits = limiter
    granted: list[float] = []

    async def call(n: int) -> None:
        await permits.acquire("tenant-a")
        granted.append(clock.monotonic() - 1000.0)

    tasks = [asyncio.create_task(call(n)) for n in range(100)]
    await settle()
    assert len(granted) == 60 and set(granted) == {0.0}
    await clock.advance(60.0)
    assert len(granted) == 60  # the window (plus its 0.5 s margin) is not over yet
    await clock.advance(0.5)
    await settle()
    assert len(granted) == 100  # 100 calls in one window, not 100 s of pacing
    await asyncio.gather(*tasks)
    # Never more than 60 grants in any 60 s span.
    for start in granted:
        assert sum(1 for t in granted if start <= t < start + 60) <= 60


async def test_small_tenant_is_not_starved_by_a_backfill(limiter):
    clock, _, permits = limiter
    order: list[str] = []

    async def call(key: str) -> None:
        await permits.acquire(key)
        order.append(key)

    backfill = [asyncio.create_task(call("big")) for _ in range(200)]
    await settle()
    assert len(order) == 60
    small = asyncio.create_task(call("small"))
    await settle()
    await clock.advance(60.5)
    await settle()
    assert order[60:62] in (["small", "big"], ["big", "small"])
    await small
    for task in backfill:
        task.cancel()


async def test_a_429_on_any_call_pauses_every_budget(limiter):
    clock, ref, permits = limiter
    await permits.acquire("tenant-a")
    permits.throttled("notify", 10.0)  # the provider counts /notify too
    await settle()
    ticket_call = asyncio.create_task(permits.acquire("tenant-a"))
    notify_call = asyncio.create_task(permits.acquire("notify"))
    await settle()
    await clock.advance(9.9)
    assert not ticket_call.done() and not notify_call.done()
    await clock.advance(0.2)
    await settle()
    assert ticket_call.done() and notify_call.done()
    status = await ref.ask(LimiterStatus())
    assert status["tickets"]["granted_total"] == 2
    assert status["notify"]["granted_total"] == 1


async def test_cancelled_waiter_gives_its_slot_back(limiter):
    clock, ref, permits = limiter
    for _ in range(5):
        await permits.acquire("notify")
    gave_up = asyncio.create_task(permits.acquire("notify"))
    patient = asyncio.create_task(permits.acquire("notify"))
    await settle()
    gave_up.cancel()
    await clock.advance(60.5)
    await settle()
    assert patient.done()
    status = await ref.ask(LimiterStatus())
    assert status["notify"]["granted_total"] == 6
