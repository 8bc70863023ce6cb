"""What one ingestion run needs and records: its configuration, its state,
its stored progress, and how it is asked to stop and waits on the provider
until a cancel comes.

The tenant ingestion actor (``ticketd.actors.ingestion``) owns one
``IngestionRun`` at a time; the lease keeping
(``ticketd.actors.ingestion_lease``) and the deletion-by-absence step
(``ticketd.actors.ingestion_absence``) work on it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import attrs

from ticketd.actors.cancellable import CANCELLED, unless_cancelled
from ticketd.actors.feed_scan import FeedScanClient, FeedSubscription
from ticketd.actors.feed_subscription import add_calls
from ticketd.clock import Clock
from ticketd.domain.report import JobView, RunReport, job_view
from ticketd.errors import LeaseLost, TicketdError, error_text
from ticketd.external import CallStats, ProviderClient
from ticketd.metrics import Metrics
from ticketd.store import JobRecord, Lease, Store

__all__ = [
    "IngestionConfig",
    "IngestionRun",
    "await_unless_cancelled",
    "request_cancel",
    "run_view",
    "run_waiting",
    "sync_call_stats",
]

# The run's log lines keep the ingestion actor's logger name.
log = logging.getLogger("ticketd.actors.ingestion")

REMOTE_CANCEL_POLL_SECONDS = 1.0  # a cancel sent to another replica, seen while waiting


@attrs.frozen
class IngestionConfig:
    """What a tenant actor needs besides its tenant id."""

    store: Store
    provider: ProviderClient
    clock: Clock
    metrics: Metrics
    instance_id: str  # this process, part of every lease owner id
    lease_ttl_seconds: float
    page_size: int
    stall_seconds: float
    max_delete_fraction: float = 0.2  # of live tickets one run may soft-delete
    idle_seconds: float = 10.0  # an idle tenant actor stops after this long
    on_notifications: Callable[[], Awaitable[None]] | None = None  # wake the notifier
    on_write: Callable[[str], None] | None = None  # the tenant's data changed
    feed: FeedScanClient | None = None  # the shared pass; None: this run scans alone


@attrs.define
class IngestionRun:
    """The state of one running job, owned by its tenant actor."""

    job_id: str
    owner: str
    started_mono: float
    record: JobRecord
    finished: asyncio.Future[JobView]
    allow_mass_delete: bool = False
    report: RunReport = attrs.field(factory=RunReport)
    stats: CallStats = attrs.field(factory=CallStats)
    total_pages: int | None = None
    cancel_reason: str | None = None  # "cancelled" or "interrupted" once asked
    cancel_asked: asyncio.Event = attrs.field(factory=asyncio.Event)  # set with cancel_reason
    lease_lost: bool = False  # another owner took the lease: write nothing more
    lease_error: str | None = None  # why, once lost
    lease_renewed_mono: float = 0.0
    lease: Lease | None = None  # the fence every write carries
    task: asyncio.Task[None] | None = None
    feed: FeedSubscription | None = None  # the run's share of the feed scan, if any
    last_progress: Any = None  # wall time of the last stored page
    recorded: asyncio.Event = attrs.field(factory=asyncio.Event)  # its end is written


def request_cancel(run: IngestionRun, reason: str) -> None:
    """Ask the run to stop; the first reason given is kept."""
    run.cancel_reason = run.cancel_reason or reason
    run.cancel_asked.set()


def sync_call_stats(run: IngestionRun, clock: Clock) -> None:
    """Copy the run's provider call figures and its duration into its
    report: as they are now, the wait going on and the shared page call
    in flight included, so progress shows calls, retries and waits as they
    happen."""
    r = run.report
    now = clock.monotonic()
    stats = run.stats.live(now)
    if run.feed is not None:
        add_calls(stats, run.feed.pending_calls())
    r.api_calls = stats.api_calls
    r.retries = stats.retries
    r.throttled_seconds = stats.throttled_seconds
    r.budget_wait_seconds = stats.budget_wait_seconds
    r.duration_seconds = now - run.started_mono


def run_waiting(run: IngestionRun, clock: Clock) -> str | None:
    """What the run waits for now (progress ``waiting``): its own call's
    wait, else the shared pass's (``FeedSubscription.waiting``)."""
    own = run.stats.waiting_at(clock.monotonic())
    if own is not None or run.feed is None:
        return own
    return run.feed.waiting


def run_view(run: IngestionRun, tenant_id: str, config: IngestionConfig) -> JobView:
    """The run's progress view: live while it runs, its end once over."""
    c = config
    if run.record.status == "running":
        sync_call_stats(run, c.clock)
    return job_view(
        job_id=run.job_id,
        tenant_id=tenant_id,
        status=run.record.status,
        total_pages=run.total_pages,
        processed_pages=run.report.pages,
        report=run.report,
        started_at=run.record.started_at,
        ended_at=run.record.ended_at,
        last_progress_at=run.last_progress,
        now=c.clock.now(),
        stall_seconds=c.stall_seconds,
        error=run.record.error,
        cancel_requested=run.cancel_reason is not None,
        waiting=run_waiting(run, c.clock),
    )


async def await_unless_cancelled(
    run: IngestionRun, config: IngestionConfig, call: Awaitable[Any]
) -> Any:
    """Await a provider call unless a cancel comes first, from this
    process or recorded in the job by another replica (read every
    ``REMOTE_CANCEL_POLL_SECONDS`` while waiting; what the run waits for
    is written to the job when the record says otherwise, so another
    replica's view of the run says it too); returns ``CANCELLED`` then.
    Raises ``LeaseLost`` when the wait ended because the lease was lost."""
    result = await unless_cancelled(call, run.cancel_asked, _watch_remote_cancel(run, config))
    if result is CANCELLED and run.lease_lost and run.cancel_reason is None:
        raise LeaseLost(run.lease_error or "lease lost")
    return result


async def _watch_remote_cancel(run: IngestionRun, config: IngestionConfig) -> None:
    while True:
        await config.clock.sleep(REMOTE_CANCEL_POLL_SECONDS)
        try:
            job = await config.store.get_job(run.job_id)
        except TicketdError as exc:  # the store is down: ask again later
            log.debug("could not read the job record", extra={"error": error_text(exc)})
            continue
        if job is None:
            continue
        if job.cancel_requested:
            request_cancel(run, "cancelled")
            return
        waiting = run_waiting(run, config.clock)
        if job.metrics.get("waiting") != waiting:
            try:
                await config.store.note_job_waiting(run.job_id, waiting)
            except TicketdError as exc:  # the next round tries again
                log.debug("could not note what the run waits for", extra={"error": error_text(exc)})
