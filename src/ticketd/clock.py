"""Time as an injectable dependency.

Backoff, the circuit breaker, lease expiry and rate limits read time only
through a ``Clock`` so tests can drive them exactly and instantly with
``FakeClock``.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Protocol, TypeVar

__all__ = [
    "Clock",
    "FakeClock",
    "SystemClock",
    "sleep_or_wake",
    "utc_now",
    "wait_for_running_time",
]

_T = TypeVar("_T")

# The step of ``SystemClock.sleep_running``'s timer: at most this, or a
# quarter of the sleep. A step that ends more than a step late found the
# process frozen, not the awaited call slow.
RUNNING_TIME_STEP = 0.25


def utc_now() -> datetime:
    """The current wall-clock time as an aware UTC datetime."""
    return datetime.now(UTC)


class Clock(Protocol):
    """Monotonic time for intervals, wall time for records, and sleep."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards."""
        ...

    def now(self) -> datetime:
        """Aware UTC wall-clock time."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Suspend the caller for ``seconds`` of this clock's time."""
        ...

    async def sleep_running(self, seconds: float) -> None:
        """Suspend the caller until ``seconds`` of this clock's time have
        passed while this process was running: a freeze (SIGSTOP, a
        suspended VM, an event loop held up by other work) does not count,
        and the sleep never ends on resuming from one before the event
        loop had a turn to read its sockets."""
        ...


async def sleep_or_wake(clock: Clock, seconds: float, event: asyncio.Event) -> None:
    """Wait ``seconds`` of ``clock`` time or until ``event`` is set,
    whichever comes first (a timer that a message can cut short)."""
    sleeper = asyncio.ensure_future(clock.sleep(seconds))
    woken = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait({sleeper, woken}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        sleeper.cancel()
        woken.cancel()


async def wait_for_running_time(clock: Clock, seconds: float, awaitable: Awaitable[_T]) -> _T:
    """Await ``awaitable``; once it has taken ``seconds`` of ``clock`` time
    during which this process was running (``Clock.sleep_running``),
    cancel it and raise ``TimeoutError``. Raises ``ValueError`` unless
    ``seconds`` > 0.

    Unlike ``asyncio.wait_for``, a freeze of the process does not count,
    and an answer that arrived during a freeze is taken: on resuming,
    every timer the freeze made due fires before the loop reads the
    sockets, and a plain time-out would cut off a call that had its
    answer."""
    if not seconds > 0:
        raise ValueError(f"seconds must be > 0, got {seconds}")
    task = asyncio.ensure_future(awaitable)
    timer = asyncio.ensure_future(clock.sleep_running(seconds))
    try:
        await asyncio.wait({task, timer}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            return task.result()
        raise TimeoutError(f"no result within {seconds:g} s of running time")
    finally:
        timer.cancel()
        if not task.done():
            task.cancel()
            # Wait for it to end (its clean-up runs), but never swallow a
            # cancellation of the caller: it propagates from here.
            await asyncio.wait({task})
            if not task.cancelled():
                task.exception()  # retrieved: ended otherwise at the same moment


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return utc_now()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))

    async def sleep_running(self, seconds: float) -> None:
        """The process's running time is not known directly: it is counted
        in steps of a timer, and a step that ends more than a step late
        (the process was frozen) counts as one step. Such a late step never
        ends the sleep, so whatever the freeze made ready (an answer on a
        socket) is seen first; a second late step in a row may end it (the
        loop has read its sockets in between)."""
        step = min(RUNNING_TIME_STEP, seconds / 4)
        counted, was_late = 0.0, False
        while True:
            started = self.monotonic()
            await self.sleep(min(step, seconds - counted))
            elapsed = self.monotonic() - started
            late = elapsed > 2 * step
            counted += min(elapsed, step)
            if counted >= seconds and (was_late or not late):
                return
            was_late = late


class FakeClock:
    """A clock that moves only when told to.

    ``sleep`` parks the caller until ``advance`` (or ``freeze``) moves
    time past its deadline; sleepers wake in deadline order. ``now`` starts
    at ``start`` and moves with monotonic time. Time moved by ``advance``
    passes while the process runs; time moved by ``freeze`` passes while it
    is stopped, so ``sleep_running`` counts the first and not the second.
    """

    def __init__(self, start: datetime | None = None, monotonic: float = 1000.0) -> None:
        self._mono = monotonic
        self._wall0 = start or datetime(2026, 1, 1, tzinfo=UTC)
        self._mono0 = monotonic
        self._frozen = 0.0  # of the monotonic time, how much passed in freezes
        # (deadline, seq, future): monotonic deadlines of ``sleep``, and of
        # ``sleep_running`` in running time (monotonic less the frozen time).
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._running_sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self._parked = asyncio.Event()  # set whenever a caller parks

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._wall0 + timedelta(seconds=self._mono - self._mono0)

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        await self._park(self._sleepers, self._mono + seconds)

    async def sleep_running(self, seconds: float) -> None:
        """Wait until ``advance`` has moved ``seconds`` on; ``freeze`` does
        not count."""
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        await self._park(self._running_sleepers, self._mono - self._frozen + seconds)

    async def _park(self, heap: list[tuple[float, int, asyncio.Future[None]]], at: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(heap, (at, next(self._seq), future))
        self._parked.set()
        await future

    @property
    def sleepers(self) -> int:
        """How many callers are parked in ``sleep`` or ``sleep_running``."""
        return sum(1 for _, _, f in (*self._sleepers, *self._running_sleepers) if not f.done())

    async def until_sleeping(self, count: int = 1) -> None:
        """Return once at least ``count`` callers are parked (a handshake:
        the code under test has armed its timers before time is moved)."""
        while self.sleepers < count:
            self._parked.clear()
            await self._parked.wait()

    def _next_deadline(self) -> tuple[float, list[tuple[float, int, asyncio.Future[None]]]] | None:
        """The earliest deadline of either kind, in monotonic time, and its heap."""
        candidates = []
        if self._sleepers:
            candidates.append((self._sleepers[0][0], self._sleepers))
        if self._running_sleepers:
            candidates.append((self._running_sleepers[0][0] + self._frozen, self._running_sleepers))
        return min(candidates, key=lambda c: c[0]) if candidates else None

    async def advance(self, seconds: float) -> None:
        """Move time forward while the process runs, waking every sleeper
        whose deadline passed, in order, each at its deadline and given
        a few turns of the loop before the next wakes."""
        target = self._mono + seconds
        while (due := self._next_deadline()) is not None and due[0] <= target:
            deadline, heap = due
            _, _, future = heapq.heappop(heap)
            self._mono = max(self._mono, deadline)
            if not future.done():
                future.set_result(None)
            for _ in range(5):
                await asyncio.sleep(0)
        self._mono = target
        for _ in range(5):
            await asyncio.sleep(0)

    def freeze(self, seconds: float) -> None:
        """Move time forward at once, as it passes while the process is
        frozen (SIGSTOP): nothing runs meanwhile, then every ``sleep``
        whose deadline passed wakes, all of them late, seeing the new
        time; ``sleep_running`` does not move."""
        self._mono += seconds
        self._frozen += seconds
        while self._sleepers and self._sleepers[0][0] <= self._mono:
            _, _, future = heapq.heappop(self._sleepers)
            if not future.done():
                future.set_result(None)
