"""The rate-limiter actor: the process's budget of outbound provider calls.

Every outbound call first asks for a permit. Permits are scheduled against
the same sliding window the provider uses (``ticketd.domain.ratelimit``),
so a burst of the whole budget goes at once and the next call waits until
the oldest leaves the window: no 61st call in any minute, and no time
wasted pacing at one call per second.

Budgets: ``tickets`` (list, single ticket, deleted ids; default 60/min) and
``notify`` (``/notify``, default 600/min). The reference provider limits
only the ticket endpoints, so notifications do not eat into ingestion's
budget. A 429 pauses only the budget of the call that received it, until
its ``Retry-After`` has passed: a ``/notify`` 429 never stalls ingestion.
A provider that counts ``/notify`` with the ticket endpoints answers the
ticket calls with their own 429s, which pause the ticket budget. Health probes
take no permit: they are rare, time-limited, and must answer even when the
budget is exhausted.

A permit is a deferred reply of the actor's current incarnation: if the
actor crashes, every waiter gets ``ActorStopped`` and ``LimiterPermits``
asks again, so the restarted incarnation grants it (nothing is stranded).
The reply is the time the caller spent waiting out a pause caused by
another call's 429, so a run's report counts it as throttled time.

Shared between replicas: with a ``SharedBudget`` (the daemon always gives
one), the sliding log lives in the store, not in this process. The grant
loop takes a slice of the window (several permits, one atomic store round
trip, at most a few round trips per second) whenever callers wait, hands
the permits out, and drops the ones not used within the slice's hold time
(``ticketd.domain.budget_slices``). Every replica on the database does the
same, so their calls together keep the provider's limit. When the store
cannot be reached, callers wait until it can: no permit is ever granted
without the shared record. A 429 is also written to the record, so it
pauses the budget for every replica.

Fairness: waiting callers are grouped by key (the tenant id); grants go
round-robin over keys, so one tenant's 10,000-ticket backfill does not
starve another tenant's small run.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections import OrderedDict, deque
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs

from ticketd.actors.mailbox import ActorRef
from ticketd.actors.runtime import Actor
from ticketd.clock import Clock, sleep_or_wake
from ticketd.domain.ratelimit import SlidingWindow
from ticketd.errors import ActorStopped
from ticketd.external.permits import PermitWait

__all__ = [
    "Acquire",
    "LimiterPermits",
    "LimiterStatus",
    "RateLimiterActor",
    "SharedBudget",
    "Throttled",
    "make_windows",
]

log = logging.getLogger(__name__)

NOTIFY_KEY = "notify"


@attrs.frozen
class Acquire:
    """Ask for one permit; answered when it is granted, with the seconds
    the caller waited because the budget was paused by a 429."""

    key: str  # tenant id, or "notify" for the notify budget
    wait: PermitWait | None = None  # told how to split the wait so far, once queued


@attrs.frozen
class Throttled:
    """The provider answered 429: pause that call's budget for
    ``retry_after`` s."""

    key: str  # the key whose call was throttled (selects the budget)
    retry_after: float  # seconds, from the Retry-After header


@attrs.frozen
class LimiterStatus:
    """Ask for a snapshot: replies {budget: {granted_in_window, waiting, paused_for}}."""


@attrs.frozen
class _Waiter:
    reply: asyncio.Future[float]  # the deferred reply of an Acquire
    since: float  # monotonic time it was queued


class _Budget:
    """One sliding window and the callers queued on it, per key."""

    def __init__(self, name: str, window: SlidingWindow) -> None:
        self.name = name
        self.window = window
        self.queues: OrderedDict[str, deque[_Waiter]] = OrderedDict()
        self.wakeup = asyncio.Event()
        self.granted = 0
        self.pauses: deque[tuple[float, float]] = deque(maxlen=64)  # (from, until)

    def enqueue(self, key: str, waiter: _Waiter) -> None:
        self.queues.setdefault(key, deque()).append(waiter)
        self.wakeup.set()

    def pause(self, now: float, until: float) -> None:
        self.window.pause_until(until)
        self.pauses.append((now, until))
        self.wakeup.set()

    def paused_seconds(self, since: float, now: float) -> float:
        """How much of [since, now] this budget was paused by 429s."""
        covered, edge = 0.0, since
        for start, end in sorted(self.pauses):
            start, end = max(start, edge), min(end, now)
            if end > start:
                covered += end - start
                edge = end
        return covered

    def next_waiter(self) -> _Waiter | None:
        """Pop the first live waiter of the next key in round-robin order."""
        while self.queues:
            key, queue = next(iter(self.queues.items()))
            self.queues.move_to_end(key)
            while queue and queue[0].reply.done():  # the caller gave up
                queue.popleft()
            if not queue:
                del self.queues[key]
                continue
            waiter = queue.popleft()
            if not queue:
                del self.queues[key]
            return waiter
        return None

    @property
    def waiting(self) -> int:
        return sum(1 for q in self.queues.values() for w in q if not w.reply.done())


@attrs.frozen
class SharedBudget:
    """Take permits from the store's shared record instead of a local log."""

    store: Any  # a ticketd.store.Store: take_permits, pause_budget
    hold_seconds: float = 1.0  # a slice's permits are used within this, or dropped
    # Round trips per budget: each one that gets what it asked for brings a
    # batch; after one that found the budget short, the next waits this long
    # (at most 4 a second while the budget is exhausted).
    min_interval_seconds: float = 0.25
    retry_seconds: float = 1.0  # wait after a failed round trip (store unreachable)

    @classmethod
    def for_window(cls, store: Any, window_seconds: float) -> SharedBudget:
        """Hold a twentieth of the window, at most a second: a slice's
        permits occupy the window that much longer than the calls need."""
        return cls(store, hold_seconds=min(1.0, window_seconds / 20))

    def batch(self, limit: int) -> int:
        """Permits asked for per round trip when one caller waits: enough
        for a sequential page loop to run between round trips, a small
        part of the budget so idle replicas strand little of it."""
        return max(1, min(10, limit // 10))


def make_windows(
    calls_per_minute: int, notify_calls_per_minute: int, window_seconds: float = 60.0
) -> dict[str, SlidingWindow]:
    """The sliding windows of both budgets. Without a shared budget,
    whoever restarts the limiter passes the same windows to each
    incarnation, so calls granted (and pauses set) before a crash still
    count after it; with one, the store's record survives the crash."""
    return {
        "tickets": SlidingWindow(limit=calls_per_minute, window=window_seconds),
        "notify": SlidingWindow(limit=notify_calls_per_minute, window=window_seconds),
    }


class RateLimiterActor(Actor):
    """Grants permits within the configured budgets (see module docstring)."""

    mailbox_size = 10_000

    def __init__(
        self,
        *,
        clock: Clock,
        calls_per_minute: int,
        notify_calls_per_minute: int,
        window_seconds: float = 60.0,
        windows: Mapping[str, SlidingWindow] | None = None,
        shared: SharedBudget | None = None,
    ) -> None:
        super().__init__()
        self._clock = clock
        self._shared = shared
        if windows is None:
            windows = make_windows(calls_per_minute, notify_calls_per_minute, window_seconds)
        self._budgets = {name: _Budget(name, windows[name]) for name in ("tickets", "notify")}

    def _budget_for(self, key: str) -> _Budget:
        return self._budgets["notify" if key == NOTIFY_KEY else "tickets"]

    async def on_start(self) -> None:
        loop = self._grant_loop if self._shared is None else self._shared_grant_loop
        for budget in self._budgets.values():
            self.start_task(loop(budget), name=f"rate-limiter:{budget.name}")

    def is_idle(self) -> bool:
        return False  # a process-lifetime actor

    async def handle(self, message: Any) -> Any:
        match message:
            case Acquire(key, wait):
                waiter = _Waiter(self.defer_reply(), self._clock.monotonic())
                budget = self._budget_for(key)
                if wait is not None:
                    wait.paused_since = functools.partial(budget.paused_seconds, waiter.since)
                budget.enqueue(key, waiter)
                return None
            case Throttled(key, retry_after):
                budget = self._budget_for(key)
                now = self._clock.monotonic()
                budget.pause(now, now + max(0.0, retry_after))
                if self._shared is not None:
                    until = self._clock.now() + timedelta(seconds=max(0.0, retry_after))
                    self.start_task(
                        self._share_pause(budget, until),
                        name=f"rate-limiter:pause:{budget.name}",
                        crash_on_error=False,
                    )
                log.info(
                    "provider throttled us; pausing the budget",
                    extra={"key": key, "budget": budget.name, "seconds": retry_after},
                )
                return None
            case LimiterStatus():
                now = self._clock.monotonic()
                return {
                    name: {
                        "granted_total": b.granted,
                        "waiting": b.waiting,
                        "wait_seconds": round(b.window.next_free(now), 3),
                    }
                    for name, b in self._budgets.items()
                }
        raise TypeError(f"unexpected message {message!r}")

    async def _grant_loop(self, budget: _Budget) -> None:
        while True:
            if not budget.queues:
                budget.wakeup.clear()
                await budget.wakeup.wait()
                continue
            delay = budget.window.next_free(self._clock.monotonic())
            if delay > 0:
                budget.wakeup.clear()
                # Sleep until a slot frees, or until a pause changes the plan.
                await sleep_or_wake(self._clock, delay, budget.wakeup)
                continue
            waiter = budget.next_waiter()
            if waiter is None:
                continue
            now = self._clock.monotonic()
            budget.window.record(now)
            budget.granted += 1
            waiter.reply.set_result(budget.paused_seconds(waiter.since, now))

    async def _share_pause(self, budget: _Budget, until: datetime) -> None:
        """Write a 429's pause to the shared record, retrying while the
        store is unreachable (the local pause holds meanwhile)."""
        assert self._shared is not None
        while True:
            try:
                await self._shared.store.pause_budget(budget.name, until)
                return
            except Exception as exc:
                if self._clock.now() >= until:
                    return  # the pause is over anyway
                log.warning("could not share a 429 pause", extra={"error": str(exc)})
                await self._clock.sleep(self._shared.retry_seconds)

    async def _shared_grant_loop(self, budget: _Budget) -> None:
        """Grant permits from slices of the shared record (module docstring)."""
        shared = self._shared
        assert shared is not None
        clock = self._clock
        spare, spare_until, last_trip, short = 0, float("-inf"), float("-inf"), False
        while True:
            if not budget.queues:
                budget.wakeup.clear()
                await budget.wakeup.wait()
                continue
            now = clock.monotonic()
            paused = budget.window.next_free(now) if budget.window.paused_until else 0.0
            if paused > 0:  # a 429 this replica saw, before the record says so
                budget.wakeup.clear()
                await sleep_or_wake(clock, paused, budget.wakeup)
                continue
            if spare and now < spare_until:
                waiter = budget.next_waiter()
                if waiter is not None:
                    spare -= 1
                    budget.granted += 1
                    waiter.reply.set_result(budget.paused_seconds(waiter.since, now))
                continue
            # A trip that got all it asked for brought a batch, so round trips
            # stay under calls/batch; after a short one, space them out.
            gap = last_trip + shared.min_interval_seconds - now if short else 0.0
            if gap > 0:
                await clock.sleep(gap)
                continue
            last_trip = now
            want = max(budget.waiting, shared.batch(budget.window.limit))
            try:
                got = await shared.store.take_permits(
                    budget.name,
                    want=want,
                    limit=budget.window.limit,
                    span_seconds=budget.window.span,
                    hold_seconds=shared.hold_seconds,
                )
            except Exception as exc:  # the store is down: wait, never exceed
                log.warning(
                    "shared rate budget unreachable; calls wait",
                    extra={"budget": budget.name, "error": str(exc)},
                )
                await clock.sleep(shared.retry_seconds)
                continue
            if got.paused_seconds > 0:  # another replica's 429
                budget.pauses.append((now, now + got.paused_seconds))
            spare, spare_until = got.granted, now + shared.hold_seconds
            short = got.granted < want
            if got.granted == 0:
                await clock.sleep(max(got.wait_seconds, shared.min_interval_seconds))


class LimiterPermits:
    """The ``PermitSource`` the provider client uses, backed by the actor."""

    def __init__(self, limiter: ActorRef) -> None:
        self._limiter = limiter
        self._pending: set[asyncio.Task[bool]] = set()

    async def acquire(self, key: str, wait: PermitWait | None = None) -> float:
        """Wait for a permit; returns the seconds spent waiting out another
        call's 429 (``wait``: see ``PermitWait``). A restart of the limiter
        while waiting is survived by asking the new incarnation. Raises
        ``ActorStopped`` once the limiter is stopped for good. Cancelling
        the caller gives the slot back."""
        while True:
            try:
                return await self._limiter.ask(Acquire(key, wait), timeout=None)
            except ActorStopped:
                if not self._limiter.alive:
                    raise
                log.info("rate limiter restarting; asking again", extra={"key": key})

    def throttled(self, key: str, retry_after: float) -> None:
        # Called from sync code in the client. The notice is queued without
        # waiting; if the mailbox were ever full, the caller still waits out
        # its own Retry-After, so nothing is lost but the early pause.
        task = asyncio.get_running_loop().create_task(
            self._limiter.try_tell(Throttled(key, retry_after))
        )
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
