"""Shutdown as a stack: reverse order, one overall budget shared by the
steps, errors gathered into one, a forced second pass."""

from __future__ import annotations

import asyncio

import pytest

from ticketd.daemon.shutdown import FORCED_STEP_SECONDS, ShutdownError, ShutdownStack


class Journal:
    """Steps that record (name, seconds given, forced) and behave as told."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, float, bool]] = []
        self.entered: dict[str, asyncio.Event] = {}

    def entered_event(self, name: str) -> asyncio.Event:
        return self.entered.setdefault(name, asyncio.Event())

    def step(self, name: str, *, hang: bool = False, fail: bool = False, hang_unless_forced=False):
        async def run(seconds: float, forced: bool) -> None:
            self.calls.append((name, seconds, forced))
            self.entered_event(name).set()
            if fail:
                raise RuntimeError(f"{name} failed")
            if hang or (hang_unless_forced and not forced):
                await asyncio.Event().wait()

        return run


async def test_steps_run_in_reverse_order_with_shares_of_one_budget():
    journal = Journal()
    stack = ShutdownStack()
    stack.push("store", journal.step("store"))
    stack.push("actors", journal.step("actors"), weight=2)
    stack.push("http", journal.step("http"))
    await stack.close(8.0)
    assert [name for name, _, _ in journal.calls] == ["http", "actors", "store"]
    shares = {name: seconds for name, seconds, _ in journal.calls}
    # Each gets its weight's part of what is left; time a quick step leaves
    # unused goes to the later ones.
    assert shares["http"] == pytest.approx(8.0 * 1 / 4, abs=0.05)
    assert shares["actors"] == pytest.approx(8.0 * 2 / 3, abs=0.05)
    assert shares["store"] == pytest.approx(8.0, abs=0.05)


async def test_a_hanging_step_gets_its_share_and_the_rest_still_run():
    """1. The middle step hangs; the last one fails.
    2. The hanging step is cancelled after its share of the budget, the
       others still run, and both errors come back as one ShutdownError."""
    journal = Journal()
    stack = ShutdownStack()
    stack.push("store", journal.step("store", fail=True))
    stack.push("actors", journal.step("actors", hang=True))
    stack.push("http", journal.step("http"))
    loop = asyncio.get_running_loop()
    began = loop.time()
    with pytest.raises(ShutdownError) as caught:
        await asyncio.wait_for(stack.close(0.6), 5)
    assert loop.time() - began < 0.6 + 3 * 0.5 + 0.5  # the budget plus each step's grace
    assert [name for name, _, _ in journal.calls] == ["http", "actors", "store"]
    errors = caught.value.exceptions
    assert len(errors) == 2
    assert isinstance(errors[0], TimeoutError) and "actors" in str(errors[0])
    assert isinstance(errors[1], RuntimeError) and "store failed" in str(errors[1])


async def test_force_cancels_the_running_step_and_runs_the_rest_forced():
    """1. A drain step hangs until forced (an actor that will not drain).
    2. force(): the step is cancelled and run once more in forced mode;
       the steps after it run forced, each with a short budget."""
    journal = Journal()
    stack = ShutdownStack()
    stack.push("store", journal.step("store"))
    stack.push("actors", journal.step("actors", hang_unless_forced=True))
    closing = asyncio.create_task(stack.close(60.0))
    await asyncio.wait_for(journal.entered_event("actors").wait(), 1)
    stack.force()
    await asyncio.wait_for(closing, 5)
    assert [(name, forced) for name, _, forced in journal.calls] == [
        ("actors", False),
        ("actors", True),
        ("store", True),
    ]
    assert journal.calls[-1][1] == FORCED_STEP_SECONDS


async def test_cancelling_the_close_is_not_swallowed():
    journal = Journal()
    stack = ShutdownStack()
    stack.push("actors", journal.step("actors", hang=True))
    closing = asyncio.create_task(stack.close(60.0))
    await asyncio.wait_for(journal.entered_event("actors").wait(), 1)
    closing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await closing


async def test_forcing_again_changes_nothing_and_the_store_is_still_closed():
    """1. The actors step hangs until forced; force() once: it is rerun
       forced (an actor slow to end even when cancelled).
    2. force() again while that rerun and then the store step run (more
       signals): neither is cancelled, the store is closed, no error."""
    calls: list[tuple[str, bool]] = []
    entered = {name: asyncio.Event() for name in ("actors", "actors forced", "store")}
    release = {name: asyncio.Event() for name in ("actors", "store")}
    closed: list[str] = []

    async def actors(seconds: float, forced: bool) -> None:
        calls.append(("actors", forced))
        entered["actors forced" if forced else "actors"].set()
        if not forced:
            await asyncio.Event().wait()  # will not drain
        await release["actors"].wait()

    async def store(seconds: float, forced: bool) -> None:
        calls.append(("store", forced))
        entered["store"].set()
        await release["store"].wait()
        closed.append("store")

    stack = ShutdownStack()
    stack.push("store", store)
    stack.push("actors", actors)
    closing = asyncio.create_task(stack.close(60.0))
    await asyncio.wait_for(entered["actors"].wait(), 1)
    stack.force()
    await asyncio.wait_for(entered["actors forced"].wait(), 1)
    stack.force()
    release["actors"].set()
    await asyncio.wait_for(entered["store"].wait(), 1)
    stack.force()
    release["store"].set()
    await asyncio.wait_for(closing, 5)  # no ShutdownError: nothing failed
    assert calls == [("actors", False), ("actors", True), ("store", True)]
    assert closed == ["store"]
