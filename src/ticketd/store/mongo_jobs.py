"""Ingestion jobs and their audit log in the MongoDB backend; the sweep that
marks orphaned runs interrupted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from ticketd.store.mongo_base import MongoCollections
from ticketd.store.mongo_documents import (
    job_document,
    job_from_document,
    log_from_document,
    to_millis,
)
from ticketd.store.mongo_errors import driver_errors
from ticketd.store.mongo_queries import JOB_LOG_SORT, RECENT_JOBS_SORT
from ticketd.store.mongo_transactions import end_session_transactions
from ticketd.store.records import ORPHAN_MESSAGE, ORPHAN_MESSAGES, JobRecord

__all__ = ["MongoJobs"]


class MongoJobs(MongoCollections):
    """Job and audit-log hooks of the Store (``StoreContract``)."""

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

    @driver_errors
    async def _create_job(self, job: JobRecord) -> list[str]:
        # No transaction: the tenant's orphans first, then the new record.
        holds = await self._locks.find_one(
            {"tenant_id": job.tenant_id, "owner": job.owner, **self._lease_live()}
        )
        orphans = [] if holds is None else await self._interrupt_orphaned_jobs(job.tenant_id)
        await self._jobs.insert_one(job_document(job))  # a duplicate id: Conflict
        await self._log(
            job.job_id,
            job.tenant_id,
            "started",
            status=job.status,
            message=None,
            metrics=job.metrics,
        )
        return orphans

    @driver_errors
    async def _update_job(
        self,
        job_id: str,
        *,
        total_pages: int | None,
        processed_pages: int,
        metrics: dict[str, float],
    ) -> bool:
        return await self._record_progress(
            job_id, total_pages=total_pages, processed_pages=processed_pages, metrics=metrics
        )

    async def _record_progress(
        self,
        job_id: str,
        *,
        total_pages: int | None,
        processed_pages: int,
        metrics: dict[str, float],
        session: Any = None,
    ) -> bool:
        """A running job's progress (in ``session``'s transaction when
        given: a page's write); whether a cancel was requested."""
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
            session=session,
        )
        return bool(doc and doc.get("cancel_requested"))

    @driver_errors
    async def _note_job_waiting(self, job_id: str, waiting: str | None) -> bool:
        result = await self._jobs.update_one(
            {"_id": job_id, "status": "running"}, {"$set": {"metrics.waiting": waiting}}
        )
        return result.matched_count > 0

    @driver_errors
    async def _request_cancel(self, job_id: str) -> bool:
        result = await self._jobs.update_one(
            {"_id": job_id, "status": "running"}, {"$set": {"cancel_requested": True}}
        )
        return result.matched_count > 0

    @driver_errors
    async def _finish_job(
        self,
        job_id: str,
        *,
        status: str,
        metrics: dict[str, float],
        error: str | None,
        release_lease: bool,
        ended_at: datetime | None,
    ) -> None:
        """The job update, then (no multi-document transaction) the release
        of its owner's lease, found from the job record whatever the update
        did. A job a sweep ended after ``ended_at`` takes the run's end:
        only a sweep ends a job before its runner does."""
        now = self._now()
        ended = now if ended_at is None else to_millis(ended_at)
        stood = {"$eq": ["$cancel_requested", True]} if status == "interrupted" else False
        swept_later = {"status": {"$in": ["interrupted", "cancelled"]}, "ended_at": {"$gt": ended}}
        doc = await self._jobs.find_one_and_update(
            {"_id": job_id, "$or": [{"status": "running"}, swept_later]},
            [
                {
                    "$set": {
                        "status": {"$cond": [stood, "cancelled", status]},
                        "ended_at": ended,
                        "updated_at": now,
                        "metrics": {"$literal": dict(metrics)},
                        "error": {"$cond": [stood, None, error]},
                    }
                }
            ],
            return_document=ReturnDocument.AFTER,
        )
        if doc is not None:
            await self._log(
                job_id,
                doc["tenant_id"],
                "finished",
                status=doc["status"],
                message=doc.get("error"),
                metrics=metrics,
            )
        if release_lease:
            job = doc or await self._jobs.find_one({"_id": job_id}, {"tenant_id": 1, "owner": 1})
            if job is not None:
                await self._release_lease(job["tenant_id"], job["owner"])

    @driver_errors
    async def _get_job(self, job_id: str) -> JobRecord | None:
        doc = await self._jobs.find_one({"_id": job_id})
        return None if doc is None else job_from_document(doc)

    @driver_errors
    async def _recent_jobs(self, tenant_id: str, *, limit: int) -> list[JobRecord]:
        docs = (
            await self._jobs.find({"tenant_id": tenant_id})
            .sort(RECENT_JOBS_SORT)
            .limit(limit)
            .to_list(None)
        )
        return [job_from_document(doc) for doc in docs]

    @driver_errors
    async def _interrupt_orphaned_jobs(self, tenant_id: str | None = None) -> list[str]:
        """Running jobs are few (one per tenant at most), so the check of
        their leases is done here over two small queries; each job is then
        flipped by one conditional update, so a job finished meanwhile stays
        as its runner left it, and of two replicas sweeping at once only one
        interrupts (and logs) each job.

        Reading the locks before the write is safe because an expired lease
        never comes back to life: expiry is decided by the server's clock
        (``$$NOW``) in every lease operation, a renewal requires the lease
        unexpired at the moment it is applied, and a run's owner id is its
        own (a new run never re-acquires it). A lease read as expired here
        can therefore not be renewed after the read; one renewed before the
        read is live and its job is skipped.

        A job whose owner died or froze inside a page write is held by that
        write's open transaction: the lease's session is ended first
        (``_end_transactions_of_lost_leases``), so the update does not wait
        for the server to give up on it."""
        now = self._now()
        scope = {} if tenant_id is None else {"tenant_id": tenant_id}
        running = await self._jobs.find({**scope, "status": "running"}).to_list(None)
        if not running:
            return []
        locks = await self._locks.find(
            {
                "tenant_id": {"$in": sorted({job["tenant_id"] for job in running})},
                "owner": {"$ne": None},
                **self._lease_live(),  # live by the server's clock
            }
        ).to_list(None)
        held = {(lock["tenant_id"], lock["owner"]) for lock in locks}
        orphans = [job for job in running if (job["tenant_id"], job["owner"]) not in held]
        await self._end_transactions_of_lost_leases(orphans)
        message = ORPHAN_MESSAGE
        cancel = {"$eq": ["$cancel_requested", True]}  # the operator's request stands
        interrupted: list[str] = []
        for job in orphans:
            doc = await self._jobs.find_one_and_update(
                {"_id": job["_id"], "status": "running"},
                [
                    {
                        "$set": {
                            "status": {"$cond": [cancel, "cancelled", "interrupted"]},
                            "ended_at": now,
                            "error": {
                                "$cond": [cancel, "$error", {"$ifNull": ["$error", message]}]
                            },
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
                    doc["status"],
                    status=doc["status"],
                    message=ORPHAN_MESSAGES[doc["status"]],
                    metrics=doc.get("metrics") or {},
                )
        return sorted(interrupted)

    async def _end_transactions_of_lost_leases(self, jobs: list[dict[str, Any]]) -> None:
        """End the open transactions of the expired leases of ``jobs``'
        owners (a replica killed or frozen inside a page write holds the
        job's record, which the sweep is about to change): the session id
        each lease stored (``ticketd.store.mongo_leases``), one
        ``killSessions`` for all."""
        if not jobs:
            return
        stale = await self._locks.find(
            {
                "tenant_id": {"$in": sorted({job["tenant_id"] for job in jobs})},
                "owner": {"$in": sorted({job["owner"] for job in jobs})},
                "lsid": {"$ne": None},
                **self._lease_expired(),
            },
            {"tenant_id": 1, "owner": 1, "lsid": 1},
        ).to_list(None)
        owners = {(job["tenant_id"], job["owner"]) for job in jobs}
        await end_session_transactions(
            self._db.client,
            [lock["lsid"] for lock in stale if (lock["tenant_id"], lock["owner"]) in owners],
        )

    @driver_errors
    async def _job_logs(self, job_id: str) -> list[dict[str, object]]:
        docs = await self._logs.find({"job_id": job_id}).sort(JOB_LOG_SORT).to_list(None)
        return [log_from_document(doc) for doc in docs]
