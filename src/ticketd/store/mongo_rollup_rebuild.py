"""``rebuild_rollups`` on MongoDB: each tenant's rollups recomputed from its
live tickets while the rebuild holds the tenant's lease, as a run does.

Why the lease: the rebuild deletes a tenant's rollups and inserts them
again from the tickets; a page written by a run in between would have its
``$inc`` deleted or counted twice. Holding the lease keeps runs of the
tenant out (their start is refused, 409) for as long as the rebuild lasts,
and a tenant whose run holds it is skipped and named (``Conflict``: run
the rebuild again once that run ended). Each tenant's rebuild is one
transaction fenced by that lease, like a page write: it reads the tickets
in the transaction's snapshot on the primary, and it lands whole or not at
all, so a rebuild that fails half-way (a timeout, a driver error) or whose
lease was taken over meanwhile (a step longer than
``REBUILD_LEASE_SECONDS``, a frozen process) leaves the rollups as they
were. On a real mongod a tenant's rebuild must fit in one transaction's
lifetime (``transactionLifetimeLimitSeconds``, 60 s by default).
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from typing import Any

from ticketd.errors import Conflict
from ticketd.store.mongo_errors import driver_errors
from ticketd.store.mongo_leases import MongoLeases
from ticketd.store.mongo_rollups import rebuild_pipelines
from ticketd.store.mongo_stats import ROLLUP_COLLECTIONS, MongoStats
from ticketd.store.records import Lease

__all__ = ["REBUILD_LEASE_SECONDS", "MongoRollupRebuild"]

# The TTL of a rebuild's lease on a tenant: how long a rebuild killed
# mid-way keeps that tenant's runs out, and the longest one step may take.
REBUILD_LEASE_SECONDS = 60.0


class MongoRollupRebuild(MongoStats, MongoLeases):
    """The rollup-rebuild hook of the Store."""

    @driver_errors
    async def _rebuild_rollups(self, tenant_id: str | None) -> list[str]:
        if tenant_id is None:
            tenants = set(await self._tickets.distinct("tenant_id"))
            for collection in ROLLUP_COLLECTIONS:
                tenants.update(await self._db[collection].distinct("tenant_id"))
            names = sorted(tenants)
        else:
            names = [tenant_id]
        owner = f"rebuild-rollups:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        rebuilt: list[str] = []
        busy: list[str] = []
        for tenant in names:
            lease = await self._acquire_lease(tenant, owner, REBUILD_LEASE_SECONDS)
            if lease is None:
                busy.append(tenant)
                continue
            try:
                await self._rebuild_tenant(lease)
            finally:
                await asyncio.shield(self._release_lease(tenant, owner))
            rebuilt.append(tenant)
        if busy:
            raise Conflict(
                f"rollups rebuilt for {len(rebuilt)} tenant(s); not for {', '.join(busy)}: "
                "a run holds the tenant's lease. Run the rebuild again once it ended"
            )
        return rebuilt

    async def _rebuild_tenant(self, lease: Lease) -> None:
        """Delete the tenant's rollups and insert them again from its
        tickets, in one transaction fenced by ``lease`` (``LeaseLost`` if it
        is gone: nothing written is kept)."""
        tenant = lease.tenant_id

        async def rebuild(session: Any) -> None:
            for collection in ROLLUP_COLLECTIONS:
                await self._db[collection].delete_many({"tenant_id": tenant}, session=session)
            for level in ("hour", "all"):
                for collection, pipeline in rebuild_pipelines(tenant, level).items():
                    docs = await self._aggregate("tickets", pipeline, session=session)
                    if docs:
                        await self._db[collection].insert_many(docs, ordered=False, session=session)

        await self._fenced_transaction(tenant, lease, rebuild, what=f"rollups of {tenant}")
