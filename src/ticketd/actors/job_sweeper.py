"""The job sweeper actor: ends the runs a dead replica left ``running``.

A run's job record says ``running`` until its runner finishes it. When the
runner's process dies (``kill -9``, a crash, a lost machine) nobody does,
and without a sweep the record would stay ``running`` until the tenant's
next run starts or some daemon restarts. So every daemon runs one of these:
every ``sweep_interval(lease TTL)`` (a quarter of
``TICKETD_LOCK_TTL_SECONDS``) it marks ``interrupted`` every running job,
of any tenant and any replica, whose owner no longer holds an unexpired
lease on its tenant (``cancelled`` when a cancel was requested: what the
operator asked for). It uses the store's one orphan sweep
(``Store.interrupt_orphaned_jobs``), the same one that runs at daemon start
and when a run takes a tenant over; that sweep changes each job with one
conditional write, so replicas sweeping at once interrupt each job once,
and a run that renewed its lease in time is never swept (see the store's
docstring for why a renewal that arrives after the sweep is refused).

Time bound: a live run renews its lease at least every third of the TTL,
so a dead replica's lease expires at most one TTL after it died, and the
next sweep of any live replica follows within one interval: its runs read
``interrupted`` at most ``1.25 x TTL`` after the death (75 s at the default
60 s TTL), plus the time a sweep takes.

A sweep that fails (the database is unreachable or locked) is logged and
tried again at the next interval; it never stops the actor. A sweeper that
fell behind (the process was suspended) sweeps once at once, not once for
every interval it missed. Sweeps are
counted by outcome in ``ticketd_ingestion_sweeps_total`` and the runs they
interrupted in ``ticketd_ingestion_runs_swept_total``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import attrs

from ticketd.actors.runtime import Actor
from ticketd.clock import Clock
from ticketd.errors import TicketdError, error_text
from ticketd.metrics import Metrics
from ticketd.store import Store

__all__ = ["SWEEPS_PER_LEASE_TTL", "JobSweeperActor", "SweeperConfig", "sweep_interval"]

log = logging.getLogger(__name__)

SWEEPS_PER_LEASE_TTL = 4


def sweep_interval(lease_ttl_seconds: float) -> float:
    """Seconds between two sweeps of one daemon: a quarter of the lease TTL."""
    return lease_ttl_seconds / SWEEPS_PER_LEASE_TTL


@attrs.frozen
class SweeperConfig:
    """What the sweeper needs."""

    store: Store
    clock: Clock
    metrics: Metrics
    lease_ttl_seconds: float  # > 0; the interval is derived from it
    # After each sweep (observers, tests): the ids it interrupted, or None
    # when it failed.
    on_sweep: Callable[[list[str] | None], None] = lambda swept: None


class JobSweeperActor(Actor):
    """Sweeps orphaned runs every interval (see the module docstring). It
    takes no messages of its own; it answers the runtime's ``Ping``."""

    mailbox_size = 8

    def __init__(self, config: SweeperConfig) -> None:
        super().__init__()
        self._config = config

    def is_idle(self) -> bool:
        return False  # a process-lifetime actor

    async def on_start(self) -> None:
        self.start_task(self._sweep_every_interval(), name="job-sweeper")

    async def handle(self, message: Any) -> Any:
        raise TypeError(f"unexpected message {message!r}")

    async def _sweep_every_interval(self) -> None:
        c = self._config
        interval = sweep_interval(c.lease_ttl_seconds)
        due = c.clock.monotonic() + interval
        while True:
            await c.clock.sleep(due - c.clock.monotonic())
            swept = await self._sweep()
            c.on_sweep(swept)
            # From the deadline, so sweeps do not drift. Behind (the process
            # was suspended, a sweep waited long for the database): one
            # sweep at once, since leases may have run out meanwhile, then
            # on from there, without a sweep for every interval missed.
            due += interval
            due = max(due, c.clock.monotonic())

    async def _sweep(self) -> list[str] | None:
        c = self._config
        try:
            swept = await c.store.interrupt_orphaned_jobs()
        except TicketdError as exc:  # the store is down: try again next interval
            # (anything else is a bug: the actor crashes into its supervisor)
            log.warning(
                "orphaned-run sweep failed, retrying next interval",
                extra={"error": error_text(exc)},
            )
            c.metrics.ingestion_sweeps.labels("failed").inc()
            return None
        c.metrics.ingestion_sweeps.labels("completed").inc()
        if swept:
            c.metrics.ingestion_runs_swept.inc(len(swept))
            log.warning("ended orphaned runs", extra={"job_ids": swept})
        return swept
