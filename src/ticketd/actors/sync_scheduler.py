"""The sync scheduler actor: starts ingestion runs on a schedule.

With ``TICKETD_SYNC_INTERVAL_SECONDS`` above 0 the daemon starts one of
these. Every interval, plus a random jitter of up to a tenth of it (so
replicas started together drift apart), it starts a run for each tenant of
``TICKETD_SYNC_TENANTS``: a list, or ``*`` for every tenant already in the
store. Runs are started exactly as ``POST /ingest/run`` starts them, so the
usual rules hold across replicas: the tenant lease lets one replica run a
tenant, the others get ``Conflict`` and count the tick as skipped. Runs
started together share one pass over the provider's feed.

Ticks are counted by outcome (``started``, ``skipped``, ``failed``) in
``ticketd_scheduled_runs_total``. ``NextSync`` answers when the next tick
is due, for ``/ingest/status``.

Each tick happens after the previous one's deadline plus an interval, not
after the previous tick's runs finish: a tenant whose run is still going
is simply skipped (``Conflict``). A tick that falls behind (the process was
suspended) is not repeated; the next is scheduled from now.

Replicas each run their own scheduler, so the lease alone would sync a
tenant once per replica per interval (one replica's run ends, the next
replica's tick starts another). A tick therefore also skips a tenant whose
last run, on any replica (the job records in the store), started less
than the interval minus the largest jitter ago (``recent_window``),
and counts it as skipped. ``NextSync`` takes the same rule into account,
and answers None for a tenant that ``*`` covers but the store does not
hold yet (no tick would sync it).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import attrs

from ticketd.actors.runtime import Actor
from ticketd.clock import Clock
from ticketd.errors import Conflict, error_text
from ticketd.metrics import Metrics
from ticketd.store.records import JobRecord

__all__ = ["NextSync", "SyncConfig", "SyncSchedulerActor"]

log = logging.getLogger(__name__)

JITTER_FRACTION = 0.1


@attrs.frozen
class NextSync:
    """Ask when ``tenant_id`` is next synced: an aware datetime, or None
    when the schedule does not cover the tenant."""

    tenant_id: str  # the tenant asked about


@attrs.frozen
class SyncConfig:
    """What the scheduler needs."""

    clock: Clock
    metrics: Metrics
    interval_seconds: float  # > 0
    tenants: tuple[str, ...] | None  # None: every tenant already in the store
    list_tenants: Callable[[], Awaitable[list[str]]]  # the store's tenants
    start_run: Callable[[str], Awaitable[Any]]  # raises Conflict when one is active
    last_job: Callable[[str], Awaitable[JobRecord | None]]  # newest job, any replica
    rng: random.Random = attrs.field(factory=random.Random)  # jitter source
    on_tick: Callable[[], None] = lambda: None  # after each tick's starts (observers)

    @property
    def recent_window(self) -> timedelta:
        """A tenant whose last run started within this is not due:
        the interval minus the largest jitter, so this scheduler's own
        ticks (at least an interval apart) never skip their own runs."""
        return timedelta(seconds=self.interval_seconds * (1 - JITTER_FRACTION))


class SyncSchedulerActor(Actor):
    """Starts scheduled runs (see the module docstring)."""

    mailbox_size = 64

    def __init__(self, config: SyncConfig) -> None:
        super().__init__()
        self._config = config
        self._next_due_mono = 0.0
        self._next_due_wall: datetime | None = None

    def is_idle(self) -> bool:
        return False  # a process-lifetime actor

    async def on_start(self) -> None:
        self._plan(self._config.clock.monotonic())
        self.start_task(self._schedule(), name="sync-scheduler")

    async def handle(self, message: Any) -> Any:
        match message:
            case NextSync(tenant_id):
                return await self._next_sync(tenant_id)
        raise TypeError(f"unexpected message {message!r}")

    async def _next_sync(self, tenant_id: str) -> datetime | None:
        c = self._config
        tenants = c.tenants if c.tenants is not None else await c.list_tenants()
        if tenant_id not in tenants or self._next_due_wall is None:
            return None
        due = self._next_due_wall
        not_before = await self._not_before(tenant_id)
        # Ticks come at least an interval apart: the first one past the
        # tenant's recent run is this soon at the earliest.
        while not_before is not None and due < not_before:
            due += timedelta(seconds=c.interval_seconds)
        return due

    async def _not_before(self, tenant_id: str) -> datetime | None:
        """When the tenant is due again after its last run (any replica),
        or None when it has not run."""
        job = await self._config.last_job(tenant_id)
        if job is None:
            return None
        return job.started_at + self._config.recent_window

    def _plan(self, after_mono: float) -> None:
        c = self._config
        delay = c.interval_seconds * (1 + JITTER_FRACTION * c.rng.random())
        self._next_due_mono = after_mono + delay
        now_mono = c.clock.monotonic()
        self._next_due_wall = c.clock.now() + timedelta(seconds=self._next_due_mono - now_mono)

    async def _schedule(self) -> None:
        c = self._config
        while True:
            await c.clock.sleep(self._next_due_mono - c.clock.monotonic())
            due = self._next_due_mono
            await self._tick()
            c.on_tick()
            # From the deadline, so ticks do not drift; from now when behind.
            now = c.clock.monotonic()
            self._plan(due if now - due < c.interval_seconds else now)

    async def _tick(self) -> None:
        c = self._config
        try:
            tenants = c.tenants if c.tenants is not None else await c.list_tenants()
        except Exception as exc:  # the store is down: try again next tick
            log.warning("scheduled sync: cannot list tenants", extra={"error": error_text(exc)})
            c.metrics.scheduled_runs.labels("failed").inc()
            return
        for tenant_id in tenants:
            try:
                not_before = await self._not_before(tenant_id)
                if not_before is not None and c.clock.now() < not_before:
                    raise Conflict("synced less than an interval ago")
                await c.start_run(tenant_id)
            except Conflict:
                # A run is active, or synced recently, here or on another replica.
                outcome = "skipped"
            except Exception as exc:
                log.warning(
                    "scheduled sync: could not start a run",
                    extra={"tenant_id": tenant_id, "error": error_text(exc)},
                )
                outcome = "failed"
            else:
                outcome = "started"
            c.metrics.scheduled_runs.labels(outcome).inc()
            log.info("scheduled sync", extra={"tenant_id": tenant_id, "outcome": outcome})
