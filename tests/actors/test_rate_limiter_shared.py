"""The rate-limiter actor on a budget shared through the store: two
limiters on one SQLite file stand for two replicas on one database."""

from __future__ import annotations

import asyncio
import time

import pytest

from ticketd.actors import Supervisor
from ticketd.actors.rate_limiter import LimiterPermits, RateLimiterActor, SharedBudget
from ticketd.clock import SystemClock
from ticketd.store.sqlite import SqliteStore

LIMIT, WINDOW = 5, 1.0


@pytest.fixture
async def replicas(tmp_path):
    """Two (store, permits) pairs on one file, each with its own limiter."""
    clock = SystemClock()
    supervisor = Supervisor(clock=clock)
    pairs = []
    for n in range(2):
        store = SqliteStore(tmp_path / "shared.db", clock=clock)
        await store.open()
        shared = SharedBudget(
            store, hold_seconds=0.05, min_interval_seconds=0.02, retry_seconds=0.05
        )

        def make(shared=shared) -> RateLimiterActor:
            return RateLimiterActor(
                clock=clock,
                calls_per_minute=LIMIT,
                notify_calls_per_minute=100,
                window_seconds=WINDOW,
                shared=shared,
            )

        ref = await supervisor.start_child(f"rate-limiter-{n}", make)
        pairs.append((store, LimiterPermits(ref)))
    yield pairs
    await supervisor.stop_all(timeout=2)
    for store, _ in pairs:
        await store.close()


async def test_two_limiters_on_one_file_keep_one_budget(replicas):
    used: list[float] = []

    async def calls(permits: LimiterPermits, key: str) -> None:
        for _ in range(6):
            await permits.acquire(key)
            used.append(time.monotonic())

    await asyncio.gather(*(calls(p, f"tenant-{n}") for n, (_, p) in enumerate(replicas)))
    assert len(used) == 12
    # Each limiter alone would let 5 go at once; together they still keep
    # 5 in any window.
    for start in used:
        assert sum(1 for t in used if start <= t < start + WINDOW) <= LIMIT


async def test_a_429_seen_by_one_replica_pauses_the_other(replicas, tmp_path):
    (_, first), (store, second) = replicas
    await first.acquire("tenant-a")
    first.throttled("tenant-a", 0.6)
    # The pause reaches the shared record (a read that takes no permit).
    for _ in range(200):
        if (await store.take_permits("tickets", want=0, limit=LIMIT, span_seconds=1.5,
                                     hold_seconds=0.0)).paused_seconds > 0:  # fmt: skip
            break
        await asyncio.sleep(0.01)
    else:
        pytest.fail("the 429 pause never reached the shared record")
    started = time.monotonic()
    throttled = await second.acquire("tenant-b")
    assert time.monotonic() - started >= 0.3
    assert throttled > 0  # reported as time waiting out a 429


async def test_calls_wait_while_the_shared_record_is_unreachable(replicas):
    (_, _), (store, permits) = replicas
    await store.close()
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(permits.acquire("tenant-a"), 0.3)
    await store.open()
    assert await asyncio.wait_for(permits.acquire("tenant-a"), 5) == 0.0
