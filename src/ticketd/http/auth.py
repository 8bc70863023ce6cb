"""Bearer-token access control.

Without configured tokens the service is open (and the daemon refuses to
listen beyond loopback unless ``--insecure``). With tokens, each request
needs ``Authorization: Bearer <token>``; a token covers a set of tenants or
all of them (admin):

- public: the dashboard page and its static assets (they carry no data;
  the page's script sends the token), the index page (which lists no
  tenants when tokens are set), ``/openapi.json``, ``/health/live``, and
  ``/health`` and ``/metrics`` unless ``public_health`` / ``public_metrics``
  are off;
- tenant routes (a ``tenant_id`` in the path or query): 401 without a valid
  token, 403 when the token does not cover that tenant; job routes check
  the job's tenant once it is known (``require_tenant``);
- admin routes (the breaker reset): admin tokens only.

Tokens are compared in constant time and never logged.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Sequence

from aiohttp import web

from ticketd.domain.identifiers import TENANT_ID_PATTERN
from ticketd.errors import Forbidden, Unauthorized
from ticketd.settings import TokenGrant

__all__ = ["GRANT", "auth_middleware", "require_tenant"]

GRANT = web.RequestKey("grant", TokenGrant)
_OPEN = TokenGrant(token="", tenants=None)  # every request, when auth is off
_PUBLIC_PREFIXES = ("/static/", "/dashboard/")
_ADMIN_ROUTES = {("POST", "/circuit/notify/reset")}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _find_grant(grants: Sequence[TokenGrant], header: str | None) -> TokenGrant:
    if not header:
        raise Unauthorized("missing bearer token")
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        raise Unauthorized("use the Authorization: Bearer <token> scheme")
    presented_bytes = presented.strip().encode()
    match: TokenGrant | None = None
    for grant in grants:  # no early exit: the time does not depend on which matched
        if hmac.compare_digest(grant.token.encode(), presented_bytes):
            match = grant
    if match is None:
        raise Unauthorized("unknown bearer token")
    return match


def require_tenant(request: web.Request, tenant_id: str) -> None:
    """Raise ``Forbidden`` unless the request's token covers ``tenant_id``."""
    if not request.get(GRANT, _OPEN).covers(tenant_id):
        raise Forbidden(f"this token does not cover tenant {tenant_id}")


def auth_middleware(
    grants: Sequence[TokenGrant], *, public_health: bool, public_metrics: bool
) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    # "/" lists nothing when tokens are set; "/health/live" names no tenant
    # and container health checks call it without a token.
    public_paths = {"/", "/openapi.json", "/health/live"}
    if public_health:
        public_paths.add("/health")
    if public_metrics:
        public_paths.add("/metrics")

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not grants:
            request[GRANT] = _OPEN
            return await handler(request)
        path = request.path
        if path in public_paths or path.startswith(_PUBLIC_PREFIXES):
            return await handler(request)
        grant = _find_grant(grants, request.headers.get("Authorization"))
        request[GRANT] = grant
        resource = request.match_info.route.resource
        template = resource.canonical if resource is not None else path
        if (request.method, template) in _ADMIN_ROUTES and grant.tenants is not None:
            raise Forbidden("this route needs an admin token")
        tenant_id = request.match_info.get("tenant_id") or request.query.get("tenant_id")
        # A malformed id is left to the handler's validator (400).
        if tenant_id and TENANT_ID_PATTERN.fullmatch(tenant_id):
            require_tenant(request, tenant_id)
        return await handler(request)

    return middleware
