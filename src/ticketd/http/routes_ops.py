"""Operational routes: ``/health`` and ``/metrics``."""

from __future__ import annotations

from aiohttp import web

from ticketd import __version__
from ticketd.http.errors import json_response
from ticketd.http.state import SERVICES
from ticketd.metrics import CONTENT_TYPE

__all__ = ["setup"]


async def health(request: web.Request) -> web.Response:
    """200 when the database and the provider answer, else 503; the body
    names each dependency and its state."""
    healthy, checks = await request.app[SERVICES].health()
    body = {"status": "ok" if healthy else "degraded", "version": __version__, "checks": checks}
    return json_response(body, status=200 if healthy else 503)


async def metrics(request: web.Request) -> web.Response:
    payload = request.app[SERVICES].metrics.render()
    return web.Response(body=payload, headers={"Content-Type": CONTENT_TYPE})


def setup(app: web.Application) -> None:
    app.router.add_get("/health", health)
    app.router.add_get("/metrics", metrics)
