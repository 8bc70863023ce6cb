"""An ingestion run's ticket writes: classify the tenant's tickets and store
them in one fenced write which, for a page of the scan, also records the
run's progress (``Store.apply_tickets`` with ``progress``: one writer
transaction per page on SQLite, so the job's counts never disagree with
the stored tickets), then count the outcomes in the run's report."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import attrs

from ticketd.actors.ingestion_lease import ensure_lease
from ticketd.actors.ingestion_run import (
    IngestionConfig,
    IngestionRun,
    request_cancel,
    sync_call_stats,
)
from ticketd.domain.classifier import classify
from ticketd.domain.report import RunReport
from ticketd.domain.ticket import ProviderTicket, Ticket
from ticketd.store import ApplyResult, JobProgress

__all__ = ["PageCounts", "count_page", "page_progress", "store_tickets"]


@attrs.frozen
class PageCounts:
    """What a page adds to the run's report besides the store's outcomes."""

    fetched: int  # records received, all tenants
    skipped: int  # other tenants' tickets
    errors: int  # records that did not parse


def count_page(report: RunReport, result: ApplyResult, page: PageCounts | None) -> None:
    """Add the store's outcomes to ``report``, and the page's counts for a
    page of the scan."""
    for action in ("created", "updated", "unchanged", "restored"):
        setattr(report, action, getattr(report, action) + result.count(action))
    report.notifications_queued += result.notifications_queued
    if page is None:
        return
    report.pages += 1
    report.fetched += page.fetched
    report.skipped += page.skipped
    report.errors += page.errors


def page_progress(
    run: IngestionRun, config: IngestionConfig, page: PageCounts
) -> Callable[[ApplyResult], JobProgress]:
    """The progress to record with the page's own write (``Store.apply_tickets``):
    the run's report as it will be once the page is counted. Computed from
    a copy taken now, so the store may call it on its own thread."""
    sync_call_stats(run, config.clock)
    base = attrs.evolve(run.report)
    job_id, total_pages = run.job_id, run.total_pages

    def progress(result: ApplyResult) -> JobProgress:
        report = attrs.evolve(base)
        count_page(report, result, page)
        return JobProgress(job_id, total_pages, report.pages, report.as_dict())

    return progress


async def store_tickets(
    run: IngestionRun,
    tenant_id: str,
    config: IngestionConfig,
    mine: list[ProviderTicket],
    page: PageCounts | None = None,
) -> None:
    """Classify and store the tenant's tickets in one fenced write; for a
    page of the scan (``page``), the run's progress is recorded by the same
    write, and a cancel recorded in the job by another replica is taken up."""
    c = config
    tickets = [Ticket.classified(t, classify(t.subject, t.message, t.status)) for t in mine]
    await ensure_lease(run, tenant_id, c)
    progress = None if page is None else page_progress(run, c, page)
    write = asyncio.ensure_future(
        c.store.apply_tickets(
            tenant_id, tickets, job_id=run.job_id, fence=run.lease, progress=progress
        )
    )
    try:
        result = await asyncio.shield(write)
    except asyncio.CancelledError:
        # A stop past its grace cancels the run here, but the write goes on
        # on the store's side and may commit, the job's progress with it:
        # see it through and count it, so the report the run ends with (and
        # writes into the job) agrees with what is stored. Then stop. A
        # second cancellation while waiting cancels the write too.
        with contextlib.suppress(Exception):  # its error is not what ends the run
            count_page(run.report, await write, page)
        raise
    count_page(run.report, result, page)
    if page is not None:
        run.last_progress = c.clock.now()
        if result.cancel_requested:  # DELETE /ingest/{job_id} reached another replica
            request_cancel(run, "cancelled")
    if c.on_write is not None and len(result.outcomes) > result.count("unchanged"):
        c.on_write(tenant_id)
    if result.notifications_queued and c.on_notifications is not None:
        await c.on_notifications()
