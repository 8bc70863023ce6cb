"""The read side of the MongoDB backend's tickets: the API's queries
(lists, one ticket, history, tenants, stats), which follow the URL's read
preference, and the live ids that plan a deletion, read from the primary
(``ticketd.store.mongo_base`` says why)."""

from __future__ import annotations

from ticketd.domain.ticket import Ticket
from ticketd.store.mongo_base import MongoCollections
from ticketd.store.mongo_documents import history_from_document, ticket_from_document
from ticketd.store.mongo_errors import driver_errors
from ticketd.store.mongo_queries import (
    HISTORY_SORT,
    TICKET_LIST_SORT,
    ticket_after_queries,
    ticket_list_query,
)
from ticketd.store.records import HistoryRecord, TicketFilter, TicketKey, TicketPage

__all__ = ["MongoTicketReads"]


class MongoTicketReads(MongoCollections):
    """Ticket read hooks of the Store (``StoreContract``)."""

    @driver_errors
    async def _live_external_ids(self, tenant_id: str) -> set[str]:
        # Plans deletions: read from the primary (``_tickets``).
        docs = await self._tickets.find(
            {"tenant_id": tenant_id, "deleted_at": None}, {"external_id": 1, "_id": 0}
        ).to_list(None)
        return {doc["external_id"] for doc in docs}

    @driver_errors
    async def _get_ticket(self, tenant_id: str, external_id: str) -> Ticket | None:
        doc = await self._tickets_read.find_one(
            {"tenant_id": tenant_id, "external_id": external_id, "deleted_at": None}
        )
        return None if doc is None else ticket_from_document(doc)

    @driver_errors
    async def _list_tickets(
        self,
        tenant_id: str,
        filters: TicketFilter,
        *,
        page: int,
        page_size: int,
        after: TicketKey | None,
    ) -> TicketPage:
        query = ticket_list_query(tenant_id, filters)
        skip = (page - 1) * page_size
        if after is None:
            docs = (
                await self._tickets_read.find(query)
                .sort(TICKET_LIST_SORT)
                .skip(skip)
                .limit(page_size)
                .to_list(None)
            )
        else:
            docs = []
            for part in ticket_after_queries(query, after):
                wanted = skip + page_size - len(docs)
                if wanted <= 0:
                    break
                docs += (
                    await self._tickets_read.find(part)
                    .sort(TICKET_LIST_SORT)
                    .limit(wanted)
                    .to_list(None)
                )
            docs = docs[skip : skip + page_size]
        total = await self._tickets_read.count_documents(query)
        return TicketPage(tuple(ticket_from_document(doc) for doc in docs), total)

    @driver_errors
    async def _ticket_history(
        self, tenant_id: str, external_id: str, *, limit: int
    ) -> list[HistoryRecord]:
        docs = (
            await self._history_read.find({"tenant_id": tenant_id, "external_id": external_id})
            .sort(HISTORY_SORT)
            .limit(limit)
            .to_list(None)
        )
        return [history_from_document(doc) for doc in docs]

    @driver_errors
    async def _list_tenants(self) -> list[str]:
        return sorted(await self._tickets_read.distinct("tenant_id"))
