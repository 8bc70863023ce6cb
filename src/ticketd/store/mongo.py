"""The MongoDB backend of the Store (SPEC section 2), on PyMongo's native
asyncio API (``pymongo.AsyncMongoClient``).

One client per process, owned by the store built with ``from_url``; pool
settings (``maxPoolSize``, ``minPoolSize``, timeouts, ...) come from the URL's
options. The client is tz-aware in UTC and datetimes are stored at BSON's
millisecond precision (``ticketd.store.mongo_documents``).

Write ordering without transactions: ``apply_tickets`` writes the outbox
first, then history, then tickets. A crash in between leaves at worst a
duplicate history line, never a lost notification: the re-run plans the
same change again and its outbox insert hits the unique idempotency key,
which is tolerated. Fenced ticket writes carry the writer's lease token in
their filter (``ticketd.store.mongo_leases``), so a stale holder's write
matches nothing on a ticket a newer holder wrote; the history lines and
outbox entries it added for those tickets are removed again and the call
raises ``LeaseLost``. Jobs, leases and the outbox are in
``ticketd.store.mongo_operations``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import attrs
from bson import ObjectId
from pymongo import AsyncMongoClient, InsertOne, UpdateOne
from pymongo.errors import BulkWriteError, PyMongoError

from ticketd.clock import Clock
from ticketd.domain.changes import idempotency_key, notification_reason, plan_batch
from ticketd.domain.ticket import Ticket, format_datetime
from ticketd.errors import InvalidInput, LeaseLost, Unavailable
from ticketd.store.mongo_base import driver_errors_are_ours
from ticketd.store.mongo_documents import (
    history_document,
    history_from_document,
    outbox_document,
    ticket_at_millis,
    ticket_document,
    ticket_from_document,
    to_millis,
)
from ticketd.store.mongo_leases import FENCE_FIELD, fence_filter, fence_stamp
from ticketd.store.mongo_operations import MongoOperations
from ticketd.store.mongo_queries import (
    COLLECTION_INDEXES,
    TICKET_LIST_SORT,
    stats_from_facets,
    stats_pipeline,
    ticket_list_query,
)
from ticketd.store.records import (
    ApplyResult,
    HistoryRecord,
    Lease,
    TenantStats,
    TicketFilter,
    TicketOutcome,
    TicketPage,
)

__all__ = ["DEFAULT_DATABASE", "MongoStore", "database_name"]

DEFAULT_DATABASE = "ticketd"
_DUPLICATE_KEY = 11000


def database_name(url: str) -> str:
    """The database a ``mongodb://`` / ``mongodb+srv://`` URL names in its
    path, ``ticketd`` when it names none. Parsed without DNS look-ups (a
    ``+srv`` URL is resolved only when the client connects)."""
    path = unquote(urlsplit(url).path).strip("/")
    return path or DEFAULT_DATABASE


@driver_errors_are_ours
class MongoStore(MongoOperations):
    """The Store on a MongoDB database (any object with the
    ``pymongo.asynchronous`` database API).

    ``client``, when given, is owned: ``open`` connects it and ``close``
    closes it. Nothing does I/O before ``open``.
    """

    def __init__(self, database: Any, *, clock: Clock, client: Any = None) -> None:
        super().__init__(database, clock=clock)
        self._client = client
        self._closed = False

    @classmethod
    def from_url(cls, url: str, *, clock: Clock) -> MongoStore:
        """A store owning a new client for ``url``; no network I/O here."""
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
            url, tz_aware=True, tzinfo=UTC, appname="ticketd"
        )
        return cls(client.get_database(database_name(url)), clock=clock, client=client)

    @property
    def database(self) -> Any:
        """The database this store works on, for diagnostics such as
        ``explain()`` of its queries (``ticketd.store.mongo_queries``)."""
        return self._db

    # -- lifecycle -----------------------------------------------------------
    async def open(self) -> None:
        self._closed = False
        try:
            if self._client is not None:
                await self._client.aconnect()
            for name, indexes in COLLECTION_INDEXES.items():
                await self._db[name].create_indexes(indexes)
        except PyMongoError as exc:
            raise Unavailable(f"MongoDB: cannot open database {self._db.name!r}: {exc}") from exc

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._client is not None:
            await self._client.close()

    async def ping(self) -> None:
        try:
            await self._db.command("ping")
        except PyMongoError as exc:
            raise Unavailable(f"MongoDB does not answer: {exc}") from exc

    # -- tickets -------------------------------------------------------------
    async def apply_tickets(
        self,
        tenant_id: str,
        tickets: Sequence[Ticket],
        *,
        job_id: str | None,
        fence: Lease | None = None,
    ) -> ApplyResult:
        foreign = sorted({t.external_id for t in tickets if t.tenant_id != tenant_id})
        if foreign:
            raise InvalidInput(f"tickets {foreign[:5]} do not belong to tenant {tenant_id!r}")
        if not tickets:
            return ApplyResult(())
        await self._check_fence(tenant_id, fence)
        incoming = [ticket_at_millis(ticket) for ticket in tickets]
        ids = sorted({ticket.external_id for ticket in incoming})
        stored = await self._tickets.find(
            {"tenant_id": tenant_id, "external_id": {"$in": ids}}
        ).to_list(None)
        # Planned rows replace stored ones as we go, so a ticket repeated in
        # one batch is planned against its first copy, as in a transaction.
        current = {doc["external_id"]: ticket_from_document(doc) for doc in stored}
        now = to_millis(self._clock.now())

        outcomes: list[TicketOutcome] = []
        ticket_ops: list[UpdateOne] = []
        ticket_ids: list[str] = []  # external id of each ticket op
        history_docs: list[dict[str, Any]] = []
        outbox_docs: list[dict[str, Any]] = []
        outbox_outcome: list[int] = []  # outbox doc index -> outcome index
        fenced, stamp = fence_filter(fence), fence_stamp(fence)
        for external_id, change, row in plan_batch(current, incoming, now=now, job_id=job_id):
            if row is None:
                outcomes.append(TicketOutcome(external_id, "unchanged"))
                continue
            ticket_ids.append(row.external_id)
            ticket_ops.append(
                UpdateOne(
                    {"tenant_id": tenant_id, "external_id": row.external_id, **fenced},
                    {"$set": {**ticket_document(row), **stamp}},
                    upsert=True,
                )
            )
            history_docs.append(
                {
                    "_id": ObjectId(),
                    **history_document(
                        tenant_id, row.external_id, change.action, change.changes, job_id, now
                    ),
                }
            )
            if change.notify:
                outbox_outcome.append(len(outcomes))
                outbox_docs.append(
                    {
                        "_id": ObjectId(),
                        **outbox_document(
                            row,
                            idempotency_key=idempotency_key(row),
                            reason=notification_reason(row),
                            now=now,
                        ),
                    }
                )
            outcomes.append(
                TicketOutcome(row.external_id, change.action, tuple(change.changes), change.notify)
            )

        # Outbox, then history, then tickets: a crash in between leaves at
        # worst a duplicate history line, never a lost notification. The
        # ticket writes are fenced in their filters; what this call added
        # for a ticket whose write the fence refused is taken back before
        # LeaseLost is raised.
        duplicates = set(await self._insert_outbox([InsertOne(doc) for doc in outbox_docs]))
        for duplicate in duplicates:
            index = outbox_outcome[duplicate]
            outcomes[index] = attrs.evolve(outcomes[index], notification_queued=False)
        if history_docs:
            await self._history.bulk_write([InsertOne(doc) for doc in history_docs], ordered=True)
        refused = {ticket_ids[i] for i in await self._write_tickets(ticket_ops, fence)}
        if refused:
            await self._take_back(
                history=[doc["_id"] for doc in history_docs if doc["external_id"] in refused],
                outbox=[
                    doc["_id"]
                    for i, doc in enumerate(outbox_docs)
                    if doc["external_id"] in refused and i not in duplicates
                ],
            )
            raise LeaseLost(
                f"lease lost: a newer holder of the lease on {tenant_id} already wrote "
                f"{sorted(refused)[:5]}: write refused"
            )
        return ApplyResult(tuple(outcomes))

    async def _write_tickets(self, operations: list[UpdateOne], fence: Lease | None) -> list[int]:
        """Run the ticket upserts; returns the indexes the fence refused. A
        fenced upsert whose filter matches nothing tries to insert, and the
        unique (tenant_id, external_id) index refuses that insert when the
        ticket exists with a newer writer's stamp."""
        if not operations:
            return []
        try:
            await self._tickets.bulk_write(operations, ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if (
                fence is None
                or exc.details.get("writeConcernErrors")
                or any(error.get("code") != _DUPLICATE_KEY for error in errors)
            ):
                raise
            return sorted(error["index"] for error in errors)
        return []

    async def _take_back(self, *, history: list[Any], outbox: list[Any]) -> None:
        """Remove the history lines and not yet claimed outbox entries a
        refused write had added."""
        if history:
            await self._history.delete_many({"_id": {"$in": history}})
        if outbox:
            await self._outbox.delete_many(
                {"_id": {"$in": outbox}, "status": "pending", "claimed_by": None}
            )

    async def _insert_outbox(self, operations: list[InsertOne]) -> list[int]:
        """Insert outbox entries; returns the indexes of those already queued
        (duplicate idempotency key). Any other error propagates."""
        if not operations:
            return []
        try:
            await self._outbox.bulk_write(operations, ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if exc.details.get("writeConcernErrors") or any(
                error.get("code") != _DUPLICATE_KEY for error in errors
            ):
                raise
            return [error["index"] for error in errors]
        return []

    async def soft_delete(
        self,
        tenant_id: str,
        external_ids: Sequence[str],
        *,
        job_id: str | None,
        fence: Lease | None = None,
    ) -> int:
        if not external_ids:
            return 0
        await self._check_fence(tenant_id, fence)
        live = {"tenant_id": tenant_id, "deleted_at": None}
        docs = await self._tickets.find(
            {**live, "external_id": {"$in": sorted(set(external_ids))}},
            {"external_id": 1, "_id": 0},
        ).to_list(None)
        found = sorted(doc["external_id"] for doc in docs)
        if not found:
            return 0
        now = to_millis(self._clock.now())
        deleted = {"deleted_at": {"old": None, "new": format_datetime(now)}}
        history = {
            ext: {
                "_id": ObjectId(),
                **history_document(tenant_id, ext, "deleted", deleted, job_id, now),
            }
            for ext in found
        }
        await self._history.bulk_write([InsertOne(doc) for doc in history.values()], ordered=True)
        result = await self._tickets.update_many(
            {**live, "external_id": {"$in": found}, **fence_filter(fence)},
            {"$set": {"deleted_at": now, **fence_stamp(fence)}},
        )
        if fence is not None and result.modified_count < len(found):
            refused = await self._tickets.find(
                {
                    "tenant_id": tenant_id,
                    "external_id": {"$in": found},
                    FENCE_FIELD: {"$gt": fence.token},
                },
                {"external_id": 1, "_id": 0},
            ).to_list(None)
            if refused:
                refused_ids = sorted(doc["external_id"] for doc in refused)
                await self._take_back(
                    history=[history[ext]["_id"] for ext in refused_ids], outbox=[]
                )
                raise LeaseLost(
                    f"lease lost: a newer holder of the lease on {tenant_id} already wrote "
                    f"{refused_ids[:5]}: deletion refused"
                )
        return int(result.modified_count)

    async def live_external_ids(self, tenant_id: str) -> set[str]:
        docs = await self._tickets.find(
            {"tenant_id": tenant_id, "deleted_at": None}, {"external_id": 1, "_id": 0}
        ).to_list(None)
        return {doc["external_id"] for doc in docs}

    async def get_ticket(self, tenant_id: str, external_id: str) -> Ticket | None:
        doc = await self._tickets.find_one(
            {"tenant_id": tenant_id, "external_id": external_id, "deleted_at": None}
        )
        return None if doc is None else ticket_from_document(doc)

    async def list_tickets(
        self, tenant_id: str, filters: TicketFilter, *, page: int, page_size: int
    ) -> TicketPage:
        if page < 1 or page_size < 1:
            # A zero limit means "no limit" to MongoDB: never let it through.
            raise InvalidInput("page and page_size must be at least 1")
        query = ticket_list_query(tenant_id, filters)
        docs = (
            await self._tickets.find(query)
            .sort(TICKET_LIST_SORT)
            .skip((page - 1) * page_size)
            .limit(page_size)
            .to_list(None)
        )
        total = await self._tickets.count_documents(query)
        return TicketPage(tuple(ticket_from_document(doc) for doc in docs), total)

    async def ticket_history(
        self, tenant_id: str, external_id: str, *, limit: int
    ) -> list[HistoryRecord]:
        if limit < 1:
            return []
        docs = (
            await self._history.find({"tenant_id": tenant_id, "external_id": external_id})
            .sort([("recorded_at", -1), ("_id", -1)])
            .limit(limit)
            .to_list(None)
        )
        return [history_from_document(doc) for doc in docs]

    async def list_tenants(self) -> list[str]:
        return sorted(await self._tickets.distinct("tenant_id"))

    async def tenant_stats(
        self, tenant_id: str, *, from_date: datetime | None, to_date: datetime | None
    ) -> TenantStats:
        now = self._clock.now()
        end = to_millis(to_date if to_date is not None else now)
        start = None if from_date is None else to_millis(from_date)
        cursor = await self._tickets.aggregate(stats_pipeline(tenant_id, start, end))
        (facets,) = await cursor.to_list(None)
        return stats_from_facets(
            facets,
            tenant_id=tenant_id,
            from_date=from_date,
            to_date=to_date if to_date is not None else now,
            generated_at=now,
        )
