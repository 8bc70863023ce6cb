"""The OpenAPI 3.1 document of the whole service API, as Python data.

Served at ``GET /openapi.json`` (``routes_openapi``). Parameter schemas use
the very constants the validators (``ticketd.domain.identifiers``,
``ticketd.http.params``) and the routes apply (tenant id, external id and
job id patterns, enum values, integer bounds, the date pattern), so the
document cannot drift from what the server accepts;
``tests/http/test_openapi.py`` checks that every route is documented and
fuzzes the live server against this document.

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
from ticketd.http.openapi.parameters import _error_responses, _parameters
from ticketd.http.openapi.paths import _paths
from ticketd.http.openapi.schemas import _schemas

__all__ = ["openapi_document"]

_DESCRIPTION = """\
Errors are `{"error": {"code", "message"}}`: a value that cannot be parsed (bad tenant id,
unknown enum value, bad date) is 400; a missing required value or a number out of range is 422.

With bearer tokens configured, tenant routes answer 401 without a valid token and 403 when the
token does not cover the tenant; admin routes need an admin token. `/health`, `/metrics`
(unless turned off), `/openapi.json` and the tenant dashboard page are public. Without tokens
(the daemon then listens on loopback only, unless --insecure) nothing is checked.

Datetimes are ISO 8601 UTC with millisecond precision and a `Z`. Every answer carries an
`X-Request-Id` header (echoed when the request has one)."""


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
