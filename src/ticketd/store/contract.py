"""The Store's public methods, once for both backends.

``StoreContract`` implements every method of the ``Store`` interface
(``ticketd.store.base``): it checks the arguments, applies the rules both
backends share, then calls the backend's hook of the same name with a
leading underscore (``apply_tickets`` calls ``_apply_tickets``). A hook
holds only its backend's query dialect and conversions, and receives
arguments already checked. ``SqliteStore`` and ``MongoStore`` derive from
it and define the hooks (and their own ``open``, ``close`` and ``ping``).
The outbox's methods are in ``outbox_contract``, the shared feed pass's in
``feed_contract``, and the checks they all use in ``contract_checks``.

The checks, all raising ``InvalidInput`` before any database work:

- tickets given for a tenant belong to it and are within the size a ticket
  may have (``MAX_TICKET_TEXT_BYTES``), and a fencing lease is one on the
  tenant written to;
- a ``limit`` is never negative (0 reads nothing); pages start at 1;
- a limit past what a database can count reads every row;
- ticket labels (status, urgency, sentiment; a source is any text the
  provider sends), job statuses, outbox
  statuses and lease, claim and budget durations are values the store
  knows; datetimes given, a ticket's among them, are timezone-aware.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from ticketd.domain.budget_slices import PermitSlice
from ticketd.domain.ticket import (
    SENTIMENTS,
    STATUSES,
    URGENCIES,
    Ticket,
    check_text_size,
)
from ticketd.errors import Conflict, InvalidInput
from ticketd.store.contract_checks import MAX_OFFSET, check_aware, check_limit, check_seconds
from ticketd.store.feed_contract import FeedPassContract
from ticketd.store.outbox_contract import OutboxContract
from ticketd.store.records import (
    JOB_FINAL_STATUSES,
    JOB_WAITS,
    ApplyResult,
    HistoryRecord,
    JobProgress,
    JobRecord,
    Lease,
    LeaseStatus,
    TenantStats,
    TicketFilter,
    TicketKey,
    TicketPage,
)

__all__ = ["StoreContract"]

_TICKET_VALUES = {
    "status": STATUSES,
    "urgency": URGENCIES,
    "sentiment": SENTIMENTS,
}


def _check_tickets(tickets: Sequence[Ticket]) -> None:
    """Every ticket's closed labels are values the store counts and its times are
    timezone-aware: a bad one would be half stored (the ticket, not its
    rollup) on a backend without multi-document transactions."""
    for ticket in tickets:
        for name, allowed in _TICKET_VALUES.items():
            if getattr(ticket, name) not in allowed:
                raise InvalidInput(
                    f"ticket {ticket.external_id!r}: {name} {getattr(ticket, name)!r} "
                    f"is not one of {', '.join(allowed)}"
                )
        if ticket.created_at.utcoffset() is None or ticket.updated_at.utcoffset() is None:
            # the messages only when one is due: this runs for every ticket written
            check_aware(f"ticket {ticket.external_id!r} created_at", ticket.created_at)
            check_aware(f"ticket {ticket.external_id!r} updated_at", ticket.updated_at)


def stored_precision_window(
    from_date: datetime | None, to_date: datetime
) -> tuple[datetime | None, datetime]:
    """The window ``[from_date, to_date]`` at the precision ticket times are
    stored with, the millisecond (BSON dates on MongoDB, the same integers
    on SQLite): ``from_date`` rounded up and ``to_date`` down to a whole
    millisecond. A stored time lies within these bounds exactly when it
    lies within the given ones, so a bound finer than a millisecond means
    the same on every backend (a window inside one millisecond that holds
    no whole one is empty)."""
    if from_date is not None and from_date.microsecond % 1000:
        from_date += timedelta(microseconds=1000 - from_date.microsecond % 1000)
    return from_date, to_date - timedelta(microseconds=to_date.microsecond % 1000)


def _fence_on(tenant_id: str, fence: Lease | None) -> None:
    """A fencing lease proves the right to write one tenant: its own."""
    if fence is not None and fence.tenant_id != tenant_id:
        raise InvalidInput(
            f"the lease on {fence.tenant_id!r} (token {fence.token}) "
            f"does not fence writes to {tenant_id!r}"
        )


class StoreContract(FeedPassContract, OutboxContract):
    """The checked public methods; the backend defines the ``_`` hooks (the
    shared feed pass's: ``FeedPassContract``; the outbox's:
    ``OutboxContract``)."""

    _clock: Any  # the backend's Clock

    # -- tickets -------------------------------------------------------------
    async def apply_tickets(
        self,
        tenant_id: str,
        tickets: Sequence[Ticket],
        *,
        job_id: str | None,
        fence: Lease | None = None,
        progress: Callable[[ApplyResult], JobProgress] | None = None,
    ) -> ApplyResult:
        foreign = [t for t in tickets if t.tenant_id != tenant_id]
        if foreign:
            named = ", ".join(f"{t.external_id!r} of {t.tenant_id!r}" for t in foreign[:5])
            raise InvalidInput(
                f"{len(foreign)} ticket(s) do not belong to tenant {tenant_id!r}: {named}"
            )
        _check_tickets(tickets)
        _fence_on(tenant_id, fence)
        for ticket in tickets:
            check_text_size(ticket.subject, ticket.message)
        if not tickets and progress is None:
            return ApplyResult(())
        return await self._apply_tickets(
            tenant_id, list(tickets), job_id=job_id, fence=fence, progress=progress
        )

    async def soft_delete(
        self,
        tenant_id: str,
        external_ids: Sequence[str],
        *,
        job_id: str | None,
        fence: Lease | None = None,
    ) -> int:
        _fence_on(tenant_id, fence)
        unique = list(dict.fromkeys(external_ids))
        if not unique:
            return 0
        return await self._soft_delete(tenant_id, unique, job_id=job_id, fence=fence)

    async def live_external_ids(self, tenant_id: str) -> set[str]:
        return await self._live_external_ids(tenant_id)

    async def get_ticket(self, tenant_id: str, external_id: str) -> Ticket | None:
        return await self._get_ticket(tenant_id, external_id)

    async def list_tickets(
        self,
        tenant_id: str,
        filters: TicketFilter,
        *,
        page: int,
        page_size: int,
        after: TicketKey | None = None,
    ) -> TicketPage:
        if page < 1 or page_size < 1:
            raise InvalidInput("page and page_size must be at least 1")
        if (page - 1) * page_size > MAX_OFFSET or page_size > MAX_OFFSET:
            raise InvalidInput(f"page {page} of {page_size} tickets is beyond any ticket list")
        if after is not None:
            check_aware("after.created_at", after.created_at)
        return await self._list_tickets(
            tenant_id, filters, page=page, page_size=page_size, after=after
        )

    async def ticket_history(
        self, tenant_id: str, external_id: str, *, limit: int
    ) -> list[HistoryRecord]:
        if (limit := check_limit(limit)) == 0:
            return []
        return await self._ticket_history(tenant_id, external_id, limit=limit)

    async def list_tenants(self) -> list[str]:
        return await self._list_tenants()

    async def tenant_stats(
        self,
        tenant_id: str,
        *,
        from_date: datetime | None,
        to_date: datetime | None,
        from_tickets: bool = False,
    ) -> TenantStats:
        check_aware("from_date", from_date)
        check_aware("to_date", to_date)
        now = self._clock.now()
        start, end = stored_precision_window(from_date, now if to_date is None else to_date)
        return await self._tenant_stats(tenant_id, start, end, now, from_tickets=from_tickets)

    async def rebuild_rollups(self, tenant_id: str | None) -> list[str]:
        return await self._rebuild_rollups(tenant_id)

    # -- leases --------------------------------------------------------------
    async def acquire_lease(self, tenant_id: str, owner: str, ttl_seconds: float) -> Lease | None:
        check_seconds("ttl_seconds", ttl_seconds)
        return await self._acquire_lease(tenant_id, owner, ttl_seconds)

    async def renew_lease(self, tenant_id: str, fence: Lease, ttl_seconds: float) -> Lease:
        _fence_on(tenant_id, fence)
        check_seconds("ttl_seconds", ttl_seconds)
        return await self._renew_lease(fence, ttl_seconds)

    async def release_lease(self, tenant_id: str, owner: str) -> bool:
        return await self._release_lease(tenant_id, owner)

    async def lease_status(self, tenant_id: str) -> LeaseStatus:
        return await self._lease_status(tenant_id)

    # -- jobs and audit ------------------------------------------------------
    async def create_job(self, job: JobRecord) -> list[str]:
        if job.status != "running":
            raise InvalidInput(f"a job starts running, not {job.status!r}")
        try:
            return await self._create_job(job)
        except Conflict:  # the job id is the only unique key of a job
            raise Conflict(f"job {job.job_id} already exists") from None

    async def update_job(
        self,
        job_id: str,
        *,
        total_pages: int | None,
        processed_pages: int,
        metrics: dict[str, float],
    ) -> bool:
        if processed_pages < 0 or (total_pages is not None and total_pages < 0):
            raise InvalidInput("page counts must not be negative")
        return await self._update_job(
            job_id, total_pages=total_pages, processed_pages=processed_pages, metrics=metrics
        )

    async def note_job_waiting(self, job_id: str, waiting: str | None) -> bool:
        if waiting is not None and waiting not in JOB_WAITS:
            raise InvalidInput(f"not a job wait: {waiting!r}")
        return await self._note_job_waiting(job_id, waiting)

    async def request_cancel(self, job_id: str) -> bool:
        return await self._request_cancel(job_id)

    async def finish_job(
        self,
        job_id: str,
        *,
        status: str,
        metrics: dict[str, float],
        error: str | None,
        release_lease: bool = False,
        ended_at: datetime | None = None,
    ) -> None:
        """Only a running job changes (the first final status wins), or one
        a sweep ended after ``ended_at`` (the run's own end replaces the
        sweep's presumption). The
        lease release the caller asks for does not depend on that: a job
        already final (say, marked interrupted by another replica's sweep)
        still frees its owner's lease, so the hook releases the lease of the
        job's owner on the job's tenant whatever the status update did."""
        if status not in JOB_FINAL_STATUSES:
            raise InvalidInput(f"not a final job status: {status!r}")
        check_aware("ended_at", ended_at)
        await self._finish_job(
            job_id,
            status=status,
            metrics=metrics,
            error=error,
            release_lease=release_lease,
            ended_at=ended_at,
        )

    async def get_job(self, job_id: str) -> JobRecord | None:
        return await self._get_job(job_id)

    async def recent_jobs(self, tenant_id: str, *, limit: int) -> list[JobRecord]:
        if (limit := check_limit(limit)) == 0:
            return []
        return await self._recent_jobs(tenant_id, limit=limit)

    async def interrupt_orphaned_jobs(self, tenant_id: str | None = None) -> list[str]:
        return await self._interrupt_orphaned_jobs(tenant_id)

    async def job_logs(self, job_id: str) -> list[dict[str, object]]:
        return await self._job_logs(job_id)

    # -- the shared provider budget -------------------------------------------
    async def take_permits(
        self, budget: str, *, want: int, limit: int, span_seconds: float, hold_seconds: float
    ) -> PermitSlice:
        if want < 0 or limit < 1:
            raise InvalidInput(f"want {want} of a budget of {limit}: want >= 0, limit >= 1")
        check_seconds("span_seconds", span_seconds)
        if hold_seconds < 0:
            raise InvalidInput(f"hold_seconds must not be negative, got {hold_seconds}")
        return await self._take_permits(
            budget, want=want, limit=limit, span_seconds=span_seconds, hold_seconds=hold_seconds
        )

    async def give_back_permits(self, budget: str, *, stamp: float, count: int) -> None:
        if count < 0 or not math.isfinite(stamp):
            raise InvalidInput(f"give back {count} permits at {stamp}: count >= 0, a finite stamp")
        if count:
            await self._give_back_permits(budget, stamp=stamp, count=count)

    async def pause_budget(self, budget: str, seconds: float) -> None:
        if not (math.isfinite(seconds) and seconds >= 0):
            raise InvalidInput(f"pause of {seconds} seconds: a finite number >= 0")
        await self._pause_budget(budget, seconds)

    # -- the hooks each backend defines ---------------------------------------
    # Declared here so a reader sees the whole list; each takes the checked
    # arguments of the public method above.
    _apply_tickets: Any
    _soft_delete: Any
    _live_external_ids: Any
    _get_ticket: Any
    _list_tickets: Any
    _ticket_history: Any
    _list_tenants: Any
    _tenant_stats: Any  # (tenant_id, from_date, to_date, now, *, from_tickets)
    _rebuild_rollups: Any
    _acquire_lease: Any
    _renew_lease: Any  # (fence, ttl_seconds): the fence names the tenant
    _release_lease: Any
    _lease_status: Any
    _create_job: Any
    _update_job: Any
    _request_cancel: Any
    _note_job_waiting: Any
    _finish_job: Any
    _get_job: Any
    _recent_jobs: Any
    _interrupt_orphaned_jobs: Any
    _job_logs: Any
    _take_permits: Any
    _pause_budget: Any
    _give_back_permits: Any
