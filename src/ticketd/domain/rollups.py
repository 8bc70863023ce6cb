"""Write-time rollups of a tenant's live tickets: what a ticket write adds
to (or takes from) the counters, and how a stats window splits into rolled
up buckets and at most two partial edge hours read from the tickets.

Counters are kept at two levels, each a set of buckets keyed by the start
of the bucket in epoch milliseconds (UTC): ``hour`` and ``all`` (one
bucket, 0). Hourly buckets give the hourly trend and the whole hours of a
window; the all-time bucket makes a window without a start (the dashboard's
default) cost a handful of rows however far back the tickets go.

Per bucket: ``COUNT_COLUMNS`` (the total, a count per status, urgency
and sentiment value, and how many require action); a count per
(dimension, value) for the open-ended dimensions, ``source`` (any text a
provider sends) and ``keyword`` (each matched keyword); and per customer
with at least one negative or high-urgency ticket, the negative,
high-urgency and at-risk (either) counts. Only live tickets count: a soft
delete subtracts a ticket, a restore adds it back, an update or a
re-classification subtracts the old row and adds the new one.

Pure functions; each store backend turns the deltas into its own upserts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime

import attrs

from ticketd.domain.ticket import SENTIMENTS, STATUSES, URGENCIES, Ticket

__all__ = [
    "COUNT_COLUMNS",
    "DIMENSIONS",
    "HOUR_MS",
    "LEVELS",
    "Piece",
    "RollupDelta",
    "cover",
    "floor_to",
    "rollup_delta",
    "window_pieces",
]

HOUR_MS = 3_600_000
LEVELS = ("hour", "all")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# The closed dimensions (every value known) and their values, in column
# order; status is validated on the way in, urgency and sentiment come from
# the classifier.
DIMENSIONS = {
    "status": STATUSES,
    "urgency": URGENCIES,
    "sentiment": SENTIMENTS,
}
COUNT_COLUMNS = (
    "total",
    *(f"{dimension}_{value}" for dimension, values in DIMENSIONS.items() for value in values),
    "requires_action",
)
_POSITION = {
    (dimension, value): COUNT_COLUMNS.index(f"{dimension}_{value}")
    for dimension, values in DIMENSIONS.items()
    for value in values
}
_STATUS, _URGENCY, _SENTIMENT = (
    {value: _POSITION[(dimension, value)] for value in DIMENSIONS[dimension]}
    for dimension in ("status", "urgency", "sentiment")
)
_REQUIRES_ACTION = len(COUNT_COLUMNS) - 1

# (level, bucket start ms)
BucketKey = tuple[str, int]


def floor_to(ms: int, width: int) -> int:
    """Start of the ``width``-wide bucket holding ``ms`` (floor, also for
    instants before the epoch)."""
    return ms - ms % width


def _ceil_to(ms: int, width: int) -> int:
    return -floor_to(-ms, width)


def _created_ms(ticket: Ticket) -> int:
    # Exact integer arithmetic, like the stores' own conversion.
    delta = ticket.created_at - _EPOCH
    return delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000


@attrs.define
class RollupDelta:
    """Counter changes of one write (a batch or a soft delete).

    Only hourly buckets are accumulated per ticket; the all-time bucket's
    changes are their sums, taken when the items are read (a batch's
    tickets fall in far fewer hours than there are tickets, so this halves
    the work per ticket)."""

    # hour start -> one change per COUNT_COLUMNS entry
    counts: dict[int, list[int]] = attrs.field(factory=dict)
    # (hour start, dimension, value) -> change; dimension source or keyword
    values: Counter[tuple[int, str, str]] = attrs.field(factory=Counter)
    # (hour start, customer id) -> [negative, high_urgency, at_risk] changes
    customers: dict[tuple[int, str], list[int]] = attrs.field(factory=dict)

    def add(self, ticket: Ticket, sign: int, created_ms: int | None = None) -> None:
        """Count ``ticket`` (a live row) in with ``sign`` +1, out with -1;
        ``created_ms``: its ``created_at`` in epoch milliseconds, when the
        caller has it already."""
        created = _created_ms(ticket) if created_ms is None else created_ms
        hour = created - created % HOUR_MS
        row = self.counts.get(hour)
        if row is None:
            row = self.counts[hour] = [0] * len(COUNT_COLUMNS)
        row[0] += sign
        row[_STATUS[ticket.status]] += sign
        row[_URGENCY[ticket.urgency]] += sign
        row[_SENTIMENT[ticket.sentiment]] += sign
        if ticket.requires_action:
            row[_REQUIRES_ACTION] += sign
        values = self.values
        key = (hour, "source", ticket.source)
        values[key] = values.get(key, 0) + sign  # Counter's += calls __missing__
        for keyword in ticket.keywords:
            key = (hour, "keyword", keyword)
            values[key] = values.get(key, 0) + sign
        negative = ticket.sentiment == "negative"
        high = ticket.urgency == "high"
        if negative or high:
            customer = (hour, ticket.customer_id)
            entry = self.customers.get(customer)
            if entry is None:
                entry = self.customers[customer] = [0, 0, 0]
            entry[0] += sign * negative
            entry[1] += sign * high
            entry[2] += sign

    def replace(
        self, old: Ticket | None, new: Ticket | None, new_created_ms: int | None = None
    ) -> None:
        """Account for a row going from ``old`` to ``new`` (either may be
        None or soft-deleted, which counts as absent); ``new_created_ms``:
        ``new``'s ``created_at`` in epoch milliseconds, when the caller has
        it already (``add``)."""
        if old is not None and old.deleted_at is None:
            self.add(old, -1)
        if new is not None and new.deleted_at is None:
            self.add(new, +1, new_created_ms)

    def count_items(self) -> list[tuple[BucketKey, list[int]]]:
        """Buckets whose counts change (any non-zero entry), hourly ones and
        the all-time one."""
        total = [0] * len(COUNT_COLUMNS)
        out: list[tuple[BucketKey, list[int]]] = []
        for hour, row in self.counts.items():
            if any(row):
                out.append((("hour", hour), row))
                total = [a + b for a, b in zip(total, row, strict=True)]
        if any(total):
            out.append((("all", 0), total))
        return out

    def value_items(self) -> list[tuple[tuple[str, int, str, str], int]]:
        # Plain dict.get, not Counter's +=: a missing key went through
        # Counter.__missing__, a Python call per new (dimension, value).
        total: dict[tuple[str, str], int] = {}
        out: list[tuple[tuple[str, int, str, str], int]] = []
        for (hour, dimension, value), n in self.values.items():
            if n:
                out.append((("hour", hour, dimension, value), n))
                key = (dimension, value)
                total[key] = total.get(key, 0) + n
        out.extend((("all", 0, d, v), n) for (d, v), n in total.items() if n)
        return out

    def customer_items(self) -> list[tuple[tuple[str, int, str], list[int]]]:
        total: dict[str, list[int]] = {}
        out: list[tuple[tuple[str, int, str], list[int]]] = []
        for (hour, customer), entry in self.customers.items():
            negative, high, at_risk = entry
            if negative or high or at_risk:
                out.append((("hour", hour, customer), entry))
                sums = total.get(customer)
                if sums is None:
                    total[customer] = [negative, high, at_risk]
                else:
                    sums[0] += negative
                    sums[1] += high
                    sums[2] += at_risk
        out.extend((("all", 0, c), v) for c, v in total.items() if any(v))
        return out


def rollup_delta(changes: Iterable[tuple[Ticket | None, Ticket | None]]) -> RollupDelta:
    """The counter changes of a sequence of (old row, new row) writes."""
    delta = RollupDelta()
    for old, new in changes:
        delta.replace(old, new)
    return delta


@attrs.frozen
class Piece:
    """One part of a stats window: ``kind`` is ``tickets`` (read the live
    tickets created in ``[start, end)``) or a rollup level (sum its buckets
    with ``start <= bucket < end``); ``end`` None is open-ended. ``sign``
    -1 subtracts the part."""

    kind: str
    start: int
    end: int | None
    sign: int = 1


def cover(start: int, end: int | None, sign: int = 1) -> list[Piece]:
    """``[start, end)`` as the tickets up to the first hour boundary, whole
    hours, and the tickets from the last hour boundary: at most two
    ``tickets`` pieces, each under an hour."""
    first_hour = _ceil_to(start, HOUR_MS)
    if end is not None and first_hour >= end:
        return [Piece("tickets", start, end, sign)] if start < end else []
    last_hour = None if end is None else floor_to(end, HOUR_MS)
    out = [Piece("tickets", start, first_hour, sign)] if start < first_hour else []
    if last_hour is None or first_hour < last_hour:
        out.append(Piece("hour", first_hour, last_hour, sign))
    if end is not None and last_hour is not None and last_hour < end:
        out.append(Piece("tickets", last_hour, end, sign))
    return out


def window_pieces(from_ms: int | None, to_ms: int) -> list[Piece]:
    """The pieces of the window ``from_ms <= created_at <= to_ms``. Without
    a start, the all-time bucket minus what was created after ``to_ms``
    (nothing, or next to nothing, when the window ends now)."""
    if from_ms is None:
        return [Piece("all", 0, 1), *cover(to_ms + 1, None, sign=-1)]
    return cover(from_ms, to_ms + 1)
