"""Reading the provider's pages one ahead: the next page is fetched while
the caller classifies and stores the current one, so an unthrottled run
takes about max(provider, ticketd) per page instead of their sum."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Generic, TypeVar

from ticketd.aio import cancel_and_wait

__all__ = ["PagesAhead"]

_P = TypeVar("_P")


class PagesAhead(Generic[_P]):
    """Iterate ``pages`` with at most one fetch running ahead of the
    caller (bounded: one page in memory besides the caller's).

    ``next()`` returns the next page, or None after the last one; it starts
    the fetch of the following page before returning. Cancelling a
    ``next()`` cancels the fetch it waits for. ``aclose()`` cancels the
    fetch running ahead, waits for it, and closes ``pages``; the owner
    calls it in a ``finally``. An error of a fetch is raised by the
    ``next()`` that waits for that page, as without prefetching.
    """

    def __init__(self, pages: AsyncIterator[_P]) -> None:
        self._pages = pages
        self._ahead: asyncio.Future[_P | None] | None = None
        self._ended = False

    async def next(self) -> _P | None:
        if self._ahead is None:
            if self._ended:
                return None
            self._ahead = asyncio.ensure_future(anext(self._pages, None))
        page = await self._ahead
        self._ahead = None
        if page is None:
            self._ended = True
        else:
            self._ahead = asyncio.ensure_future(anext(self._pages, None))
        return page

    async def aclose(self) -> None:
        ahead, self._ahead = self._ahead, None
        self._ended = True
        if ahead is not None:
            await cancel_and_wait([ahead])  # type: ignore[list-item]
        aclose = getattr(self._pages, "aclose", None)
        if aclose is not None:
            await aclose()
