"""The tenant API: tickets, urgent tickets, one ticket, its history, stats."""

from __future__ import annotations

from aiohttp import web

from ticketd.domain.ticket import (
    SENTIMENTS,
    SOURCE_PATTERN,
    STATUSES,
    URGENCIES,
    external_id_problem,
)
from ticketd.errors import InvalidInput
from ticketd.http import params
from ticketd.http.cursors import decode_cursor, encode_cursor
from ticketd.http.errors import json_response
from ticketd.http.presenters import history_json, stats_json, ticket_json, ticket_page_json
from ticketd.http.state import QUERIES
from ticketd.store import TicketFilter, TicketKey, TicketPage

__all__ = ["setup"]

_SOURCE_SHAPE = "1 to 64 letters, digits, '_', '.' or '-' starting with a letter or digit"


def _external_id(request: web.Request) -> str:
    """The ticket id of the path: one percent-encoded segment, any id that
    ingestion stores (``external_id_problem`` is the one rule for both)."""
    value = request.match_info["external_id"]
    problem = external_id_problem(value)
    if problem is not None:
        raise InvalidInput(f"external_id {problem}")
    return value


def _page_size(request: web.Request) -> int:
    return params.optional_int(request.query, "page_size", default=20, minimum=1, maximum=100)


async def _ticket_list(request: web.Request, tenant_id: str, filters: TicketFilter) -> web.Response:
    """A page by number (``page``: unstable while tickets are written,
    an insert or deletion before it shifts every later page) or after a
    cursor (``cursor``: strictly after the last ticket of the page that
    gave it, same filters); each reply carries the cursor of its next page,
    null on the last one."""
    size = _page_size(request)
    token = params.optional_text(request.query, "cursor")
    queries = request.app[QUERIES]
    if token is None:
        page = params.optional_int(request.query, "page", default=1, minimum=1, maximum=100_000)
        result = await queries.list_tickets(tenant_id, filters, page=page, page_size=size)
        more = len(result.tickets) == size and page * size < result.total
        number: int | None = page
    else:
        if params.optional_text(request.query, "page") is not None:
            raise InvalidInput(
                "cursor and page cannot be combined: a cursor continues the list "
                "where the page that returned it ended"
            )
        after = decode_cursor(token, tenant_id, filters)
        # One ticket more than the page says whether another page follows.
        result = await queries.list_tickets(
            tenant_id, filters, page=1, page_size=size + 1, after=after
        )
        more = len(result.tickets) > size
        result = TicketPage(result.tickets[:size], result.total)
        number = None
    next_cursor = None
    if more and result.tickets:
        next_cursor = encode_cursor(tenant_id, filters, TicketKey.of(result.tickets[-1]))
    return json_response(
        ticket_page_json(result, page=number, page_size=size, next_cursor=next_cursor)
    )


async def list_tickets(request: web.Request) -> web.Response:
    q = request.query
    tenant_id = params.required_tenant(q)
    filters = TicketFilter(
        status=params.optional_choice(q, "status", STATUSES),
        urgency=params.optional_choice(q, "urgency", URGENCIES),
        sentiment=params.optional_choice(q, "sentiment", SENTIMENTS),
        source=params.optional_matching(q, "source", SOURCE_PATTERN, _SOURCE_SHAPE),
        requires_action=params.optional_bool(q, "requires_action"),
    )
    return await _ticket_list(request, tenant_id, filters)


async def urgent_tickets(request: web.Request) -> web.Response:
    tenant_id = params.required_tenant(request.query)
    return await _ticket_list(request, tenant_id, TicketFilter(urgency="high"))


async def get_ticket(request: web.Request) -> web.Response:
    tenant_id = params.required_tenant(request.query)
    ticket = await request.app[QUERIES].get_ticket(tenant_id, _external_id(request))
    return json_response(ticket_json(ticket))


async def ticket_history(request: web.Request) -> web.Response:
    tenant_id = params.required_tenant(request.query)
    limit = params.optional_int(request.query, "limit", default=50, minimum=1, maximum=500)
    external_id = _external_id(request)
    records = await request.app[QUERIES].history(tenant_id, external_id, limit=limit)
    return json_response(history_json(tenant_id, external_id, records))


async def tenant_stats(request: web.Request) -> web.Response:
    tenant_id = params.tenant_id(request.match_info["tenant_id"])
    stats = await request.app[QUERIES].stats(
        tenant_id,
        from_date=params.optional_datetime(request.query, "from_date"),
        to_date=params.optional_datetime(request.query, "to_date", window_end=True),
    )
    return json_response(stats_json(stats))


def setup(app: web.Application) -> None:
    app.router.add_get("/tickets", list_tickets)
    app.router.add_get("/tickets/urgent", urgent_tickets)
    app.router.add_get("/tickets/{external_id}", get_ticket)
    app.router.add_get("/tickets/{external_id}/history", ticket_history)
    app.router.add_get("/tenants/{tenant_id}/stats", tenant_stats)
