"""Whether the database takes writes, as the store last saw it.

A database can answer reads (and a health probe's ``SELECT 1`` or
``ping``) while every write fails: a full disk, a read-only file system,
a MongoDB that refuses writes. Readiness must say so without writing on
every probe, so each backend tells ``WriteHealth`` the outcome of its
writes: a write that failed for a storage reason (not a busy lock, a
duplicate key or a lost lease) marks writes failing; a write that stored
something clears the mark once no write has failed for
``RECOVERY_SECONDS``. On a nearly full disk small writes go through
between large ones that fail: without that hold readiness would flip to
up after each small write and back to down at the next large one. While
writes are marked failing, the backend's
``ping`` tries one small write of its own at most every
``PROBE_INTERVAL_SECONDS`` (by the store's clock), so readiness recovers
once the cause is gone even when nothing else writes; otherwise ``ping``
writes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from ticketd.clock import Clock
from ticketd.errors import TicketdError, Unavailable

__all__ = ["PROBE_INTERVAL_SECONDS", "RECOVERY_SECONDS", "WriteHealth"]

log = logging.getLogger(__name__)

PROBE_INTERVAL_SECONDS = 5.0
# How long after the last failed write a write that stores something
# clears the mark.
RECOVERY_SECONDS = 10.0


class WriteHealth:
    """The last write outcome of one store, and the probe while it failed.

    Thread-safe enough for its use: the SQLite writer thread sets and
    clears it (single assignments), the event loop reads it."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._problem: str | None = None
        self._since: datetime | None = None
        self._probed_mono = float("-inf")
        self._failed_mono = float("-inf")  # the last failed write

    @property
    def problem(self) -> str | None:
        """Why writes fail, or None while they work (as last seen)."""
        return self._problem

    def failed(self, reason: str) -> None:
        """A write failed for a storage reason."""
        self._failed_mono = self._clock.monotonic()
        if self._problem is None:
            self._since = self._clock.now()
            log.error("database writes fail", extra={"error": reason})
        self._problem = reason

    def succeeded(self) -> None:
        """A write stored something: writes work again, once none has
        failed for ``RECOVERY_SECONDS``."""
        if self._problem is None:
            return
        if self._clock.monotonic() - self._failed_mono < RECOVERY_SECONDS:
            return  # small writes pass between failing ones (a nearly full disk)
        log.warning("database writes work again", extra={"after_error": self._problem})
        self._problem = None
        self._since = None

    async def check(self, probe: Callable[[], Awaitable[None]]) -> None:
        """For ``ping``: raise ``Unavailable`` while writes fail. Runs
        ``probe`` (one small write, which reports its own outcome here)
        first when writes are marked failing and the last probe is at
        least ``PROBE_INTERVAL_SECONDS`` old."""
        if self._problem is None:
            return
        now = self._clock.monotonic()
        if now - self._probed_mono >= PROBE_INTERVAL_SECONDS:
            self._probed_mono = now
            try:
                await probe()
            except TicketdError:
                pass  # the probe's write recorded its failure
        problem, since = self._problem, self._since
        if problem is not None:
            when = "" if since is None else f" since {since.isoformat(timespec='seconds')}"
            raise Unavailable(f"writes fail{when}: {problem}")
