"""The rate-limiter actor: the process's budget of outbound provider calls.

Every outbound call first asks for a permit. Permits are scheduled against
the same sliding window the provider uses (``ticketd.domain.ratelimit``),
so a burst of the whole budget goes at once and the next call waits until
the oldest leaves the window: no 61st call in any minute, and no time
wasted pacing at one call per second.

Budgets: ``tickets`` (list, single ticket, deleted ids; default 60/min) and
``notify`` (``/notify``, default 600/min). The reference provider limits
only the ticket endpoints, so notifications do not eat into ingestion's
budget; a provider that does count them answers 429, and a 429 on any call
pauses every budget until its ``Retry-After`` has passed. Health probes
take no permit: they are rare, time-limited, and must answer even when the
budget is exhausted.

Fairness: waiting callers are grouped by key (the tenant id); grants go
round-robin over keys, so one tenant's 10,000-ticket backfill does not
starve another tenant's small run.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict, deque
from typing import Any

import attrs

from ticketd.actors.runtime import Actor, ActorRef
from ticketd.clock import Clock, sleep_or_wake
from ticketd.domain.ratelimit import SlidingWindow

__all__ = ["Acquire", "LimiterPermits", "LimiterStatus", "RateLimiterActor", "Throttled"]

log = logging.getLogger(__name__)

NOTIFY_KEY = "notify"


@attrs.frozen
class Acquire:
    """Ask for one permit; the reply is a future that resolves when granted."""

    key: str  # tenant id, or "notify" for the notify budget


@attrs.frozen
class Throttled:
    """The provider answered 429: pause that budget for ``retry_after`` s."""

    key: str  # the key whose call was throttled (selects the budget)
    retry_after: float  # seconds, from the Retry-After header


@attrs.frozen
class LimiterStatus:
    """Ask for a snapshot: replies {budget: {granted_in_window, waiting, paused_for}}."""


class _Budget:
    """One sliding window and the callers queued on it, per key."""

    def __init__(self, name: str, limit: int, window_seconds: float) -> None:
        self.name = name
        self.window = SlidingWindow(limit=limit, window=window_seconds)
        self.queues: OrderedDict[str, deque[asyncio.Future[None]]] = OrderedDict()
        self.wakeup = asyncio.Event()
        self.granted = 0

    def enqueue(self, key: str, waiter: asyncio.Future[None]) -> None:
        self.queues.setdefault(key, deque()).append(waiter)
        self.wakeup.set()

    def next_waiter(self) -> asyncio.Future[None] | None:
        """Pop the first live waiter of the next key in round-robin order."""
        while self.queues:
            key, queue = next(iter(self.queues.items()))
            self.queues.move_to_end(key)
            while queue and queue[0].done():  # the caller gave up
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
        return sum(1 for q in self.queues.values() for f in q if not f.done())


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
    ) -> None:
        super().__init__()
        self._clock = clock
        self._budgets = {
            "tickets": _Budget("tickets", calls_per_minute, window_seconds),
            "notify": _Budget("notify", notify_calls_per_minute, window_seconds),
        }

    def _budget_for(self, key: str) -> _Budget:
        return self._budgets["notify" if key == NOTIFY_KEY else "tickets"]

    async def on_start(self) -> None:
        for budget in self._budgets.values():
            self.start_task(self._grant_loop(budget), name=f"rate-limiter:{budget.name}")

    def is_idle(self) -> bool:
        return False  # a process-lifetime actor

    async def handle(self, message: Any) -> Any:
        match message:
            case Acquire(key):
                waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                self._budget_for(key).enqueue(key, waiter)
                return waiter
            case Throttled(key, retry_after):
                # Whatever was throttled, pause every budget: a provider that
                # answers 429 may count all our calls together.
                until = self._clock.monotonic() + max(0.0, retry_after)
                for budget in self._budgets.values():
                    budget.window.pause_until(until)
                    budget.wakeup.set()
                log.info(
                    "provider throttled us; pausing all calls",
                    extra={"key": key, "seconds": retry_after},
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
            budget.window.record(self._clock.monotonic())
            budget.granted += 1
            waiter.set_result(None)


class LimiterPermits:
    """The ``PermitSource`` the provider client uses, backed by the actor."""

    def __init__(self, limiter: ActorRef) -> None:
        self._limiter = limiter
        self._pending: set[asyncio.Task[bool]] = set()

    async def acquire(self, key: str) -> None:
        waiter: asyncio.Future[None] = await self._limiter.ask(Acquire(key))
        try:
            await waiter
        except asyncio.CancelledError:
            waiter.cancel()  # gives the slot back before it is granted
            raise

    def throttled(self, key: str, retry_after: float) -> None:
        # Called from sync code in the client. The notice is queued without
        # waiting; if the mailbox were ever full, the caller still waits out
        # its own Retry-After, so nothing is lost but the early pause.
        task = asyncio.get_running_loop().create_task(
            self._limiter.try_tell(Throttled(key, retry_after))
        )
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
