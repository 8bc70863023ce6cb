"""Parameters, error responses and operations of the OpenAPI document."""

from __future__ import annotations

from ticketd.domain.ticket import SENTIMENTS, SOURCES, STATUSES, URGENCIES
from ticketd.http.openapi._common import (
    _CACHE_HEADERS,
    _STRING,
    _TENANT,
    ASSET_NAME_PATTERN,
    EXTERNAL_ID_PATTERN,
    HTML,
    JOB_ID_PATTERN,
    JSON,
    PROMETHEUS,
    Schema,
    _ref,
    _schema,
)
from ticketd.http.params import DATETIME_PATTERN

# -- parameters --------------------------------------------------------------


def _query(name: str, schema: Schema, description: str, *, required: bool = False) -> Schema:
    out = {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }
    if not required:
        # The validators read an empty optional value (``?status=``) as absent.
        out["allowEmptyValue"] = True
        out["description"] = description + " An empty value is the same as none."
    return out


def _path(name: str, schema: Schema, description: str) -> Schema:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
    }


def _parameters() -> dict[str, Schema]:
    date_description = (
        "ISO 8601 date or timestamp (YYYY-MM-DD, optionally Thh:mm[:ss[.ffffff]], optionally "
        "Z or +hh:mm; naive values are UTC), years 1970 to 2999. Unparseable: 400."
    )
    return {
        "TenantQuery": _query(
            "tenant_id",
            _TENANT,
            "The tenant. Missing or empty: 422; malformed: 400.",
            required=True,
        ),
        "TenantPath": _path("tenant_id", _TENANT, "The tenant. Malformed: 400."),
        "Page": _query(
            "page",
            {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1},
            "1-based page. Not an integer: 400; out of range: 422.",
        ),
        "PageSize": _query(
            "page_size",
            {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
            "Tickets per page. Not an integer: 400; out of range: 422.",
        ),
        "ExternalId": _path(
            "external_id",
            {"type": "string", "pattern": EXTERNAL_ID_PATTERN},
            "The provider's ticket id as one percent-encoded path segment (any id "
            "ingestion stores; ids it refuses: 400).",
        ),
        "TicketId": _path(
            "external_id",
            {"type": "string", "pattern": EXTERNAL_ID_PATTERN},
            "The provider's ticket id as one percent-encoded path segment (any id "
            "ingestion stores; ids it refuses: 400). 'urgent' is refused at ingestion: "
            "GET /tickets/urgent is the urgent list.",
        ),
        "JobId": _path(
            "job_id",
            {"type": "string", "pattern": JOB_ID_PATTERN},
            "The run's id (32 lower-case hexadecimal characters). Malformed: 400.",
        ),
        "FromDate": _query(
            "from_date",
            {"type": "string", "pattern": DATETIME_PATTERN},
            "Window start, inclusive; a date alone means the start of that UTC day. "
            + date_description,
        ),
        "ToDate": _query(
            "to_date",
            {"type": "string", "pattern": DATETIME_PATTERN},
            "Window end, inclusive; default now. A date alone means the end of that UTC day "
            "(to_date=2026-11-25 includes the whole 25th). " + date_description,
        ),
    }


def _enum_query(name: str, values: tuple[str, ...]) -> Schema:
    return _query(
        name, {"type": "string", "enum": list(values)}, "Equality filter. Unknown value: 400."
    )


def _boolean_query(name: str, description: str) -> Schema:
    return _query(name, {"type": "boolean"}, description + " Not a boolean: 400.")


def _limit_query(default: int, maximum: int) -> Schema:
    return _query(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": maximum, "default": default},
        "How many records at most. Not an integer: 400; out of range: 422.",
    )


# -- responses ---------------------------------------------------------------

_ERRORS = {
    400: ("BadRequest", "A value cannot be parsed (bad tenant id, unknown enum value, ...)."),
    401: ("Unauthorized", "Tokens are configured and the request has no valid bearer token."),
    403: ("Forbidden", "The bearer token does not cover this tenant (or route)."),
    404: ("NotFound", "No such resource for this tenant."),
    409: ("Conflict", "The request conflicts with the current state."),
    422: ("Unprocessable", "A required value is missing or a number is out of range."),
    429: ("TooManyRequests", "Too many requests; retry after Retry-After seconds."),
    503: ("Unavailable", "A dependency (database, actor) is down or the service is stopping."),
}


def _error_responses() -> dict[str, Schema]:
    out: dict[str, Schema] = {}
    for status, (name, description) in _ERRORS.items():
        response: Schema = {
            "description": description,
            "content": {JSON: {"schema": _schema("Error")}},
        }
        if status == 401:
            response["headers"] = {
                "WWW-Authenticate": {"schema": {"type": "string"}, "required": True}
            }
        if status == 429:
            response["headers"] = {
                "Retry-After": {"schema": {"type": "integer", "minimum": 1}, "required": True}
            }
        out[name] = response
    return out


def _json(schema_name: str, description: str) -> Schema:
    return {"description": description, "content": {JSON: {"schema": _schema(schema_name)}}}


def _operation(
    operation_id: str,
    summary: str,
    ok: dict[int, Schema],
    *,
    errors: tuple[int, ...],
    parameters: list[Schema] | None = None,
    public: bool = False,
    tags: tuple[str, ...] = (),
) -> Schema:
    """One operation. Non-public operations may also answer 401 and 403."""
    responses: dict[str, Schema] = {str(status): body for status, body in ok.items()}
    codes = set(errors) if public else {*errors, 401, 403}
    for status in sorted(codes):
        responses[str(status)] = _ref("responses", _ERRORS[status][0])
    op: Schema = {"operationId": operation_id, "summary": summary, "responses": responses}
    if tags:
        op["tags"] = list(tags)
    if parameters:
        op["parameters"] = parameters
    if public:
        op["security"] = []
    return op


def _p(name: str) -> Schema:
    return _ref("parameters", name)


def _paths() -> dict[str, Schema]:
    tenant, page, size = _p("TenantQuery"), _p("Page"), _p("PageSize")
    ticket_filters = [
        _enum_query("status", STATUSES),
        _enum_query("urgency", URGENCIES),
        _enum_query("sentiment", SENTIMENTS),
        _enum_query("source", SOURCES),
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
                parameters=[tenant, *ticket_filters, page, size],
                tags=("tickets",),
            )
        },
        "/tickets/urgent": {
            "get": _operation(
                "listUrgentTickets",
                "The tenant's high-urgency non-deleted tickets, newest first.",
                {200: _json("TicketPage", "One page of urgent tickets.")},
                errors=(400, 422, 503),
                parameters=[tenant, page, size],
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
                "says why. Public unless public_health is off.",
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
