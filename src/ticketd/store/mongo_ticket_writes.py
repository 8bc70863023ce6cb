"""The write side of the MongoDB backend's tickets: ``apply_tickets`` and
``soft_delete``, with their history lines, outbox entries and rollups.

No document can exceed MongoDB's 16 MB: history keeps long text values
truncated with their length and hash (``mongo_documents``), ingestion
refuses oversize tickets (``ProviderTicket.from_provider``, counted in the
run's errors), and a ticket document over the limit that still reaches
``apply_tickets`` is refused before anything of its batch is written.

Each call is one multi-document transaction, fenced by the writer's lease
(``ticketd.store.mongo_leases``): the planning read, the outbox entries,
history lines, tickets, rollups and, for a page of a run, the job's
progress commit together or not at all, and only while the lease is still
the writer's. A writer killed or frozen mid-way leaves nothing.

History lines and outbox entries have unique keys: the change (``event``:
``change_event``, ``deletion_event``) and the idempotency key. They are
inserted; a key already there (an entry queued for the same urgent episode
before, or a record left by a half-done write of a version without
transactions) aborts the transaction with a duplicate-key error, and the
call runs it again once, reading first which keys are there and inserting
only the others (``_careful``). Upserts would do it in one pass but cost
several times more per record on the server the tests run on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import attrs
import bson
from pymongo import UpdateOne
from pymongo.errors import BulkWriteError

from ticketd.domain.changes import idempotency_key, notification_reason, plan_batch
from ticketd.domain.rollups import RollupDelta
from ticketd.domain.ticket import Ticket, format_datetime
from ticketd.errors import InvalidInput
from ticketd.store.mongo_documents import (
    change_event,
    deletion_event,
    history_document,
    outbox_document,
    ticket_at_millis,
    ticket_document,
    ticket_from_document,
    to_millis,
)
from ticketd.store.mongo_errors import driver_errors
from ticketd.store.mongo_jobs import MongoJobs
from ticketd.store.mongo_leases import MongoLeases
from ticketd.store.mongo_stats import MongoStats
from ticketd.store.records import ApplyResult, JobProgress, Lease, TicketOutcome

__all__ = ["MAX_TICKET_DOCUMENT_BYTES", "MongoTicketWrites"]

# A ticket document's budget under the 16 MB BSON limit, leaving room for
# the update statement around it.
MAX_TICKET_DOCUMENT_BYTES = 15 * 1024 * 1024
_DUPLICATE_KEY = 11000
T = TypeVar("T")


class MongoTicketWrites(MongoStats, MongoLeases, MongoJobs):
    """Ticket write hooks of the Store (the fenced transaction is
    ``MongoLeases``'s, the rollup writes ``MongoStats``'s)."""

    @driver_errors
    async def _apply_tickets(
        self,
        tenant_id: str,
        tickets: Sequence[Ticket],
        *,
        job_id: str | None,
        fence: Lease | None,
        progress: Callable[[ApplyResult], JobProgress] | None = None,
    ) -> ApplyResult:
        incoming = [ticket_at_millis(ticket) for ticket in tickets]

        async def write(session: Any, careful: bool) -> ApplyResult:
            return await self._write_batch(
                tenant_id,
                incoming,
                job_id=job_id,
                progress=progress,
                session=session,
                careful=careful,
            )

        return await self._careful(tenant_id, fence, write, what=f"a write of {tenant_id}")

    async def _careful(
        self,
        tenant_id: str,
        fence: Lease | None,
        write: Callable[[Any, bool], Awaitable[T]],
        *,
        what: str,
    ) -> T:
        """``write`` in a fenced transaction, and again reading the unique
        keys first if a key was there already (the module docstring)."""
        try:
            return await self._fenced_transaction(
                tenant_id, fence, lambda session: write(session, False), what=what
            )
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if not errors or any(error.get("code") != _DUPLICATE_KEY for error in errors):
                raise
        return await self._fenced_transaction(
            tenant_id, fence, lambda session: write(session, True), what=what
        )

    async def _write_batch(
        self,
        tenant_id: str,
        incoming: list[Ticket],
        *,
        job_id: str | None,
        progress: Callable[[ApplyResult], JobProgress] | None,
        session: Any,
        careful: bool,
    ) -> ApplyResult:
        """The statements of ``apply_tickets``, inside its transaction."""
        ids = sorted({ticket.external_id for ticket in incoming})
        stored = await self._tickets.find(
            {"tenant_id": tenant_id, "external_id": {"$in": ids}}, session=session
        ).to_list(None)
        # Planned rows replace stored ones as we go, so a ticket repeated in
        # one batch is planned against its first copy.
        current = {doc["external_id"]: ticket_from_document(doc) for doc in stored}
        now = to_millis(self._clock.now())

        outcomes: list[TicketOutcome] = []
        ticket_ops: list[UpdateOne] = []
        history_docs: list[dict[str, Any]] = []
        outbox_docs: list[dict[str, Any]] = []
        outbox_outcome: list[int] = []  # outbox doc index -> outcome index
        delta = RollupDelta()
        for external_id, change, row, previous in plan_batch(
            current, incoming, now=now, job_id=job_id
        ):
            if row is None:
                outcomes.append(TicketOutcome(external_id, "unchanged"))
                continue
            document = ticket_document(row)
            if len(bson.encode(document)) > MAX_TICKET_DOCUMENT_BYTES:
                raise InvalidInput(  # aborts the transaction: nothing of the batch is written
                    f"ticket {row.external_id!r} of {tenant_id!r} is over "
                    f"{MAX_TICKET_DOCUMENT_BYTES} bytes as a document: batch refused"
                )
            delta.replace(previous, row)
            ticket_ops.append(
                UpdateOne(
                    {"tenant_id": tenant_id, "external_id": row.external_id},
                    {"$set": document},
                    upsert=True,
                )
            )
            history_docs.append(
                {
                    **history_document(
                        tenant_id, row.external_id, change.action, change.changes, job_id, now
                    ),
                    "event": change_event(change.action, row.updated_at, change.changes),
                }
            )
            if change.notify:
                outbox_outcome.append(len(outcomes))
                outbox_docs.append(
                    outbox_document(
                        row,
                        idempotency_key=idempotency_key(row),
                        reason=notification_reason(row),
                        now=now,
                    )
                )
            outcomes.append(TicketOutcome.written(row.external_id, change, queued=change.notify))

        # An entry already queued (same idempotency key) is not queued again.
        queued = await self._insert_absent(self._outbox, outbox_docs, session, careful)
        for index, outcome_index in enumerate(outbox_outcome):
            if index not in queued:
                outcomes[outcome_index] = attrs.evolve(
                    outcomes[outcome_index], notification_queued=False
                )
        await self._insert_absent(self._history, history_docs, session, careful)
        if ticket_ops:
            await self._tickets.bulk_write(ticket_ops, ordered=False, session=session)
        await self._apply_rollups(tenant_id, delta, session)
        result = ApplyResult(tuple(outcomes))
        if progress is None:
            return result
        step = progress(result)
        cancel = await self._record_progress(
            step.job_id,
            total_pages=step.total_pages,
            processed_pages=step.processed_pages,
            metrics=step.metrics,
            session=session,
        )
        return ApplyResult(result.outcomes, cancel_requested=cancel)

    @driver_errors
    async def _soft_delete(
        self,
        tenant_id: str,
        external_ids: Sequence[str],
        *,
        job_id: str | None,
        fence: Lease | None,
    ) -> int:
        async def delete(session: Any, careful: bool) -> int:
            return await self._delete_batch(tenant_id, external_ids, job_id, session, careful)

        return await self._careful(tenant_id, fence, delete, what=f"a deletion in {tenant_id}")

    async def _delete_batch(
        self,
        tenant_id: str,
        external_ids: Sequence[str],
        job_id: str | None,
        session: Any,
        careful: bool,
    ) -> int:
        """The statements of ``soft_delete``, inside its transaction."""
        live = {"tenant_id": tenant_id, "deleted_at": None}
        docs = await self._tickets.find(
            {**live, "external_id": {"$in": sorted(external_ids)}}, session=session
        ).to_list(None)
        if not docs:
            return 0
        found = sorted(doc["external_id"] for doc in docs)
        now = to_millis(self._clock.now())
        deleted = {"deleted_at": {"old": None, "new": format_datetime(now)}}
        # One history record per deleted *state* of a ticket (its
        # ``event``): deleting that state again finds the record there.
        records = [
            {
                **history_document(tenant_id, doc["external_id"], "deleted", deleted, job_id, now),
                "event": deletion_event(doc),
            }
            for doc in sorted(docs, key=lambda doc: doc["external_id"])
        ]
        await self._insert_absent(self._history, records, session, careful)
        result = await self._tickets.update_many(
            {**live, "external_id": {"$in": found}},
            {"$set": {"deleted_at": now}},
            session=session,
        )
        delta = RollupDelta()
        for doc in docs:
            delta.add(ticket_from_document(doc), -1)
        await self._apply_rollups(tenant_id, delta, session)
        return int(result.modified_count)

    async def _insert_absent(
        self, collection: Any, documents: list[dict[str, Any]], session: Any, careful: bool
    ) -> set[int]:
        """Insert history records or outbox entries in the transaction;
        returns the indexes inserted (the first of each key in the batch).
        Not ``careful``: a key already there raises ``BulkWriteError`` (the
        transaction is aborted). ``careful``: those whose key is not there
        yet (one read, on the indexes of the unique keys)."""
        if not documents:
            return set()
        # One per unique key: a ticket that went high twice in one batch
        # queues its episode once.
        firsts: dict[tuple[Any, ...], int] = {}
        for index, doc in enumerate(documents):
            firsts.setdefault(_unique_key(doc), index)
        absent = set(firsts.values())
        if careful:
            if collection is self._outbox:
                query: dict[str, Any] = {
                    "idempotency_key": {"$in": [doc["idempotency_key"] for doc in documents]}
                }
                fields = {"idempotency_key": 1, "_id": 0}
            else:
                query = {
                    "tenant_id": documents[0]["tenant_id"],
                    "external_id": {"$in": sorted({doc["external_id"] for doc in documents})},
                    "event": {"$in": sorted({doc["event"] for doc in documents})},
                }
                fields = {"external_id": 1, "event": 1, "_id": 0}
            found = await collection.find(query, fields, session=session).to_list(None)
            there = {_unique_key(doc) for doc in found}
            absent = {i for i in absent if _unique_key(documents[i]) not in there}
        if absent:
            await collection.insert_many(
                [documents[i] for i in sorted(absent)], ordered=False, session=session
            )
        return absent


def _unique_key(document: dict[str, Any]) -> tuple[Any, ...]:
    """The unique key of a history record or an outbox entry."""
    if "idempotency_key" in document:
        return (document["idempotency_key"],)
    return (document["external_id"], document["event"])
