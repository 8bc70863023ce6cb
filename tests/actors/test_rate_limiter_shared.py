"""The rate-limiter actor on a budget shared through the store: two
limiters on one SQLite file stand for two replicas on one database."""

from __future__ import annotations

import asyncio
import sqlite3
import time

import orjson
import pytest

from ticketd.actors import Supervisor
from ticketd.actors.permit_queue import BudgetQueue, Waiter
from ticketd.actors.rate_limiter import LimiterPermits, RateLimiterActor, SharedBudget
from ticketd.actors.shared_budget import SharedGrants
from ticketd.clock import SystemClock
from ticketd.domain.budget_slices import PermitSlice
from ticketd.domain.ratelimit import SlidingWindow
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


async def _one_call_then(tmp_path, hold_seconds: float, finish) -> int:
    """One limiter of 60 calls a minute takes a slice (several permits) for
    a single call, ``finish`` runs; returns how many permits the record
    still lets another replica take."""
    clock = SystemClock()
    supervisor = Supervisor(clock=clock)
    store = SqliteStore(tmp_path / "shared.db", clock=clock)
    await store.open()
    try:
        shared = SharedBudget(store, hold_seconds=hold_seconds, min_interval_seconds=0.02)
        ref = await supervisor.start_child(
            "rate-limiter",
            lambda: RateLimiterActor(
                clock=clock, calls_per_minute=60, notify_calls_per_minute=100, shared=shared
            ),
        )
        await LimiterPermits(ref).acquire("tenant-a")
        await finish(store, supervisor)
        other = await store.take_permits(
            "tickets", want=60, limit=60, span_seconds=60.0, hold_seconds=0.0
        )
        return other.granted
    finally:
        await supervisor.stop_all(timeout=2)
        await store.close()


async def test_a_stopping_limiter_gives_its_unused_permits_back(tmp_path):
    """A process that took a slice of 6 for its last call and exits (every
    `ticketd ingest`) gives the 5 it never used back: they stayed in the
    record for a whole window, so repeated short runs waited on a budget
    the provider never saw used."""

    async def stop(store, supervisor):
        await supervisor.stop_all(timeout=2)

    assert await _one_call_then(tmp_path, 30.0, stop) == 59


async def test_permits_not_used_within_the_hold_time_are_given_back(tmp_path):
    async def idle_past_the_hold(store, supervisor):
        conn = sqlite3.connect(tmp_path / "shared.db")
        try:
            for _ in range(500):  # bounded: 5 s
                row = conn.execute("SELECT grants FROM rate_budgets").fetchone()
                if row is not None and len(orjson.loads(row[0])) == 1:
                    return
                await asyncio.sleep(0.01)
        finally:
            conn.close()
        pytest.fail("the unused permits of the slice were never given back")

    assert await _one_call_then(tmp_path, 0.05, idle_past_the_hold) == 59


async def test_an_unreachable_record_is_logged_once_a_minute_and_not_after_callers_left(
    tmp_path, caplog
):
    """1. The shared record is unreachable (its store closed) while a call
       waits: one warning, then one reminder a minute, not a line per retry
       (one a second).
    2. The caller gives up (its run ended): the limiter stops its round
       trips, and logs nothing more.
    3. The record is back and a caller asks: a permit, and one line saying
       the outage is over."""
    from tests.mockapi.helpers import until_sleeping
    from ticketd.clock import FakeClock

    clock = FakeClock()
    store = SqliteStore(tmp_path / "shared.db", clock=clock)
    await store.open()
    await store.close()
    supervisor = Supervisor(clock=clock)
    shared = SharedBudget(store, hold_seconds=0.05, min_interval_seconds=0.02, retry_seconds=1.0)
    ref = await supervisor.start_child(
        "rate-limiter",
        lambda: RateLimiterActor(
            clock=clock,
            calls_per_minute=LIMIT,
            notify_calls_per_minute=100,
            window_seconds=WINDOW,
            shared=shared,
        ),
    )
    permits = LimiterPermits(ref)

    def lines(text: str) -> list[str]:
        return [r.getMessage() for r in caplog.records if text in r.getMessage()]

    caplog.set_level("INFO", logger="ticketd.actors.shared_budget")
    try:
        waiter = asyncio.create_task(permits.acquire("tenant-a"))
        await until_sleeping(clock)
        for _ in range(59):
            await clock.advance(1.0)
        assert lines("shared rate budget unreachable") == [
            "shared rate budget unreachable; calls wait"
        ]
        await clock.advance(1.0)
        assert lines("shared rate budget unreachable")[1:] == [
            "shared rate budget unreachable; calls wait (still, for 60 s)"
        ]
        waiter.cancel()
        for _ in range(200):
            await clock.advance(1.0)
        assert len(lines("shared rate budget unreachable")) == 2
        assert clock.sleepers == 0  # no round trip is scheduled

        await store.open()
        assert await asyncio.wait_for(permits.acquire("tenant-a"), 5) == 0.0
        # The callers left after 60 s of failures; the end is unknown.
        over = (
            "shared rate budget unreachable; calls wait: over; attempts failed for 60 s,"
            " then nothing was tried for 200 s"
        )
        assert lines(": over") == [over]
    finally:
        await supervisor.stop_all(timeout=2)
        await store.close()


class SlowGiveBack:
    """A store whose give-back waits for the test and notes whether the
    grant loop that asked for it had ended by then; slices of what is asked."""

    def __init__(self) -> None:
        self.giving_back = asyncio.Event()
        self.release = asyncio.Event()
        self.owner: asyncio.Task | None = None
        self.outlived_owner: bool | None = None
        self.given_back = asyncio.Event()

    async def take_permits(self, budget, *, want, limit, span_seconds, hold_seconds):
        return PermitSlice(want, 0.0, 0.0, 1.0)

    async def give_back_permits(self, budget, *, stamp, count):
        self.giving_back.set()
        await self.release.wait()
        assert self.owner is not None
        self.outlived_owner = self.owner.done()
        self.given_back.set()


async def test_a_grant_loop_stopped_twice_ends_after_its_give_back():
    """The limiter's stop is cut short (a forced shutdown cancels again)
    while it gives its unused permits back: the grant loop still ends only
    once the give-back has, so no store call outlives its owner (it used to
    run on unowned and meet a closed store)."""
    store = SlowGiveBack()
    grants = SharedGrants(SharedBudget(store, hold_seconds=30.0), SystemClock())
    budget = BudgetQueue("tickets", SlidingWindow(60, 60.0))
    granted = asyncio.get_running_loop().create_future()
    budget.enqueue("tenant-a", Waiter(granted, 0.0))
    loop = store.owner = asyncio.create_task(grants.grant_loop(budget))
    await asyncio.wait_for(granted, 5)  # one of a slice of six used
    loop.cancel()
    await asyncio.wait_for(store.giving_back.wait(), 5)
    loop.cancel()
    store.release.set()
    await asyncio.wait([loop], timeout=10)
    await asyncio.wait_for(store.given_back.wait(), 10)
    assert loop.cancelled() and store.outlived_owner is False


class TimedOutGiveBack(SlowGiveBack):
    """A store whose give-back fails as a deadline does: a ``TimeoutError``
    whose text is empty."""

    async def give_back_permits(self, budget, *, stamp, count):
        raise TimeoutError


async def test_a_failed_give_back_names_its_error_even_when_it_has_no_text(caplog):
    """A stopping limiter cannot give its 5 unused permits back (the store
    times out): the warning names the error (its type, as it has no text),
    never an empty one."""
    store = TimedOutGiveBack()
    grants = SharedGrants(SharedBudget(store, hold_seconds=30.0), SystemClock())
    budget = BudgetQueue("tickets", SlidingWindow(60, 60.0))
    granted = asyncio.get_running_loop().create_future()
    budget.enqueue("tenant-a", Waiter(granted, 0.0))
    caplog.set_level("WARNING", logger="ticketd.actors.shared_budget")
    loop = asyncio.create_task(grants.grant_loop(budget))
    await asyncio.wait_for(granted, 5)  # one of a slice of six used

    loop.cancel()
    await asyncio.wait([loop], timeout=10)

    warned = [r for r in caplog.records if r.getMessage().startswith("could not give unused")]
    assert [(r.permits, r.error) for r in warned] == [(5, "TimeoutError")]
