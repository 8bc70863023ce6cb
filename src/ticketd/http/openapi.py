"""The OpenAPI 3.1 document of the whole service API, as Python data.

Served at ``GET /openapi.json`` (``routes_openapi``). Parameter schemas use
the very constants the validators in ``ticketd.http.params`` and the routes
apply (tenant id, external id and job id patterns, enum values, integer
bounds, the date pattern), so the document cannot drift from what the
server accepts; ``tests/http/test_openapi.py`` checks that every route is
documented and fuzzes the live server against this document.

Conventions the document states once:

- every error is ``{"error": {"code", "message"}}``; a value that cannot be
  parsed (bad tenant id, unknown enum value, bad date) is 400, a missing
  required value or a number out of range is 422;
- with bearer tokens configured, tenant routes answer 401 without a valid
  token and 403 when the token does not cover the tenant; admin routes
  need an admin token. ``/health``, ``/metrics`` (unless turned off),
  ``/openapi.json`` and the dashboard page are public;
- datetimes are ISO 8601 UTC with millisecond precision and a ``Z``.
"""

from __future__ import annotations

from typing import Any

from ticketd import __version__
from ticketd.domain.report import REPORT_FIELDS
from ticketd.domain.ticket import SENTIMENTS, SOURCES, STATUSES, TENANT_ID_PATTERN, URGENCIES
from ticketd.http.params import DATETIME_PATTERN
from ticketd.store import JOB_STATUSES

__all__ = ["openapi_document"]

# Identifier patterns of the routes (routes_tickets, routes_ingest).
EXTERNAL_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"
JOB_ID_PATTERN = r"^[0-9a-f]{32}$"
ASSET_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"  # routes_dashboard
_TIMESTAMP_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$"
_FLOAT_FIELDS = ("throttled_seconds", "duration_seconds")

JSON = "application/json"
HTML = "text/html"
PROMETHEUS = "text/plain"

Schema = dict[str, Any]

_DESCRIPTION = """\
Errors are `{"error": {"code", "message"}}`: a value that cannot be parsed (bad tenant id,
unknown enum value, bad date) is 400; a missing required value or a number out of range is 422.

With bearer tokens configured, tenant routes answer 401 without a valid token and 403 when the
token does not cover the tenant; admin routes need an admin token. `/health`, `/metrics`
(unless turned off), `/openapi.json` and the tenant dashboard page are public. Without tokens
(the daemon then listens on loopback only, unless --insecure) nothing is checked.

Datetimes are ISO 8601 UTC with millisecond precision and a `Z`. Every answer carries an
`X-Request-Id` header (echoed when the request has one)."""


def _ref(kind: str, name: str) -> Schema:
    return {"$ref": f"#/components/{kind}/{name}"}


def _schema(name: str) -> Schema:
    return _ref("schemas", name)


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Schema], *, description: str | None = None) -> Schema:
    """A closed object: every listed property is present, nothing else."""
    out: Schema = {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        out["description"] = description
    return out


_STRING: Schema = {"type": "string"}
_COUNT: Schema = {"type": "integer", "minimum": 0}
_TIMESTAMP: Schema = _schema("Timestamp")
_TENANT: Schema = {"type": "string", "pattern": TENANT_ID_PATTERN.pattern}
_COUNT_MAP: Schema = {"type": "object", "additionalProperties": _COUNT}
_CACHE_HEADERS: Schema = {
    "ETag": {"schema": _STRING, "required": True},
    "Cache-Control": {"schema": _STRING, "required": True},
}


def _schemas() -> dict[str, Schema]:
    job_view = {
        "job_id": {"type": "string", "pattern": JOB_ID_PATTERN},
        "tenant_id": _TENANT,
        "status": {"type": "string", "enum": list(JOB_STATUSES)},
        "progress": {"type": "number", "minimum": 0, "maximum": 100},
        "total_pages": _nullable(_COUNT),
        "processed_pages": _COUNT,
        "counts": _schema("RunReport"),
        "started_at": _TIMESTAMP,
        "ended_at": _nullable(_TIMESTAMP),
        "stalled": {"type": "boolean"},
        "error": _nullable(_STRING),
    }
    dependency = {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string", "enum": ["up", "down"]}, "error": _STRING},
        "additionalProperties": False,
    }
    return {
        "Error": _object(
            {"error": _object({"code": _STRING, "message": _STRING})},
            description="Every 4xx/5xx answer of the service.",
        ),
        "Timestamp": {
            "type": "string",
            "format": "date-time",
            "pattern": _TIMESTAMP_PATTERN,
            "description": "ISO 8601 in UTC, millisecond precision, ending in Z.",
        },
        "Ticket": _object(
            {
                "external_id": _STRING,
                "tenant_id": _TENANT,
                "subject": _STRING,
                "message": _STRING,
                "status": {"type": "string", "enum": list(STATUSES)},
                "source": {
                    "type": "string",
                    "description": "Usually one of email, web, chat, api; "
                    "'unknown' when the provider gave none.",
                },
                "customer_id": _STRING,
                "created_at": _TIMESTAMP,
                "updated_at": _TIMESTAMP,
                "urgency": {"type": "string", "enum": list(URGENCIES)},
                "sentiment": {"type": "string", "enum": list(SENTIMENTS)},
                "requires_action": {"type": "boolean"},
                "matched": _object(
                    {
                        "rules": {"type": "array", "items": _STRING},
                        "keywords": {"type": "array", "items": _STRING},
                    }
                ),
                "ruleset_version": _STRING,
                "deleted_at": _nullable(_TIMESTAMP),
            },
            description="A classified ticket (SPEC section 5).",
        ),
        "TicketPage": _object(
            {
                "tickets": {"type": "array", "items": _schema("Ticket"), "maxItems": 100},
                "total": _COUNT,
                "page": {"type": "integer", "minimum": 1},
                "page_size": {"type": "integer", "minimum": 1, "maximum": 100},
            },
            description="One page of non-deleted tickets, newest created_at first; "
            "total counts all matches.",
        ),
        "TicketHistory": _object(
            {
                "ticket_id": _STRING,
                "tenant_id": _TENANT,
                "history": {
                    "type": "array",
                    "items": _object(
                        {
                            "action": {
                                "type": "string",
                                "enum": ["created", "updated", "deleted", "restored"],
                            },
                            "changes": {
                                "type": "object",
                                "description": "field -> {old, new}",
                                "additionalProperties": {"type": "object"},
                            },
                            "job_id": _nullable(_STRING),
                            "recorded_at": _TIMESTAMP,
                        }
                    ),
                },
            },
            description="History records of one ticket, newest first.",
        ),
        "TenantStats": _object(
            {
                "tenant_id": _TENANT,
                "from_date": _nullable(_TIMESTAMP),
                "to_date": _TIMESTAMP,
                "total_tickets": _COUNT,
                "by_status": _COUNT_MAP,
                "by_urgency": _COUNT_MAP,
                "by_sentiment": _COUNT_MAP,
                "by_source": _COUNT_MAP,
                "urgency_high_ratio": {"type": "number", "minimum": 0, "maximum": 1},
                "negative_sentiment_ratio": {"type": "number", "minimum": 0, "maximum": 1},
                "requires_action_count": _COUNT,
                "hourly_trend": {
                    "type": "array",
                    "minItems": 24,
                    "maxItems": 24,
                    "items": _object({"hour": _TIMESTAMP, "count": _COUNT}),
                    "description": "24 zero-filled UTC clock hours, oldest first; "
                    "the last holds to_date.",
                },
                "top_keywords": {
                    "type": "array",
                    "maxItems": 10,
                    "items": _object({"keyword": _STRING, "count": _COUNT}),
                },
                "at_risk_customers": {
                    "type": "array",
                    "maxItems": 10,
                    "items": _object(
                        {
                            "customer_id": _STRING,
                            "negative": _COUNT,
                            "high_urgency": _COUNT,
                            "tickets": _COUNT,
                        }
                    ),
                },
                "generated_at": _TIMESTAMP,
            },
            description="Analytics over the tenant's non-deleted tickets with created_at "
            "in [from_date, to_date] (to_date defaults to now).",
        ),
        "RunReport": _object(
            {
                field: ({"type": "number", "minimum": 0} if field in _FLOAT_FIELDS else _COUNT)
                for field in REPORT_FIELDS
            },
            description="Counters of one ingestion run.",
        ),
        "JobView": _object(job_view, description="Progress (or final report) of a run."),
        "CancelledJobView": _object(
            {**job_view, "cancel_requested": {"type": "boolean", "const": True}}
        ),
        "RunAccepted": _object(
            {
                "job_id": {"type": "string", "pattern": JOB_ID_PATTERN},
                "tenant_id": _TENANT,
                "status": {"type": "string", "const": "running"},
            }
        ),
        "IngestStatus": _object(
            {
                "tenant_id": _TENANT,
                "state": {"type": "string", "enum": ["running", "idle"]},
                "active_job": _nullable(_schema("JobView")),
                "last_run": _nullable(_schema("JobView")),
            }
        ),
        "LockStatus": _object(
            {
                "tenant_id": _TENANT,
                "locked": {"type": "boolean"},
                "owner": _nullable(_STRING),
                "expires_at": _nullable(_TIMESTAMP),
            }
        ),
        "BreakerStatus": _object(
            {
                "state": {"type": "string", "enum": ["closed", "open", "half_open"]},
                "failure_count": _COUNT,
                "window": _COUNT,
                "failures_threshold": _COUNT,
                "open_seconds": {"type": "number", "minimum": 0},
                "opened_at": _nullable(_TIMESTAMP),
                "next_half_open_at": _nullable(_TIMESTAMP),
                "trial_in_flight": {"type": "boolean"},
                "calls": _COUNT,
                "successes": _COUNT,
                "failures": _COUNT,
                "rejections": _COUNT,
                "outbox": _object(
                    {
                        "pending": _COUNT,
                        "dead": _COUNT,
                        "delivered": _COUNT,
                        "oldest_pending_at": _nullable(_TIMESTAMP),
                    }
                ),
            }
        ),
        "BreakerReset": _object({"status": {"type": "string", "const": "reset"}}),
        "DeadNotifications": _object(
            {
                "tenant_id": _TENANT,
                "dead": {
                    "type": "array",
                    "items": _object(
                        {
                            "ticket_id": _STRING,
                            "urgency": _STRING,
                            "reason": _STRING,
                            "idempotency_key": _STRING,
                            "attempts": _COUNT,
                            "last_error": _nullable(_STRING),
                            "created_at": _TIMESTAMP,
                        }
                    ),
                },
            }
        ),
        "Requeued": _object({"tenant_id": _TENANT, "requeued": _COUNT}),
        "Health": _object(
            {
                "status": {"type": "string", "enum": ["ok", "degraded"]},
                "version": _STRING,
                "checks": _object({"database": dependency, "provider": dependency}),
            }
        ),
    }


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
            "The provider's ticket id. Malformed: 400.",
        ),
        "TicketId": _path(
            "external_id",
            {"type": "string", "pattern": "^(?!urgent$)" + EXTERNAL_ID_PATTERN[1:]},
            "The provider's ticket id. Malformed: 400. GET /tickets/urgent is the urgent "
            "list, so a ticket named 'urgent' cannot be read here.",
        ),
        "JobId": _path(
            "job_id",
            {"type": "string", "pattern": JOB_ID_PATTERN},
            "The run's id (32 lowercase hex digits). Malformed: 400.",
        ),
        "FromDate": _query(
            "from_date",
            {"type": "string", "pattern": DATETIME_PATTERN},
            "Window start, inclusive. " + date_description,
        ),
        "ToDate": _query(
            "to_date",
            {"type": "string", "pattern": DATETIME_PATTERN},
            "Window end, inclusive; default now. " + date_description,
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
                "200 when the database and the provider answer (2 s probe), else 503. "
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
                "The analytics dashboard: the tenant index (admin token).",
                {200: html},
                errors=(),
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


def openapi_document(*, version: str = __version__) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the service (a fresh dict per call)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ticketd",
            "version": version,
            "summary": "Support tickets pulled from a provider, classified and served per tenant.",
            "description": _DESCRIPTION,
        },
        "security": [{"bearerAuth": []}],
        "tags": [
            {"name": name}
            for name in ("tickets", "ingestion", "notifications", "operations", "dashboard")
        ],
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "parameters": _parameters(),
            "responses": _error_responses(),
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Required when the daemon has auth tokens configured; a "
                    "token covers a set of tenants or all of them (admin).",
                }
            },
        },
    }
