"""Permits from a budget shared by every replica on one database.

The sliding log of grants lives in the store, not in this process. The
grant loop takes a slice of the window (several permits, one atomic store
round trip, at most a few round trips per second) whenever callers wait,
hands the permits out, and gives back to the record the ones not used
within the slice's hold time, or still unused when the process stops
(``ticketd.domain.budget_slices``). Every replica on the database does the
same, so their calls together keep the provider's limit. When the store
cannot be reached, callers wait until it can: no permit is ever granted
without the shared record (the outage is logged when it starts, once a
minute while it lasts and when it ends, not at every retry; callers that
gave up meanwhile are dropped, so no round trip goes on for nobody). A
429 is also written to the record, so it pauses the budget for every
replica.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import attrs

from ticketd.actors.permit_queue import BudgetQueue
from ticketd.aio import finish_then_cancel
from ticketd.clock import Clock, sleep_or_wake
from ticketd.errors import error_text
from ticketd.logs import OutageLog

__all__ = ["GIVE_BACK_ON_STOP_SECONDS", "SharedBudget", "SharedGrants"]

log = logging.getLogger(__name__)

# How long a stopping limiter waits to give its unused permits back.
GIVE_BACK_ON_STOP_SECONDS = 2.0


@attrs.frozen
class SharedBudget:
    """Take permits from the store's shared record instead of a local log."""

    store: Any  # a ticketd.store.Store: take_permits, give_back_permits, pause_budget
    hold_seconds: float = 1.0  # a slice's permits are used within this, or given back
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


@attrs.define
class _Spare:
    """The permits of the last slice not handed out yet."""

    count: int = 0
    until: float = float("-inf")  # monotonic time they must be used by
    stamp: float = 0.0  # their entry in the shared record


class SharedGrants:
    """The grant loops and 429 pauses of a rate limiter whose budgets are
    shared through the store (module docstring)."""

    def __init__(self, shared: SharedBudget, clock: Clock) -> None:
        self._shared = shared
        self._clock = clock

    async def share_pause(self, budget: BudgetQueue, seconds: float) -> None:
        """Write a 429's pause of ``seconds`` to the shared record (from the
        store's now), retrying while the store is unreachable (the local
        pause holds meanwhile) with what is left of it."""
        outage = OutageLog(log, "could not share a 429 pause", monotonic=self._clock.monotonic)
        ends = self._clock.monotonic() + seconds
        while (left := ends - self._clock.monotonic()) > 0:
            try:
                await self._shared.store.pause_budget(budget.name, left)
                outage.recovered(budget=budget.name)
                return
            except Exception as exc:
                outage.failed(budget=budget.name, error=error_text(exc))
                await self._clock.sleep(self._shared.retry_seconds)

    async def grant_loop(self, budget: BudgetQueue) -> None:
        """Grant the budget's permits from slices of the shared record."""
        slice_ = _Spare()
        try:
            await self._grant_slices(budget, slice_)
        finally:
            if slice_.count:  # stopping: what this process will not use
                await finish_then_cancel(self._give_back(budget, slice_, GIVE_BACK_ON_STOP_SECONDS))

    async def _give_back(self, budget: BudgetQueue, slice_: _Spare, bound: float) -> None:
        """Give the unused permits of ``slice_`` back to the shared record,
        waiting at most ``bound`` seconds; on failure they expire unused."""
        count, slice_.count = slice_.count, 0
        try:
            async with asyncio.timeout(bound):
                await self._shared.store.give_back_permits(
                    budget.name, stamp=slice_.stamp, count=count
                )
        except Exception as exc:  # the store is down or slow: they expire unused
            log.warning(
                "could not give unused permits back; they expire unused",
                extra={"budget": budget.name, "permits": count, "error": error_text(exc)},
            )

    async def _grant_slices(self, budget: BudgetQueue, spare: _Spare) -> None:
        shared = self._shared
        clock = self._clock
        last_trip, short = float("-inf"), False
        outage = OutageLog(
            log, "shared rate budget unreachable; calls wait", monotonic=clock.monotonic
        )
        while True:
            now = clock.monotonic()
            if spare.count and now >= spare.until:  # not used in time: give back
                await self._give_back(budget, spare, shared.retry_seconds)
            # Callers that gave up (their run ended while the store was
            # down, say) need no more round trips.
            budget.drop_gone()
            if not budget.queues:
                budget.wakeup.clear()
                if spare.count:  # wake when the spare permits expire
                    await sleep_or_wake(clock, spare.until - now, budget.wakeup)
                else:
                    await budget.wakeup.wait()
                continue
            paused = budget.window.next_free(now) if budget.window.paused_until else 0.0
            if paused > 0:  # a 429 this replica saw, before the record says so
                budget.wakeup.clear()
                await sleep_or_wake(clock, paused, budget.wakeup)
                continue
            if spare.count and now < spare.until:
                waiter = budget.next_waiter()
                if waiter is not None:
                    spare.count -= 1
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
                outage.failed(budget=budget.name, error=error_text(exc))
                await clock.sleep(shared.retry_seconds)
                continue
            outage.recovered(budget=budget.name)
            if got.paused_seconds > 0:  # another replica's 429
                budget.pauses.append((now, now + got.paused_seconds))
            spare.count, spare.until, spare.stamp = (
                got.granted,
                now + shared.hold_seconds,
                got.stamp,
            )
            short = got.granted < want
            if got.granted == 0:
                await clock.sleep(max(got.wait_seconds, shared.min_interval_seconds))
