"""The tenant API: tickets, urgent tickets, one ticket, its history, stats."""

from __future__ import annotations

from aiohttp import web

from ticketd.domain.ticket import (
    SENTIMENTS,
    SOURCES,
    STATUSES,
    URGENCIES,
    external_id_problem,
)
from ticketd.errors import InvalidInput
from ticketd.http import params
from ticketd.http.errors import json_response
from ticketd.http.presenters import history_json, stats_json, ticket_json, ticket_page_json
from ticketd.http.state import QUERIES
from ticketd.store import TicketFilter

__all__ = ["setup"]


def _external_id(request: web.Request) -> str:
    """The ticket id of the path: one percent-encoded segment, any id that
    ingestion stores (``external_id_problem`` is the one rule for both)."""
    value = request.match_info["external_id"]
    problem = external_id_problem(value)
    if problem is not None:
        raise InvalidInput(f"external_id {problem}")
    return value


def _paging(request: web.Request) -> tuple[int, int]:
    page = params.optional_int(request.query, "page", default=1, minimum=1, maximum=100_000)
    size = params.optional_int(request.query, "page_size", default=20, minimum=1, maximum=100)
    return page, size


async def list_tickets(request: web.Request) -> web.Response:
    q = request.query
    tenant_id = params.required_tenant(q)
    filters = TicketFilter(
        status=params.optional_choice(q, "status", STATUSES),
        urgency=params.optional_choice(q, "urgency", URGENCIES),
        sentiment=params.optional_choice(q, "sentiment", SENTIMENTS),
        source=params.optional_choice(q, "source", SOURCES),
        requires_action=params.optional_bool(q, "requires_action"),
    )
    page, size = _paging(request)
    result = await request.app[QUERIES].list_tickets(tenant_id, filters, page=page, page_size=size)
    return json_response(ticket_page_json(result, page=page, page_size=size))


async def urgent_tickets(request: web.Request) -> web.Response:
    tenant_id = params.required_tenant(request.query)
    page, size = _paging(request)
    result = await request.app[QUERIES].list_tickets(
        tenant_id, TicketFilter(urgency="high"), page=page, page_size=size
    )
    return json_response(ticket_page_json(result, page=page, page_size=size))


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
