"""``finish_then_cancel``: work that must not stop halfway runs to its end
however often its caller is cancelled, and the caller's cancellation is
raised after it. Driven by hand so each cancel lands while it waits."""

from __future__ import annotations

import asyncio

import pytest

from ticketd.aio import finish_then_cancel


def start(work: asyncio.Future[int], cancels: int):
    waiter = finish_then_cancel(work)
    waiting_on = waiter.send(None)
    for _ in range(cancels):
        waiting_on = waiter.throw(asyncio.CancelledError("stop"))
    return waiter, waiting_on


@pytest.mark.parametrize("cancels", [1, 2, 3])
async def test_the_work_ends_before_the_first_cancellation_is_raised(cancels):
    work = asyncio.get_running_loop().create_future()
    waiter, waiting_on = start(work, cancels)
    assert not work.cancelled()
    work.set_result(5)
    await asyncio.wait([waiting_on])
    with pytest.raises(asyncio.CancelledError, match="stop"):
        waiter.send(None)


async def test_a_failure_of_the_work_is_the_cause_of_the_cancellation():
    work = asyncio.get_running_loop().create_future()
    waiter, waiting_on = start(work, 1)
    work.set_exception(OSError("disk"))
    await asyncio.wait([waiting_on])
    with pytest.raises(asyncio.CancelledError) as raised:
        waiter.send(None)
    assert isinstance(raised.value.__cause__, OSError)


async def test_uncancelled_it_returns_the_result_or_raises_the_error():
    loop = asyncio.get_running_loop()
    done, failed = loop.create_future(), loop.create_future()
    done.set_result(5)
    failed.set_exception(OSError("disk"))
    assert await finish_then_cancel(done) == 5
    with pytest.raises(OSError):
        await finish_then_cancel(failed)


async def test_work_cancelled_on_its_own_is_a_cancellation_of_the_caller():
    work = asyncio.get_running_loop().create_future()
    work.cancel()
    with pytest.raises(asyncio.CancelledError):
        await finish_then_cancel(work)
