"""Sharing one provider budget between replicas: the math of a slice.

Replicas that share a database share the provider's call budget through
one record per budget in the store: a sliding log of grant times (wall
clock, seconds since the epoch) and the time a 429 paused the budget
until. A replica takes a *slice* of the window, several permits in one
atomic read-modify-write, and hands them to its own callers.

A permit of a slice may be used at any moment up to ``hold`` seconds after
it was taken, so the log records it at ``now + hold``, its latest possible
use; it then occupies the window for ``span`` seconds (the provider's
window plus the margin, see ``ticketd.domain.ratelimit``). A permit the
replica does not use in time is never carried over: the sum of calls over
all replicas can only be lower than what the log allows, never higher. The
replica gives the permits it will not use back (``give_back``: their log
entries are removed), so a slice taken just before a process exits or its
callers go idle does not hold the budget for a whole window.

Pure: the store backends load the record, call ``take_slice`` and write
back the result in the same transaction (SQLite) or compare-and-swap
(MongoDB).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["PermitSlice", "SliceTaken", "give_back", "take_slice"]

_EPSILON = 1e-9


@attrs.frozen
class PermitSlice:
    """What a replica got from the shared record."""

    granted: int  # permits to use within ``hold`` seconds of asking
    wait_seconds: float  # when fewer than asked: seconds until the next may be free
    paused_seconds: float  # the part of that wait a 429's pause accounts for
    stamp: float = 0.0  # the log entry of each granted permit (to give back)


@attrs.frozen
class SliceTaken:
    """The new log to store and the slice it grants."""

    grants: tuple[float, ...]  # the log to write back, oldest first
    permits: PermitSlice


def take_slice(
    grants: Iterable[float],
    paused_until: float,
    *,
    now: float,
    want: int,
    limit: int,
    span: float,
    hold: float,
) -> SliceTaken:
    """Grant up to ``want`` permits at ``now`` so that no more than
    ``limit`` log entries ever lie within ``span`` seconds of each other.

    Entries that have left the window are dropped from the returned log.
    Nothing is granted while ``now`` is before ``paused_until``.
    """
    live = sorted(g for g in grants if g + span > now + _EPSILON)
    if paused_until > now + _EPSILON:
        pause = paused_until - now
        return SliceTaken(tuple(live), PermitSlice(0, pause, pause))
    # New entries sit at ``now + hold``, after every live one: the log stays
    # sorted, and the window test below is against the oldest live entry.
    count = max(0, min(want, limit - len(live)))
    log = live + [now + hold] * count
    wait = 0.0
    if count < want:
        wait = max(0.0, log[len(log) - limit] + span - now) if len(log) >= limit else 0.0
    return SliceTaken(tuple(log), PermitSlice(count, wait, 0.0, now + hold))


def give_back(grants: Iterable[float], *, stamp: float, count: int) -> tuple[float, ...]:
    """The log without ``count`` of its entries at ``stamp`` (permits of one
    slice that will never be used). Entries of other slices are kept, so a
    slice another replica took at the same instant loses nothing it did
    not give back itself."""
    kept: list[float] = []
    for entry in sorted(grants):
        if count > 0 and abs(entry - stamp) <= _EPSILON:
            count -= 1
            continue
        kept.append(entry)
    return tuple(kept)
