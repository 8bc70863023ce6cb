"""Tenant leases of the MongoDB backend: acquire-or-refresh in one atomic
upsert, renewal and release by the holder only, and the fence of ticket
writes.

The fence is a multi-document transaction. A fenced write (a page of
tickets, a deletion) runs all its statements in one transaction whose last
statement changes the tenant's lock document, on the condition that the
writer's lease (owner, token, unexpired) is still there
(``_fenced_transaction``). A takeover changes that same document, so the
two cannot both commit: a takeover committed before the writer's lock
statement leaves it matching nothing (``LeaseLost``, the transaction is
aborted) or conflicting (``WriteConflict``: the transaction is retried and
then finds the lease gone); a takeover that comes while the writer's
transaction holds the document conflicts itself and is refused (it runs in
a transaction too, see ``_acquire_lease``), so it happens after the commit.
Nothing a writer sends after losing its lease is ever visible, wherever it
was stopped, and a writer killed mid-way leaves nothing (the server aborts
its transaction). Transactions need a replica set or a sharded cluster
(a one-node replica set will do); a standalone ``mongod`` refuses them.

Tokens never restart, even after the TTL index removed a lock document: a
new acquisition takes at least the current time in milliseconds.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pymongo import ReadPreference, ReturnDocument
from pymongo.errors import DuplicateKeyError, OperationFailure, PyMongoError
from pymongo.read_concern import ReadConcern

from ticketd.errors import LeaseLost
from ticketd.store.mongo_base import MAJORITY, MongoCollections
from ticketd.store.mongo_documents import utc
from ticketd.store.mongo_errors import driver_errors
from ticketd.store.records import Lease, LeaseStatus

__all__ = ["MongoLeases"]

T = TypeVar("T")

# A fenced write's transaction is tried again after a transient error (a
# write conflict with the holder's own lease renewal, a primary stepping
# down) at most this many times in all; each statement keeps the client's
# deadline.
TRANSACTION_ATTEMPTS = 3
_WRITE_CONFLICT = 112
_TRANSIENT = "TransientTransactionError"
_RETRYABLE = "RetryableWriteError"
_UNKNOWN_COMMIT = "UnknownTransactionCommitResult"


def _transient(exc: BaseException) -> bool:
    """An error after which the whole transaction may run again: labelled
    transient, or retryable (a primary stepping down, a lost connection;
    nothing of an uncommitted transaction stays)."""
    return isinstance(exc, PyMongoError) and (
        exc.has_error_label(_TRANSIENT) or exc.has_error_label(_RETRYABLE)
    )


def _write_conflict(exc: BaseException) -> bool:
    return isinstance(exc, OperationFailure) and exc.code == _WRITE_CONFLICT


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
        is still larger than any before, being the time in milliseconds, so a
        token never goes back.

        The update runs in a transaction of its own, so that it does not
        wait behind a fenced write's transaction that holds the document
        (a writer frozen while committing): such a conflict, like a
        concurrent acquirer's, is a lease held by someone else (None).
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
        async with self._db.client.start_session() as session:
            await session.start_transaction(
                write_concern=MAJORITY, read_preference=ReadPreference.PRIMARY
            )
            try:
                doc = await self._locks.find_one_and_update(
                    {"tenant_id": tenant_id, "$or": [{"owner": owner}, self._lease_expired()]},
                    update,
                    upsert=True,
                    return_document=ReturnDocument.AFTER,
                    session=session,
                )
            except BaseException as exc:
                await session.abort_transaction()
                if isinstance(exc, DuplicateKeyError) or _write_conflict(exc):
                    return None
                raise
            try:
                await _commit(session)
            except PyMongoError as exc:
                if _write_conflict(exc):
                    return None
                raise
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

    async def _fenced_transaction(
        self, tenant_id: str, fence: Lease | None, body: Callable[[Any], Awaitable[T]]
    ) -> T:
        """Run ``body(session)`` (its statements pass ``session``) in one
        transaction that commits only while ``fence`` is still the tenant's
        live lease (the module docstring says why that fences); without a
        fence, it is just one transaction. ``LeaseLost`` when the lease is
        gone: nothing ``body`` wrote is kept. A transient error (a conflict,
        a primary stepping down) runs ``body`` again, ``TRANSACTION_ATTEMPTS``
        times in all, so ``body`` must only read, write and compute."""
        async with self._db.client.start_session() as session:
            attempt = 0
            while True:
                attempt += 1
                await session.start_transaction(
                    read_concern=ReadConcern("snapshot"),
                    write_concern=MAJORITY,
                    read_preference=ReadPreference.PRIMARY,
                )
                try:
                    result = await body(session)
                    await self._hold_fence(tenant_id, fence, session)
                except BaseException as exc:
                    if session.in_transaction:
                        await session.abort_transaction()
                    if _transient(exc) and attempt < TRANSACTION_ATTEMPTS:
                        continue
                    raise
                try:
                    await _commit(session)
                except PyMongoError as exc:
                    if _transient(exc) and attempt < TRANSACTION_ATTEMPTS:
                        continue
                    raise
                return result

    async def _hold_fence(self, tenant_id: str, fence: Lease | None, session: Any) -> None:
        """The fencing statement, last in a fenced transaction: a change to
        the lock document (a counter; a write that changed nothing would
        not conflict with a takeover) that matches only ``fence``'s live
        lease."""
        if fence is None:
            return
        result = await self._locks.update_one(
            {
                "tenant_id": tenant_id,
                "owner": fence.owner,
                "token": fence.token,
                **self._lease_live(),
            },
            {"$inc": {"fenced_writes": 1}},
            session=session,
        )
        if result.matched_count == 0:
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


async def _commit(session: Any) -> None:
    """Commit, again when the outcome of the first try is unknown (a
    network error during the commit; committing twice is safe)."""
    for attempt in range(1, TRANSACTION_ATTEMPTS + 1):
        try:
            await session.commit_transaction()
            return
        except PyMongoError as exc:
            if exc.has_error_label(_UNKNOWN_COMMIT) and attempt < TRANSACTION_ATTEMPTS:
                continue
            raise
