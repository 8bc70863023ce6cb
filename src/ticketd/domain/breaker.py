"""The circuit breaker on the provider's ``/notify``: a pure state machine.

The breaker sees only outcomes and time (an injected
``Clock``); it makes no calls itself. A caller asks ``try_acquire()`` before
each call, makes the call only when admitted, then reports exactly one of
``record_success()``, ``record_failure()`` or ``abandon()`` (cancelled before
an outcome). A call slower than the caller's time-out is a failure.

States:

- ``closed``: every call is admitted; the outcomes of the last ``window``
  calls are kept. When at least ``failures`` of them failed the breaker
  opens.
- ``open``: every call is rejected (the caller fails fast, no HTTP call)
  until ``open_seconds`` have passed since it opened.
- ``half_open``: computed lazily from the clock once the open period is
  over. Exactly one trial call is admitted at a time; the others are
  rejected. The trial's success closes the breaker with an empty window;
  its failure re-opens it for another ``open_seconds``.

Outcomes reported while open, or while half-open with no trial in flight,
belong to calls admitted before the breaker opened: they count in the
totals but do not move the state (so a late failure cannot extend an open
period and a late success cannot close it).
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

import attrs

from ticketd.clock import Clock
from ticketd.errors import InvalidInput

__all__ = ["CLOSED", "HALF_OPEN", "OPEN", "BreakerSnapshot", "CircuitBreaker"]

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half_open"


@attrs.frozen
class BreakerSnapshot:
    """The breaker's state at one instant, for status endpoints and metrics."""

    state: str  # closed, open or half_open
    failure_count: int  # failed calls among the last `window` calls
    window: int  # how many recent calls are considered
    failures_threshold: int  # failures in the window that open the breaker
    open_seconds: float  # how long the breaker stays open
    opened_at: datetime | None  # wall time it last opened; None while closed
    next_half_open_at: datetime | None  # wall time it admits a trial; None while closed
    trial_in_flight: bool  # half-open: the single trial call is running
    calls: int  # calls admitted since start (or reset)
    successes: int  # admitted calls that succeeded
    failures: int  # admitted calls that failed
    rejections: int  # calls refused without being made
    openings: int  # times it went from closed or half-open to open


class CircuitBreaker:
    """Count-window circuit breaker: open when at least ``failures`` of the
    last ``window`` calls failed; half-open after ``open_seconds``.

    Raises ``InvalidInput`` for thresholds that make no sense (a window
    below 1, a failure threshold outside 1..window, a non-positive open
    period). Not thread-safe; meant to be owned by one actor.
    """

    def __init__(
        self,
        *,
        clock: Clock,
        window: int = 10,
        failures: int = 5,
        open_seconds: float = 30.0,
    ) -> None:
        if window < 1:
            raise InvalidInput(f"breaker window must be at least 1, got {window}")
        if not 1 <= failures <= window:
            raise InvalidInput(f"breaker failures must be within 1..{window}, got {failures}")
        if open_seconds <= 0:
            raise InvalidInput(f"breaker open_seconds must be positive, got {open_seconds}")
        self._clock = clock
        self._window_size = window
        self._threshold = failures
        self._open_seconds = float(open_seconds)
        self._outcomes: deque[bool] = deque(maxlen=window)  # True: the call failed
        self._opened_mono: float | None = None  # None while closed
        self._opened_wall: datetime | None = None
        self._trial_in_flight = False
        self._calls = 0
        self._successes = 0
        self._failures = 0
        self._rejections = 0
        self._openings = 0

    @property
    def state(self) -> str:
        """``closed``, ``open`` or ``half_open``, as of the clock's now."""
        if self._opened_mono is None:
            return CLOSED
        if self._clock.monotonic() - self._opened_mono >= self._open_seconds:
            return HALF_OPEN
        return OPEN

    def try_acquire(self) -> bool:
        """Admit one call (True) or reject it (False, counted as a
        rejection). In half-open, admitting marks the trial as in flight
        until its outcome is recorded or it is abandoned."""
        state = self.state
        if state == CLOSED:
            self._calls += 1
            return True
        if state == HALF_OPEN and not self._trial_in_flight:
            self._trial_in_flight = True
            self._calls += 1
            return True
        self._rejections += 1
        return False

    def record_success(self) -> None:
        """An admitted call succeeded. Closes the breaker if it was the
        half-open trial."""
        self._successes += 1
        if self._opened_mono is None:
            self._outcomes.append(False)
        elif self._trial_in_flight:
            self._close()

    def record_failure(self) -> None:
        """An admitted call failed (error, 5xx or time-out). Opens the
        breaker when the window holds enough failures; re-opens it if it was
        the half-open trial."""
        self._failures += 1
        if self._opened_mono is None:
            self._outcomes.append(True)
            if sum(self._outcomes) >= self._threshold:
                self._open()
        elif self._trial_in_flight:
            self._trial_in_flight = False
            self._open()

    def abandon(self) -> None:
        """An admitted call ended without an outcome (cancelled, e.g. at
        shutdown). Frees the half-open trial slot; changes nothing else."""
        self._trial_in_flight = False

    def reset(self) -> None:
        """Back to closed with an empty window; the totals start again."""
        self._close()
        self._calls = self._successes = self._failures = self._rejections = 0
        self._openings = 0

    def snapshot(self) -> BreakerSnapshot:
        """The current state and counters."""
        state = self.state
        next_half_open = (
            None
            if self._opened_wall is None
            else self._opened_wall + timedelta(seconds=self._open_seconds)
        )
        return BreakerSnapshot(
            state=state,
            failure_count=sum(self._outcomes),
            window=self._window_size,
            failures_threshold=self._threshold,
            open_seconds=self._open_seconds,
            opened_at=self._opened_wall,
            next_half_open_at=next_half_open,
            trial_in_flight=self._trial_in_flight,
            calls=self._calls,
            successes=self._successes,
            failures=self._failures,
            rejections=self._rejections,
            openings=self._openings,
        )

    def _open(self) -> None:
        self._openings += 1
        self._opened_mono = self._clock.monotonic()
        self._opened_wall = self._clock.now()

    def _close(self) -> None:
        self._outcomes.clear()
        self._opened_mono = None
        self._opened_wall = None
        self._trial_in_flight = False
