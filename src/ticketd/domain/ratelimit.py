"""Scheduling math for the outbound call budget: a sliding log.

The provider allows ``limit`` calls in any ``window`` seconds (the
reference provider: 60 in any 60 s) and answers 429 past that. We schedule
against the same kind of window: the monotonic times of the calls we granted in the last
window are kept, a call may go while fewer than ``limit`` are in it, and
otherwise it waits until the oldest leaves. So a burst of ``limit`` goes at
once, and 100 calls take one window (plus the margin), not 100 s as pacing
one call per second would. A token bucket that bursts ``limit`` and then
refills steadily would let ``limit`` + refill calls into one window; this
never does.

The margin. The provider counts arrivals on its clock, we count departures
on ours, and network latency differs per call: a call sent at t (arriving
late) and one sent at t + window (arriving early) can land less than a
window apart at the provider. Every granted call therefore occupies our
window for ``window + margin`` seconds. The default margin of 0.5 s covers
latency jitter up to half a second between two calls a window apart on the
same path, which is far above a healthy loopback or LAN round trip and
costs under 1 % of a 60 s window.

``pause_until(t)`` records a 429's ``Retry-After``: nothing is granted
before ``t`` whatever the log says, because other clients may share the
provider's budget. One provider call waits out at most
``MAX_RETRY_AFTER_SECONDS`` of ``Retry-After`` in all; a 429 asking for
more fails the call (``ticketd.external.calls``).

Pure: times are passed in (``Clock.monotonic()`` seconds); no asyncio.
"""

from __future__ import annotations

from collections import deque

from ticketd.errors import InvalidInput

__all__ = ["DEFAULT_MARGIN", "MAX_RETRY_AFTER_SECONDS", "SlidingWindow"]

# Seconds of Retry-After one provider call waits out in all; a 429 asking
# for more than is left fails the call.
MAX_RETRY_AFTER_SECONDS = 300.0

DEFAULT_MARGIN = 0.5  # seconds; see the module docstring

# Float sums such as ``now + next_free(now)`` may land a hair before the
# instant they name; differences this small count as "now".
_EPSILON = 1e-9


class SlidingWindow:
    """At most ``limit`` grants in any ``window + margin`` seconds.

    Raises ``InvalidInput`` on a limit below 1, a non-positive window or a
    negative margin.
    """

    def __init__(self, limit: int = 60, window: float = 60.0, *, margin: float = DEFAULT_MARGIN):
        if limit < 1:
            raise InvalidInput(f"rate limit must be at least 1, got {limit}")
        if window <= 0:
            raise InvalidInput(f"rate window must be positive, got {window}")
        if margin < 0:
            raise InvalidInput(f"rate margin must not be negative, got {margin}")
        self._limit = limit
        self._window = float(window)
        self._margin = float(margin)
        self._grants: deque[float] = deque()
        self._paused_until = float("-inf")

    @property
    def limit(self) -> int:
        """Grants allowed per window."""
        return self._limit

    @property
    def span(self) -> float:
        """How long one grant occupies the window: ``window + margin``."""
        return self._window + self._margin

    @property
    def paused_until(self) -> float | None:
        """The monotonic time before which nothing is granted, if any was
        set by ``pause_until``."""
        return None if self._paused_until == float("-inf") else self._paused_until

    def in_window(self, now: float) -> int:
        """Grants still occupying the window at ``now``."""
        self._expire(now)
        return len(self._grants)

    def next_free(self, now: float) -> float:
        """Seconds from ``now`` until a call may be granted; 0 when one may
        go at once."""
        self._expire(now)
        wait = self._paused_until - now
        if len(self._grants) >= self._limit:
            wait = max(wait, self._grants[0] + self.span - now)
        return wait if wait > _EPSILON else 0.0

    def record(self, now: float) -> None:
        """Record a call granted at ``now``.

        Raises ``ValueError`` when ``next_free(now)`` is not 0 or ``now`` is
        earlier than the last grant: the log only ever holds a schedule that
        keeps the limit.
        """
        if self._grants and now < self._grants[-1]:
            raise ValueError(f"grant at {now} is earlier than the last one at {self._grants[-1]}")
        if self.next_free(now) > 0:
            raise ValueError(f"no call may be granted at {now}")
        self._grants.append(now)

    def try_grant(self, now: float) -> float:
        """Grant and record a call at ``now`` if one may go (returns 0), or
        return the seconds to wait before asking again."""
        wait = self.next_free(now)
        if wait == 0:
            self._grants.append(now)
        return wait

    def pause_until(self, until: float) -> None:
        """Grant nothing before the monotonic time ``until`` (a 429's
        ``Retry-After``). An earlier pause than one already set is
        ignored."""
        self._paused_until = max(self._paused_until, until)

    def _expire(self, now: float) -> None:
        horizon = now - self.span + _EPSILON
        while self._grants and self._grants[0] <= horizon:
            self._grants.popleft()
