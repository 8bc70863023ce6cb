"""Tenant leases of the MongoDB backend: acquire-or-refresh in one atomic
upsert, renewal and release by the holder only, and the fence of ticket
writes.

The fence is the tenant's lock document itself. A fenced write (a page of
tickets, a deletion) is one multi-document transaction whose first
statement changes the lock document (a counter), on the condition that the
writer's lease (owner, token, unexpired) is still there (``_hold_fence``);
then come the write's own statements, then the commit. A takeover changes
the same document, so the two cannot both commit: a takeover committed
first leaves the write's first statement matching nothing (``LeaseLost``,
nothing written); a takeover while the write is open would wait for it (or
conflict), and so the taker first ends the old holder's open transaction
(below). Whatever the point where a writer was frozen or killed, nothing it
sends after losing its lease is ever visible. The holder's own renewals
wait for its write in progress, at most one page, as on SQLite.

Ending the old holder's transactions: the fenced writes of one lease run
in one client session (``_LeaseSession``), whose logical session id
(``lsid``) is stored in the lock document when the lease is taken. A
replica taking over an expired lease first ends that session's open
transaction (``killSessions``, ``ticketd.store.mongo_transactions``), so a
holder killed with ``kill -9`` or frozen inside a transaction blocks its
tenant for one lease TTL, not until the server's transaction lifetime
limit. The sweep of orphaned jobs does the same before it marks their jobs
interrupted (``mongo_jobs``). A write that still meets a transaction runs
again for at most ``_conflict_bound`` (never past the lease TTL, never the
client deadline), then fails as ``Unavailable``; a takeover that still
meets one fails after the client deadline, and its next try ends the old
session again.

A session whose lease was lost is never given back to the driver's pool:
its id stays in the lock document until the next holder ends it, and a
pooled session could by then carry another tenant's transaction.

Transactions need a replica set or a sharded cluster (a one-node replica
set will do); ``MongoStore.open`` refuses a standalone ``mongod``.

Tokens never restart, even after the TTL index removed a lock document: a
new acquisition takes at least the current time in milliseconds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import attrs
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError, PyMongoError

from ticketd.errors import LeaseLost, Unavailable
from ticketd.store.mongo_base import MongoCollections
from ticketd.store.mongo_documents import utc
from ticketd.store.mongo_errors import describe_error, driver_errors
from ticketd.store.mongo_transactions import end_session_transactions, run_transaction
from ticketd.store.records import Lease, LeaseStatus

__all__ = ["MongoLeases"]

T = TypeVar("T")


@attrs.define(eq=False)
class _LeaseSession:
    """The client session every fenced write of one lease runs in, one
    write at a time (``lock``)."""

    session: Any  # AsyncClientSession; its id is the lock document's ``lsid``
    token: int  # the lease's token
    ttl_seconds: float | None  # the lease's TTL, when this store took it
    lock: asyncio.Lock = attrs.field(factory=asyncio.Lock)

    @property
    def lsid(self) -> dict[str, Any]:
        return dict(self.session.session_id)


class MongoLeases(MongoCollections):
    """Lease hooks of the Store (``StoreContract``) and the fenced
    transaction of ticket writes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (tenant, owner) -> the session of that lease's fenced writes
        self._lease_sessions: dict[tuple[str, str], _LeaseSession] = {}

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
        is still larger than any before, being the time in milliseconds.

        Before it, the open transaction of an expired holder is ended (the
        module docstring), and the update stores the id of the session this
        lease's writes will run in. Each operation keeps the client's
        deadline (a bound tied to the lease TTL would fail ordinary
        takeovers of short leases on a loaded server).
        """
        held = self._lease_sessions.get((tenant_id, owner))
        lease_session = held or _LeaseSession(self._db.client.start_session(), 0, ttl_seconds)
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
                    "lsid": {"$literal": lease_session.lsid},
                }
            }
        ]
        doc = None
        try:
            await self._end_expired_transactions(tenant_id, owner)
            doc = await self._locks.find_one_and_update(
                {"tenant_id": tenant_id, "$or": [{"owner": owner}, self._lease_expired()]},
                update,
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:
            return None
        except PyMongoError as exc:
            if exc.timeout:
                raise Unavailable(
                    f"MongoDB: taking the lease on {tenant_id} timed out (the client "
                    f"deadline; an open transaction of another client may hold its lock "
                    f"document, and the next try ends it again): {describe_error(exc)}"
                ) from exc
            raise
        finally:
            if doc is None and held is None:
                await lease_session.session.end_session()  # never used: back to the pool
        lease_session.token = int(doc["token"])
        lease_session.ttl_seconds = ttl_seconds
        self._lease_sessions[(tenant_id, owner)] = lease_session
        return Lease(tenant_id, doc["owner"], int(doc["token"]), utc(doc["expires_at"]))

    async def _end_expired_transactions(self, tenant_id: str, owner: str) -> None:
        """End the open transaction of the tenant's expired holder, if it
        was another owner that stored its session id (the module
        docstring); its writes can then never commit, and nothing it held
        blocks the next holder."""
        stale = await self._locks.find_one(
            {
                "tenant_id": tenant_id,
                "owner": {"$nin": [None, owner]},
                "lsid": {"$ne": None},
                **self._lease_expired(),
            },
            {"lsid": 1},
        )
        if stale is not None:
            await end_session_transactions(self._db.client, [stale["lsid"]])

    @driver_errors
    async def _renew_lease(self, fence: Lease, ttl_seconds: float) -> Lease:
        """Extend ``fence`` by ``ttl_seconds`` from now if it is still the
        tenant's live lease (same owner and token, unexpired): one
        conditional update. Anything else raises ``LeaseLost``: a renewal
        never acquires. It waits for the holder's own write in progress,
        which holds the lock document (the module docstring)."""
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
            self._drop_lease_session(fence.tenant_id, fence.owner)
            raise LeaseLost(
                f"lease lost: the lease on {fence.tenant_id} (token {fence.token}) "
                f"is no longer {fence.owner}'s"
            )
        held = self._lease_sessions.get((fence.tenant_id, fence.owner))
        if held is not None:
            held.ttl_seconds = ttl_seconds
        return Lease(fence.tenant_id, doc["owner"], int(doc["token"]), utc(doc["expires_at"]))

    @driver_errors
    async def _release_lease(self, tenant_id: str, owner: str) -> bool:
        """Only a live lease is held and can be released. The document stays
        (owner and session id cleared, expired now) so its token keeps
        growing; the lease's session goes back to the driver's pool (only
        then: a session whose id stays with an expired lease is dropped)."""
        now = self._lease_now()
        held = self._lease_sessions.pop((tenant_id, owner), None)
        if held is not None:
            async with held.lock:  # a write of the lease still running ends first
                pass
        result = await self._locks.update_one(
            {"tenant_id": tenant_id, "owner": owner, **self._lease_live()},
            [
                {
                    "$set": {
                        "owner": None,
                        "expires_at": now,
                        "server_touched_at": "$$NOW",
                        "lsid": None,
                    }
                }
            ],
        )
        if held is not None and result.modified_count == 1:
            await held.session.end_session()
        return result.modified_count == 1

    def _drop_lease_session(self, tenant_id: str, owner: str) -> None:
        """Forget the session of a lost lease without giving it back to the
        driver's pool (the module docstring says why)."""
        self._lease_sessions.pop((tenant_id, owner), None)

    async def _close_lease_sessions(self) -> None:
        """End the sessions of every lease still held (the store closes)."""
        held, self._lease_sessions = list(self._lease_sessions.values()), {}
        for lease_session in held:
            await lease_session.session.end_session()

    async def _session_of(self, fence: Lease) -> _LeaseSession:
        """The session of ``fence``'s writes: the one this store took the
        lease with, or (a lease taken by another store of this owner) a new
        one whose id is stored in the lock document first, while the lease
        is still ``fence``; otherwise ``LeaseLost``."""
        key = (fence.tenant_id, fence.owner)
        held = self._lease_sessions.get(key)
        if held is not None and held.token == fence.token:
            return held
        self._lease_sessions.pop(key, None)
        lease_session = _LeaseSession(self._db.client.start_session(), fence.token, None)
        try:
            bound = await self._locks.update_one(
                {
                    "tenant_id": fence.tenant_id,
                    "owner": fence.owner,
                    "token": fence.token,
                    **self._lease_live(),
                },
                {"$set": {"lsid": lease_session.lsid}},
            )
        except BaseException:
            await asyncio.shield(lease_session.session.end_session())
            raise
        if bound.matched_count == 0:
            await lease_session.session.end_session()
            raise _lost(fence)
        self._lease_sessions[key] = lease_session
        return lease_session

    async def _fenced_transaction(
        self,
        tenant_id: str,
        fence: Lease | None,
        body: Callable[[Any], Awaitable[T]],
        *,
        what: str,
    ) -> T:
        """Run ``body(session)`` (its statements pass ``session``) in one
        transaction that commits only while ``fence`` is still the tenant's
        live lease (the module docstring says why that fences); without a
        fence, it is just one transaction. ``LeaseLost`` when the lease is
        gone: nothing ``body`` wrote is kept. A conflict with another
        transaction runs ``body`` again, within ``_conflict_bound``, so
        ``body`` must only read, write and compute."""
        if fence is None:
            async with self._db.client.start_session() as session:
                return await run_transaction(
                    session,
                    body,
                    bound_seconds=self._conflict_bound(None),
                    deadline_seconds=self._timeout_seconds,
                    what=what,
                )
        lease_session = await self._session_of(fence)

        async def fenced(session: Any) -> T:
            await self._hold_fence(fence, session)
            return await body(session)

        async with lease_session.lock:
            try:
                return await run_transaction(
                    lease_session.session,
                    fenced,
                    bound_seconds=self._conflict_bound(lease_session.ttl_seconds),
                    deadline_seconds=self._timeout_seconds,
                    what=what,
                )
            except LeaseLost:
                self._drop_lease_session(fence.tenant_id, fence.owner)
                raise

    async def _hold_fence(self, fence: Lease, session: Any) -> None:
        """The fencing statement, first in a fenced transaction: a change
        to the lock document (a counter; a write that changed nothing would
        not conflict with a takeover) that matches only while it is still
        ``fence``'s live lease."""
        held = await self._locks.update_one(
            {
                "tenant_id": fence.tenant_id,
                "owner": fence.owner,
                "token": fence.token,
                **self._lease_live(),
            },
            {"$inc": {"fenced_writes": 1}},
            session=session,
        )
        if held.matched_count == 0:
            raise _lost(fence)

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


def _lost(fence: Lease) -> LeaseLost:
    return LeaseLost(
        f"lease lost: the lease on {fence.tenant_id} is no longer {fence.owner}'s: write refused"
    )
