"""Change detection: what applying an incoming ticket over a stored one
means. Shared by every store backend so they cannot disagree.

A provider may move ``updated_at`` without changing anything (the reference
provider re-draws it on every request, sometimes earlier than before), so a
ticket is rewritten only when its ``updated_at`` is newer AND a stored
field differs, or when a new rule-set version classifies it differently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

import attrs

from ticketd.domain.ticket import Ticket, format_datetime

__all__ = [
    "CONTENT_FIELDS",
    "Change",
    "idempotency_key",
    "notification_reason",
    "plan_batch",
    "plan_change",
    "stamped",
]

# Fields whose difference is a real change. ``updated_at`` alone is not one.
CONTENT_FIELDS = (
    "subject",
    "message",
    "status",
    "source",
    "customer_id",
    "created_at",
    "urgency",
    "sentiment",
    "requires_action",
    "rules",
    "keywords",
)
_CLASSIFICATION_FIELDS = ("urgency", "sentiment", "requires_action", "rules", "keywords")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, tuple):
        return list(value)
    return value


@attrs.frozen
class Change:
    """The decision for one incoming ticket."""

    action: str  # created, updated, unchanged or restored
    changes: dict[str, dict[str, Any]]  # field -> {"old": ..., "new": ...}, JSON-able
    notify: bool  # the ticket is (newly) high urgency: queue a notification
    row: Ticket | None  # what to store (None when unchanged); the store stamps
    # ingested_at, last_seen_job and clears deleted_at

    @property
    def writes(self) -> bool:
        return self.action != "unchanged"


def _diff(old: Ticket, new: Ticket, fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in fields:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            out[name] = {"old": _jsonable(before), "new": _jsonable(after)}
    return out


def plan_change(existing: Ticket | None, incoming: Ticket) -> Change:
    """Decide what applying ``incoming`` over ``existing`` does."""
    if existing is None:
        return Change("created", {}, incoming.urgency == "high", incoming)
    becomes_high = incoming.urgency == "high" and existing.urgency != "high"
    if existing.deleted_at is not None:
        changes = _diff(existing, incoming, (*CONTENT_FIELDS, "updated_at"))
        changes["deleted_at"] = {"old": _jsonable(existing.deleted_at), "new": None}
        return Change("restored", changes, becomes_high, incoming)
    newer = incoming.updated_at > existing.updated_at
    if newer:
        changes = _diff(existing, incoming, CONTENT_FIELDS)
        if changes:
            changes.update(_diff(existing, incoming, ("updated_at", "ruleset_version")))
            return Change("updated", changes, becomes_high, incoming)
    if incoming.ruleset_version != existing.ruleset_version:
        # Re-classification by a new rule set: only the verdict may change;
        # the stored text stays as it was unless the provider moved forward.
        changes = _diff(existing, incoming, _CLASSIFICATION_FIELDS)
        if changes:
            changes.update(_diff(existing, incoming, ("ruleset_version",)))
            verdict = {name: getattr(incoming, name) for name in _CLASSIFICATION_FIELDS}
            row = attrs.evolve(existing, ruleset_version=incoming.ruleset_version, **verdict)
            return Change("updated", changes, becomes_high, row)
    return Change("unchanged", {}, False, None)


def idempotency_key(ticket: Ticket) -> str:
    """Stable key for one high-urgency episode of a ticket: the same ticket
    becoming high again after a later update gets a new key."""
    return f"{ticket.tenant_id}:{ticket.external_id}:{format_datetime(ticket.updated_at)}"


def notification_reason(ticket: Ticket) -> str:
    """The ``reason`` sent to ``/notify``: the rules that made it urgent."""
    return "high urgency: " + (", ".join(ticket.rules) or "classifier")


def stamped(row: Ticket, now: datetime, job_id: str | None) -> Ticket:
    """``row`` as written at ``now`` by ``job_id`` (not deleted). Built
    field by field rather than with ``attrs.evolve``, whose generic field
    loop cost more than the rest of a created ticket's plan; a test checks
    that every field of ``Ticket`` is carried over."""
    return Ticket(
        tenant_id=row.tenant_id,
        external_id=row.external_id,
        subject=row.subject,
        message=row.message,
        status=row.status,
        source=row.source,
        customer_id=row.customer_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        urgency=row.urgency,
        sentiment=row.sentiment,
        requires_action=row.requires_action,
        rules=row.rules,
        keywords=row.keywords,
        ruleset_version=row.ruleset_version,
        ingested_at=now,
        last_seen_job=job_id,
        deleted_at=None,
    )


def plan_batch(
    current: dict[str, Ticket],
    incoming: Iterable[Ticket],
    *,
    now: datetime,
    job_id: str | None,
    stamp: Callable[[Ticket, datetime, str | None], Ticket] = stamped,
) -> Iterator[tuple[str, Change, Ticket | None, Ticket | None]]:
    """Plan a batch: for each incoming ticket, its external id, the change,
    the row to store (``stamp``-ed with ``now`` and ``job_id``, not deleted)
    or None when nothing is written, and the row it replaces (None when new).

    ``current`` (stored tickets by external id) is updated as rows are
    planned, so a ticket repeated within one batch is compared with its own
    earlier version; every store backend applies batches through this. A
    backend that writes ``ingested_at`` and ``last_seen_job`` from the call
    itself may pass a ``stamp`` that does less (the SQLite one only clears
    ``deleted_at``, which the comparisons read); it must then give every
    ticket that will be compared (its id in ``current`` or repeated in the
    batch) at the precision of the rows it is compared with.
    """
    for ticket in incoming:
        previous = current.get(ticket.external_id)
        change = plan_change(previous, ticket)
        if change.row is None:  # unchanged: nothing written
            yield ticket.external_id, change, None, previous
            continue
        row = stamp(change.row, now, job_id)
        current[row.external_id] = row
        yield row.external_id, change, row, previous
