"""Exponential backoff with full jitter.

The delay before retry number ``attempt`` (0 for the first retry) is drawn
uniformly from ``[0, min(cap, base * factor ** attempt)]`` ("full jitter"
in the AWS architecture blog's terms): retries of many callers spread out
instead of hitting a recovering provider in lock-step. Pure arithmetic; the
caller sleeps. A seeded ``random.Random`` makes the sequence reproducible.
"""

from __future__ import annotations

import random

import attrs

from ticketd.errors import InvalidInput

__all__ = ["Backoff"]


def _positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value <= 0:
        raise InvalidInput(f"backoff {attribute.name} must be positive, got {value}")


def _at_least_one(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 1:
        raise InvalidInput(f"backoff {attribute.name} must be at least 1, got {value}")


@attrs.define
class Backoff:
    """Full-jitter exponential backoff; raises ``InvalidInput`` on a
    non-positive ``base`` or ``cap`` or a ``factor`` below 1."""

    base: float = attrs.field(default=0.5, validator=_positive)  # seconds, first ceiling
    factor: float = attrs.field(default=2.0, validator=_at_least_one)  # growth per attempt
    cap: float = attrs.field(default=60.0, validator=_positive)  # largest ceiling, seconds
    rng: random.Random = attrs.field(factory=random.Random, eq=False, repr=False)

    def ceiling(self, attempt: int) -> float:
        """The largest delay ``delay(attempt)`` may return:
        ``min(cap, base * factor ** attempt)``."""
        if attempt < 0:
            raise ValueError(f"attempt must be >= 0, got {attempt}")
        try:
            return min(self.cap, self.base * float(self.factor) ** attempt)
        except OverflowError:
            return self.cap

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry ``attempt`` (0-based), uniform in
        ``[0, ceiling(attempt)]``."""
        return self.rng.uniform(0.0, self.ceiling(attempt))
