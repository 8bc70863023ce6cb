"""What the provider client needs from the process-wide rate limiter."""

from __future__ import annotations

from typing import Protocol

__all__ = ["PermitSource", "UnlimitedPermits"]


class PermitSource(Protocol):
    """Grants permission for one outbound provider call at a time.

    The rate-limiter actor implements it; the client awaits ``acquire``
    before every HTTP attempt and reports every 429 through ``throttled``.
    """

    async def acquire(self, key: str) -> float:
        """Wait until one call may go; return the seconds of that wait due
        to a pause another call's 429 caused (counted as throttled time).
        ``key`` is the tenant id the call serves, or ``"notify"`` for the
        notifier, so the limiter can be fair between them. Cancelling the
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

    async def acquire(self, key: str) -> float:
        return 0.0

    def throttled(self, key: str, retry_after: float) -> None:
        return None
