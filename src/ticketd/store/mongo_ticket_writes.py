"""The write side of the MongoDB backend's tickets: ``apply_tickets`` and
``soft_delete``, with their history lines, outbox entries and rollups.

No document can exceed MongoDB's 16 MB: history keeps long text values
truncated with their length and hash (``mongo_documents``), ingestion
refuses oversize tickets (``ProviderTicket.from_provider``, counted in the
run's errors), and a ticket document over the limit that still reaches
``apply_tickets`` is refused before anything of its batch is written.

Write ordering without transactions: ``apply_tickets`` writes the outbox
first, then history, then tickets (then rollups and the run's progress).
A crash or a failed write in between
loses nothing and duplicates nothing: the re-run plans the same change
again, its outbox insert hits the unique idempotency key (tolerated) and
its history record carries a key of the change (``event``, unique per
ticket: ``change_event``; for a deletion, the deleted state), which meets
the record of the first attempt. Fenced ticket writes carry the writer's
lease token in their filter (``ticketd.store.mongo_leases``), so a stale
holder's write matches nothing on a ticket a newer holder wrote; the
history lines and outbox entries it added for those tickets are removed
again and the call raises ``LeaseLost``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import bson
from bson import ObjectId
from pymongo import InsertOne, UpdateOne
from pymongo.errors import BulkWriteError, PyMongoError

from ticketd.domain.changes import idempotency_key, notification_reason, plan_batch
from ticketd.domain.rollups import RollupDelta
from ticketd.domain.ticket import Ticket, format_datetime
from ticketd.errors import InvalidInput, LeaseLost
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
from ticketd.store.mongo_leases import FENCE_FIELD, MongoLeases, fence_filter, fence_stamp
from ticketd.store.mongo_stats import MongoStats
from ticketd.store.records import ApplyResult, JobProgress, Lease, TicketOutcome

log = logging.getLogger(__name__)

__all__ = ["MAX_TICKET_DOCUMENT_BYTES", "MongoTicketWrites"]

# A ticket document's budget under the 16 MB BSON limit, leaving room for
# the update statement around it.
MAX_TICKET_DOCUMENT_BYTES = 15 * 1024 * 1024
_DUPLICATE_KEY = 11000


class MongoTicketWrites(MongoStats, MongoLeases, MongoJobs):
    """Ticket write hooks of the Store (the fence check is
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
        replaced: list[tuple[Ticket | None, Ticket]] = []  # (old, new) of each ticket op
        planned = plan_batch(current, incoming, now=now, job_id=job_id)
        for external_id, change, row, previous in planned:
            if row is None:
                outcomes.append(TicketOutcome(external_id, "unchanged"))
                continue
            document = ticket_document(row)
            if len(bson.encode(document)) > MAX_TICKET_DOCUMENT_BYTES:
                raise InvalidInput(
                    f"ticket {row.external_id!r} of {tenant_id!r} is over "
                    f"{MAX_TICKET_DOCUMENT_BYTES} bytes as a document: batch refused"
                )
            replaced.append((previous, row))
            ticket_ids.append(row.external_id)
            ticket_ops.append(
                UpdateOne(
                    {"tenant_id": tenant_id, "external_id": row.external_id, **fenced},
                    {"$set": {**document, **stamp}},
                    upsert=True,
                )
            )
            history_docs.append(
                {
                    "_id": ObjectId(),
                    **history_document(
                        tenant_id, row.external_id, change.action, change.changes, job_id, now
                    ),
                    "event": change_event(change.action, row.updated_at, change.changes),
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
            outcomes.append(TicketOutcome.written(row.external_id, change, queued=change.notify))

        # Outbox, then history, then tickets (see the module docstring). The
        # ticket writes are fenced in their filters; what this call added
        # for a ticket whose write the fence refused is taken back before
        # LeaseLost is raised.
        duplicates = set(await self._insert_new(self._outbox, outbox_docs))
        for duplicate in duplicates:
            index = outbox_outcome[duplicate]
            outcomes[index] = attrs.evolve(outcomes[index], notification_queued=False)
        recorded = set(await self._insert_new(self._history, history_docs))
        refused_ops = set(await self._write_tickets(ticket_ops, fence))
        refused = {ticket_ids[i] for i in refused_ops}
        if refused:
            await self._take_back(
                history=[
                    doc["_id"]
                    for i, doc in enumerate(history_docs)
                    if doc["external_id"] in refused and i not in recorded
                ],
                outbox=[
                    doc["_id"]
                    for i, doc in enumerate(outbox_docs)
                    if doc["external_id"] in refused and i not in duplicates
                ],
            )
        # The rollups follow exactly the ticket writes the fence let through
        # (after the take-back, which must follow the refused write at once).
        delta = RollupDelta()
        for index, (old, new) in enumerate(replaced):
            if index not in refused_ops:
                delta.replace(old, new)
        await self._apply_rollups(tenant_id, delta)
        if refused:
            raise LeaseLost(
                f"lease lost: a newer holder of the lease on {tenant_id} already wrote "
                f"{sorted(refused)[:5]}: write refused"
            )
        result = ApplyResult(tuple(outcomes))
        if progress is None:
            return result
        # Without a transaction, the job's progress is the call's last write:
        # a crash before it leaves the progress a page behind the tickets,
        # never ahead of them.
        # The tickets are stored: a failure of this write leaves the progress
        # a page behind (the next page's write records it), not the page
        # uncounted by the run.
        step = progress(result)
        try:
            cancel = await self._update_job(
                step.job_id,
                total_pages=step.total_pages,
                processed_pages=step.processed_pages,
                metrics=step.metrics,
            )
        except PyMongoError as exc:
            log.warning(
                "page stored; its progress was not recorded",
                extra={"job_id": step.job_id, "error": str(exc)},
            )
            return result
        return ApplyResult(result.outcomes, cancel_requested=cancel)

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

    async def _insert_new(self, collection: Any, documents: list[dict[str, Any]]) -> list[int]:
        """Insert documents; returns the indexes of those already there (a
        duplicate key: the outbox's idempotency key, a history record's
        event). Any other error propagates."""
        if not documents:
            return []
        try:
            await collection.bulk_write([InsertOne(doc) for doc in documents], ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if exc.details.get("writeConcernErrors") or any(
                error.get("code") != _DUPLICATE_KEY for error in errors
            ):
                raise
            return [error["index"] for error in errors]
        return []

    @driver_errors
    async def _soft_delete(
        self,
        tenant_id: str,
        external_ids: Sequence[str],
        *,
        job_id: str | None,
        fence: Lease | None,
    ) -> int:
        await self._check_fence(tenant_id, fence)
        live = {"tenant_id": tenant_id, "deleted_at": None}
        docs = await self._tickets.find(
            {**live, "external_id": {"$in": sorted(external_ids)}}
        ).to_list(None)
        if not docs:
            return 0
        rows = {doc["external_id"]: ticket_from_document(doc) for doc in docs}
        found = sorted(doc["external_id"] for doc in docs)
        now = to_millis(self._clock.now())
        deleted = {"deleted_at": {"old": None, "new": format_datetime(now)}}
        # One history record per deleted *state* of a ticket (its
        # ``event``, unique per ticket): a repeated or retried call (say,
        # after the ticket update below failed) meets the record of its
        # first attempt and adds none.
        history = {
            doc["external_id"]: {
                "_id": ObjectId(),
                **history_document(tenant_id, doc["external_id"], "deleted", deleted, job_id, now),
                "event": deletion_event(doc),
            }
            for doc in sorted(docs, key=lambda doc: doc["external_id"])
        }
        records = list(history.values())
        recorded = set(await self._insert_new(self._history, records))
        added = {
            doc["external_id"]: doc["_id"] for i, doc in enumerate(records) if i not in recorded
        }
        result = await self._tickets.update_many(
            {**live, "external_id": {"$in": found}, **fence_filter(fence)},
            {"$set": {"deleted_at": now, **fence_stamp(fence)}},
        )
        refused_ids: list[str] = []
        if fence is not None and result.modified_count < len(found):
            refused = await self._tickets.find(
                {
                    "tenant_id": tenant_id,
                    "external_id": {"$in": found},
                    FENCE_FIELD: {"$gt": fence.token},
                },
                {"external_id": 1, "_id": 0},
            ).to_list(None)
            refused_ids = sorted(doc["external_id"] for doc in refused)
        if refused_ids:
            await self._take_back(
                history=[added[ext] for ext in refused_ids if ext in added], outbox=[]
            )
        delta = RollupDelta()
        for ext in set(found) - set(refused_ids):
            delta.add(rows[ext], -1)
        await self._apply_rollups(tenant_id, delta)
        if refused_ids:
            raise LeaseLost(
                f"lease lost: a newer holder of the lease on {tenant_id} already wrote "
                f"{refused_ids[:5]}: deletion refused"
            )
        return int(result.modified_count)
