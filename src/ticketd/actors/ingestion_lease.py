"""Taking and keeping an ingestion run's tenant lease: taking it for a
start so that a cancel cannot leave it held (``LeaseAcquiring``), renewing
it before writes and while the run waits on the provider, and marking it
lost for good once it expired or changed hands (a lost lease is never
re-acquired)."""

from __future__ import annotations

import asyncio
import logging

from ticketd.actors.ingestion_run import IngestionConfig, IngestionRun
from ticketd.aio import finish_then_cancel
from ticketd.errors import LeaseLost, TicketdError, error_text
from ticketd.store import Lease

__all__ = ["LeaseAcquiring", "ensure_lease", "keep_lease", "lose_lease", "renew_lease"]

# The run's log lines keep the ingestion actor's logger name.
log = logging.getLogger("ticketd.actors.ingestion")


class LeaseAcquiring:
    """A tenant actor's acquisitions of its tenant's lease. The acquire is
    shielded: a cancel landing while it commits (the actor stopped by a
    shutdown) would otherwise leave the lease held for a whole TTL with
    nobody to give it back, and every start refused meanwhile. The actor
    calls ``give_back`` as it stops, which releases what such an acquire
    took."""

    def __init__(self) -> None:
        self._abandoned: asyncio.Future[Lease | None] | None = None

    async def take(self, tenant_id: str, owner: str, config: IngestionConfig) -> Lease | None:
        """The lease for ``owner`` (None: another owner holds it)."""
        acquire = asyncio.ensure_future(
            config.store.acquire_lease(tenant_id, owner, config.lease_ttl_seconds)
        )
        try:
            return await asyncio.shield(acquire)
        except asyncio.CancelledError:
            self._abandoned = acquire
            raise

    async def give_back(self, tenant_id: str, config: IngestionConfig) -> None:
        """Wait for an acquire whose caller was cancelled and release the
        lease it took, if any."""
        acquire, self._abandoned = self._abandoned, None
        if acquire is None:
            return

        async def release() -> None:
            lease = await acquire
            if lease is not None:
                await config.store.release_lease(tenant_id, lease.owner)

        try:
            # Seen through even if this stop is cancelled again (a forced
            # shutdown): a cancelled wait would leave the lease held.
            await finish_then_cancel(release())
        except TicketdError as exc:  # it expires on its own
            log.warning(
                "could not give back the lease of a cancelled start",
                extra={"error": error_text(exc)},
            )


async def renew_lease(run: IngestionRun, tenant_id: str, config: IngestionConfig) -> None:
    """Extend the run's own lease (same owner and token); a lease that
    expired or changed hands is lost for good, never re-acquired."""
    c = config
    assert run.lease is not None
    try:
        run.lease = await c.store.renew_lease(tenant_id, run.lease, c.lease_ttl_seconds)
    except LeaseLost:
        run.lease_lost = True
        raise
    run.lease_renewed_mono = c.clock.monotonic()


async def ensure_lease(run: IngestionRun, tenant_id: str, config: IngestionConfig) -> None:
    """Before a write: renew if a third of the TTL has passed, so a
    write never happens on a lease that may have expired. Raises
    ``LeaseLost`` once the lease is lost."""
    c = config
    if run.lease_lost:
        raise LeaseLost(
            run.lease_error or f"lease lost: the lease on {tenant_id} was taken over or expired"
        )
    if c.clock.monotonic() - run.lease_renewed_mono >= c.lease_ttl_seconds / 3:
        await renew_lease(run, tenant_id, config)


async def keep_lease(run: IngestionRun, tenant_id: str, config: IngestionConfig) -> None:
    """Renew every third of the TTL while the run waits on the provider
    (a rate-limited page can take most of a minute). A renewal that
    fails for another reason (the database is down) is retried; once
    the lease has expired unrenewed, it is lost: the run's waits end
    and it fails, instead of waiting on for a database that may never
    answer."""
    c = config
    period = c.lease_ttl_seconds / 3
    while True:
        await c.clock.sleep(period - (c.clock.monotonic() - run.lease_renewed_mono))
        if c.clock.monotonic() - run.lease_renewed_mono < period:
            continue  # renewed by a write meanwhile
        while True:
            try:
                await renew_lease(run, tenant_id, config)
                break
            except LeaseLost as exc:
                log.error("lease lost while waiting on the provider")
                lose_lease(run, exc.message)
                return
            except Exception as exc:  # the database is down: keep trying
                reason = error_text(exc)
                if c.clock.monotonic() - run.lease_renewed_mono >= c.lease_ttl_seconds:
                    log.error("lease expired unrenewed", extra={"error": reason})
                    lose_lease(run, f"lease lost: could not renew: {reason}")
                    return
                log.warning("lease renewal failed, retrying", extra={"error": reason})
                await c.clock.sleep(min(5.0, period / 4))


def lose_lease(run: IngestionRun, error: str) -> None:
    """The lease is gone: no more writes, and a provider wait ends now
    (``await_unless_cancelled`` raises ``LeaseLost`` with ``error``)."""
    run.lease_lost = True
    run.lease_error = error
    run.cancel_asked.set()
