"""The tenant ingestion actor: one per tenant, spawned on demand.

It owns the tenant's running job, its progress, its cancel flag and its
lease. ``StartRun`` takes the tenant lease in one atomic store operation
(so a second run is refused on any replica), records the job (marking
interrupted, in the same write, the tenant's earlier run whose process
died: two writer transactions in all), replies with the job id at once,
and runs the job in the background:

1. to 4. scan the feed: page through it, keeping only this tenant's
   tickets, classify and store each page in one write with the run's
   progress while the next page is read, and after a complete,
   uncancelled scan only, soft-delete what the provider lists as deleted
   or the feed no longer lists under this tenant
   (``ticketd.actors.ingestion_scan``);
5. finish the audit record, release the lease, resolve waiters; an end
   the database refused (a full disk) is written, with the lease's
   release, as soon as it takes writes again
   (``ticketd.actors.ingestion_end``).

``CancelRun`` stops at the next page boundary and keeps what was stored
(a run leaving the shared pass does not disturb the others);
a run waiting on the provider (for a permit, a ``Retry-After`` or the
answer itself) stops waiting at once, since nothing of that page is stored
yet. Stopping the actor (daemon shutdown) does the same and marks the job
``interrupted``; a stop landing while a start takes the lease gives back
what the acquire took. The run and its lease keeper are tasks of the
actor, so they end with it. The actor stops itself once idle.

The run's state, configuration and cancellable waits live in
``ticketd.actors.ingestion_run``, its lease taking and keeping in
``ticketd.actors.ingestion_lease``, steps 1 to 4 in
``ticketd.actors.ingestion_scan`` (which stores pages through
``ticketd.actors.ingestion_write`` and deletes through
``ticketd.actors.ingestion_absence``) and step 5 in
``ticketd.actors.ingestion_end``.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

import attrs

from ticketd.actors.ingestion_end import RunEnd, RunEnds
from ticketd.actors.ingestion_lease import LeaseAcquiring, keep_lease
from ticketd.actors.ingestion_run import (
    IngestionConfig,
    IngestionRun,
    request_cancel,
    run_view,
    sync_call_stats,
)
from ticketd.actors.ingestion_scan import scan_feed
from ticketd.actors.runtime import Actor
from ticketd.aio import cancel_and_wait, finish_then_cancel
from ticketd.domain.report import JobView
from ticketd.errors import Conflict, LeaseLost, NotFound, ProviderError, TicketdError
from ticketd.logs import log_context, log_fields
from ticketd.store import JobRecord

__all__ = [
    "CancelRun",
    "GetProgress",
    "IngestionConfig",
    "RunAccepted",
    "StartRun",
    "TenantIngestionActor",
]

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 5.0  # wait for a page boundary before cancelling


@attrs.frozen
class StartRun:
    """Start a run now; replies ``RunAccepted`` or raises ``Conflict``."""

    allow_mass_delete: bool = False  # the operator lifts the mass-deletion guard for this run


@attrs.frozen
class RunAccepted:
    job_id: str
    finished: asyncio.Future[JobView]  # resolves with the final progress view
    # Set once the run's end is written in its job record (and its lease
    # released), at its end or later; never while the database refuses it.
    recorded: asyncio.Event = attrs.field(eq=False)


@attrs.frozen
class CancelRun:
    """Cancel the running job ``job_id``; replies with its progress view.
    Raises ``NotFound`` when this actor is not running that job."""

    job_id: str


@attrs.frozen
class GetProgress:
    """The progress view of ``job_id`` if this actor runs it, else None."""

    job_id: str


class TenantIngestionActor(Actor):
    """Runs ingestion jobs of one tenant, one at a time (see module doc)."""

    mailbox_size = 64

    def __init__(self, tenant_id: str, config: IngestionConfig) -> None:
        super().__init__()
        self.tenant_id = tenant_id
        self._config = config
        self.idle_timeout = config.idle_seconds
        self._run: IngestionRun | None = None
        self._acquiring = LeaseAcquiring()
        # Writes each run's end; keeps those the database refused and
        # writes them once it takes writes again (``ticketd.actors.ingestion_end``).
        self._run_ends = RunEnds(config.store, config.clock)
        self._late_ends_task: asyncio.Task[None] | None = None

    def is_idle(self) -> bool:
        return self._run is None and super().is_idle()

    async def handle(self, message: Any) -> Any:
        match message:
            case StartRun(allow_mass_delete):
                return await self._start(allow_mass_delete)
            case CancelRun(job_id):
                run = self._require(job_id)
                request_cancel(run, "cancelled")
                return run_view(run, self.tenant_id, self._config)
            case GetProgress(job_id):
                run = self._run
                if run is None or run.job_id != job_id:
                    return None
                return run_view(run, self.tenant_id, self._config)
        raise TypeError(f"unexpected message {message!r}")

    async def on_stop(self) -> None:
        await self._acquiring.give_back(self.tenant_id, self._config)
        await self._stop_run()
        if self._run_ends:  # a last try; what is left the sweeper ends
            await finish_then_cancel(self._run_ends.flush())

    async def _stop_run(self) -> None:
        run = self._run
        if run is None:
            return
        request_cancel(run, "interrupted")
        # A job waiting on the provider stops waiting at once; one storing a
        # page gets a moment to commit it, then is cancelled (every stored
        # page is already committed) and finishes as interrupted.
        try:
            await asyncio.wait_for(asyncio.shield(run.finished), SHUTDOWN_GRACE_SECONDS)
        except TimeoutError:
            if run.task is not None:
                run.task.cancel()
            await asyncio.shield(run.finished)

    # -- starting ------------------------------------------------------------
    def _require(self, job_id: str) -> IngestionRun:
        if self._run is None or self._run.job_id != job_id:
            raise NotFound(f"job {job_id} is not running here")
        return self._run

    async def _start(self, allow_mass_delete: bool) -> RunAccepted:
        c = self._config
        if self._run is not None:
            raise Conflict(f"a run for {self.tenant_id} is already active: job {self._run.job_id}")
        if self._run_ends:  # an earlier run's end, and its lease, first
            await self._run_ends.flush()
        job_id = uuid.uuid4().hex
        owner = f"{c.instance_id}/{job_id}"
        lease = await self._acquiring.take(self.tenant_id, owner, c)
        if lease is None:
            status = await c.store.lease_status(self.tenant_id)
            raise Conflict(
                f"a run for {self.tenant_id} is already active (lease held by {status.owner})"
            )
        record = JobRecord(
            job_id=job_id,
            tenant_id=self.tenant_id,
            owner=owner,
            status="running",
            started_at=c.clock.now(),
        )
        try:
            # A run of this tenant that held the lease before us and let it
            # expire (its process died) is over: the job record's write
            # marks it interrupted now rather than at the next sweep.
            for orphan in await c.store.create_job(record):
                log.warning("took over from an orphaned job", extra={"orphan_job_id": orphan})
        except BaseException:
            # No run without a record: give the lease back at once rather
            # than leave the tenant locked for a whole TTL.
            await finish_then_cancel(c.store.release_lease(self.tenant_id, owner))
            raise
        finished: asyncio.Future[JobView] = asyncio.get_running_loop().create_future()
        run = IngestionRun(job_id, owner, c.clock.monotonic(), record, finished, allow_mass_delete)
        run.lease_renewed_mono = run.started_mono
        run.lease = lease
        self._run = run
        # The run logs with the fields of the request that started it.
        run.task = self.start_task(
            self._execute(run), name=f"ingest:{self.tenant_id}:{job_id}", log_fields=log_fields()
        )
        log.info("ingestion started", extra={"tenant_id": self.tenant_id, "job_id": job_id})
        return RunAccepted(job_id, finished, run.recorded)

    # -- running -------------------------------------------------------------
    async def _execute(self, run: IngestionRun) -> None:
        status, error = "failed", None
        with log_context(tenant_id=self.tenant_id, job_id=run.job_id):
            keeper = self.start_task(
                keep_lease(run, self.tenant_id, self._config),
                name=f"lease:{self.tenant_id}",
                crash_on_error=False,
                log_fields=log_fields(),
            )
            try:
                status = await scan_feed(run, self.tenant_id, self._config)
            except LeaseLost as exc:  # from a renewal or a fenced write
                run.lease_lost = True
                error = exc.message
            except ProviderError as exc:
                error = f"provider: {exc.message}"
            except TicketdError as exc:
                error = exc.message
            except asyncio.CancelledError:
                status, error = "interrupted", "the daemon stopped before the run finished"
                raise
            except Exception as exc:
                log.exception("ingestion failed")
                error = f"internal error: {type(exc).__name__}"
            finally:
                keeper.cancel()
                # Seen through a second cancellation (a stop past its
                # deadline): the run's end and its lease's release must land
                # before the daemon closes the store.
                await finish_then_cancel(self._wind_up(run, keeper, status, error))

    async def _wind_up(
        self, run: IngestionRun, keeper: asyncio.Task[None], status: str, error: str | None
    ) -> None:
        # The keeper must be gone before the lease is released, or a late
        # renewal could take it again.
        await cancel_and_wait([keeper])
        await self._finish(run, status, error)

    # -- finishing -----------------------------------------------------------
    async def _finish(self, run: IngestionRun, status: str, error: str | None) -> None:
        """Record the end of the run and release the lease. Whatever fails
        here is logged; the run's waiters are always answered."""
        c = self._config
        sync_call_stats(run, c.clock)
        metrics = run.report.as_dict()
        ended_at = c.clock.now()
        final = attrs.evolve(
            run.record, status=status, ended_at=ended_at, metrics=metrics, error=error
        )
        end = RunEnd(run.job_id, status, metrics, error, not run.lease_lost, ended_at, run.recorded)
        try:
            if not await self._run_ends.record(end):
                # The database refuses writes (a full disk): the end and the
                # lease's release are written as soon as it takes one again.
                self._run_ends.keep(end)
                if self._late_ends_task is None or self._late_ends_task.done():
                    self._late_ends_task = self.start_task(
                        self._run_ends.record_until_done(),
                        name=f"late-run-ends:{self.tenant_id}",
                        log_fields=log_fields(),
                    )
        finally:
            # Only now is the end visible: a caller who sees the final status
            # also finds the record written and the lease released.
            run.record = final
            self._run = None
            if not run.finished.done():
                run.finished.set_result(run_view(run, self.tenant_id, self._config))
        c.metrics.ingestion_runs.labels(status).inc()
        for action in ("created", "updated", "unchanged", "deleted", "restored", "skipped"):
            c.metrics.ingestion_tickets.labels(action).inc(getattr(run.report, action))
        report = {"status": status, "error": error, "report": metrics}
        (log.info if status == "completed" else log.warning)("ingestion finished", extra=report)
