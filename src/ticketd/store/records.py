"""Records that cross the Store interface. Backends convert their own rows
and documents to and from these; no backend type reaches a caller."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from ticketd.domain.changes import Change
from ticketd.domain.ticket import Ticket

__all__ = [
    "JOB_FINAL_STATUSES",
    "JOB_STATUSES",
    "JOB_WAITS",
    "ORPHAN_MESSAGE",
    "ORPHAN_MESSAGES",
    "OUTBOX_STATUSES",
    "ApplyResult",
    "HistoryRecord",
    "JobProgress",
    "JobRecord",
    "Lease",
    "LeaseStatus",
    "OutboxEntry",
    "OutboxSummary",
    "TenantStats",
    "TicketFilter",
    "TicketKey",
    "TicketOutcome",
    "TicketPage",
]

JOB_STATUSES = ("running", "completed", "failed", "cancelled", "interrupted")
JOB_FINAL_STATUSES = ("completed", "failed", "cancelled", "interrupted")
# What a running job may wait for (``Store.note_job_waiting``; progress ``waiting``).
JOB_WAITS = ("budget", "retry_after", "backoff")
OUTBOX_STATUSES = ("pending", "delivered", "dead")

# The orphan sweep's job error (``interrupted``) and audit messages, by the
# status it gives: a run whose cancel was requested ends ``cancelled``.
ORPHAN_MESSAGE = "owner lost its lease (process died or lease expired)"
ORPHAN_MESSAGES = {
    "interrupted": ORPHAN_MESSAGE,
    "cancelled": f"cancel requested; {ORPHAN_MESSAGE}",
}


@attrs.frozen
class TicketOutcome:
    """What applying one incoming ticket did."""

    external_id: str
    action: str  # created, updated, unchanged or restored
    changed_fields: tuple[str, ...] = ()  # for updated / restored
    notification_queued: bool = False

    @classmethod
    def written(cls, external_id: str, change: Change, *, queued: bool) -> TicketOutcome:
        """The outcome of a planned write, as both backends report it."""
        changed = tuple(change.changes) if change.action in ("updated", "restored") else ()
        return cls(external_id, change.action, changed, queued)


@attrs.frozen
class JobProgress:
    """A running job's progress, as ``Store.apply_tickets`` records it in
    the page's own write."""

    job_id: str
    total_pages: int | None
    processed_pages: int
    metrics: dict[str, float]


@attrs.frozen
class ApplyResult:
    """Outcome of ``Store.apply_tickets`` for one batch."""

    outcomes: tuple[TicketOutcome, ...]
    # With a progress to record: whether the job's record carries a cancel
    # request (``request_cancel``, possibly by another replica).
    cancel_requested: bool = False

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def notifications_queued(self) -> int:
        return sum(1 for o in self.outcomes if o.notification_queued)


@attrs.frozen
class TicketFilter:
    """Equality filters of the ticket list; ``None`` means any. Values are
    validated upstream and always compared as plain values, never as query
    operators."""

    status: str | None = None
    urgency: str | None = None
    sentiment: str | None = None
    source: str | None = None
    requires_action: bool | None = None


@attrs.frozen
class TicketKey:
    """A position in the ticket list (newest ``created_at`` first, ties by
    ``external_id`` ascending): the sort key of one ticket. A list read
    ``after`` it starts with the first ticket strictly after that position,
    whether or not that ticket still exists."""

    created_at: datetime  # as stored: whole milliseconds, timezone-aware
    external_id: str

    @classmethod
    def of(cls, ticket: Ticket) -> TicketKey:
        return cls(ticket.created_at, ticket.external_id)


@attrs.frozen
class TicketPage:
    tickets: tuple[Ticket, ...]
    total: int  # matching non-deleted tickets over all pages


@attrs.frozen
class HistoryRecord:
    tenant_id: str
    external_id: str
    action: str  # created, updated, deleted or restored
    changes: dict[str, dict[str, Any]]  # field -> {"old", "new"}, JSON-able
    job_id: str | None
    recorded_at: datetime


@attrs.frozen
class Lease:
    """A tenant ingestion lease held by ``owner``."""

    tenant_id: str
    owner: str
    token: int  # fencing token, grows with every new acquisition
    expires_at: datetime


@attrs.frozen
class LeaseStatus:
    locked: bool
    owner: str | None
    expires_at: datetime | None
    token: int | None


@attrs.frozen
class JobRecord:
    """One ingestion run (the ``ingestion_jobs`` audit record)."""

    job_id: str
    tenant_id: str
    owner: str  # lease owner that ran it (process/replica id)
    status: str  # one of JOB_STATUSES
    started_at: datetime
    ended_at: datetime | None = None
    total_pages: int | None = None
    processed_pages: int = 0
    metrics: dict[str, float] = attrs.field(factory=dict)  # the run report counters
    error: str | None = None
    updated_at: datetime | None = None  # last progress write
    cancel_requested: bool = False  # a cancel reached the store (any replica)


@attrs.frozen
class OutboxEntry:
    """One notification to deliver to the provider's ``/notify``."""

    entry_id: str
    tenant_id: str
    external_id: str
    urgency: str
    reason: str
    idempotency_key: str
    status: str  # pending, delivered or dead
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    last_error: str | None = None
    delivered_at: datetime | None = None
    # Of ``attempts``, those made while ``/notify`` as a whole failed (an
    # outage): they do not count against the entry's attempt budget. Never
    # more than ``attempts``: each backend clamps it when it reads an entry
    # (a replica of a build before outage attempts requeues a dead entry by
    # setting ``attempts`` to 0 alone; the next retry written heals it).
    outage_attempts: int = 0

    @property
    def own_attempts(self) -> int:
        """Failed attempts counted against the budget (``max_attempts``)."""
        return self.attempts - self.outage_attempts


@attrs.frozen
class OutboxSummary:
    pending: int
    dead: int
    delivered: int
    oldest_pending_at: datetime | None


@attrs.frozen
class TenantStats:
    """A tenant's analytics over a window of ``created_at``: counts by
    status, urgency, sentiment, source and requires-action, ratios, the hourly
    trend, top keywords and the most at-risk customers. All counts exclude
    soft-deleted tickets."""

    tenant_id: str
    from_date: datetime | None
    to_date: datetime
    total_tickets: int
    by_status: dict[str, int]
    by_urgency: dict[str, int]
    by_sentiment: dict[str, int]
    by_source: dict[str, int]
    urgency_high_ratio: float
    negative_sentiment_ratio: float
    requires_action_count: int
    hourly_trend: tuple[dict[str, Any], ...]  # 24 x {"hour": iso, "count": n}, oldest first
    top_keywords: tuple[dict[str, Any], ...]  # {"keyword", "count"}, most frequent first
    # {"customer_id", "negative", "high_urgency", "tickets"}, most at risk first
    at_risk_customers: tuple[dict[str, Any], ...]
    generated_at: datetime
    # customers with a negative or high-urgency ticket in the window, all of
    # them (at_risk_customers lists the first ten)
    at_risk_total: int = 0
