"""A wait on the provider that a cancel cuts short.

A run's provider calls wait for a permit, a ``Retry-After`` or the answer,
none of which stores anything; so a cancel (``DELETE /ingest/{job_id}``,
daemon shutdown) may end such a wait at once instead of at the next page
boundary.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Coroutine
from typing import Any

from ticketd.aio import cancel_and_wait

__all__ = ["CANCELLED", "unless_cancelled"]

log = logging.getLogger(__name__)

CANCELLED: Any = object()  # what a wait ended by a cancel returns


async def unless_cancelled(
    call: Awaitable[Any], cancel: asyncio.Event, *watchers: Coroutine[Any, Any, None]
) -> Any:
    """Await ``call`` unless ``cancel`` is set first; then ``call`` is
    cancelled and ``CANCELLED`` returned. ``watchers`` run meanwhile (they
    may set ``cancel``, e.g. on news from another replica) and are
    cancelled and awaited when the wait ends. Raises what ``call`` raised."""
    if cancel.is_set():
        if asyncio.iscoroutine(call):
            call.close()  # never started: nothing to wait for
        for watcher in watchers:
            watcher.close()
        return CANCELLED
    fetch = asyncio.ensure_future(call)
    asked = asyncio.ensure_future(cancel.wait())
    helpers = [asyncio.ensure_future(w) for w in watchers]
    try:
        await asyncio.wait({fetch, asked}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for error in await cancel_and_wait([asked, *helpers]):
            log.error("cancel watcher failed", exc_info=error)
        if not fetch.done():
            await cancel_and_wait([fetch])
    if fetch.cancelled():
        return CANCELLED
    return fetch.result()
