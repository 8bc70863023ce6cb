"""The notify circuit breaker and the dead-letter view of the outbox."""

from __future__ import annotations

from aiohttp import web

from ticketd.http import params
from ticketd.http.errors import json_response
from ticketd.http.presenters import breaker_json, dead_letters_json
from ticketd.http.state import NOTIFICATIONS

__all__ = ["setup"]


async def breaker_status(request: web.Request) -> web.Response:
    return json_response(breaker_json(await request.app[NOTIFICATIONS].breaker_status()))


async def breaker_reset(request: web.Request) -> web.Response:
    return json_response(await request.app[NOTIFICATIONS].reset_breaker())


async def dead_notifications(request: web.Request) -> web.Response:
    tenant_id = params.required_tenant(request.query)
    limit = params.optional_int(request.query, "limit", default=100, minimum=1, maximum=1000)
    entries = await request.app[NOTIFICATIONS].dead_letters(tenant_id, limit=limit)
    return json_response(dead_letters_json(tenant_id, entries))


async def requeue_dead(request: web.Request) -> web.Response:
    tenant_id = params.required_tenant(request.query)
    count = await request.app[NOTIFICATIONS].requeue_dead(tenant_id)
    return json_response({"tenant_id": tenant_id, "requeued": count})


def setup(app: web.Application) -> None:
    app.router.add_get("/circuit/notify/status", breaker_status)
    app.router.add_post("/circuit/notify/reset", breaker_reset)
    app.router.add_get("/notifications/dead", dead_notifications)
    app.router.add_post("/notifications/dead/requeue", requeue_dead)
