"""Tenant leases of the MongoDB backend: acquire-or-refresh in one atomic
upsert, renewal and release by the holder only, and the fencing of ticket
writes.

MongoDB cannot tie a write on ``tickets`` to the state of a document in
``locks`` without a transaction, so the fence works like a classic fencing
token: every ticket document a fenced write touches is stamped with the
writer's token (``fence_token``), and every fenced write's filter requires
the stored stamp to be no larger than the writer's own. Once a newer holder
has written a ticket, a stale holder's write to it matches nothing, however
long it stalled between its lease check and its write. For this to hold
across the lock document's TTL removal, tokens never restart: a new
acquisition takes at least the current time in milliseconds.
"""

from __future__ import annotations

from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from ticketd.errors import LeaseLost
from ticketd.store.mongo_base import MongoCollections
from ticketd.store.mongo_documents import (
    utc,
)
from ticketd.store.mongo_errors import driver_errors
from ticketd.store.records import (
    Lease,
    LeaseStatus,
)

__all__ = ["FENCE_FIELD", "MongoLeases", "fence_filter", "fence_stamp"]

FENCE_FIELD = "fence_token"  # on ticket documents: token of their last fenced writer


def fence_filter(fence: Lease | None) -> dict[str, Any]:
    """The part of a ticket write's filter that lets only a writer whose
    token is at least the stored stamp match (any writer when unfenced).
    A document never stamped matches too (``$not`` matches a missing field)."""
    if fence is None:
        return {}
    return {FENCE_FIELD: {"$not": {"$gt": fence.token}}}


def fence_stamp(fence: Lease | None) -> dict[str, Any]:
    """The ``$set`` part that stamps a written ticket with the writer's token."""
    return {} if fence is None else {FENCE_FIELD: fence.token}


class MongoLeases(MongoCollections):
    """Lease hooks of the Store (``StoreContract``)."""

    @driver_errors
    async def _acquire_lease(self, tenant_id: str, owner: str, ttl_seconds: float) -> Lease | None:
        """One ``find_one_and_update`` with ``upsert``: the filter matches the
        tenant's lock document only when it is ``owner``'s or expired; when it
        matches nothing the upsert inserts, and the unique index on
        ``tenant_id`` turns that insert into ``DuplicateKeyError`` if the
        document exists, i.e. another owner holds a live lease.

        The update is a pipeline so the token is decided from the document's
        own state in the same operation: kept when ``owner`` already held it,
        raised otherwise to the larger of the old token + 1 and the current
        time in milliseconds. A released lease keeps its document (owner
        cleared) and so its token. The TTL index removes a lock document
        ``LOCK_RETENTION_SECONDS`` after it was last touched; the next token
        is still larger than any before, being the time in milliseconds, so
        tickets stamped by earlier holders stay writable.
        """
        now = self._lease_now()
        ttl_ms = int(ttl_seconds * 1000)
        mine = {"$eq": ["$owner", {"$literal": owner}]}
        update = [
            {
                "$set": {
                    "token": {
                        "$cond": [
                            mine,
                            "$token",
                            {
                                "$max": [
                                    {"$add": [{"$ifNull": ["$token", 0]}, 1]},
                                    {"$toLong": now},
                                ]
                            },
                        ]
                    },
                    "acquired_at": {"$cond": [mine, "$acquired_at", now]},
                    "owner": {"$literal": owner},
                    "expires_at": {"$add": [now, ttl_ms]},
                    "refreshed_at": now,
                    "server_touched_at": "$$NOW",  # TTL anchor, always the server's
                }
            }
        ]
        try:
            doc = await self._locks.find_one_and_update(
                {"tenant_id": tenant_id, "$or": [{"owner": owner}, self._lease_expired()]},
                update,
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:
            return None
        return Lease(tenant_id, doc["owner"], int(doc["token"]), utc(doc["expires_at"]))

    @driver_errors
    async def _renew_lease(self, fence: Lease, ttl_seconds: float) -> Lease:
        """Extend ``fence`` by ``ttl_seconds`` from now if it is still the
        tenant's live lease (same owner and token, unexpired): one
        conditional update. Anything else raises ``LeaseLost``: a renewal
        never acquires."""
        now = self._lease_now()
        doc = await self._locks.find_one_and_update(
            {
                "tenant_id": fence.tenant_id,
                "owner": fence.owner,
                "token": fence.token,
                **self._lease_live(),
            },
            [
                {
                    "$set": {
                        "expires_at": {"$add": [now, int(ttl_seconds * 1000)]},
                        "refreshed_at": now,
                        "server_touched_at": "$$NOW",
                    }
                }
            ],
            return_document=ReturnDocument.AFTER,
        )
        if doc is None:
            raise LeaseLost(
                f"lease lost: the lease on {fence.tenant_id} (token {fence.token}) "
                f"is no longer {fence.owner}'s"
            )
        return Lease(fence.tenant_id, doc["owner"], int(doc["token"]), utc(doc["expires_at"]))

    @driver_errors
    async def _release_lease(self, tenant_id: str, owner: str) -> bool:
        """Only a live lease is held and can be released. The document stays
        (owner cleared, expired now) so its token keeps growing."""
        now = self._lease_now()
        result = await self._locks.update_one(
            {"tenant_id": tenant_id, "owner": owner, **self._lease_live()},
            [{"$set": {"owner": None, "expires_at": now, "server_touched_at": "$$NOW"}}],
        )
        return result.modified_count == 1

    async def _check_fence(self, tenant_id: str, fence: Lease | None) -> None:
        """Refuse a write early unless ``fence`` is still the tenant's live
        lease. This read only saves work: what makes a stale write harmless
        is ``fence_filter`` in the write itself (see the module doc)."""
        if fence is None:
            return
        held = await self._locks.find_one(
            {
                "tenant_id": tenant_id,
                "owner": fence.owner,
                "token": fence.token,
                **self._lease_live(),
            },
            {"_id": 1},
        )
        if held is None:
            raise LeaseLost(
                f"lease lost: the lease on {tenant_id} is no longer {fence.owner}'s: write refused"
            )

    @driver_errors
    async def _lease_status(self, tenant_id: str) -> LeaseStatus:
        doc = await self._locks.find_one(
            {"tenant_id": tenant_id, "owner": {"$ne": None}, **self._lease_live()}
        )
        if doc is None:
            return LeaseStatus(locked=False, owner=None, expires_at=None, token=None)
        return LeaseStatus(
            locked=True, owner=doc["owner"], expires_at=utc(doc["expires_at"]), token=doc["token"]
        )
