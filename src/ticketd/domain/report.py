"""The run report of an ingestion job and the progress view built from it.

Pure data: counters the ingestion actor updates page by page (stored as
the job record's metrics), and ``JobView``, a snapshot of a run's progress
(the HTTP shell renders it as the ``/ingest/progress`` body and the
``wait=true`` answer, ``ticketd ingest`` as its report).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

__all__ = ["REJECTED_LISTED", "REPORT_FIELDS", "JobView", "RunReport", "job_view"]

REPORT_FIELDS = (
    "pages",
    "api_calls",
    "retries",
    "throttled_seconds",
    "budget_wait_seconds",
    "fetched",
    "created",
    "updated",
    "unchanged",
    "deleted",
    "restored",
    "skipped",
    "errors",
    "notifications_queued",
    "duration_seconds",
    "deletion_skipped",
    "absence_checks",
    "rejected",
    "rejected_unlisted",
)

# A run names at most this many rejected records in its report and log
# (one line each); past it, they are counted in ``rejected_unlisted``.
REJECTED_LISTED = 20


@attrs.define
class RunReport:
    """Counters of one run: the run report."""

    pages: int = 0  # pages fetched and processed
    api_calls: int = 0  # HTTP calls to the provider, retries included
    retries: int = 0  # calls repeated after a transient failure
    throttled_seconds: float = 0.0  # time spent waiting out 429s (Retry-After)
    budget_wait_seconds: float = 0.0  # time spent waiting for our own call budget
    fetched: int = 0  # records received, all tenants
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    restored: int = 0
    skipped: int = 0  # other tenants' tickets
    errors: int = 0  # records that did not parse
    notifications_queued: int = 0
    duration_seconds: float = 0.0
    deletion_skipped: str | None = None  # why absent tickets were not deleted, if so
    absence_checks: int = 0  # single-ticket calls confirming an absence before deleting
    # The first REJECTED_LISTED records of this tenant (or of no readable
    # tenant) that failed validation: {"id", "reason", "page"}, the id shown
    # bounded and escaped. A tuple, so a copy of the report shares nothing.
    rejected: tuple[dict[str, Any], ...] = attrs.field(default=(), converter=tuple)
    rejected_unlisted: int = 0  # such records past the first REJECTED_LISTED

    def as_dict(self) -> dict[str, Any]:
        """Every counter by name, seconds rounded to milliseconds."""
        out = attrs.asdict(self)
        out["throttled_seconds"] = round(self.throttled_seconds, 3)
        out["budget_wait_seconds"] = round(self.budget_wait_seconds, 3)
        out["duration_seconds"] = round(self.duration_seconds, 3)
        return out

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> RunReport:
        known = {k: values[k] for k in REPORT_FIELDS if k in values}
        return cls(**known)


@attrs.frozen
class JobView:
    """A snapshot of one run's progress, or its final report."""

    job_id: str
    tenant_id: str
    status: str  # running, completed, failed, cancelled or interrupted
    progress: float  # share of pages processed, 0..100 (100 once completed)
    total_pages: int | None  # None until the provider said
    processed_pages: int
    report: RunReport  # a copy: later pages do not change this snapshot
    started_at: datetime
    ended_at: datetime | None
    stalled: bool  # running, and no progress for the stall threshold
    cancel_requested: bool
    waiting: str | None  # what a running job waits for: budget, retry_after, backoff
    error: str | None


def job_view(
    *,
    job_id: str,
    tenant_id: str,
    status: str,
    total_pages: int | None,
    processed_pages: int,
    report: RunReport,
    started_at: datetime,
    ended_at: datetime | None,
    last_progress_at: datetime | None,
    now: datetime,
    stall_seconds: float,
    error: str | None = None,
    cancel_requested: bool = False,
    waiting: str | None = None,
) -> JobView:
    """The progress view of a run.

    ``progress`` is the share of pages processed (100 once completed);
    ``stalled`` is true for a running job whose progress has not moved for
    ``stall_seconds``; ``cancel_requested`` is true once a cancel was asked
    for (the job may still be finishing its page); ``waiting`` says what a
    running job waits for at the moment (``budget``: our own call budget,
    ``retry_after``: a 429's ``Retry-After``, ``backoff``: a retry after a
    failure), else None.
    """
    if status == "completed":
        progress = 100.0
    elif total_pages:
        progress = min(99.0, round(100.0 * processed_pages / total_pages, 1))
    else:
        progress = 0.0
    reference = last_progress_at or started_at
    stalled = status == "running" and (now - reference).total_seconds() > stall_seconds
    return JobView(
        job_id=job_id,
        tenant_id=tenant_id,
        status=status,
        progress=progress,
        total_pages=total_pages,
        processed_pages=processed_pages,
        report=attrs.evolve(report),
        started_at=started_at,
        ended_at=ended_at,
        stalled=stalled,
        cancel_requested=cancel_requested,
        waiting=waiting if status == "running" else None,
        error=error,
    )
