"""The provider's sliding-window rate limit.

A call is admitted when fewer than ``limit`` admitted calls happened in the
last ``window`` seconds; a rejected call is not counted. The wait a
rejected caller is told (``Retry-After``) is the whole number of seconds
until the oldest admitted call leaves the window, at least 1.
"""

from __future__ import annotations

import math
from collections import deque

import attrs

from ticketd.clock import Clock

__all__ = ["RateLimitStatus", "SlidingWindowLimiter"]


@attrs.frozen
class RateLimitStatus:
    """A snapshot of the limiter, as ``GET /rate-limit/status`` serves it."""

    limit: int  # admitted calls per window; 0 means unlimited
    window_seconds: float
    used: int  # admitted calls still inside the window
    remaining: int  # calls admitted right now before a 429
    retry_after: int  # seconds until a slot frees when remaining is 0, else 0


class SlidingWindowLimiter:
    """Admits at most ``limit`` calls in any ``window`` seconds of the
    clock's monotonic time. ``limit`` 0 admits everything."""

    def __init__(self, limit: int, window: float, clock: Clock) -> None:
        self._limit = limit
        self._window = window
        self._clock = clock
        self._admitted: deque[float] = deque()

    def _prune(self, now: float) -> None:
        cutoff = now - self._window
        while self._admitted and self._admitted[0] <= cutoff:
            self._admitted.popleft()

    def _wait(self, now: float) -> int:
        if not self._admitted:
            return 1
        return max(1, math.ceil(self._admitted[0] + self._window - now))

    def try_acquire(self) -> int | None:
        """Admit one call and return None, or return the integer seconds to
        wait when the window is full (the call is then not counted)."""
        if self._limit <= 0:
            return None
        now = self._clock.monotonic()
        self._prune(now)
        if len(self._admitted) >= self._limit:
            return self._wait(now)
        self._admitted.append(now)
        return None

    def status(self) -> RateLimitStatus:
        """Current usage, without admitting anything."""
        now = self._clock.monotonic()
        self._prune(now)
        used = len(self._admitted)
        if self._limit <= 0:
            return RateLimitStatus(0, self._window, used, 0, 0)
        remaining = max(0, self._limit - used)
        retry_after = self._wait(now) if remaining == 0 else 0
        return RateLimitStatus(self._limit, self._window, used, remaining, retry_after)

    def reset(self) -> None:
        """Forget every admitted call."""
        self._admitted.clear()
