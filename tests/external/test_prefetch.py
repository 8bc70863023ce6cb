"""PagesAhead (src/ticketd/external/prefetch.py): one page fetched ahead
while the caller works, never more; closing or cancelling ends the fetch."""

from __future__ import annotations

import asyncio

import pytest

from ticketd.external.prefetch import PagesAhead

pytestmark = pytest.mark.timeout(10)


class Feed:
    """An async page source whose fetches the test releases one by one."""

    def __init__(self, pages: int, fail_at: int | None = None) -> None:
        self.pages = pages
        self.fail_at = fail_at
        self.started: list[int] = []
        self.fetch_started = asyncio.Event()
        self.release: dict[int, asyncio.Event] = {n: asyncio.Event() for n in range(1, pages + 2)}
        self.closed = False

    async def iterate(self):
        try:
            for number in range(1, self.pages + 1):
                self.started.append(number)
                self.fetch_started.set()
                await self.release[number].wait()
                if number == self.fail_at:
                    raise RuntimeError(f"page {number} failed")
                yield number
        finally:
            self.closed = True

    async def wait_started(self, number: int) -> None:
        while number not in self.started:
            self.fetch_started.clear()
            await self.fetch_started.wait()


async def test_the_next_page_is_fetched_while_the_caller_works_and_no_further():
    feed = Feed(3)
    pages = PagesAhead(feed.iterate())
    feed.release[1].set()
    assert await pages.next() == 1
    # the caller now "stores" page 1; page 2 is already being fetched
    await asyncio.wait_for(feed.wait_started(2), 5)
    assert feed.started == [1, 2]  # one ahead, not more
    feed.release[2].set()
    feed.release[3].set()
    assert await pages.next() == 2
    assert await pages.next() == 3
    assert await pages.next() is None
    assert await pages.next() is None
    await pages.aclose()
    assert feed.closed


async def test_aclose_cancels_the_fetch_running_ahead_and_closes_the_source():
    feed = Feed(3)
    pages = PagesAhead(feed.iterate())
    feed.release[1].set()
    assert await pages.next() == 1
    await asyncio.wait_for(feed.wait_started(2), 5)
    await pages.aclose()
    assert feed.closed
    assert await pages.next() is None


async def test_cancelling_a_wait_cancels_its_fetch():
    feed = Feed(2)
    pages = PagesAhead(feed.iterate())
    waiting = asyncio.ensure_future(pages.next())
    await asyncio.wait_for(feed.wait_started(1), 5)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await pages.aclose()
    assert feed.closed and feed.started == [1]


async def test_a_failed_fetch_is_raised_by_the_next_that_waits_for_it():
    feed = Feed(3, fail_at=2)
    pages = PagesAhead(feed.iterate())
    feed.release[1].set()
    feed.release[2].set()
    assert await pages.next() == 1
    with pytest.raises(RuntimeError, match="page 2 failed"):
        await pages.next()
    await pages.aclose()
