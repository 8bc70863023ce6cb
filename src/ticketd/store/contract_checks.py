"""The argument checks the Store's public methods share (``StoreContract``
and its parts): each raises ``InvalidInput`` before any database work."""

from __future__ import annotations

from datetime import datetime

from ticketd.errors import InvalidInput

__all__ = ["MAX_OFFSET", "check_aware", "check_limit", "check_seconds"]

# The largest row offset either database takes (a signed 64-bit integer).
MAX_OFFSET = 2**63 - 1


def check_limit(limit: int) -> int:
    """A row limit: never negative; past what a database can count, every row."""
    if limit < 0:
        raise InvalidInput(f"limit must not be negative, got {limit}")
    return min(limit, MAX_OFFSET)


def check_seconds(name: str, seconds: float) -> float:
    """A duration (a lease's, a claim's, a span): more than 0 seconds."""
    if not seconds > 0:
        raise InvalidInput(f"{name} must be more than 0 seconds, got {seconds}")
    return seconds


def check_aware(name: str, value: datetime | None) -> None:
    """A datetime given (or None) carries a timezone."""
    if value is not None and value.utcoffset() is None:
        raise InvalidInput(f"{name} must carry a timezone: {value.isoformat()}")
