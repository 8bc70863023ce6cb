"""The reusable pieces of the OpenAPI document's operations: parameters,
error responses, and the builder of one operation."""

from __future__ import annotations

from ticketd.http.cursors import MAX_CURSOR_LENGTH
from ticketd.http.openapi._common import (
    _TENANT,
    EXTERNAL_ID_PATTERN,
    JOB_ID_PATTERN,
    JSON,
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
            "1-based page. Not an integer: 400; out of range: 422. Page numbers are "
            "unstable while tickets are written (the scheduled sync runs every minute): "
            "a ticket created or deleted before a page shifts every later page, so a walk "
            "by page number can return a ticket twice or miss one; walk with cursor "
            "instead. Not with cursor (400).",
        ),
        "Cursor": _query(
            "cursor",
            {"type": "string", "maxLength": MAX_CURSOR_LENGTH},
            "The next_cursor of the previous page, as given: the page of tickets strictly "
            "after the last ticket of that page (newest created_at first, ties by "
            "external_id ascending), however many tickets were created or deleted "
            "meanwhile. Use it with the same tenant_id and filters as the request that "
            "returned it (else 400); page_size may differ. Malformed or altered: 400; "
            "with page: 400.",
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
