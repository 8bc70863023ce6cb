"""The provider endpoints (ticket list, one ticket, deleted ids, notify,
health, rate-limit status) and ``make_app``.

Handlers parse the request, pass the provider's gate (faults, rate limit,
counters) and format what the feed or the notify sink answers.
"""

from __future__ import annotations

import math

from aiohttp import web

from ticketd.clock import Clock, SystemClock
from ticketd.domain.ticket import format_datetime
from ticketd.errors import NotFound
from ticketd.mockapi.control import control_routes
from ticketd.mockapi.notify import NotifyRequest
from ticketd.mockapi.provider import PROVIDER, MockProvider
from ticketd.mockapi.responses import (
    bool_param,
    datetime_param,
    error_middleware,
    int_param,
    json_response,
    read_json,
    text_param,
)
from ticketd.mockapi.settings import MockSettings

__all__ = ["make_app"]

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
_MAX_PAGE = 10**9

routes = web.RouteTableDef()


@routes.get("/external/support-tickets")
async def list_tickets(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    page = int_param(request, "page", 1, 1, _MAX_PAGE)
    page_size = int_param(request, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    include_deleted = bool_param(request, "include_deleted")
    tenant_id = text_param(request, "tenant_id")
    updated_since = datetime_param(request, "updated_since")
    await provider.admit("list", page=page)
    result = provider.feed.page(
        page,
        page_size,
        include_deleted=include_deleted,
        tenant_id=tenant_id,
        updated_since=updated_since,
    )
    return json_response(
        {
            "tickets": result.tickets,
            "next_page": result.next_page,
            "total_count": result.total_count,
        }
    )


@routes.get("/external/support-tickets/{ticket_id}")
async def get_ticket(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    ticket_id = request.match_info["ticket_id"]
    await provider.admit("ticket")
    ticket = provider.feed.get(ticket_id)
    if ticket is None:
        raise NotFound(f"ticket {ticket_id!r} not found")
    return json_response(ticket)


@routes.get("/external/deleted-tickets")
async def deleted_tickets(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    await provider.admit("deleted")
    return json_response({"deleted_ids": provider.feed.deleted_ids()})


@routes.post("/notify")
async def notify(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    body = await read_json(request)
    notification = NotifyRequest.from_json(body, request.headers.get("Idempotency-Key"))
    await provider.admit("notify")
    record = provider.notify.receive(notification)
    await provider.clock.sleep(provider.notify.latency())
    if record.status_returned == 200:
        return json_response(
            {
                "status": "delivered",
                "ticket_id": record.ticket_id,
                "attempt": record.attempt,
                "idempotency_key": record.idempotency_key,
            }
        )
    if record.status_returned == 503:
        wait = max(1, math.ceil(provider.notify.outage_remaining()))
        return json_response(
            {
                "error": {
                    "code": "notify_outage",
                    "message": f"notifications unavailable, retry in {wait} s",
                    "attempt": record.attempt,
                }
            },
            status=503,
            headers={"Retry-After": str(wait)},
        )
    return json_response(
        {
            "error": {
                "code": "notify_failed",
                "message": f"simulated delivery failure on attempt {record.attempt}",
                "attempt": record.attempt,
            }
        },
        status=record.status_returned,
    )


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    await provider.admit("health")
    return json_response(
        {
            "status": "ok",
            "tickets": provider.feed.size,
            "notify_outage": provider.notify.outage_remaining() > 0,
            "time": format_datetime(provider.clock.now()),
        }
    )


@routes.get("/rate-limit/status")
async def rate_limit_status(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    provider.counters.served("rate_limit_status")
    status = provider.limiter.status()
    return json_response(
        {
            "limit": status.limit,
            "window_seconds": status.window_seconds,
            "used": status.used,
            "remaining": status.remaining,
            "retry_after": status.retry_after,
            "applies_to": list(provider.rate_limited_endpoints),
        }
    )


def make_app(settings: MockSettings, *, clock: Clock | None = None) -> web.Application:
    """The mock provider as an aiohttp application.

    The data set is generated (or loaded from ``settings.data``) now,
    relative to ``clock.now()``; ``clock`` also drives the rate-limit
    window, the notify outage, latencies and time-out faults, so tests pass
    a ``FakeClock``. Raises ``InvalidInput`` for a bad data file.
    """
    app = web.Application(middlewares=[error_middleware])
    app[PROVIDER] = MockProvider.create(settings, clock or SystemClock())
    app.router.add_routes(routes)
    app.router.add_routes(control_routes)
    return app
