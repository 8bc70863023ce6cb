"""The circuit breaker: every transition, driven by a fake clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ticketd.clock import FakeClock
from ticketd.domain.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker
from ticketd.errors import InvalidInput


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def breaker(clock: FakeClock) -> CircuitBreaker:
    return CircuitBreaker(clock=clock)


def call(breaker: CircuitBreaker, *, ok: bool) -> bool:
    """One call through the breaker; False when it was rejected."""
    if not breaker.try_acquire():
        return False
    if ok:
        breaker.record_success()
    else:
        breaker.record_failure()
    return True


def run(breaker: CircuitBreaker, pattern: str) -> None:
    """Calls by pattern: "x" fails, "." succeeds; all must be admitted."""
    for symbol in pattern:
        assert call(breaker, ok=symbol == ".")


def trip(breaker: CircuitBreaker) -> None:
    run(breaker, "xxxxx")
    assert breaker.state == OPEN


def test_starts_closed_and_admits(breaker: CircuitBreaker) -> None:
    snap = breaker.snapshot()
    assert snap.state == CLOSED
    assert snap.failure_count == 0
    assert (snap.window, snap.failures_threshold, snap.open_seconds) == (10, 5, 30.0)
    assert snap.opened_at is None and snap.next_half_open_at is None
    assert breaker.try_acquire()


def test_four_failures_of_ten_stays_closed(breaker: CircuitBreaker) -> None:
    run(breaker, "x.x.x.x...")
    snap = breaker.snapshot()
    assert snap.state == CLOSED
    assert snap.failure_count == 4
    assert breaker.try_acquire()


def test_five_failures_of_ten_opens(breaker: CircuitBreaker, clock: FakeClock) -> None:
    run(breaker, "x.x.x.x..")
    assert breaker.state == CLOSED
    run(breaker, "x")
    snap = breaker.snapshot()
    assert snap.state == OPEN
    assert snap.failure_count == 5
    assert snap.opened_at == clock.now()
    assert snap.next_half_open_at == clock.now() + timedelta(seconds=30)


def test_five_failures_in_a_row_open_before_the_window_fills(breaker: CircuitBreaker) -> None:
    trip(breaker)


def test_old_failures_roll_out_of_the_window(breaker: CircuitBreaker) -> None:
    run(breaker, "xxxx......")  # 4 of 10 failed
    assert breaker.snapshot().failure_count == 4
    run(breaker, ".")  # the oldest failure leaves the window
    assert breaker.snapshot().failure_count == 3
    run(breaker, "x")  # window: xx.......x
    assert breaker.snapshot().failure_count == 3
    run(breaker, "xx")  # window: .......xxx, the first two rolled out
    assert breaker.snapshot().failure_count == 3
    assert breaker.state == CLOSED
    run(breaker, "x")  # 4 of the last 10
    assert breaker.state == CLOSED
    run(breaker, "x")  # 5 of the last 10: opens
    assert breaker.state == OPEN


def test_open_fails_fast_and_counts_rejections(breaker: CircuitBreaker, clock: FakeClock) -> None:
    trip(breaker)
    assert not breaker.try_acquire()
    assert not breaker.try_acquire()
    snap = breaker.snapshot()
    assert snap.rejections == 2
    assert (snap.calls, snap.failures, snap.successes) == (5, 5, 0)


async def test_open_stays_open_until_open_seconds_passed(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    trip(breaker)
    await clock.advance(29.9)
    assert breaker.state == OPEN
    assert not breaker.try_acquire()
    await clock.advance(0.1)
    assert breaker.state == HALF_OPEN


async def test_half_open_admits_exactly_one_concurrent_trial(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    trip(breaker)
    await clock.advance(30)
    assert breaker.try_acquire()  # the trial
    assert breaker.snapshot().trial_in_flight
    assert not breaker.try_acquire()
    assert not breaker.try_acquire()
    assert breaker.state == HALF_OPEN
    assert breaker.snapshot().rejections == 2


async def test_trial_success_closes_with_an_empty_window(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    trip(breaker)
    await clock.advance(30)
    assert breaker.try_acquire()
    breaker.record_success()
    snap = breaker.snapshot()
    assert snap.state == CLOSED
    assert snap.failure_count == 0
    assert snap.opened_at is None
    # A fresh window: four failures are not enough to open again.
    run(breaker, "xxxx")
    assert breaker.state == CLOSED


async def test_trial_failure_reopens_for_another_period(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    trip(breaker)
    await clock.advance(45)
    assert breaker.try_acquire()
    breaker.record_failure()
    snap = breaker.snapshot()
    assert snap.state == OPEN
    assert snap.opened_at == clock.now()
    assert snap.next_half_open_at == clock.now() + timedelta(seconds=30)
    assert not breaker.try_acquire()
    await clock.advance(29)
    assert breaker.state == OPEN
    await clock.advance(1)
    assert breaker.state == HALF_OPEN
    assert breaker.try_acquire()


async def test_abandoned_trial_frees_the_slot(breaker: CircuitBreaker, clock: FakeClock) -> None:
    trip(breaker)
    await clock.advance(30)
    assert breaker.try_acquire()
    breaker.abandon()
    assert breaker.state == HALF_OPEN
    assert breaker.try_acquire()


async def test_late_outcomes_do_not_move_an_open_breaker(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    # Two calls admitted while closed, still running when the breaker opens.
    assert breaker.try_acquire()
    assert breaker.try_acquire()
    trip(breaker)
    breaker.record_success()
    assert breaker.state == OPEN
    await clock.advance(20)
    breaker.record_failure()  # does not restart the open period
    await clock.advance(10)
    assert breaker.state == HALF_OPEN
    assert breaker.snapshot().failures == 6


async def test_reset_closes_and_clears(breaker: CircuitBreaker, clock: FakeClock) -> None:
    trip(breaker)
    breaker.try_acquire()
    breaker.reset()
    snap = breaker.snapshot()
    assert snap.state == CLOSED
    assert (snap.failure_count, snap.calls, snap.failures, snap.rejections) == (0, 0, 0, 0)
    assert breaker.try_acquire()


async def test_reset_while_half_open_trial_in_flight(
    breaker: CircuitBreaker, clock: FakeClock
) -> None:
    trip(breaker)
    await clock.advance(30)
    assert breaker.try_acquire()
    breaker.reset()
    assert breaker.try_acquire()
    assert breaker.try_acquire()


async def test_thresholds_are_settings(clock: FakeClock) -> None:
    breaker = CircuitBreaker(clock=clock, window=4, failures=2, open_seconds=5)
    run(breaker, "x...")
    run(breaker, ".")  # the failure rolled out
    run(breaker, "x")
    assert breaker.state == CLOSED
    run(breaker, "x")
    assert breaker.state == OPEN
    await clock.advance(5)
    assert breaker.state == HALF_OPEN
    snap = breaker.snapshot()
    assert (snap.window, snap.failures_threshold, snap.open_seconds) == (4, 2, 5.0)


@pytest.mark.parametrize(
    ("window", "failures", "open_seconds"),
    [(0, 1, 30), (10, 0, 30), (10, 11, 30), (10, 5, 0)],
)
def test_rejects_nonsense_thresholds(
    clock: FakeClock, window: int, failures: int, open_seconds: float
) -> None:
    with pytest.raises(InvalidInput):
        CircuitBreaker(clock=clock, window=window, failures=failures, open_seconds=open_seconds)


async def test_openings_count_every_turn_to_open(breaker: CircuitBreaker, clock: FakeClock) -> None:
    trip(breaker)
    assert breaker.snapshot().openings == 1
    await clock.advance(30)
    assert breaker.try_acquire()
    breaker.record_failure()  # the trial failed: open again
    assert breaker.snapshot().openings == 2
    breaker.record_failure()  # a late outcome while open moves nothing
    await clock.advance(30)
    assert breaker.try_acquire()
    breaker.record_success()
    assert breaker.snapshot().openings == 2
    breaker.reset()
    assert breaker.snapshot().openings == 0
