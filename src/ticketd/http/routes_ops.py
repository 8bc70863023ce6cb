"""Operational routes: ``/health`` (readiness), ``/health/live``
(liveness) and ``/metrics``."""

from __future__ import annotations

from aiohttp import web

from ticketd import __version__
from ticketd.http.errors import json_response
from ticketd.http.state import HEALTH, METRICS
from ticketd.metrics import CONTENT_TYPE

__all__ = ["setup"]


async def health(request: web.Request) -> web.Response:
    """Readiness: 200 when the database, the provider and the actors
    answer, else 503; the body names each and, when down, why."""
    healthy, checks = await request.app[HEALTH].readiness()
    body = {"status": "ok" if healthy else "degraded", "version": __version__, "checks": checks}
    return json_response(body, status=200 if healthy else 503)


async def live(request: web.Request) -> web.Response:
    """Liveness: 200 while the supervisor runs and every permanent actor
    answers a ping, else 503. Dependencies are not probed: a provider
    outage must not get the process restarted."""
    liveness = await request.app[HEALTH].liveness()
    body = {
        "status": "ok" if liveness.alive else "down",
        "version": __version__,
        "supervisor": liveness.supervisor,
        "actors": liveness.actors,
    }
    return json_response(body, status=200 if liveness.alive else 503)


async def metrics(request: web.Request) -> web.Response:
    payload = request.app[METRICS].render()
    return web.Response(body=payload, headers={"Content-Type": CONTENT_TYPE})


def setup(app: web.Application) -> None:
    app.router.add_get("/health", health)
    app.router.add_get("/health/live", live)
    app.router.add_get("/metrics", metrics)
