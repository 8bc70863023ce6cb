"""The notify circuit breaker and the dead-letter view of the outbox."""

from __future__ import annotations

from aiohttp import web

from ticketd.http import params
from ticketd.http.errors import json_response
from ticketd.http.state import SERVICES

__all__ = ["setup"]


async def breaker_status(request: web.Request) -> web.Response:
    return json_response(await request.app[SERVICES].breaker_status())


async def breaker_reset(request: web.Request) -> web.Response:
    return json_response(await request.app[SERVICES].reset_breaker())


async def dead_notifications(request: web.Request) -> web.Response:
    tenant_id = params.required_tenant(request.query)
    limit = params.optional_int(request.query, "limit", default=100, minimum=1, maximum=1000)
    return json_response(await request.app[SERVICES].dead_notifications(tenant_id, limit=limit))


async def requeue_dead(request: web.Request) -> web.Response:
    tenant_id = params.required_tenant(request.query)
    return json_response(await request.app[SERVICES].requeue_dead(tenant_id))


def setup(app: web.Application) -> None:
    app.router.add_get("/circuit/notify/status", breaker_status)
    app.router.add_post("/circuit/notify/reset", breaker_reset)
    app.router.add_get("/notifications/dead", dead_notifications)
    app.router.add_post("/notifications/dead/requeue", requeue_dead)
