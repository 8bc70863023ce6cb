"""The operations of the OpenAPI document, path by path."""

from __future__ import annotations

from ticketd.domain.ticket import SENTIMENTS, SOURCE_PATTERN, SOURCES, STATUSES, URGENCIES
from ticketd.http.openapi._common import (
    _CACHE_HEADERS,
    _STRING,
    ASSET_NAME_PATTERN,
    HTML,
    JSON,
    PROMETHEUS,
    Schema,
)
from ticketd.http.openapi.parameters import (
    _boolean_query,
    _enum_query,
    _json,
    _limit_query,
    _operation,
    _p,
    _path,
    _query,
)


def _paths() -> dict[str, Schema]:
    tenant, page, size, cursor = _p("TenantQuery"), _p("Page"), _p("PageSize"), _p("Cursor")
    ticket_filters = [
        _enum_query("status", STATUSES),
        _enum_query("urgency", URGENCIES),
        _enum_query("sentiment", SENTIMENTS),
        _query(
            "source",
            {"type": "string", "pattern": f"^{SOURCE_PATTERN.pattern}$"},
            f"Equality filter: usually one of {', '.join(SOURCES)}; any source ingestion "
            "stores ('unknown' when the provider gave none). Another shape: 400.",
        ),
        _boolean_query("requires_action", "Only tickets that (do not) require action."),
    ]
    html = {"description": "The dashboard page.", "content": {HTML: {"schema": _STRING}}}
    cached_html = {**html, "headers": _CACHE_HEADERS}
    not_modified = {
        "description": "Not modified: If-None-Match named the current ETag.",
        "headers": _CACHE_HEADERS,
    }
    return {
        "/tickets": {
            "get": _operation(
                "listTickets",
                "The tenant's non-deleted tickets, newest first, filtered and paged.",
                {200: _json("TicketPage", "One page of tickets.")},
                errors=(400, 422, 503),
                parameters=[tenant, *ticket_filters, page, size, cursor],
                tags=("tickets",),
            )
        },
        "/tickets/urgent": {
            "get": _operation(
                "listUrgentTickets",
                "The tenant's high-urgency non-deleted tickets, newest first.",
                {200: _json("TicketPage", "One page of urgent tickets.")},
                errors=(400, 422, 503),
                parameters=[tenant, page, size, cursor],
                tags=("tickets",),
            )
        },
        "/tickets/{external_id}": {
            "get": _operation(
                "getTicket",
                "One ticket; 404 if absent, soft-deleted or another tenant's.",
                {200: _json("Ticket", "The ticket.")},
                errors=(400, 404, 422, 503),
                parameters=[_p("TicketId"), tenant],
                tags=("tickets",),
            )
        },
        "/tickets/{external_id}/history": {
            "get": _operation(
                "getTicketHistory",
                "The ticket's change history, newest first.",
                {200: _json("TicketHistory", "The history.")},
                errors=(400, 404, 422, 503),
                parameters=[_p("ExternalId"), tenant, _limit_query(50, 500)],
                tags=("tickets",),
            )
        },
        "/tenants/{tenant_id}/stats": {
            "get": _operation(
                "getTenantStats",
                "Analytics computed in the database; from_date after to_date is 400.",
                {200: _json("TenantStats", "The analytics.")},
                errors=(400, 404, 503),
                parameters=[_p("TenantPath"), _p("FromDate"), _p("ToDate")],
                tags=("tickets",),
            )
        },
        "/ingest/run": {
            "post": _operation(
                "startIngestion",
                "Start an ingestion run for the tenant (409 if one is active anywhere).",
                {
                    200: _json("JobView", "wait=true: the run ended; its final report."),
                    202: {
                        **_json("RunAccepted", "The run started."),
                        "headers": {
                            "Location": {
                                "description": "/ingest/progress/{job_id}",
                                "schema": {"type": "string"},
                                "required": True,
                            }
                        },
                    },
                },
                errors=(400, 409, 422, 503),
                parameters=[
                    tenant,
                    _boolean_query("wait", "Answer 200 with the final report once the run ends."),
                    _boolean_query(
                        "allow_mass_delete",
                        "Let this run soft-delete more than max_delete_fraction "
                        "(TICKETD_MAX_DELETE_FRACTION, default 0.2) of the tenant's live "
                        "tickets; without it such a run deletes none and says why in "
                        "deletion_skipped.",
                    ),
                ],
                tags=("ingestion",),
            )
        },
        "/ingest/status": {
            "get": _operation(
                "getIngestionStatus",
                "The tenant's active run (or idle) and the last run's outcome.",
                {200: _json("IngestStatus", "The status.")},
                errors=(400, 422, 503),
                parameters=[tenant],
                tags=("ingestion",),
            )
        },
        "/ingest/progress/{job_id}": {
            "get": _operation(
                "getIngestionProgress",
                "Progress of a run (live from this replica, else the stored record).",
                {200: _json("JobView", "The run's progress.")},
                errors=(400, 404, 503),
                parameters=[_p("JobId")],
                tags=("ingestion",),
            )
        },
        "/ingest/{job_id}": {
            "delete": _operation(
                "cancelIngestion",
                "Cancel a run at its next page boundary; 409 if already finished.",
                {202: _json("CancelledJobView", "Cancellation requested.")},
                errors=(400, 404, 409, 503),
                parameters=[_p("JobId")],
                tags=("ingestion",),
            )
        },
        "/ingest/lock/{tenant_id}": {
            "get": _operation(
                "getIngestionLock",
                "The tenant's ingestion lease.",
                {200: _json("LockStatus", "The lease.")},
                errors=(400, 404, 503),
                parameters=[_p("TenantPath")],
                tags=("ingestion",),
            )
        },
        "/circuit/notify/status": {
            "get": _operation(
                "getNotifyBreaker",
                "The notify circuit breaker and the outbox summary.",
                {200: _json("BreakerStatus", "The breaker.")},
                errors=(503,),
                tags=("notifications",),
            )
        },
        "/circuit/notify/reset": {
            "post": _operation(
                "resetNotifyBreaker",
                "Close the breaker and clear its window (admin token).",
                {200: _json("BreakerReset", "The breaker was reset.")},
                errors=(503,),
                tags=("notifications",),
            )
        },
        "/notifications/dead": {
            "get": _operation(
                "listDeadNotifications",
                "The tenant's dead-lettered notifications, oldest first.",
                {200: _json("DeadNotifications", "Dead notifications.")},
                errors=(400, 422, 503),
                parameters=[tenant, _limit_query(100, 1000)],
                tags=("notifications",),
            )
        },
        "/notifications/dead/requeue": {
            "post": _operation(
                "requeueDeadNotifications",
                "Make the tenant's dead notifications pending again.",
                {200: _json("Requeued", "How many were requeued.")},
                errors=(400, 422, 503),
                parameters=[tenant],
                tags=("notifications",),
            )
        },
        "/health": {
            "get": _operation(
                "getHealth",
                "Readiness: 200 when the database and the provider answer (2 s probe) and "
                "every permanent actor answers a ping, else 503; a dependency that is down "
                "says why. The database is down too while its writes fail (a full disk, "
                "say): 'writes fail since <time>: <error>', known from the last failed "
                "write; a probe then retries one small write at most every 5 s. "
                "While the provider's latest 429 asks to wait, its entry stays up and "
                "adds throttled_until, retry_after_seconds and throttled. "
                "Public unless public_health is off.",
                {
                    200: _json("Health", "Every dependency is up."),
                    503: _json("Health", "A dependency is down."),
                },
                errors=(),
                public=True,
                tags=("operations",),
            )
        },
        "/health/live": {
            "get": _operation(
                "getLiveness",
                "Liveness: 200 while the supervisor runs and every permanent actor answers "
                "a ping (2 s), else 503. Probes no dependency, so a provider outage does not "
                "fail it. Always public.",
                {
                    200: _json("Liveness", "The process and its actors are alive."),
                    503: _json("Liveness", "An actor did not answer or the supervisor gave up."),
                },
                errors=(),
                public=True,
                tags=("operations",),
            )
        },
        "/metrics": {
            "get": _operation(
                "getMetrics",
                "Prometheus text format. Public unless public_metrics is off.",
                {
                    200: {
                        "description": "The metrics.",
                        "content": {PROMETHEUS: {"schema": _STRING}},
                    }
                },
                errors=(),
                public=True,
                tags=("operations",),
            )
        },
        "/openapi.json": {
            "get": _operation(
                "getOpenApi",
                "This document.",
                {
                    200: {
                        "description": "OpenAPI 3.1.",
                        "content": {JSON: {"schema": {"type": "object"}}},
                    }
                },
                errors=(),
                public=True,
                tags=("operations",),
            )
        },
        "/": {
            "get": _operation(
                "getDashboardIndex",
                "The analytics dashboard: the tenant index. Public; with bearer "
                "tokens configured it lists no tenants and explains how to open a "
                "dashboard with a token.",
                {200: html},
                errors=(),
                public=True,
                tags=("dashboard",),
            )
        },
        "/dashboard/{tenant_id}": {
            "get": _operation(
                "getTenantDashboard",
                "The analytics dashboard of one tenant (the page is public; its script "
                "sends the token with each data request).",
                {200: cached_html, 304: not_modified},
                errors=(400, 404),
                parameters=[_p("TenantPath")],
                public=True,
                tags=("dashboard",),
            )
        },
        "/static/{name}": {
            "get": _operation(
                "getDashboardAsset",
                "A file of the dashboard (script, style sheet, image); public.",
                {
                    200: {
                        "description": "The file.",
                        "headers": _CACHE_HEADERS,
                        "content": {
                            media_type: {"schema": _STRING}
                            for media_type in (
                                "text/css",
                                "text/javascript",
                                "text/html",
                                "image/svg+xml",
                                "image/png",
                            )
                        },
                    },
                    304: not_modified,
                },
                errors=(404,),
                parameters=[
                    _path(
                        "name",
                        {"type": "string", "pattern": ASSET_NAME_PATTERN},
                        "The file's name, e.g. dashboard.js. Unknown: 404.",
                    )
                ],
                public=True,
                tags=("dashboard",),
            )
        },
    }
