"""The notification outbox of the MongoDB backend: exclusive claims, one
atomic update per transition, each conditioned on the current claim."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bson import ObjectId
from bson.errors import InvalidId
from pymongo import ReturnDocument

from ticketd.store.mongo_base import MongoCollections
from ticketd.store.mongo_documents import (
    outbox_from_document,
    to_millis,
    utc,
)
from ticketd.store.mongo_errors import driver_errors
from ticketd.store.mongo_queries import OUTBOX_CLAIM_SORT, OUTBOX_LIST_SORT
from ticketd.store.records import (
    OutboxEntry,
    OutboxSummary,
)

__all__ = ["MongoOutbox"]


def _object_id(entry_id: str) -> ObjectId | None:
    try:
        return ObjectId(entry_id)
    except (InvalidId, TypeError):
        return None


class MongoOutbox(MongoCollections):
    """Outbox hooks of the Store (``StoreContract``)."""

    @driver_errors
    async def _claim_notifications(
        self, owner: str, *, limit: int, lease_seconds: float
    ) -> list[OutboxEntry]:
        """Claims entries one ``find_one_and_update`` at a time, so two
        replicas claiming at once never get the same entry: each update
        re-checks the claim filter on the document it changes."""
        now = self._now()
        claim_until = to_millis(now + timedelta(seconds=lease_seconds))
        claimed: list[OutboxEntry] = []
        claimed_ids: list[ObjectId] = []
        for _ in range(limit):
            doc = await self._outbox.find_one_and_update(
                {
                    "status": "pending",
                    "next_attempt_at": {"$lte": now},
                    "_id": {"$nin": claimed_ids},
                    "$or": [
                        {"claimed_by": None},
                        {"claim_expires_at": {"$lte": now}},
                    ],
                },
                {"$set": {"claimed_by": owner, "claim_expires_at": claim_until}},
                sort=OUTBOX_CLAIM_SORT,
                return_document=ReturnDocument.AFTER,
            )
            if doc is None:
                break
            claimed_ids.append(doc["_id"])
            claimed.append(outbox_from_document(doc))
        return claimed

    async def _update_claimed(
        self, entry_id: str, owner: str, update: dict[str, Any] | list[dict[str, Any]]
    ) -> bool:
        """Apply ``update`` (operators, or a pipeline) to a pending entry
        only while ``owner`` claims it, and end the claim; whether it
        applied (False: the claim is no longer ``owner``'s)."""
        object_id = _object_id(entry_id)
        if object_id is None:
            return False
        unclaimed = {"claimed_by": None, "claim_expires_at": None}
        if isinstance(update, list):
            update = [*update, {"$set": unclaimed}]
        else:
            update.setdefault("$set", {}).update(unclaimed)
        result = await self._outbox.update_one(
            {"_id": object_id, "status": "pending", "claimed_by": owner}, update
        )
        return result.matched_count == 1

    @driver_errors
    async def _extend_claims(
        self, owner: str, entry_ids: list[str], *, lease_seconds: float
    ) -> int:
        object_ids = [oid for oid in map(_object_id, entry_ids) if oid is not None]
        if not object_ids:
            return 0
        now = self._now()
        result = await self._outbox.update_many(
            {
                "_id": {"$in": object_ids},
                "status": "pending",
                "claimed_by": owner,
                "claim_expires_at": {"$gt": now},
            },
            {"$set": {"claim_expires_at": to_millis(now + timedelta(seconds=lease_seconds))}},
        )
        # Matched, not modified: a claim extended within the millisecond
        # it was set keeps the same end, and is still held.
        return result.matched_count

    @driver_errors
    async def _mark_delivered(self, entry_id: str, owner: str) -> bool:
        return await self._update_claimed(
            entry_id,
            owner,
            {
                "$set": {"status": "delivered", "delivered_at": self._now()},
                "$currentDate": {"server_delivered_at": True},  # the TTL anchor
            },
        )

    @driver_errors
    async def _schedule_retry(
        self, entry_id: str, owner: str, *, next_attempt_at: datetime, error: str, counted: bool
    ) -> bool:
        # $min: an entry an older build requeued (attempts 0, outage
        # attempts kept) counts from 0 again (``OutboxEntry.outage_attempts``).
        outage = {"$min": [{"$ifNull": ["$outage_attempts", 0]}, {"$ifNull": ["$attempts", 0]}]}
        return await self._update_claimed(
            entry_id,
            owner,
            [
                {
                    "$set": {
                        "attempts": {"$add": [{"$ifNull": ["$attempts", 0]}, 1]},
                        "outage_attempts": {"$add": [outage, 0 if counted else 1]},
                        "next_attempt_at": to_millis(next_attempt_at),
                        "last_error": {"$literal": error},
                    }
                }
            ],
        )

    @driver_errors
    async def _release_claim(self, entry_id: str, owner: str) -> bool:
        return await self._update_claimed(entry_id, owner, {})

    @driver_errors
    async def _mark_dead(self, entry_id: str, owner: str, *, error: str) -> bool:
        return await self._update_claimed(
            entry_id,
            owner,
            {"$inc": {"attempts": 1}, "$set": {"status": "dead", "last_error": error}},
        )

    @driver_errors
    async def _list_outbox(self, tenant_id: str, *, status: str, limit: int) -> list[OutboxEntry]:
        docs = (
            await self._outbox.find({"tenant_id": tenant_id, "status": status})
            .sort(OUTBOX_LIST_SORT)
            .limit(limit)
            .to_list(None)
        )
        return [outbox_from_document(doc) for doc in docs]

    @driver_errors
    async def _requeue_dead(self, tenant_id: str) -> int:
        result = await self._outbox.update_many(
            {"tenant_id": tenant_id, "status": "dead"},
            {
                "$set": {
                    "status": "pending",
                    "attempts": 0,
                    "outage_attempts": 0,
                    "next_attempt_at": self._now(),
                    "claimed_by": None,
                    "claim_expires_at": None,
                }
            },
        )
        return int(result.modified_count)

    @driver_errors
    async def _outbox_summary(self) -> OutboxSummary:
        # Index counts per status, not a $group over the whole collection.
        counts = {
            status: await self._outbox.count_documents({"status": status})
            for status in ("pending", "dead", "delivered")
        }
        oldest = await self._outbox.find_one(
            {"status": "pending"}, {"created_at": 1}, sort=[("created_at", 1)]
        )
        return OutboxSummary(
            pending=counts["pending"],
            dead=counts["dead"],
            delivered=counts["delivered"],
            oldest_pending_at=None if oldest is None else utc(oldest["created_at"]),
        )
