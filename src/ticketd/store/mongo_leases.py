"""Tenant leases of the MongoDB backend: acquire-or-refresh in one atomic
upsert, release by the owner only, fencing checks before writes."""

from __future__ import annotations

from datetime import timedelta

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from ticketd.errors import LeaseLost
from ticketd.store.mongo_base import MongoCollections
from ticketd.store.mongo_documents import (
    to_millis,
    utc,
)
from ticketd.store.records import (
    Lease,
    LeaseStatus,
)

__all__ = ["MongoLeases"]


class MongoLeases(MongoCollections):
    """Lease methods of the Store."""

    async def acquire_lease(self, tenant_id: str, owner: str, ttl_seconds: float) -> Lease | None:
        """One ``find_one_and_update`` with ``upsert``: the filter matches the
        tenant's lock document only when it is ``owner``'s or expired; when it
        matches nothing the upsert inserts, and the unique index on
        ``tenant_id`` turns that insert into ``DuplicateKeyError`` if the
        document exists, i.e. another owner holds a live lease.

        The update is a pipeline so the token is decided from the document's
        own state in the same operation: kept when ``owner`` already held it,
        incremented otherwise (1 for a new document). A released lease keeps
        its document (owner cleared) and so its token. The TTL index removes
        a lock document only ``LOCK_RETENTION_SECONDS`` after it was last
        touched, long after any holder stopped writing; the token then
        restarts at 1.
        """
        now = self._now()
        expires_at = to_millis(now + timedelta(seconds=ttl_seconds))
        mine = {"$eq": ["$owner", {"$literal": owner}]}
        update = [
            {
                "$set": {
                    "token": {"$cond": [mine, "$token", {"$add": [{"$ifNull": ["$token", 0]}, 1]}]},
                    "acquired_at": {"$cond": [mine, "$acquired_at", now]},
                    "owner": {"$literal": owner},
                    "expires_at": expires_at,
                    "refreshed_at": now,
                    # TTL anchor, server time. mongomock does not implement
                    # $$NOW and leaves the field out (so no TTL there).
                    "server_touched_at": "$$NOW",
                }
            }
        ]
        try:
            doc = await self._locks.find_one_and_update(
                {"tenant_id": tenant_id, "$or": [{"owner": owner}, {"expires_at": {"$lte": now}}]},
                update,
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:
            return None
        return Lease(tenant_id, doc["owner"], int(doc["token"]), utc(doc["expires_at"]))

    async def release_lease(self, tenant_id: str, owner: str) -> bool:
        """Only a live lease is held and can be released. The document stays
        (owner cleared, expired now) so its token keeps growing."""
        now = self._now()
        result = await self._locks.update_one(
            {"tenant_id": tenant_id, "owner": owner, "expires_at": {"$gt": now}},
            {
                "$set": {"owner": None, "expires_at": now},
                "$currentDate": {"server_touched_at": True},
            },
        )
        return result.modified_count == 1

    async def _check_fence(self, tenant_id: str, fence: Lease | None) -> None:
        """Refuse a write unless ``fence`` is still the tenant's live lease
        (a read just before the write: MongoDB has no cheaper atomic way to
        tie a bulk write to another document)."""
        if fence is None:
            return
        held = await self._locks.find_one(
            {
                "tenant_id": tenant_id,
                "owner": fence.owner,
                "token": fence.token,
                "expires_at": {"$gt": self._now()},
            },
            {"_id": 1},
        )
        if held is None:
            raise LeaseLost(f"the lease on {tenant_id} is no longer {fence.owner}'s: write refused")

    async def lease_status(self, tenant_id: str) -> LeaseStatus:
        doc = await self._locks.find_one({"tenant_id": tenant_id})
        if doc is None or doc.get("owner") is None or utc(doc["expires_at"]) <= self._now():
            return LeaseStatus(locked=False, owner=None, expires_at=None, token=None)
        return LeaseStatus(
            locked=True, owner=doc["owner"], expires_at=utc(doc["expires_at"]), token=doc["token"]
        )
