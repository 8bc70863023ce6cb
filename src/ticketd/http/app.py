"""The aiohttp application factory.

Handlers parse and validate input, make one call on the application layer
(``ticketd.app``), and map the reply to a response
(``ticketd.http.presenters``). Application state lives under typed
``web.AppKey`` keys (``ticketd.http.state``).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable

from aiohttp import web

from ticketd.app import HealthChecks, IngestionCommands, NotificationAdmin, TenantQueries
from ticketd.http import (
    routes_dashboard,
    routes_ingest,
    routes_notify,
    routes_openapi,
    routes_ops,
    routes_tickets,
)
from ticketd.http.auth import auth_middleware
from ticketd.http.errors import error_middleware
from ticketd.http.state import HEALTH, INGESTION, METRICS, NOTIFICATIONS, QUERIES, SETTINGS
from ticketd.logs import log_context
from ticketd.metrics import Metrics
from ticketd.settings import Settings

__all__ = ["make_app"]

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


@web.middleware
async def request_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Give each request an id (echoed as ``X-Request-Id``), log it, and
    count it in the metrics by route template. A client's ``X-Request-Id``
    is kept only when it is 1-64 letters, digits and ``._:-``; otherwise
    a fresh id is generated."""
    given = request.headers.get("X-Request-Id", "")
    # A client's id is echoed and logged: only short, plain ones are kept.
    request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:16]
    metrics = request.app[METRICS]
    route = request.match_info.route.resource
    route_name = route.canonical if route is not None else "unmatched"
    started = time.perf_counter()
    status = 500
    with log_context(request_id=request_id):
        try:
            response = await handler(request)
            status = response.status
            response.headers["X-Request-Id"] = request_id
            return response
        finally:
            elapsed = time.perf_counter() - started
            metrics.http_requests.labels(route_name, request.method, str(status)).inc()
            metrics.http_latency.labels(route_name).observe(elapsed)
            log.debug(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "ms": round(elapsed * 1000, 2),
                },
            )


def make_app(
    settings: Settings,
    *,
    ingestion: IngestionCommands,
    queries: TenantQueries,
    notifications: NotificationAdmin,
    health: HealthChecks,
    metrics: Metrics,
) -> web.Application:
    """Build the service's aiohttp application over the application layer."""
    s = settings
    auth = auth_middleware(s.tokens, public_health=s.public_health, public_metrics=s.public_metrics)
    app = web.Application(middlewares=[request_middleware, error_middleware, auth])
    app[SETTINGS] = settings
    app[INGESTION] = ingestion
    app[QUERIES] = queries
    app[NOTIFICATIONS] = notifications
    app[HEALTH] = health
    app[METRICS] = metrics
    for routes in (
        routes_ops,
        routes_ingest,
        routes_notify,
        routes_tickets,
        routes_openapi,
        routes_dashboard,
    ):
        routes.setup(app)
    return app
