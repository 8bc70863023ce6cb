"""The last step of an ingestion run: deletion by absence.

After a complete, uncancelled scan, the tenant's tickets the provider lists
as deleted and those the feed no longer lists under this tenant are
soft-deleted, unless that is more than ``max_delete_fraction`` of its live
tickets and the run was not started with ``allow_mass_delete``. Each
absence is confirmed with the single-ticket endpoint first; each check is
the run's progress (stall detection counts it), recorded in the job at
most once a second so other replicas see it too.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable

from ticketd.actors.cancellable import CANCELLED
from ticketd.actors.ingestion_lease import ensure_lease
from ticketd.actors.ingestion_run import (
    IngestionConfig,
    IngestionRun,
    await_unless_cancelled,
    request_cancel,
    sync_call_stats,
)
from ticketd.domain.scan import (
    ScanCompleteness,
    absence_candidates,
    confirmed_gone,
    mass_deletion_problem,
)
from ticketd.domain.ticket import ProviderTicket

__all__ = ["delete_absent"]

# The run's log lines keep the ingestion actor's logger name.
log = logging.getLogger("ticketd.actors.ingestion")

CHECKS_RECORDED_EVERY_SECONDS = 1.0  # absence checks' progress in the job record


async def delete_absent(
    run: IngestionRun,
    tenant_id: str,
    config: IngestionConfig,
    scan: ScanCompleteness,
    listed: set[str],
    gone: set[str],
    apply: Callable[[IngestionRun, list[ProviderTicket]], Awaitable[None]],
) -> str:
    """After an uncancelled scan: soft-delete what the provider lists as
    deleted (``gone``) and what the feed no longer lists for this tenant
    (not in ``listed``), if the scan is complete and the amount passes the
    mass-deletion guard; otherwise record why not in the run's report.
    Each absence is first confirmed with the single-ticket endpoint (a
    ticket still there is stored through ``apply``, as seen). Returns the
    final status."""
    c = config
    problem = scan.problem()
    absent: list[str] = []
    listed_as_deleted: set[str] = set()
    if problem is None:
        live = await c.store.live_external_ids(tenant_id)
        listed_as_deleted = live & gone
        absent = sorted(absence_candidates(live, listed, gone))
        problem = mass_deletion_problem(
            len(absent) + len(listed_as_deleted),
            len(live),
            max_fraction=c.max_delete_fraction,
            allowed=run.allow_mass_delete,
        )
    if problem is not None:
        run.report.deletion_skipped = problem
        log.warning("deletion skipped: %s", problem, extra={"deletion_skipped": problem})
        return "completed"
    to_delete = set(listed_as_deleted)
    still_there: list[ProviderTicket] = []
    recorded = -math.inf  # monotonic time the checks' progress was last recorded
    for external_id in absent:
        ticket = await await_unless_cancelled(
            run, c, c.provider.get_ticket(external_id, tenant_id, run.stats)
        )
        if ticket is CANCELLED:
            return run.cancel_reason or "cancelled"
        run.report.absence_checks += 1
        run.last_progress = c.clock.now()
        if c.clock.monotonic() - recorded >= CHECKS_RECORDED_EVERY_SECONDS:
            recorded = c.clock.monotonic()
            await _record_checks(run, c)
        if confirmed_gone(tenant_id, ticket):
            to_delete.add(external_id)
        else:
            still_there.append(ticket)
    if still_there:
        log.warning(
            "%d tickets the scan missed are still at the provider: kept",
            len(still_there),
            extra={"external_ids": [t.external_id for t in still_there][:20]},
        )
        await apply(run, still_there)
    if to_delete:
        await ensure_lease(run, tenant_id, c)
        run.report.deleted += await c.store.soft_delete(
            tenant_id, sorted(to_delete), job_id=run.job_id, fence=run.lease
        )
        if c.on_write is not None:
            c.on_write(tenant_id)
    return "completed"


async def _record_checks(run: IngestionRun, config: IngestionConfig) -> None:
    """Record the run's progress (its absence checks) in the job, so the
    progress view of another replica sees it moving; a cancel recorded in
    the job meanwhile is taken up."""
    sync_call_stats(run, config.clock)
    cancel = await config.store.update_job(
        run.job_id,
        total_pages=run.total_pages,
        processed_pages=run.report.pages,
        metrics=run.report.as_dict(),
    )
    if cancel:
        request_cancel(run, "cancelled")
