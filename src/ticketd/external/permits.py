"""What the provider client needs from the process-wide rate limiter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import attrs

__all__ = ["PermitSource", "PermitWait", "UnlimitedPermits"]


@attrs.define
class PermitWait:
    """One caller's wait for a permit, as the permit source sees it: once
    the request is queued, ``paused_since`` tells how much of the wait up
    to a (monotonic) time a 429 pause caused, so a wait that ends without
    a permit (cancelled, or still going) is split like a granted one."""

    paused_since: Callable[[float], float] | None = None
    paused_at: Callable[[float], bool] | None = None  # whether a 429 pauses the budget then

    def paused(self, now: float) -> float:
        """Seconds of the wait up to ``now`` a 429 pause caused (0 before
        the request was queued)."""
        return 0.0 if self.paused_since is None else self.paused_since(now)

    def paused_now(self, now: float) -> bool:
        """Whether a 429 pause (this replica's, or another's it learnt of
        through the shared budget) holds the wait at ``now``."""
        return self.paused_at is not None and self.paused_at(now)


class PermitSource(Protocol):
    """Grants permission for one outbound provider call at a time.

    The rate-limiter actor implements it; the client awaits ``acquire``
    before every HTTP attempt and reports every 429 through ``throttled``.
    """

    async def acquire(self, key: str, wait: PermitWait | None = None) -> float:
        """Wait until one call may go; return the seconds of that wait due
        to a pause another call's 429 caused (counted as throttled time).
        ``key`` is the tenant id the call serves, or ``"notify"`` for the
        notifier, so the limiter can be fair between them. ``wait``, if
        given, is filled in once the request is queued. Cancelling the
        caller abandons the wait at once."""
        ...

    def throttled(self, key: str, retry_after: float) -> None:
        """A call made under ``key`` was answered 429 asking to wait
        ``retry_after`` seconds; grant nothing from that call's budget (the
        ticket endpoints' or ``/notify``'s) to anyone until then."""
        ...


class UnlimitedPermits:
    """A ``PermitSource`` that never waits: for one-off tools and for
    providers without a limit."""

    async def acquire(self, key: str, wait: PermitWait | None = None) -> float:
        return 0.0

    def throttled(self, key: str, retry_after: float) -> None:
        return None
