"""The embedded backend: one SQLite file in WAL mode, stdlib ``sqlite3``.

Threads, connections, the bounded wait for the write lock and the check
that the file is still the one opened are in ``sqlite_connections``. The
SQL lives in ``sqlite_schema`` (DDL), ``sqlite_tickets``, ``sqlite_jobs``
(leases and jobs), ``sqlite_outbox``, ``sqlite_rollups`` and
``sqlite_stats``; this module maps the Store's hooks (``StoreContract``,
which checks the arguments first) onto them. Database
errors such as a lock not obtained within ``busy_timeout`` surface as
``Unavailable``, a broken uniqueness (a job id used twice) as
``Conflict``; no ``sqlite3`` type reaches a caller.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime

from ticketd.domain.budget_slices import PermitSlice
from ticketd.domain.ticket import Ticket
from ticketd.store import sqlite_budgets as budget_sql
from ticketd.store import sqlite_jobs as job_sql
from ticketd.store import sqlite_outbox as outbox_sql
from ticketd.store import sqlite_tickets as ticket_sql
from ticketd.store.contract import StoreContract
from ticketd.store.records import (
    ApplyResult,
    HistoryRecord,
    JobProgress,
    JobRecord,
    Lease,
    LeaseStatus,
    OutboxEntry,
    OutboxSummary,
    TenantStats,
    TicketFilter,
    TicketKey,
    TicketPage,
)
from ticketd.store.sqlite_connections import SqliteConnections
from ticketd.store.sqlite_feed import SqliteFeedPasses
from ticketd.store.sqlite_rollups import rebuild_rollups, rollup_tenants
from ticketd.store.sqlite_stats import tenant_stats
from ticketd.store.sqlite_stats_scan import scan_tenant_stats
from ticketd.store.sqlite_ticket_list import list_tickets

__all__ = ["SqliteStore"]


def _rebuild_rollups(conn: sqlite3.Connection, tenant_id: str | None) -> list[str]:
    if tenant_id is not None:
        with ticket_sql.transaction(conn):
            return rebuild_rollups(conn, tenant_id)
    with ticket_sql.transaction(conn):
        tenants = rollup_tenants(conn)
    for tenant in tenants:  # one transaction per tenant: ingestion waits less
        with ticket_sql.transaction(conn):
            rebuild_rollups(conn, tenant)
    return tenants


class SqliteStore(SqliteFeedPasses, StoreContract, SqliteConnections):
    """``Store`` on one SQLite file: the checked public methods are
    ``StoreContract``'s, the hooks below hold the SQL calls, the threads
    and connections are ``SqliteConnections``'s, the shared feed pass
    ``SqliteFeedPasses``'s."""

    # -- tickets -------------------------------------------------------------
    async def _apply_tickets(
        self,
        tenant_id: str,
        tickets: Sequence[Ticket],
        *,
        job_id: str | None,
        fence: Lease | None,
        progress: Callable[[ApplyResult], JobProgress] | None = None,
    ) -> ApplyResult:
        now = self._clock.now()
        return await self._write(
            ticket_sql.apply_tickets, tenant_id, list(tickets), job_id, now, fence, progress
        )

    async def _soft_delete(
        self,
        tenant_id: str,
        external_ids: Sequence[str],
        *,
        job_id: str | None,
        fence: Lease | None,
    ) -> int:
        now = self._clock.now()
        return await self._write(
            ticket_sql.soft_delete, tenant_id, external_ids, job_id, now, fence
        )

    async def _live_external_ids(self, tenant_id: str) -> set[str]:
        return await self._read(ticket_sql.live_external_ids, tenant_id)

    async def _get_ticket(self, tenant_id: str, external_id: str) -> Ticket | None:
        return await self._read(ticket_sql.get_ticket, tenant_id, external_id)

    async def _list_tickets(
        self,
        tenant_id: str,
        filters: TicketFilter,
        *,
        page: int,
        page_size: int,
        after: TicketKey | None,
    ) -> TicketPage:
        return await self._read(list_tickets, tenant_id, filters, page, page_size, after)

    async def _ticket_history(
        self, tenant_id: str, external_id: str, *, limit: int
    ) -> list[HistoryRecord]:
        return await self._read(ticket_sql.ticket_history, tenant_id, external_id, limit)

    async def _list_tenants(self) -> list[str]:
        return await self._read(ticket_sql.list_tenants)

    async def _tenant_stats(
        self,
        tenant_id: str,
        from_date: datetime | None,
        to_date: datetime,
        now: datetime,
        *,
        from_tickets: bool,
    ) -> TenantStats:
        read = scan_tenant_stats if from_tickets else tenant_stats
        return await self._read(read, tenant_id, from_date, to_date, now)

    async def _rebuild_rollups(self, tenant_id: str | None) -> list[str]:
        return await self._write(_rebuild_rollups, tenant_id)

    # -- leases --------------------------------------------------------------
    async def _acquire_lease(self, tenant_id: str, owner: str, ttl_seconds: float) -> Lease | None:
        now = self._clock.now()
        return await self._write(job_sql.acquire_lease, tenant_id, owner, ttl_seconds, now)

    async def _renew_lease(self, fence: Lease, ttl_seconds: float) -> Lease:
        return await self._write(job_sql.renew_lease, fence, ttl_seconds, self._clock.now())

    async def _release_lease(self, tenant_id: str, owner: str) -> bool:
        return await self._write(job_sql.release_lease, tenant_id, owner, self._clock.now())

    async def _lease_status(self, tenant_id: str) -> LeaseStatus:
        return await self._read(job_sql.lease_status, tenant_id, self._clock.now())

    # -- jobs and audit ------------------------------------------------------
    async def _create_job(self, job: JobRecord) -> list[str]:
        return await self._write(job_sql.create_job, job, self._clock.now())

    async def _update_job(
        self,
        job_id: str,
        *,
        total_pages: int | None,
        processed_pages: int,
        metrics: dict[str, float],
    ) -> bool:
        now = self._clock.now()
        return await self._write(
            job_sql.update_job, job_id, total_pages, processed_pages, metrics, now
        )

    async def _note_job_waiting(self, job_id: str, waiting: str | None) -> bool:
        return await self._write(job_sql.note_waiting, job_id, waiting)

    async def _request_cancel(self, job_id: str) -> bool:
        return await self._write(job_sql.request_cancel, job_id)

    async def _finish_job(
        self,
        job_id: str,
        *,
        status: str,
        metrics: dict[str, float],
        error: str | None,
        release_lease: bool,
        ended_at: datetime | None,
    ) -> None:
        now = self._clock.now()
        await self._write(
            job_sql.finish_job, job_id, status, metrics, error, now, release_lease, ended_at
        )

    async def _get_job(self, job_id: str) -> JobRecord | None:
        return await self._read(job_sql.get_job, job_id)

    async def _recent_jobs(self, tenant_id: str, *, limit: int) -> list[JobRecord]:
        return await self._read(job_sql.recent_jobs, tenant_id, limit)

    async def _interrupt_orphaned_jobs(self, tenant_id: str | None = None) -> list[str]:
        now = self._clock.now()
        return await self._write(job_sql.interrupt_orphaned_jobs, now, tenant_id)

    async def _job_logs(self, job_id: str) -> list[dict[str, object]]:
        return await self._read(job_sql.job_logs, job_id)

    # -- the shared provider budget -------------------------------------------
    async def _take_permits(
        self, budget: str, *, want: int, limit: int, span_seconds: float, hold_seconds: float
    ) -> PermitSlice:
        now = self._clock.now().timestamp()
        args = (budget, want, limit, span_seconds, hold_seconds, now)
        return await self._write(budget_sql.take_permits, *args)

    async def _give_back_permits(self, budget: str, *, stamp: float, count: int) -> None:
        await self._write(budget_sql.give_back_permits, budget, stamp, count)

    async def _pause_budget(self, budget: str, seconds: float) -> None:
        until = self._clock.now().timestamp() + seconds
        await self._write(budget_sql.pause_budget, budget, until)

    # -- notification outbox -------------------------------------------------
    async def _claim_notifications(
        self, owner: str, *, limit: int, lease_seconds: float
    ) -> list[OutboxEntry]:
        now = self._clock.now()
        return await self._write(outbox_sql.claim_notifications, owner, limit, lease_seconds, now)

    async def _extend_claims(
        self, owner: str, entry_ids: list[str], *, lease_seconds: float
    ) -> int:
        now = self._clock.now()
        return await self._write(outbox_sql.extend_claims, owner, entry_ids, lease_seconds, now)

    async def _mark_delivered(self, entry_id: str, owner: str) -> bool:
        return await self._write(outbox_sql.mark_delivered, entry_id, owner, self._clock.now())

    async def _schedule_retry(
        self, entry_id: str, owner: str, *, next_attempt_at: datetime, error: str, counted: bool
    ) -> bool:
        return await self._write(
            outbox_sql.schedule_retry, entry_id, owner, next_attempt_at, error, counted
        )

    async def _release_claim(self, entry_id: str, owner: str) -> bool:
        return await self._write(outbox_sql.release_claim, entry_id, owner)

    async def _mark_dead(self, entry_id: str, owner: str, *, error: str) -> bool:
        return await self._write(outbox_sql.mark_dead, entry_id, owner, error)

    async def _list_outbox(self, tenant_id: str, *, status: str, limit: int) -> list[OutboxEntry]:
        return await self._read(outbox_sql.list_outbox, tenant_id, status, limit)

    async def _requeue_dead(self, tenant_id: str) -> int:
        return await self._write(outbox_sql.requeue_dead, tenant_id, self._clock.now())

    async def _outbox_summary(self) -> OutboxSummary:
        return await self._read(outbox_sql.outbox_summary)
