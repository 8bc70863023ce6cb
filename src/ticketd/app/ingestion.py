"""Ingestion commands: start, watch and cancel runs, read a tenant's run
state and lease. The HTTP shell, ``ticketd ingest``, the demo and the sync
scheduler call them; the daemon wires them.

A run of this process is reached through its tenant actor, found by the
job id without the database (which may be down). A run of another replica
(or a finished one) is read from its job record; a cancel reaches another
replica through the record, which that replica reads at its next page, or
within about a second while it waits on the provider.

A run of this process that ended keeps its final view here (the last
``FINISHED_KEPT`` of them): when its final status could not be written
(the database is down, its file deleted), the record still says
``running``, and the progress and the tenant's state show the end this
process saw instead: the final status, its error and figures that never
fall back below what the live view showed.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs

from ticketd.actors import ActorRef, Supervisor
from ticketd.actors.ingestion import (
    CancelRun,
    GetProgress,
    IngestionConfig,
    RunAccepted,
    StartRun,
    TenantIngestionActor,
)
from ticketd.actors.sync_scheduler import NextSync
from ticketd.domain.report import JobView, RunReport, job_view
from ticketd.errors import ActorStopped, Conflict, NotFound, TicketdError, Unavailable
from ticketd.store import JOB_WAITS, JobRecord, LeaseStatus

__all__ = ["CancelReply", "IngestionCommands", "TenantRunState"]

log = logging.getLogger(__name__)

ASK_TIMEOUT_SECONDS = 10.0
START_TIMEOUT_SECONDS = 60.0
RECENT_JOBS = 10  # a tenant's jobs read for its run state
FINISHED_KEPT = 256  # final views of this process's runs kept (see the module doc)

# Called with the tenant of the job a request names, before anything is
# read or changed for it: raises (``Forbidden``) when the caller may not.
Authorize = Callable[[str], None]


def _anyone(tenant_id: str) -> None:
    """Every caller may act on every tenant (the CLI, the scheduler)."""


@attrs.frozen
class CancelReply:
    """What a cancel reached."""

    view: JobView  # the run's progress when the cancel reached it
    recorded: bool  # the request is in the job record (seen by every replica)


@attrs.frozen
class TenantRunState:
    """A tenant's ingestion at a glance."""

    tenant_id: str
    active_job: JobView | None  # the running job, if any (on any replica)
    last_run: JobView | None  # the latest finished job, if any
    next_scheduled_run: datetime | None  # None when no schedule covers the tenant


class IngestionCommands:
    """Runs of every tenant, through their tenant actors.

    ``config`` is handed to each tenant actor this spawns; ``scheduler``
    (set once the sync scheduler runs) answers ``next_scheduled_run``.
    """

    def __init__(self, *, supervisor: Supervisor, config: IngestionConfig) -> None:
        self._supervisor = supervisor
        self._config = config
        self._store = config.store
        self._clock = config.clock
        self.scheduler: ActorRef | None = None
        # Runs of this process, job id -> tenant, so that a cancel or a
        # progress read reaches the run's actor without the database.
        self._local_jobs: dict[str, str] = {}
        # Final views of runs of this process, job id -> view, oldest first.
        self._finished: OrderedDict[str, JobView] = OrderedDict()

    async def start_run(self, tenant_id: str, *, allow_mass_delete: bool = False) -> RunAccepted:
        """Start a run for the tenant; raises ``Conflict`` when one is active
        on any replica. ``allow_mass_delete`` lifts the mass-deletion guard
        (``max_delete_fraction``) for this run only."""
        for _ in range(3):
            ref = self._supervisor.get_or_spawn(
                f"tenant:{tenant_id}", lambda: TenantIngestionActor(tenant_id, self._config)
            )
            try:
                # Longer than the store's busy time-out: a slow start must
                # not answer 503 to a caller while the run goes ahead.
                accepted = await ref.ask(StartRun(allow_mass_delete), timeout=START_TIMEOUT_SECONDS)
            except ActorStopped:
                continue  # it went idle between lookup and ask: spawn anew
            self._local_jobs[accepted.job_id] = tenant_id
            accepted.finished.add_done_callback(
                lambda done, job_id=accepted.job_id: self._run_ended(job_id, done)
            )
            return accepted
        raise Unavailable(f"could not reach the ingestion actor of {tenant_id}")

    async def job_progress(self, job_id: str, *, authorize: Authorize = _anyone) -> JobView:
        """Live progress of a run of this process, else the stored record
        (the job runs on another replica, or is finished). Raises
        ``NotFound`` for an unknown job."""
        tenant_id = self._local_jobs.get(job_id)
        if tenant_id is not None:
            authorize(tenant_id)
            view = await self._ask_local(tenant_id, GetProgress(job_id))
            if view is not None:
                return view
        ended = self._finished.get(job_id)
        if ended is not None:
            authorize(ended.tenant_id)
            try:
                job = await self._job(job_id)
            except Unavailable:
                return ended  # the database is down: the end this process saw
        else:
            job = await self._job(job_id)
        authorize(job.tenant_id)
        if job.status == "running":
            return await self._running_view(job)
        return self._stored_view(job)

    async def cancel_run(self, job_id: str, *, authorize: Authorize = _anyone) -> CancelReply:
        """Ask the running job to stop at its next page boundary.

        A run of this process gets one message, its tenant actor's
        ``CancelRun``, without the database; the request is then recorded
        in the job record if the database allows (``recorded`` says whether
        it did). A run of another replica gets the request through its job
        record. Raises ``NotFound`` for an unknown job and ``Conflict`` for
        a finished one.
        """
        tenant_id = self._local_jobs.get(job_id)
        if tenant_id is not None:
            authorize(tenant_id)
            view = await self._ask_local(tenant_id, CancelRun(job_id))
            if view is not None:
                return CancelReply(view, await self._record_cancel(job_id))
        ended = self._finished.get(job_id)
        if ended is not None:  # even if its record could not say so
            authorize(ended.tenant_id)
            raise Conflict(f"job {job_id} already finished ({ended.status})")
        job = await self._job(job_id)
        authorize(job.tenant_id)
        if job.status != "running" or not await self._store.request_cancel(job_id):
            if job.status == "running":  # it finished between the read and the request
                job = await self._job(job_id)
            raise Conflict(f"job {job_id} already finished ({job.status})")
        return CancelReply(self._stored_view(attrs.evolve(job, cancel_requested=True)), True)

    async def tenant_state(self, tenant_id: str) -> TenantRunState:
        """The tenant's running job (live when it runs here), its last
        finished run, and its next scheduled run."""
        jobs = await self._store.recent_jobs(tenant_id, limit=RECENT_JOBS)
        active = next((j for j in jobs if self._still_running(j)), None)
        last = next((j for j in jobs if not self._still_running(j)), None)
        return TenantRunState(
            tenant_id=tenant_id,
            active_job=await self._running_view(active) if active is not None else None,
            last_run=self._stored_view(last) if last is not None else None,
            next_scheduled_run=await self._next_sync(tenant_id),
        )

    async def lease_status(self, tenant_id: str) -> LeaseStatus:
        """Who holds the tenant's lease; an expired one reads as unlocked."""
        return await self._store.lease_status(tenant_id)

    def _run_ended(self, job_id: str, done: asyncio.Future[JobView]) -> None:
        self._local_jobs.pop(job_id, None)
        if done.cancelled() or done.exception() is not None:
            return
        self._finished[job_id] = done.result()
        while len(self._finished) > FINISHED_KEPT:
            self._finished.popitem(last=False)

    def _still_running(self, job: JobRecord) -> bool:
        """The record says running and this process did not see it end."""
        return job.status == "running" and job.job_id not in self._finished

    async def _running_view(self, job: JobRecord) -> JobView:
        view = await self._ask_local(job.tenant_id, GetProgress(job.job_id))
        return view if view is not None else self._stored_view(job)

    async def _record_cancel(self, job_id: str) -> bool:
        try:
            return await self._store.request_cancel(job_id)
        except TicketdError as exc:
            log.warning(
                "cancel sent to the run; could not record it in the job",
                extra={"job_id": job_id, "error": exc.message},
            )
            return False

    async def _ask_local(self, tenant_id: str, message: CancelRun | GetProgress) -> Any:
        """Ask the tenant's actor of this process; None when there is none,
        or it does not run that job (finished meanwhile, or never here)."""
        ref = self._supervisor.get(f"tenant:{tenant_id}")
        if ref is None:
            return None
        try:
            return await ref.ask(message, timeout=ASK_TIMEOUT_SECONDS)
        except (ActorStopped, NotFound):
            return None

    async def _next_sync(self, tenant_id: str) -> datetime | None:
        if self.scheduler is None or not self.scheduler.alive:
            return None
        try:
            return await self.scheduler.ask(NextSync(tenant_id), timeout=ASK_TIMEOUT_SECONDS)
        except ActorStopped:
            return None

    async def _job(self, job_id: str) -> JobRecord:
        job = await self._store.get_job(job_id)
        if job is None:
            raise NotFound(f"no job {job_id}")
        return job

    def _stored_view(self, job: JobRecord) -> JobView:
        ended = self._finished.get(job.job_id)
        if ended is not None and job.status == "running":
            return ended  # its end could not be recorded: the end seen here
        now = self._clock.now()
        report = RunReport.from_dict(job.metrics)
        # The record's figures are as of its last write (a run of another
        # replica writes them a page at a time; a sweep never): the duration
        # is the job's own, up to now while it runs, else up to its end. A
        # run writes its end itself, after its last progress write; a sweep
        # (its process died, its end presumed later, perhaps hours later)
        # leaves that write as the last moment the run was known alive,
        # and its duration ends there.
        if job.status == "running":
            until: datetime | None = now
        elif job.ended_at is not None:
            until = min(job.ended_at, job.updated_at or job.started_at)
        else:
            until = None
        if until is not None:
            report.duration_seconds = max(0.0, (until - job.started_at).total_seconds())
        return job_view(
            job_id=job.job_id,
            tenant_id=job.tenant_id,
            status=job.status,
            total_pages=job.total_pages,
            processed_pages=job.processed_pages,
            report=report,
            started_at=job.started_at,
            ended_at=job.ended_at,
            last_progress_at=job.updated_at,
            now=now,
            stall_seconds=self._config.stall_seconds,
            error=job.error,
            cancel_requested=job.cancel_requested,
            waiting=_noted_waiting(job),
        )


def _noted_waiting(job: JobRecord) -> str | None:
    """What a running job of another replica waits for, as its run last
    noted in the record (``Store.note_job_waiting``)."""
    waiting = job.metrics.get("waiting")
    return waiting if job.status == "running" and waiting in JOB_WAITS else None
