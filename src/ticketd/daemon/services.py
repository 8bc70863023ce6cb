"""The facade the HTTP layer and the CLI talk to: references to the actors
and the few shared resources a request needs, wired once by the daemon.

Each method is one request's worth of work: send one message or make one
read, and shape the reply. No HTTP types here.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import attrs

from ticketd.actors import ActorRef, Liveness, Supervisor
from ticketd.actors.feed_scan import FeedScanClient
from ticketd.actors.ingestion import (
    CancelRun,
    GetProgress,
    IngestionConfig,
    RunAccepted,
    StartRun,
    TenantIngestionActor,
)
from ticketd.actors.notifier import BreakerStatus, ResetBreaker, Wake
from ticketd.actors.sync_scheduler import NextSync
from ticketd.clock import Clock
from ticketd.daemon.queries import TenantQueries
from ticketd.domain.report import RunReport, job_view
from ticketd.domain.ticket import format_datetime
from ticketd.errors import ActorStopped, Conflict, NotFound, TicketdError, Unavailable
from ticketd.metrics import Metrics
from ticketd.settings import Settings
from ticketd.store import JobRecord, Store

__all__ = ["Services"]

log = logging.getLogger(__name__)

HEALTH_TIMEOUT_SECONDS = 2.0
LIVENESS_TIMEOUT_SECONDS = 2.0  # every permanent actor must answer a Ping within it
ASK_TIMEOUT_SECONDS = 10.0
START_TIMEOUT_SECONDS = 60.0


@attrs.define
class Services:
    """Everything a request handler may reach. Created by the daemon (or a
    test) after the store is open and the actors are started."""

    settings: Settings
    clock: Clock
    store: Store
    supervisor: Supervisor
    metrics: Metrics
    provider: Any  # ticketd.external.ProviderClient
    rate_limiter: ActorRef | None = None
    notifier: ActorRef | None = None
    scheduler: ActorRef | None = None  # the sync scheduler, when a schedule is set
    feed_scan: ActorRef | None = None  # the shared pass over the feed (no tenant filter)
    queries: TenantQueries = attrs.field(init=False)
    # Runs of this process, job id -> tenant, so that a cancel or a progress
    # read reaches the run's actor without the database (which may be down).
    _local_jobs: dict[str, str] = attrs.field(init=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        self.queries = TenantQueries(self.store, self.clock)

    # -- health --------------------------------------------------------------
    async def health(self) -> tuple[bool, dict[str, Any]]:
        """Readiness: probe the database and the provider concurrently, each
        within 2 s, and ping the permanent actors.

        Returns (all healthy, {"database": {...}, "provider": {...},
        "actors": {...}}); a dependency that is down says why.
        """

        async def database() -> dict[str, Any]:
            try:
                async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                    await self.store.ping()
            except TimeoutError:
                return {"status": "down", "error": f"no answer within {HEALTH_TIMEOUT_SECONDS:g} s"}
            except Unavailable as exc:
                return {"status": "down", "error": exc.message}
            except Exception as exc:
                return {"status": "down", "error": f"{type(exc).__name__}: {exc}"}
            return {"status": "up"}

        async def provider() -> dict[str, Any]:
            try:
                async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                    problem = await self.provider.health_problem()
            except TimeoutError:
                problem = f"no answer within {HEALTH_TIMEOUT_SECONDS:g} s"
            return {"status": "up"} if problem is None else {"status": "down", "error": problem}

        async def actors() -> dict[str, Any]:
            liveness = await self.liveness()
            if liveness.alive:
                return {"status": "up"}
            down = [f"{name}: {a['error']}" for name, a in liveness.actors.items() if "error" in a]
            if liveness.supervisor != "running":
                down.insert(0, f"supervisor {liveness.supervisor}")
            return {"status": "down", "error": "; ".join(down)}

        results = await asyncio.gather(database(), provider(), actors())
        checks = dict(zip(("database", "provider", "actors"), results, strict=True))
        return all(c["status"] == "up" for c in checks.values()), checks

    async def liveness(self) -> Liveness:
        """Ping every permanent actor (within ``LIVENESS_TIMEOUT_SECONDS``);
        alive unless the supervisor gave up or one did not answer."""
        return await self.supervisor.ping_permanent(timeout=LIVENESS_TIMEOUT_SECONDS)

    # -- notifications -------------------------------------------------------
    def _require_notifier(self) -> ActorRef:
        if self.notifier is None or not self.notifier.alive:
            raise Unavailable("the notifier is not running")
        return self.notifier

    async def breaker_status(self) -> dict[str, Any]:
        status = await self._require_notifier().ask(BreakerStatus(), timeout=ASK_TIMEOUT_SECONDS)
        for key in ("opened_at", "next_half_open_at"):
            status[key] = format_datetime(status[key])
        status["outbox"]["oldest_pending_at"] = format_datetime(
            status["outbox"]["oldest_pending_at"]
        )
        return status

    async def reset_breaker(self) -> dict[str, Any]:
        return await self._require_notifier().ask(ResetBreaker(), timeout=ASK_TIMEOUT_SECONDS)

    async def dead_notifications(self, tenant_id: str, *, limit: int) -> dict[str, Any]:
        entries = await self.store.list_outbox(tenant_id, status="dead", limit=limit)
        return {
            "tenant_id": tenant_id,
            "dead": [
                {
                    "ticket_id": e.external_id,
                    "urgency": e.urgency,
                    "reason": e.reason,
                    "idempotency_key": e.idempotency_key,
                    "attempts": e.attempts,
                    "last_error": e.last_error,
                    "created_at": format_datetime(e.created_at),
                }
                for e in entries
            ],
        }

    async def requeue_dead(self, tenant_id: str) -> dict[str, Any]:
        count = await self.store.requeue_dead(tenant_id)
        if count and self.notifier is not None and self.notifier.alive:
            await self.notifier.try_tell(Wake())
        return {"tenant_id": tenant_id, "requeued": count}

    # -- ingestion -----------------------------------------------------------
    def _ingestion_config(self) -> IngestionConfig:
        s = self.settings

        async def wake_notifier() -> None:
            if self.notifier is not None and self.notifier.alive:
                # A full mailbox already holds a wake-up: never block on it.
                await self.notifier.try_tell(Wake())

        return IngestionConfig(
            store=self.store,
            provider=self.provider,
            clock=self.clock,
            metrics=self.metrics,
            instance_id=s.instance_id,
            lease_ttl_seconds=s.lock_ttl_seconds,
            page_size=s.page_size,
            stall_seconds=s.stall_seconds,
            max_delete_fraction=s.max_delete_fraction,
            idle_seconds=s.tenant_idle_seconds,
            on_notifications=wake_notifier,
            on_write=self.queries.tenant_written,
            feed=FeedScanClient(self.feed_scan) if self.feed_scan is not None else None,
        )

    async def start_run(self, tenant_id: str, *, allow_mass_delete: bool = False) -> RunAccepted:
        """Start a run for the tenant; raises ``Conflict`` when one is active
        on any replica. ``allow_mass_delete`` lifts the mass-deletion guard
        (``max_delete_fraction``) for this run only."""
        for _ in range(3):
            ref = self.supervisor.get_or_spawn(
                f"tenant:{tenant_id}",
                lambda: TenantIngestionActor(tenant_id, self._ingestion_config()),
            )
            try:
                # Longer than the store's busy time-out: a slow start must
                # not answer 503 to a caller while the run goes ahead.
                accepted = await ref.ask(StartRun(allow_mass_delete), timeout=START_TIMEOUT_SECONDS)
            except ActorStopped:
                continue  # it went idle between lookup and ask: spawn anew
            self._local_jobs[accepted.job_id] = tenant_id
            accepted.finished.add_done_callback(
                lambda _, job_id=accepted.job_id: self._local_jobs.pop(job_id, None)
            )
            return accepted
        raise Unavailable(f"could not reach the ingestion actor of {tenant_id}")

    async def job_tenant(self, job_id: str) -> str:
        """The tenant a job belongs to; raises ``NotFound``."""
        local = self._local_jobs.get(job_id)
        if local is not None:
            return local
        return (await self._job(job_id)).tenant_id

    async def job_progress(self, job_id: str) -> dict[str, Any]:
        """Live progress from the local actor, else the stored record (the
        job may run on another replica, or be finished)."""
        view = await self._ask_local(job_id, GetProgress(job_id))
        if view is not None:
            return view
        job = await self._job(job_id)
        if job.status == "running":
            ref = self.supervisor.get(f"tenant:{job.tenant_id}")
            if ref is not None:
                try:
                    view = await ref.ask(GetProgress(job_id), timeout=ASK_TIMEOUT_SECONDS)
                except ActorStopped:
                    view = None
                if view is not None:
                    return view
            job = await self._job(job_id)
        return self._stored_view(job)

    async def cancel_run(self, job_id: str) -> dict[str, Any]:
        """Ask the running job to stop at its next page boundary.

        A job of this process is told first, without the database (which
        may be down); the request is then recorded in the job record if the
        database allows (``cancel_recorded`` says whether it did; the run's
        final status is written when it ends, if the database allows then).
        A job of another replica gets the request through its job record
        (read at its next progress write, or within about a second while it
        waits on the provider).
        """
        view = await self._ask_local(job_id, CancelRun(job_id))
        if view is not None:
            try:
                recorded = await self.store.request_cancel(job_id)
            except TicketdError as exc:
                log.warning(
                    "cancel sent to the run; could not record it in the job",
                    extra={"job_id": job_id, "error": exc.message},
                )
                recorded = False
            return {**view, "cancel_requested": True, "cancel_recorded": recorded}
        job = await self._job(job_id)
        if job.status != "running" or not await self.store.request_cancel(job_id):
            job = await self._job(job_id)
            raise Conflict(f"job {job_id} already finished ({job.status})")
        ref = self.supervisor.get(f"tenant:{job.tenant_id}")
        if ref is not None:
            try:
                view = await ref.ask(CancelRun(job_id), timeout=ASK_TIMEOUT_SECONDS)
            except (ActorStopped, NotFound):
                view = None  # finished meanwhile, or runs on another replica
            if view is not None:
                return {**view, "cancel_requested": True, "cancel_recorded": True}
        stored = self._stored_view(await self._job(job_id))
        return {**stored, "cancel_requested": True, "cancel_recorded": True}

    async def _ask_local(self, job_id: str, message: CancelRun | GetProgress) -> Any:
        """Ask the actor of a run of this process; None when the job is not
        one, or finished meanwhile."""
        tenant_id = self._local_jobs.get(job_id)
        ref = self.supervisor.get(f"tenant:{tenant_id}") if tenant_id is not None else None
        if ref is None:
            return None
        try:
            return await ref.ask(message, timeout=ASK_TIMEOUT_SECONDS)
        except (ActorStopped, NotFound):
            return None

    async def tenant_status(self, tenant_id: str) -> dict[str, Any]:
        jobs = await self.store.recent_jobs(tenant_id, limit=10)
        active = next((j for j in jobs if j.status == "running"), None)
        last = next((j for j in jobs if j.status != "running"), None)
        return {
            "tenant_id": tenant_id,
            "state": "running" if active is not None else "idle",
            "active_job": await self.job_progress(active.job_id) if active else None,
            "last_run": self._stored_view(last) if last else None,
            "next_scheduled_run": format_datetime(await self._next_sync(tenant_id)),
        }

    async def _next_sync(self, tenant_id: str) -> Any:
        if self.scheduler is None or not self.scheduler.alive:
            return None
        try:
            return await self.scheduler.ask(NextSync(tenant_id), timeout=ASK_TIMEOUT_SECONDS)
        except ActorStopped:
            return None

    async def lock_status(self, tenant_id: str) -> dict[str, Any]:
        status = await self.store.lease_status(tenant_id)
        return {
            "tenant_id": tenant_id,
            "locked": status.locked,
            "owner": status.owner,
            "expires_at": format_datetime(status.expires_at),
        }

    async def _job(self, job_id: str) -> JobRecord:
        job = await self.store.get_job(job_id)
        if job is None:
            raise NotFound(f"no job {job_id}")
        return job

    def _stored_view(self, job: JobRecord) -> dict[str, Any]:
        return job_view(
            job_id=job.job_id,
            tenant_id=job.tenant_id,
            status=job.status,
            total_pages=job.total_pages,
            processed_pages=job.processed_pages,
            report=RunReport.from_dict(job.metrics),
            started_at=job.started_at,
            ended_at=job.ended_at,
            last_progress_at=job.updated_at,
            now=self.clock.now(),
            stall_seconds=self.settings.stall_seconds,
            error=job.error,
            cancel_requested=job.cancel_requested,
        )
