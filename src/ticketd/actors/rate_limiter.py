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
one), the sliding log lives in the store and every replica's calls
together keep the provider's limit (``ticketd.actors.shared_budget``).

Fairness: waiting callers are grouped by key (the tenant id); grants go
round-robin over keys, so one tenant's 10,000-ticket backfill does not
starve another tenant's small run.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Mapping
from typing import Any

import attrs

from ticketd.actors.mailbox import ActorRef
from ticketd.actors.permit_queue import BudgetQueue, Waiter
from ticketd.actors.runtime import Actor
from ticketd.actors.shared_budget import SharedBudget, SharedGrants
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
        self._sharing = None if shared is None else SharedGrants(shared, clock)
        if windows is None:
            windows = make_windows(calls_per_minute, notify_calls_per_minute, window_seconds)
        self._budgets = {name: BudgetQueue(name, windows[name]) for name in ("tickets", "notify")}

    def _budget_for(self, key: str) -> BudgetQueue:
        return self._budgets["notify" if key == NOTIFY_KEY else "tickets"]

    async def on_start(self) -> None:
        loop = self._grant_loop if self._sharing is None else self._sharing.grant_loop
        for budget in self._budgets.values():
            self.start_task(loop(budget), name=f"rate-limiter:{budget.name}")

    def is_idle(self) -> bool:
        return False  # a process-lifetime actor

    async def handle(self, message: Any) -> Any:
        match message:
            case Acquire(key, wait):
                waiter = Waiter(self.defer_reply(), self._clock.monotonic())
                budget = self._budget_for(key)
                if wait is not None:
                    wait.paused_since = functools.partial(budget.paused_seconds, waiter.since)
                    wait.paused_at = budget.paused_at
                budget.enqueue(key, waiter)
                return None
            case Throttled(key, retry_after):
                budget = self._budget_for(key)
                now = self._clock.monotonic()
                budget.pause(now, now + max(0.0, retry_after))
                if self._sharing is not None:
                    self.start_task(
                        self._sharing.share_pause(budget, max(0.0, retry_after)),
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

    async def _grant_loop(self, budget: BudgetQueue) -> None:
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
