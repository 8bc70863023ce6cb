"""The counters of provider calls for one call site (``CallStats``).

Each ingestion run (or other call site) passes its own ``CallStats`` to
the calls it makes (``ticketd.external.calls``), so it counts its own
attempts, retries, 429s and waits; it also says what a call is waiting for
right now (the budget, a ``Retry-After`` or a retry back-off), for
progress displays.
"""

from __future__ import annotations

import attrs

from ticketd.external.permits import PermitWait

__all__ = ["CallStats"]


@attrs.define
class CallStats:
    """Provider call counters of one call site (e.g. one ingestion run)."""

    api_calls: int = 0  # HTTP attempts made, retries and 429s included
    retries: int = 0  # attempts repeated after a connect error, time-out or 5xx
    throttled: int = 0  # 429 answers received
    throttled_seconds: float = 0.0  # time spent waiting out a Retry-After, ours or another call's
    budget_wait_seconds: float = 0.0  # time spent waiting for a permit (self-pacing)
    waiting: str | None = None  # what a call waits for now: budget, retry_after, backoff
    # The wait going on now (monotonic start; the permit wait's split), not
    # yet in the figures above: a wait is added when it ends, however it ends.
    wait_started: float | None = None
    permit_wait: PermitWait | None = None

    def waiting_at(self, now: float) -> str | None:
        """What a call waits for at ``now`` (monotonic): a permit wait that
        a 429 pause holds (this replica's or another's) is ``retry_after``,
        not ``budget``."""
        wait = self.permit_wait
        if self.waiting == "budget" and wait is not None and wait.paused_now(now):
            return "retry_after"
        return self.waiting

    def live(self, now: float) -> CallStats:
        """A copy with the wait going on now counted as if it ended at
        ``now`` (monotonic), and what it waits for then (``waiting_at``):
        for progress, and for a call abandoned midway."""
        copy = attrs.evolve(self, waiting=self.waiting_at(now), wait_started=None, permit_wait=None)
        started = self.wait_started
        if started is None:
            return copy
        waited = max(0.0, now - started)
        if self.waiting == "retry_after":
            copy.throttled_seconds += waited
        elif self.waiting == "budget":
            paused = self.permit_wait.paused(now) if self.permit_wait is not None else 0.0
            copy.throttled_seconds += paused
            copy.budget_wait_seconds += max(0.0, waited - paused)
        return copy
