"""The analytics dashboard: the page, its static assets and the tenant index.

The page and its assets carry no tenant data: the page's script reads the
tenant id from its own path and fetches ``/tenants/{tenant_id}/stats`` and
``/ingest/status`` (with the bearer token, when one is given). Assets are
read once from the package (``ticketd/http/static``) when the routes are
set up and served from memory with an ETag; only files that exist there
are served, so a request can name nothing else and no directory is listed.
"""

from __future__ import annotations

import hashlib
import html
import re
from importlib import resources
from urllib.parse import quote

import attrs
from aiohttp import web

from ticketd.http import params
from ticketd.http.state import QUERIES, SETTINGS

__all__ = ["DASHBOARD_ASSETS", "StaticAsset", "StaticAssets", "setup"]

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
_ASSET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
# Assets have no content hash in their names, so browsers revalidate after a
# few minutes (a cheap 304 thanks to the ETag); pages revalidate every time.
_ASSET_CACHE = "public, max-age=300"
_PAGE_CACHE = "no-cache"
# Everything the page needs comes from this origin; no inline script or style.
_PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_PAGE_HEADERS = {
    "Content-Security-Policy": _PAGE_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@attrs.frozen
class StaticAsset:
    """One file of the package's ``static`` folder, held in memory."""

    body: bytes
    content_type: str  # with charset for text
    etag: str  # quoted strong validator derived from the body


@attrs.frozen
class StaticAssets:
    """The dashboard's files by name (``dashboard.js`` ...)."""

    files: dict[str, StaticAsset]

    @classmethod
    def from_package(cls, package: str = "ticketd.http", folder: str = "static") -> StaticAssets:
        """Read every file with a known type from ``package/folder``."""
        files: dict[str, StaticAsset] = {}
        for entry in resources.files(package).joinpath(folder).iterdir():
            suffix = "." + entry.name.rpartition(".")[2]
            if not entry.is_file() or suffix not in _CONTENT_TYPES:
                continue
            body = entry.read_bytes()
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            files[entry.name] = StaticAsset(body, _CONTENT_TYPES[suffix], etag)
        return cls(files)

    def get(self, name: str) -> StaticAsset:
        """The asset called ``name``; raises ``HTTPNotFound`` otherwise."""
        asset = self.files.get(name) if _ASSET_NAME.fullmatch(name) else None
        if asset is None:
            raise web.HTTPNotFound(reason=f"no static file {name!r}")
        return asset


DASHBOARD_ASSETS = web.AppKey("dashboard_assets", StaticAssets)


def _serve(
    request: web.Request, asset: StaticAsset, cache: str, extra: dict[str, str] | None = None
) -> web.Response:
    headers = {"Cache-Control": cache, "ETag": asset.etag, **(extra or {})}
    if asset.etag in request.headers.get("If-None-Match", ""):
        return web.Response(status=304, headers=headers)
    headers["Content-Type"] = asset.content_type
    return web.Response(body=asset.body, headers=headers)


async def dashboard(request: web.Request) -> web.Response:
    """The tenant's dashboard page; 400 for a malformed tenant id."""
    params.tenant_id(request.match_info["tenant_id"])
    page = request.app[DASHBOARD_ASSETS].get("dashboard.html")
    return _serve(request, page, _PAGE_CACHE, _PAGE_HEADERS)


async def static_file(request: web.Request) -> web.Response:
    asset = request.app[DASHBOARD_ASSETS].get(request.match_info["name"])
    return _serve(request, asset, _ASSET_CACHE, {"X-Content-Type-Options": "nosniff"})


_INDEX = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ticketd · tenants</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/dashboard.css">
</head>
<body class="index">
<header class="topbar">
  <div class="brand"><span class="logo" aria-hidden="true">t</span>ticketd</div>
  <h1>Tenants</h1>
</header>
<main class="index-main">
{content}
</main>
</body>
</html>
"""
_INDEX_LIST = """<section class="panel" aria-labelledby="tenants-title">
  <h2 id="tenants-title">Tenant dashboards <span class="muted">({count})</span></h2>
  <ul class="tenant-list">
{items}
  </ul>
</section>"""
_INDEX_ITEM = (
    '    <li><a href="/dashboard/{href}" data-tenant="{name}" data-tickets="{tickets}" '
    'data-urgent="{urgent}"><span class="tenant-name">{name}</span>'
    '<span class="tenant-counts">{tickets_text} · '
    '<span class="tenant-urgent">{urgent_text}</span></span>'
    '<span class="go" aria-hidden="true">→</span></a></li>'
)
_INDEX_EMPTY = """<section class="panel notice" role="status">
  <h2>No tenants yet</h2>
  <p>Nothing has been ingested. Start a run, for example
  <code>curl -X POST 'http://HOST/ingest/run?tenant_id=tenant_a'</code>,
  then reload this page.</p>
</section>"""
_INDEX_LOCKED = """<section class="panel notice" role="status">
  <h2>Sign in with your token</h2>
  <p>This ticketd requires bearer tokens, so the tenant list is not shown
  here. Open your tenant's dashboard with your token in the address's
  fragment (it never leaves your browser except as an
  <code>Authorization</code> header):</p>
  <p><code>/dashboard/YOUR_TENANT#token=YOUR_TOKEN</code></p>
</section>"""


async def index(request: web.Request) -> web.Response:
    """An HTML list of the known tenants, each linking to its dashboard
    with its ticket count and how many of them are high urgency.

    With bearer tokens configured the page is public but lists nothing (a
    browser navigating here cannot send a token); it says how to open a
    dashboard instead."""
    if request.app[SETTINGS].tokens:
        content = _INDEX_LOCKED
    elif overview := await request.app[QUERIES].tenant_overview():
        items = "\n".join(
            _INDEX_ITEM.format(
                href=quote(t.tenant_id, safe=""),
                name=html.escape(t.tenant_id),
                tickets=t.tickets,
                urgent=t.urgent,
                tickets_text=f"{t.tickets:,} ticket{'' if t.tickets == 1 else 's'}",
                urgent_text=f"{t.urgent:,} urgent",
            )
            for t in overview
        )
        content = _INDEX_LIST.format(count=len(overview), items=items)
    else:
        content = _INDEX_EMPTY
    return web.Response(
        text=_INDEX.format(content=content),
        content_type="text/html",
        charset="utf-8",
        headers={"Cache-Control": _PAGE_CACHE, **_PAGE_HEADERS},
    )


def setup(app: web.Application) -> None:
    app[DASHBOARD_ASSETS] = StaticAssets.from_package()
    app.router.add_get("/", index)
    app.router.add_get("/dashboard/{tenant_id}", dashboard)
    app.router.add_get("/static/{name}", static_file)
