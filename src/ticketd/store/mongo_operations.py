"""Leases, jobs and the notification outbox of the MongoDB backend: the
coordination half of ``MongoStore`` (``ticketd.store.mongo``), split out to
keep each module to one job.

Every state change here is one single-document atomic operation whose
filter states the precondition (lease free or mine, job still running,
claim still mine), so replicas sharing the database never need a
check-then-act.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bson import ObjectId
from bson.errors import InvalidId
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from ticketd.clock import Clock
from ticketd.errors import Conflict, InvalidInput, LeaseLost
from ticketd.store.mongo_documents import (
    job_document,
    job_from_document,
    log_from_document,
    outbox_from_document,
    to_millis,
    utc,
)
from ticketd.store.records import (
    JOB_FINAL_STATUSES,
    JobRecord,
    Lease,
    LeaseStatus,
    OutboxEntry,
    OutboxSummary,
)

__all__ = ["MongoOperations"]

_CLAIM_ORDER = [("attempts", -1), ("next_attempt_at", 1), ("_id", 1)]


def _object_id(entry_id: str) -> ObjectId | None:
    try:
        return ObjectId(entry_id)
    except (InvalidId, TypeError):
        return None


class MongoOperations:
    """Lease, job and outbox methods of the Store over one database."""

    def __init__(self, database: Any, *, clock: Clock) -> None:
        self._db = database
        self._clock = clock
        self._tickets = database["tickets"]
        self._history = database["ticket_history"]
        self._jobs = database["ingestion_jobs"]
        self._logs = database["ingestion_logs"]
        self._locks = database["locks"]
        self._outbox = database["notification_outbox"]

    def _now(self) -> datetime:
        return to_millis(self._clock.now())

    # -- leases --------------------------------------------------------------
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

    # -- jobs and audit ------------------------------------------------------
    async def _log(
        self,
        job_id: str,
        tenant_id: str,
        event: str,
        *,
        status: str,
        message: str | None,
        metrics: dict[str, float],
    ) -> None:
        """One ``ingestion_logs`` line, the same fields as the SQLite backend's."""
        await self._logs.insert_one(
            {
                "job_id": job_id,
                "tenant_id": tenant_id,
                "at": self._now(),
                "event": event,
                "status": status,
                "message": message,
                "metrics": dict(metrics),
            }
        )

    async def create_job(self, job: JobRecord) -> None:
        try:
            await self._jobs.insert_one(job_document(job))
        except DuplicateKeyError:
            raise Conflict(f"job {job.job_id} already exists") from None
        await self._log(
            job.job_id,
            job.tenant_id,
            "started",
            status=job.status,
            message=None,
            metrics=job.metrics,
        )

    async def update_job(
        self,
        job_id: str,
        *,
        total_pages: int | None,
        processed_pages: int,
        metrics: dict[str, float],
    ) -> bool:
        doc = await self._jobs.find_one_and_update(
            {"_id": job_id, "status": "running"},
            {
                "$set": {
                    "total_pages": total_pages,
                    "processed_pages": processed_pages,
                    "metrics": dict(metrics),
                    "updated_at": self._now(),
                }
            },
            projection={"cancel_requested": True},
        )
        return bool(doc and doc.get("cancel_requested"))

    async def request_cancel(self, job_id: str) -> bool:
        result = await self._jobs.update_one(
            {"_id": job_id, "status": "running"}, {"$set": {"cancel_requested": True}}
        )
        return result.matched_count > 0

    async def finish_job(
        self,
        job_id: str,
        *,
        status: str,
        metrics: dict[str, float],
        error: str | None,
        release_lease: bool = False,
    ) -> None:
        """Finish a running job; a job already finished (for example marked
        ``interrupted`` meanwhile) is left as it is."""
        if status not in JOB_FINAL_STATUSES:
            raise InvalidInput(f"not a final job status: {status!r}")
        now = self._now()
        doc = await self._jobs.find_one_and_update(
            {"_id": job_id, "status": "running"},
            {
                "$set": {
                    "status": status,
                    "ended_at": now,
                    "updated_at": now,
                    "metrics": dict(metrics),
                    "error": error,
                }
            },
            return_document=ReturnDocument.AFTER,
        )
        if doc is not None:
            await self._log(
                job_id, doc["tenant_id"], "finished", status=status, message=error, metrics=metrics
            )
        elif release_lease:  # already final (say, marked interrupted): still free our lease
            doc = await self._jobs.find_one({"_id": job_id})
        if release_lease and doc is not None:  # no multi-document transaction: right after
            await self.release_lease(doc["tenant_id"], doc["owner"])

    async def get_job(self, job_id: str) -> JobRecord | None:
        doc = await self._jobs.find_one({"_id": job_id})
        return None if doc is None else job_from_document(doc)

    async def recent_jobs(self, tenant_id: str, *, limit: int) -> list[JobRecord]:
        if limit < 1:
            return []
        docs = (
            await self._jobs.find({"tenant_id": tenant_id})
            .sort([("started_at", -1), ("_id", -1)])
            .limit(limit)
            .to_list(None)
        )
        return [job_from_document(doc) for doc in docs]

    async def interrupt_orphaned_jobs(self) -> list[str]:
        """Running jobs are few (one per tenant at most), so the check of
        their leases is done here over two small queries; each job is then
        flipped by a conditional update, so a job finished meanwhile stays
        as its runner left it."""
        now = self._now()
        running = await self._jobs.find({"status": "running"}).to_list(None)
        if not running:
            return []
        locks = await self._locks.find(
            {"tenant_id": {"$in": sorted({job["tenant_id"] for job in running})}}
        ).to_list(None)
        held = {
            (lock["tenant_id"], lock["owner"])
            for lock in locks
            if lock.get("owner") is not None and utc(lock["expires_at"]) > now
        }
        message = "owner lost its lease (process died or lease expired)"
        interrupted: list[str] = []
        for job in running:
            if (job["tenant_id"], job["owner"]) in held:
                continue
            doc = await self._jobs.find_one_and_update(
                {"_id": job["_id"], "status": "running"},
                [
                    {
                        "$set": {
                            "status": "interrupted",
                            "ended_at": now,
                            "updated_at": now,
                            "error": {"$ifNull": ["$error", message]},
                        }
                    }
                ],
                return_document=ReturnDocument.AFTER,
            )
            if doc is not None:
                interrupted.append(doc["_id"])
                await self._log(
                    doc["_id"],
                    doc["tenant_id"],
                    "interrupted",
                    status="interrupted",
                    message=message,
                    metrics=doc.get("metrics") or {},
                )
        return sorted(interrupted)

    async def job_logs(self, job_id: str) -> list[dict[str, object]]:
        docs = await self._logs.find({"job_id": job_id}).sort([("at", 1), ("_id", 1)]).to_list(None)
        return [log_from_document(doc) for doc in docs]

    # -- notification outbox -------------------------------------------------
    async def claim_notifications(
        self, owner: str, *, limit: int, lease_seconds: float
    ) -> list[OutboxEntry]:
        """Claims entries one ``find_one_and_update`` at a time, so two
        replicas claiming at once never get the same entry: each update
        re-checks the claim filter on the document it changes."""
        now = self._now()
        claim_until = to_millis(now + timedelta(seconds=lease_seconds))
        claimed: list[OutboxEntry] = []
        claimed_ids: list[ObjectId] = []
        for _ in range(max(0, limit)):
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
                sort=_CLAIM_ORDER,
                return_document=ReturnDocument.AFTER,
            )
            if doc is None:
                break
            claimed_ids.append(doc["_id"])
            claimed.append(outbox_from_document(doc))
        return claimed

    async def _update_claimed(self, entry_id: str, owner: str, update: dict[str, Any]) -> None:
        """Apply ``update`` to a pending entry only while ``owner`` claims it."""
        object_id = _object_id(entry_id)
        if object_id is None:
            return
        update.setdefault("$set", {}).update({"claimed_by": None, "claim_expires_at": None})
        await self._outbox.update_one(
            {"_id": object_id, "status": "pending", "claimed_by": owner}, update
        )

    async def mark_delivered(self, entry_id: str, owner: str) -> None:
        await self._update_claimed(
            entry_id,
            owner,
            {
                "$set": {"status": "delivered", "delivered_at": self._now()},
                "$currentDate": {"server_delivered_at": True},  # the TTL anchor
            },
        )

    async def schedule_retry(
        self, entry_id: str, owner: str, *, next_attempt_at: datetime, error: str
    ) -> None:
        await self._update_claimed(
            entry_id,
            owner,
            {
                "$inc": {"attempts": 1},
                "$set": {"next_attempt_at": to_millis(next_attempt_at), "last_error": error},
            },
        )

    async def release_claim(self, entry_id: str, owner: str) -> None:
        await self._update_claimed(entry_id, owner, {})

    async def mark_dead(self, entry_id: str, owner: str, *, error: str) -> None:
        await self._update_claimed(
            entry_id,
            owner,
            {"$inc": {"attempts": 1}, "$set": {"status": "dead", "last_error": error}},
        )

    async def list_outbox(self, tenant_id: str, *, status: str, limit: int) -> list[OutboxEntry]:
        if limit < 1:
            return []
        docs = (
            await self._outbox.find({"tenant_id": tenant_id, "status": status})
            .sort([("created_at", 1), ("_id", 1)])
            .limit(limit)
            .to_list(None)
        )
        return [outbox_from_document(doc) for doc in docs]

    async def requeue_dead(self, tenant_id: str) -> int:
        result = await self._outbox.update_many(
            {"tenant_id": tenant_id, "status": "dead"},
            {
                "$set": {
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": self._now(),
                    "claimed_by": None,
                    "claim_expires_at": None,
                }
            },
        )
        return int(result.modified_count)

    async def outbox_summary(self) -> OutboxSummary:
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
