"""The fake clock and the running-time wait agree: time moved by
``FakeClock.advance`` is running time, time moved by ``freeze`` is not."""

from __future__ import annotations

import asyncio

import pytest

from ticketd.clock import FakeClock, wait_for_running_time


async def timed_out(waiting: asyncio.Future[object]) -> None:
    """Assert that ``waiting`` ends (within 5 s of real time) with the
    running-time wait's own ``TimeoutError``."""
    await asyncio.wait({waiting}, timeout=5)
    assert waiting.done()
    with pytest.raises(TimeoutError, match="running time"):
        waiting.result()


async def test_an_advance_past_the_time_out_ends_the_wait() -> None:
    """1. A wait of 1 s of running time is armed on a fake clock.
    2. The clock advances 0.99 s: the wait goes on.
    3. It advances 5 s in one go: the wait has timed out (an advance is
       time the process ran, however long, not a freeze)."""
    clock = FakeClock()
    never = asyncio.Event()
    waiting = asyncio.ensure_future(wait_for_running_time(clock, 1.0, never.wait()))
    await clock.until_sleeping()  # 1.
    await clock.advance(0.99)  # 2.
    assert not waiting.done()
    await clock.advance(5)  # 3.
    await timed_out(waiting)


async def test_a_freeze_does_not_count_and_an_advance_right_after_it_does() -> None:
    """1. A wait of 1 s of running time is armed; the clock advances 0.5 s.
    2. The process freezes for 60 s: the wait goes on.
    3. Right after it (the waiter has not run since), the clock advances
       0.49 s: the wait goes on; 0.02 s more and it has timed out."""
    clock = FakeClock()
    never = asyncio.Event()
    waiting = asyncio.ensure_future(wait_for_running_time(clock, 1.0, never.wait()))
    await clock.until_sleeping()
    await clock.advance(0.5)  # 1.
    clock.freeze(60)  # 2.
    await clock.advance(0.49)  # 3.
    assert not waiting.done()
    await clock.advance(0.02)
    await timed_out(waiting)


async def test_an_answer_that_came_during_a_freeze_is_taken() -> None:
    """The awaited call was answered while the process was frozen past the
    time-out: the answer is returned, not a time-out."""
    clock = FakeClock()
    answer = asyncio.Event()

    async def call() -> str:
        await answer.wait()
        return "answered"

    waiting = asyncio.ensure_future(wait_for_running_time(clock, 1.0, call()))
    await clock.until_sleeping()
    answer.set()
    clock.freeze(60)
    assert await asyncio.wait_for(waiting, 5) == "answered"
