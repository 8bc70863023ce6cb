"""Shutdown as a stack: what was started last is stopped first, all of it
within one overall time budget.

Each step is pushed when its resource is started, with a weight. At close,
steps run in reverse order; each gets the share of the *remaining* budget
its weight is of the remaining steps' weights, so time a quick step leaves
unused goes to the later ones, and a step that hangs cannot starve the
rest. A step runs as its own task and receives its share in seconds (to
pass on as a deadline, e.g. to actors' stops); past the share plus a short
grace it is cancelled. Errors, time-outs included, are gathered and raised
together as one ``ShutdownError`` once every step has had its turn.

``force()`` (a second SIGINT or SIGTERM) cancels the step that is running and runs
it again and the remaining ones in forced mode with a short budget each:
actors are cancelled rather than drained (their teardown still ends running
jobs and releases their leases), the store is still closed. Forcing happens
once: calling ``force()`` again (a third signal, a stream of them) changes
nothing, so it never cancels a forced step such as the store's close.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import attrs

from ticketd.aio import cancel_and_wait

__all__ = ["FORCED_STEP_SECONDS", "ShutdownError", "ShutdownStack", "once"]

log = logging.getLogger(__name__)

FORCED_STEP_SECONDS = 2.0  # each step's budget once shutdown is forced
_GRACE_SECONDS = 0.5  # past its share, before a step is cancelled

# A step: (seconds it may take, forced) -> errors it met but did not raise.
Step = Callable[[float, bool], Awaitable[list[BaseException] | None]]


class ShutdownError(ExceptionGroup):
    """Every error met while shutting down, gathered into one."""


@attrs.define
class _Entry:
    name: str
    step: Step
    weight: float


class ShutdownStack:
    """Shutdown steps in start order; closed in reverse (see module doc)."""

    def __init__(self) -> None:
        self._entries: list[_Entry] = []
        self._forced = asyncio.Event()
        self._running: asyncio.Task[Any] | None = None

    def push(self, name: str, step: Step, *, weight: float = 1.0) -> None:
        """Register ``step`` to run at close, before every step pushed
        earlier."""
        self._entries.append(_Entry(name, step, weight))

    def push_callback(self, name: str, close: Callable[[], Awaitable[Any]]) -> None:
        """Register a close function that takes no deadline."""

        async def step(seconds: float, forced: bool) -> None:
            await close()

        self.push(name, step)

    @property
    def forced(self) -> bool:
        return self._forced.is_set()

    def force(self) -> None:
        """Cut the drain short: cancel the running step, run it and the
        rest forced. Idempotent: once forced, later calls change nothing."""
        if self._forced.is_set():
            return
        self._forced.set()
        if self._running is not None:
            self._running.cancel()

    async def close(self, budget: float) -> None:
        """Run every step, last pushed first, within ``budget`` seconds in
        all (plus a short grace per step). Raises ``ShutdownError`` with
        every error met; a cancellation of the caller propagates after the
        steps are cancelled."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + budget
        errors: list[Exception] = []
        while self._entries:
            weights = sum(e.weight for e in self._entries)
            entry = self._entries.pop()
            remaining = max(0.0, deadline - loop.time())
            share = remaining * entry.weight / weights
            if self.forced:
                share = min(share, FORCED_STEP_SECONDS) if share > 0 else FORCED_STEP_SECONDS
            errors += await self._run(entry, share)
        if errors:
            raise ShutdownError("errors during shutdown", errors)

    async def _run(self, entry: _Entry, share: float) -> list[Exception]:
        forced = self.forced
        task = asyncio.create_task(entry.step(share, forced), name=f"shutdown:{entry.name}")
        self._running = task
        try:
            await asyncio.wait([task], timeout=share + _GRACE_SECONDS)
        except asyncio.CancelledError:
            await cancel_and_wait([task])
            raise
        finally:
            self._running = None
        if not task.done():
            await cancel_and_wait([task])
            log.error("shutdown step timed out", extra={"step": entry.name, "seconds": share})
            return [TimeoutError(f"{entry.name} did not stop within {share:.1f} s")]
        if task.cancelled():
            if self.forced and not forced:
                log.warning("shutdown forced", extra={"step": entry.name})
                return await self._run(entry, FORCED_STEP_SECONDS)  # once more, forced
            # Cancelled by someone else than this stack (not a time-out).
            log.error("shutdown step was cancelled", extra={"step": entry.name})
            return [RuntimeError(f"{entry.name} was cancelled")]
        error = task.exception()
        if error is not None:
            log.error("shutdown step failed", extra={"step": entry.name}, exc_info=error)
            return [_as_exception(error)]
        result = task.result() or []
        return [_as_exception(e) for e in result]


def _as_exception(error: BaseException) -> Exception:
    if isinstance(error, Exception):
        return error
    return RuntimeError(f"{type(error).__name__}: {error}")


def once(close: Callable[[], Awaitable[Any]]) -> Step:
    """A shutdown step that runs ``close`` at most once (a forced rerun of
    a cancelled HTTP server cleanup must not start it again)."""
    started = False

    async def step(seconds: float, forced: bool) -> None:
        nonlocal started
        if not started:
            started = True
            await close()

    return step
