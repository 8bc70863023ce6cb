"""``rebuild_rollups`` on MongoDB: each tenant's rollups recomputed from its
live tickets while the rebuild holds the tenant's lease, as a run does.

Why the lease: the rebuild deletes a tenant's rollups and inserts them
again from the tickets, in several writes; a page written by a run in
between would have its ``$inc`` deleted or counted twice. Holding the lease
keeps runs of the tenant out (their start is refused, 409) for as long as
the rebuild lasts, and a tenant whose run holds it is skipped and named
(``Conflict``: run the rebuild again once that run ended). The lease is
renewed between the rebuild's steps, so a rebuild whose lease was lost
(one step longer than ``REBUILD_LEASE_SECONDS``) stops there and fails
rather than writing on; running it again repairs the tenant.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid

from ticketd.errors import Conflict
from ticketd.store.mongo_base import MAJORITY
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
        tickets, renewing ``lease`` before each step (``LeaseLost`` once it
        is gone)."""
        tenant = lease.tenant_id
        for collection in ROLLUP_COLLECTIONS:
            lease = await self._renew_lease(lease, REBUILD_LEASE_SECONDS)
            rollups = self._db.get_collection(collection, write_concern=MAJORITY)
            await rollups.delete_many({"tenant_id": tenant})
        for level in ("hour", "all"):
            for collection, pipeline in rebuild_pipelines(tenant, level).items():
                lease = await self._renew_lease(lease, REBUILD_LEASE_SECONDS)
                docs = await self._aggregate("tickets", pipeline)
                if docs:
                    rollups = self._db.get_collection(collection, write_concern=MAJORITY)
                    await rollups.insert_many(docs, ordered=False)
