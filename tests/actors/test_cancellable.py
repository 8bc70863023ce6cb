"""A provider wait that a cancel cuts short."""

from __future__ import annotations

import asyncio

import pytest

from ticketd.actors.cancellable import CANCELLED, unless_cancelled


async def test_the_answer_comes_back_when_no_cancel_comes():
    async def call() -> str:
        return "page"

    assert await unless_cancelled(call(), asyncio.Event()) == "page"


async def test_a_cancel_ends_the_wait_and_cancels_the_call():
    cancel, began, ended = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def call() -> None:
        began.set()
        try:
            await asyncio.Event().wait()
        finally:
            ended.set()

    waiting = asyncio.create_task(unless_cancelled(call(), cancel))
    await began.wait()
    cancel.set()
    assert await waiting is CANCELLED
    assert ended.is_set()


async def test_a_watcher_may_set_the_cancel_and_is_cancelled_after():
    cancel, watcher_ended = asyncio.Event(), asyncio.Event()

    async def call() -> None:
        await asyncio.Event().wait()

    async def watcher() -> None:
        try:
            cancel.set()
            await asyncio.Event().wait()
        finally:
            watcher_ended.set()

    assert await unless_cancelled(call(), cancel, watcher()) is CANCELLED
    assert watcher_ended.is_set()


async def test_the_calls_error_is_raised():
    async def call() -> None:
        raise ValueError("provider said no")

    with pytest.raises(ValueError, match="provider said no"):
        await unless_cancelled(call(), asyncio.Event())


async def test_cancelling_the_waiter_propagates():
    began = asyncio.Event()

    async def call() -> None:
        began.set()
        await asyncio.Event().wait()

    waiting = asyncio.create_task(unless_cancelled(call(), asyncio.Event()))
    await began.wait()
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
