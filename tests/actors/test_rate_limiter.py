"""The rate-limiter actor: sliding-window budget, fairness, 429 pauses."""

from __future__ import annotations

import asyncio

import pytest

from ticketd.actors import Supervisor
from ticketd.actors.rate_limiter import (
    LimiterPermits,
    LimiterStatus,
    RateLimiterActor,
    make_windows,
)
from ticketd.clock import FakeClock
from ticketd.errors import ActorStopped
from ticketd.external import CallStats
from ticketd.external.permits import PermitWait


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


async def test_a_429_pauses_only_the_budget_of_the_call_that_received_it(limiter):
    clock, ref, permits = limiter
    permits.throttled("notify", 300.0)  # /notify answered 429 with a huge Retry-After
    await settle()
    assert await asyncio.wait_for(permits.acquire("tenant-a"), 1) == 0.0  # ingestion goes on
    notify_call = asyncio.create_task(permits.acquire("notify"))
    permits.throttled("tenant-b", 10.0)
    await settle()
    ticket_call = asyncio.create_task(permits.acquire("tenant-a"))
    await settle()
    await clock.advance(9.9)
    assert not ticket_call.done() and not notify_call.done()
    await clock.advance(0.2)
    await settle()
    assert ticket_call.done() and not notify_call.done()
    await clock.advance(300)
    await settle()
    assert notify_call.done()
    status = await ref.ask(LimiterStatus())
    assert status["tickets"]["granted_total"] == 2
    assert status["notify"]["granted_total"] == 1


async def test_waiting_out_another_calls_429_is_reported_as_throttled_time(limiter):
    clock, _, permits = limiter
    permits.throttled("tenant-b", 10.0)  # another tenant's call got the 429
    await settle()
    await clock.advance(4.0)
    waiting = asyncio.create_task(permits.acquire("tenant-a"))
    await settle()
    await clock.advance(6.0)
    assert await waiting == pytest.approx(6.0)  # queued at 4 s, paused until 10 s
    assert await permits.acquire("tenant-a") == 0.0


async def test_a_permit_wait_says_while_a_429_pause_holds_it(limiter):
    """Waiting for a permit while another call's 429 pauses the budget is
    waiting out a Retry-After (progress ``waiting: retry_after``); once
    the pause is over, it is waiting for the budget again."""
    clock, _, permits = limiter
    for _ in range(60):  # the window's budget, used up
        await permits.acquire("tenant-a")
    permits.throttled("tenant-b", 5.0)
    await settle()
    stats = CallStats()
    stats.waiting, stats.permit_wait = "budget", PermitWait()
    waiting = asyncio.create_task(permits.acquire("tenant-a", stats.permit_wait))
    await settle()
    assert stats.waiting_at(clock.monotonic()) == "retry_after"
    assert stats.live(clock.monotonic()).waiting == "retry_after"
    await clock.advance(5.0)
    assert stats.waiting_at(clock.monotonic()) == "budget"  # the window is still full
    await clock.advance(60.0)
    await waiting


async def test_cancelling_a_permit_wait_ends_it_at_once(limiter):
    _, ref, permits = limiter
    for _ in range(5):
        await permits.acquire("notify")
    waiting = asyncio.create_task(permits.acquire("notify"))
    await asyncio.sleep(0)  # its Acquire is in the mailbox
    assert (await ref.ask(LimiterStatus()))["notify"]["waiting"] == 1
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert (await ref.ask(LimiterStatus()))["notify"]["waiting"] == 0


async def test_a_restart_does_not_strand_permit_waiters():
    """A crash of the limiter fails its pending permits; the waiters ask the
    restarted incarnation instead of hanging for ever."""
    clock = FakeClock()
    supervisor = Supervisor(restart_delay=0, clock=clock)
    ref = await supervisor.start_child(
        "rate-limiter",
        lambda: RateLimiterActor(clock=clock, calls_per_minute=1, notify_calls_per_minute=1),
    )
    permits = LimiterPermits(ref)
    for key in ("tenant-a", "notify"):
        await permits.acquire(key)
    waiting = [asyncio.create_task(permits.acquire(key)) for key in ("tenant-a", "notify")]
    await asyncio.sleep(0)  # both Acquires are in the mailbox
    status = await ref.ask(LimiterStatus())  # handled after them: they wait in the budgets
    assert status["tickets"]["waiting"] == status["notify"]["waiting"] == 1
    await ref.tell("not a message")  # the limiter crashes handling it
    # The restarted limiter starts with fresh windows, so both are granted.
    done, _ = await asyncio.wait(waiting, timeout=5)
    assert len(done) == 2
    assert supervisor.restarts_total == 1
    await supervisor.stop_all(timeout=1)


async def test_calls_granted_before_a_restart_still_count_after_it():
    clock = FakeClock()
    windows = make_windows(calls_per_minute=1, notify_calls_per_minute=1)
    supervisor = Supervisor(restart_delay=0, clock=clock)
    ref = await supervisor.start_child(
        "rate-limiter",
        lambda: RateLimiterActor(
            clock=clock, calls_per_minute=1, notify_calls_per_minute=1, windows=windows
        ),
    )
    permits = LimiterPermits(ref)
    await permits.acquire("tenant-a")
    waiting = asyncio.create_task(permits.acquire("tenant-a"))
    await asyncio.sleep(0)
    await ref.ask(LimiterStatus())
    ref.crash(RuntimeError("injected"))
    await ref.ask(LimiterStatus())  # answered by the restarted limiter
    assert (await ref.ask(LimiterStatus()))["tickets"]["waiting"] == 1  # asked again
    assert not waiting.done()
    await clock.advance(60.5)
    await asyncio.wait_for(waiting, 5)
    await supervisor.stop_all(timeout=1)


async def test_a_permit_wait_ends_with_actor_stopped_when_the_limiter_is_gone(limiter):
    _, ref, permits = limiter
    for _ in range(5):
        await permits.acquire("notify")
    waiting = asyncio.create_task(permits.acquire("notify"))
    await asyncio.sleep(0)
    await ref.ask(LimiterStatus())
    await ref.stop(timeout=1)
    with pytest.raises(ActorStopped):
        await waiting


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
