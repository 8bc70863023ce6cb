"""The Store interface every actor and route uses.

Two backends implement it (``ticketd.store.sqlite`` and
``ticketd.store.mongo``), both through ``ticketd.store.contract``, which
checks the arguments and applies the rules they share; they pass one
behavioural suite (``tests/store/test_contract_*.py``). Every method on a
tenant's data takes the tenant id and scopes its query by it in the
database; nothing scans other tenants' rows.

Time comes from the ``Clock`` given to the backend's constructor, so lease
expiry and outbox timing are testable with ``FakeClock``.

Conventions both backends follow (the contract suite pins each):

- Datetimes are stored with millisecond precision (BSON's); incoming
  tickets are truncated to milliseconds before change detection, so a
  provider sending microseconds does not cause an update on every run.
- Errors are ours: a busy or closed database raises ``Unavailable``, a
  duplicate key ``Conflict``, bad arguments ``InvalidInput``; no driver type
  reaches a caller.
- Outbox and lease transitions by anyone but the current holder do nothing.
- Arguments are checked before any database work (``InvalidInput``): a
  negative ``limit`` (0 reads nothing), a page below 1, an unknown job or
  outbox status, a duration of 0 s or less, a naive datetime, tickets or a
  fencing lease of another tenant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from ticketd.domain.budget_slices import PermitSlice
from ticketd.domain.ticket import Ticket
from ticketd.store.feed_records import FeedPasses
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

__all__ = ["Store"]


class Store(FeedPasses, Protocol):
    """Persistence for tickets, history, jobs, leases and the outbox, and
    the pass over the provider's feed that replicas share (``FeedPasses``)."""

    # -- lifecycle -----------------------------------------------------------
    async def open(self) -> None:
        """Connect and create schema and indexes (idempotent)."""

    async def close(self) -> None:
        """Release connections; safe to call twice."""

    async def ping(self) -> None:
        """Raise ``Unavailable`` when the database does not answer, or while
        its writes fail (``ticketd.store.write_health``: known from the last
        failed write; then one small write probes, at most every few
        seconds, whether it takes writes again)."""

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
        """Apply one batch of classified tickets of ``tenant_id`` atomically.

        For each ticket, ``ticketd.domain.changes.plan_batch`` (``plan_change``) against the
        stored row decides created / updated / unchanged / restored. Writes
        (row, one ``ticket_history`` record per written ticket with the
        changed fields, one outbox entry per ticket that becomes high
        urgency, keyed by ``idempotency_key``) happen in one transaction;
        unchanged tickets write nothing at all. Tickets whose
        ``tenant_id`` is not ``tenant_id`` raise ``InvalidInput``.

        With ``fence``, nothing is written unless that lease (owner and
        token) is still the tenant's live lease: otherwise ``LeaseLost``.
        The check and the writes are one transaction on both backends (on
        MongoDB the transaction's first statement changes the lease's lock
        document, so it cannot commit after a takeover:
        ``ticketd.store.mongo_leases``); a writer stopped at any point and
        resumed after a takeover lands nothing.

        With ``progress``, the running job's progress is recorded by the
        same call: ``progress`` is given the batch's result (before the
        write ends; it must only compute) and returns what to record, as
        ``update_job`` would; the result's ``cancel_requested`` says
        whether a cancel was requested for the job. An empty batch then
        still records the progress. It is part of the batch's transaction,
        so tickets and progress are committed together or not at all.
        """

    async def soft_delete(
        self,
        tenant_id: str,
        external_ids: Sequence[str],
        *,
        job_id: str | None,
        fence: Lease | None = None,
    ) -> int:
        """Set ``deleted_at`` on those live tickets of the tenant and write a
        ``deleted`` history record for each; returns how many changed.
        ``fence`` as for ``apply_tickets``."""

    async def live_external_ids(self, tenant_id: str) -> set[str]:
        """External ids of the tenant's non-deleted tickets."""

    async def get_ticket(self, tenant_id: str, external_id: str) -> Ticket | None:
        """The tenant's ticket, or None if absent or soft-deleted."""

    async def list_tickets(
        self,
        tenant_id: str,
        filters: TicketFilter,
        *,
        page: int,
        page_size: int,
        after: TicketKey | None = None,
    ) -> TicketPage:
        """Non-deleted tickets, newest ``created_at`` first (ties by external
        id ascending), 1-based ``page`` (< 1 raises ``InvalidInput``), with
        the total count of matches (the whole list's, ``after`` or not).
        With ``after``, only the tickets strictly after that position in
        this order, paged from there (keyset paging: writes before the
        position move nothing after it)."""

    async def ticket_history(
        self, tenant_id: str, external_id: str, *, limit: int
    ) -> list[HistoryRecord]:
        """History records of one ticket, newest first."""

    async def list_tenants(self) -> list[str]:
        """Tenant ids that have at least one stored ticket, sorted."""

    async def tenant_stats(
        self,
        tenant_id: str,
        *,
        from_date: datetime | None,
        to_date: datetime | None,
        from_tickets: bool = False,
    ) -> TenantStats:
        """The tenant's analytics (``TenantStats``) computed in the database over non-deleted
        tickets with ``created_at`` in [from_date, to_date]; ``to_date``
        defaults to now; both ends are inclusive. ``hourly_trend`` has 24
        zero-filled UTC clock-hour buckets, oldest first, the last one
        containing ``to_date``. The ``by_*`` maps list only values that
        occur; ratios are 0.0 for an empty window. ``top_keywords``: at most
        10, count descending then keyword ascending. ``at_risk_customers``:
        at most 10 customers with at least one negative or high-urgency
        ticket, ``tickets`` counting those, descending, then customer id;
        ``at_risk_total`` counts all such customers.

        Read from the write-time rollups plus the tickets of at most the
        two partial hours at the window's edges, so the cost does not grow
        with the tenant's tickets. ``from_tickets`` computes the same
        numbers by scanning the window's tickets instead: the reference
        the rollups are checked against (tests, benches), not for serving."""

    async def rebuild_rollups(self, tenant_id: str | None) -> list[str]:
        """Recompute the rollups of ``tenant_id`` (of every tenant when
        None) from its live tickets, atomically per tenant; returns the
        tenants rebuilt. For upgrades and repair; ingestion keeps them
        current on its own."""

    # -- leases --------------------------------------------------------------
    async def acquire_lease(self, tenant_id: str, owner: str, ttl_seconds: float) -> Lease | None:
        """Acquire or refresh the tenant's lease in ONE atomic operation.

        Succeeds when the lease is free, expired, or already held by
        ``owner`` (then it is extended; the token is kept). A new acquisition
        gets a token greater than any before for that tenant. Returns None
        when another owner holds an unexpired lease.
        """

    async def renew_lease(self, tenant_id: str, fence: Lease, ttl_seconds: float) -> Lease:
        """Extend the lease to ``ttl_seconds`` from now, only while ``fence``
        (same owner and token) is still the tenant's unexpired lease; the
        token is kept. Anything else (expired, released, taken over, even
        if the new holder already finished) raises ``LeaseLost``: renewal
        never acquires. Once a sweep (``interrupt_orphaned_jobs``) has
        ended the owner's job, its renewal is ``LeaseLost`` too: on SQLite,
        where a renewal's time is read before it waits for the write lock,
        the renewal checks the job in the same statement; on MongoDB both
        decide expiry with the server's clock when they apply. A lease on
        another tenant raises ``InvalidInput``."""

    async def release_lease(self, tenant_id: str, owner: str) -> bool:
        """Release the lease if ``owner`` holds it unexpired; True if it did.
        The token survives release, so the next acquisition gets a larger
        one."""

    async def lease_status(self, tenant_id: str) -> LeaseStatus:
        """Current holder; an expired lease reads as unlocked."""

    # -- jobs and audit ------------------------------------------------------
    async def create_job(self, job: JobRecord) -> list[str]:
        """Insert the job record (status ``running``) and an audit log line;
        an existing job id raises ``Conflict``. When the job's owner holds
        its tenant's live lease, the tenant's running jobs whose owner
        holds none (their runs are over) are ended first as the orphan
        sweep ends them (``interrupt_orphaned_jobs``), in the same
        transaction on SQLite; returns their ids."""

    async def update_job(
        self,
        job_id: str,
        *,
        total_pages: int | None,
        processed_pages: int,
        metrics: dict[str, float],
    ) -> bool:
        """Record progress of a running job; returns whether a cancel was
        requested for it (``request_cancel``, possibly by another replica),
        so the running job learns of it without an extra read."""

    async def note_job_waiting(self, job_id: str, waiting: str | None) -> bool:
        """Record what a running job waits for now (``metrics.waiting``: one
        of ``JOB_WAITS``, or None), so every replica's view of it says the
        same; its progress and ``updated_at`` stay as they are (a progress
        write drops it). False when the job is unknown or finished."""

    async def request_cancel(self, job_id: str) -> bool:
        """Flag a running job for cancellation; True if it is running (the
        job stops at its next page boundary), False if unknown or finished."""

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
        """Set the final status, ``ended_at`` (when the run ended; now when
        not given) and metrics; append an audit log line; a status outside
        ``JOB_FINAL_STATUSES`` raises ``InvalidInput``. Only a ``running``
        job changes: finishing a finished job does nothing (the first final
        status wins), except a job an orphan sweep ended (``interrupted``
        or ``cancelled``) after ``ended_at``: the run had ended before the
        sweep presumed its owner gone, and could not record its end then
        (the database refused writes), so its own end replaces the sweep's
        presumption. With
        ``release_lease`` the job owner's lease on its tenant is released
        whether or not this call finished the job, in the same write
        (SQLite: one transaction; MongoDB: right after the job update), so
        whoever reads the final status finds the tenant unlocked."""

    async def get_job(self, job_id: str) -> JobRecord | None: ...

    async def recent_jobs(self, tenant_id: str, *, limit: int) -> list[JobRecord]:
        """The tenant's jobs, newest ``started_at`` first."""

    async def interrupt_orphaned_jobs(self, tenant_id: str | None = None) -> list[str]:
        """Mark ``interrupted`` every running job (of ``tenant_id`` when
        given) whose owner no longer holds an unexpired lease on its
        tenant, ``cancelled`` (error unchanged) when a cancel was requested
        for it; returns their ids. ``ended_at`` is the sweep's time;
        ``updated_at`` stays the job's last progress write (the last moment
        it was known alive). The audit line's event is the status.
        One conditional write per job: sweeps run at once by several
        processes end (and log) each job once, and a job whose lease is
        renewed in time is never swept.
        Daemons run it at start and every quarter of the lease TTL
        (``ticketd.actors.job_sweeper``)."""

    async def job_logs(self, job_id: str) -> list[dict[str, object]]:
        """The ``ingestion_logs`` audit lines of a job, oldest first:
        ``{job_id, tenant_id, at, event, status, message, metrics}``."""

    # -- the shared provider budget -------------------------------------------
    async def take_permits(
        self, budget: str, *, want: int, limit: int, span_seconds: float, hold_seconds: float
    ) -> PermitSlice:
        """Take up to ``want`` permits of the named budget in one atomic
        read-modify-write of its record, shared by every process on this
        database (``ticketd.domain.budget_slices.take_slice`` with the
        store clock's wall time). The caller must use them within
        ``hold_seconds`` or not at all."""

    async def give_back_permits(self, budget: str, *, stamp: float, count: int) -> None:
        """Remove ``count`` permits of a slice (``PermitSlice.stamp``) the
        caller will never use from the named budget's record, so others
        can have them; entries of other slices are kept."""

    async def pause_budget(self, budget: str, seconds: float) -> None:
        """Grant no permit of the budget to anyone for ``seconds`` (a 429's
        ``Retry-After``) from the store's now (MongoDB: the server's, the
        clock every replica's grants are judged by); a pause that would end
        before one already set is ignored."""

    # -- notification outbox -------------------------------------------------
    async def claim_notifications(
        self, owner: str, *, limit: int, lease_seconds: float
    ) -> list[OutboxEntry]:
        """Claim up to ``limit`` pending entries that are due and under no
        live claim (not even one of ``owner``'s own: an entry in flight is
        never handed out twice); entries with more attempts first, then
        oldest due. A claim is exclusive until it expires."""

    async def extend_claims(self, owner: str, entry_ids: list[str], *, lease_seconds: float) -> int:
        """Extend ``owner``'s live claims on these pending entries to
        ``lease_seconds`` from now; returns how many were extended. A claim
        that already expired (another claimer may hold the entry now) is
        not revived."""

    # The four transitions below apply only while ``owner`` holds the
    # entry's claim, and end it; each returns whether it applied. False:
    # the claim is no longer ``owner``'s (it ran out and another claimer
    # took the entry, or the entry is settled): nothing was written, and
    # the entry's outcome is its current claimer's to decide.
    async def mark_delivered(self, entry_id: str, owner: str) -> bool:
        """Record the entry delivered."""

    async def schedule_retry(
        self,
        entry_id: str,
        owner: str,
        *,
        next_attempt_at: datetime,
        error: str,
        counted: bool = True,
    ) -> bool:
        """Count one failed attempt and release the claim until
        ``next_attempt_at``; unless ``counted``, the attempt is also
        counted in ``outage_attempts`` (made while the provider as a whole
        failed: not against the entry's budget)."""

    async def release_claim(self, entry_id: str, owner: str) -> bool:
        """Give an entry back without counting an attempt (breaker open)."""

    async def mark_dead(self, entry_id: str, owner: str, *, error: str) -> bool:
        """Count the final failed attempt and dead-letter the entry."""

    async def list_outbox(self, tenant_id: str, *, status: str, limit: int) -> list[OutboxEntry]:
        """The tenant's entries with that status, oldest first."""

    async def requeue_dead(self, tenant_id: str) -> int:
        """Make the tenant's dead entries pending and due now, attempts reset;
        returns how many."""

    async def outbox_summary(self) -> OutboxSummary: ...
