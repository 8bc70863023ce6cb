"""An ingestion run's ticket writes: classify the tenant's tickets and store
them in one fenced write which, for a page of the scan, also records the
run's progress (``Store.apply_tickets`` with ``progress``: one writer
transaction per page on SQLite, so the job's counts never disagree with
the stored tickets), then count the outcomes in the run's report."""

from __future__ import annotations

import asyncio
import contextlib
import logging
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
from ticketd.domain.report import REJECTED_LISTED, RunReport
from ticketd.domain.ticket import ProviderTicket, Ticket, shown
from ticketd.external.pages import Page, RejectedRecord
from ticketd.store import ApplyResult, JobProgress

__all__ = ["PageCounts", "count_page", "log_rejected", "page_progress", "store_tickets"]

log = logging.getLogger("ticketd.actors.ingestion")


@attrs.frozen
class PageCounts:
    """What a page adds to the run's report besides the store's outcomes."""

    fetched: int  # records received, all tenants
    skipped: int  # other tenants' tickets
    errors: int  # records that did not parse, all tenants'
    # those of them this run names: its tenant's, or of no readable tenant
    rejected: tuple[RejectedRecord, ...] = ()

    @classmethod
    def of(cls, tenant_id: str, page: Page, mine: int) -> PageCounts:
        """The counts of ``page`` for a run of ``tenant_id`` that keeps
        ``mine`` of its tickets."""
        return cls(
            fetched=len(page.record_ids),
            skipped=len(page.tickets) - mine,
            errors=len(page.errors),
            rejected=tuple(r for r in page.errors if r.tenant_id in (tenant_id, None)),
        )


def _rejected_entry(record: RejectedRecord) -> dict[str, object]:
    return {"id": record.record_id, "reason": record.reason, "page": record.page}


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
    room = max(0, REJECTED_LISTED - len(report.rejected))
    report.rejected += tuple(_rejected_entry(r) for r in page.rejected[:room])
    report.rejected_unlisted += max(0, len(page.rejected) - room)


def log_rejected(report: RunReport, page: PageCounts) -> None:
    """Log each of the page's rejected records the report will list, one
    warning each, and once, when the first goes past the list, that the
    rest are only counted: a hostile feed cannot flood the log."""
    room = max(0, REJECTED_LISTED - len(report.rejected))
    for record in page.rejected[:room]:
        log.warning(
            "provider record rejected: %s",
            record.line,
            extra={
                "record_id": record.record_id,
                "record_tenant_id": None if record.tenant_id is None else shown(record.tenant_id),
                "reason": record.reason,
                "page": record.page,
            },
        )
    if len(page.rejected) > room and report.rejected_unlisted == 0:
        log.warning(
            "more than %d provider records rejected in this run: the rest are "
            "counted in the report's rejected_unlisted, not logged one by one",
            REJECTED_LISTED,
        )


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
    if page is not None:
        log_rejected(run.report, page)
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
        log.debug(
            "page stored",
            extra={"tenant_id": tenant_id, "job_id": run.job_id, "pages": run.report.pages},
        )
        if result.cancel_requested:  # DELETE /ingest/{job_id} reached another replica
            request_cancel(run, "cancelled")
    if c.on_write is not None and len(result.outcomes) > result.count("unchanged"):
        c.on_write(tenant_id)
    if result.notifications_queued and c.on_notifications is not None:
        await c.on_notifications()
