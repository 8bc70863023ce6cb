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
the writer's. History lines and outbox entries are upserts keyed by the
change (``event``: ``change_event``, ``deletion_event``) and by the
idempotency key, so a record left by an older version's half-done write
is met, not duplicated (a duplicate-key error would abort the transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import bson
from pymongo import UpdateOne

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

        async def write(session: Any) -> ApplyResult:
            return await self._write_batch(
                tenant_id, incoming, job_id=job_id, progress=progress, session=session
            )

        return await self._fenced_transaction(tenant_id, fence, write)

    async def _write_batch(
        self,
        tenant_id: str,
        incoming: list[Ticket],
        *,
        job_id: str | None,
        progress: Callable[[ApplyResult], JobProgress] | None,
        session: Any,
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
        history_ops: list[UpdateOne] = []
        outbox_ops: list[UpdateOne] = []
        outbox_outcome: list[int] = []  # outbox op index -> outcome index
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
            history_ops.append(
                _insert_once(
                    history_document(
                        tenant_id, row.external_id, change.action, change.changes, job_id, now
                    ),
                    event=change_event(change.action, row.updated_at, change.changes),
                )
            )
            if change.notify:
                outbox_outcome.append(len(outcomes))
                key = idempotency_key(row)
                outbox_ops.append(
                    UpdateOne(
                        {"idempotency_key": key},
                        {
                            "$setOnInsert": _without(
                                outbox_document(
                                    row,
                                    idempotency_key=key,
                                    reason=notification_reason(row),
                                    now=now,
                                ),
                                "idempotency_key",
                            )
                        },
                        upsert=True,
                    )
                )
            outcomes.append(TicketOutcome.written(row.external_id, change, queued=change.notify))

        if outbox_ops:
            # An entry already queued (same idempotency key) is not queued again.
            written = await self._outbox.bulk_write(outbox_ops, ordered=False, session=session)
            for index, outcome_index in enumerate(outbox_outcome):
                if index not in written.upserted_ids:
                    outcomes[outcome_index] = attrs.evolve(
                        outcomes[outcome_index], notification_queued=False
                    )
        if history_ops:
            await self._history.bulk_write(history_ops, ordered=False, session=session)
        if ticket_ops:
            await self._tickets.bulk_write(ticket_ops, ordered=False, session=session)
        await self._apply_rollups(tenant_id, delta, session=session)
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
        async def delete(session: Any) -> int:
            return await self._delete_batch(tenant_id, external_ids, job_id, session)

        return await self._fenced_transaction(tenant_id, fence, delete)

    async def _delete_batch(
        self, tenant_id: str, external_ids: Sequence[str], job_id: str | None, session: Any
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
        await self._history.bulk_write(
            [
                _insert_once(
                    history_document(
                        tenant_id, doc["external_id"], "deleted", deleted, job_id, now
                    ),
                    event=deletion_event(doc),
                )
                for doc in sorted(docs, key=lambda doc: doc["external_id"])
            ],
            ordered=False,
            session=session,
        )
        result = await self._tickets.update_many(
            {**live, "external_id": {"$in": found}},
            {"$set": {"deleted_at": now}},
            session=session,
        )
        delta = RollupDelta()
        for doc in docs:
            delta.add(ticket_from_document(doc), -1)
        await self._apply_rollups(tenant_id, delta, session=session)
        return int(result.modified_count)


def _without(document: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key not in keys}


def _insert_once(record: dict[str, Any], *, event: str) -> UpdateOne:
    """An upsert that adds the history ``record`` unless the record of the
    same change (``event``) of the ticket is there."""
    key = {"tenant_id": record["tenant_id"], "external_id": record["external_id"], "event": event}
    return UpdateOne(
        key, {"$setOnInsert": _without(record, "tenant_id", "external_id")}, upsert=True
    )
