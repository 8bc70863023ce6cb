"""Shared pieces of the OpenAPI document: schema helpers and the patterns
the routes validate with."""

from __future__ import annotations

from typing import Any

from ticketd.domain.identifiers import JOB_ID_PATTERN as _JOB_ID
from ticketd.domain.identifiers import TENANT_ID_PATTERN

Schema = dict[str, Any]

# Identifier patterns of the routes (routes_tickets, routes_ingest; tenant
# and job ids: ticketd.domain.identifiers).
# Any id ingestion stores (ticketd.domain.ticket.external_id_problem):
# 1-256 characters without control characters, not "." or ".." or "urgent".
EXTERNAL_ID_PATTERN = r"^(?!(?:\.|\.\.|urgent)$)[^\u0000-\u001f\u007f-\u009f]{1,256}$"
JOB_ID_PATTERN = _JOB_ID.pattern
ASSET_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"  # routes_dashboard
_TIMESTAMP_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$"
_FLOAT_FIELDS = ("throttled_seconds", "budget_wait_seconds", "duration_seconds")

JSON = "application/json"
HTML = "text/html"
PROMETHEUS = "text/plain"


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
