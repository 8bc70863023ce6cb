"""The dashboard routes over HTTP: the page, its assets and the tenant index
(the rendering itself is checked in a real browser by
``test_dashboard_browser.py``)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import RunningDaemon, RunningProvider, StartDaemon


@pytest.fixture
async def daemon(start_daemon: StartDaemon, provider: RunningProvider) -> RunningDaemon:
    return await start_daemon(external_url=provider.url)


async def test_dashboard_page_is_served_as_html(daemon: RunningDaemon) -> None:
    async with daemon.session.get(daemon.url + "/dashboard/tenant_a") as resp:
        assert resp.status == 200
        assert resp.content_type == "text/html"
        assert resp.charset == "utf-8"
        assert resp.headers["Cache-Control"] == "no-cache"
        policy = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "connect-src 'self'" in policy
        page = await resp.text()
    # Self-contained: its own stylesheet and script, nothing from elsewhere.
    assert '<link rel="stylesheet" href="/static/dashboard.css">' in page
    assert '<script src="/static/dashboard.js" defer></script>' in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    # The page carries no tenant data; the script reads the id from the path.
    assert "tenant_a" not in page


async def test_dashboard_page_revalidates_with_its_etag(daemon: RunningDaemon) -> None:
    async with daemon.session.get(daemon.url + "/dashboard/tenant_a") as resp:
        etag = resp.headers["ETag"]
    headers = {"If-None-Match": etag}
    async with daemon.session.get(daemon.url + "/dashboard/tenant_b", headers=headers) as resp:
        assert resp.status == 304
        assert resp.headers["ETag"] == etag


@pytest.mark.parametrize("tenant", ["bad$tenant", "-leading-dash", "x" * 65, "a%20b"])
async def test_dashboard_rejects_a_malformed_tenant_id(daemon: RunningDaemon, tenant: str) -> None:
    status, body = await daemon.request("GET", f"/dashboard/{tenant}")
    assert status == 400
    assert body["error"]["code"] == "invalid_input"


@pytest.mark.parametrize(
    ("name", "content_type", "marker"),
    [
        ("dashboard.js", "text/javascript", "/tenants/"),
        ("dashboard.css", "text/css", ".trend-bars"),
    ],
)
async def test_assets_are_served_with_their_content_type(
    daemon: RunningDaemon, name: str, content_type: str, marker: str
) -> None:
    async with daemon.session.get(f"{daemon.url}/static/{name}") as resp:
        assert resp.status == 200
        assert resp.content_type == content_type
        assert resp.charset == "utf-8"
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert "max-age" in resp.headers["Cache-Control"]
        etag = resp.headers["ETag"]
        assert marker in await resp.text()
    headers = {"If-None-Match": etag}
    async with daemon.session.get(f"{daemon.url}/static/{name}", headers=headers) as resp:
        assert resp.status == 304
        assert await resp.read() == b""


async def test_the_script_never_puts_the_token_in_a_url(daemon: RunningDaemon) -> None:
    script = await daemon.get("/static/dashboard.js")
    assert "Authorization" in script and "Bearer" in script
    assert "sessionStorage" in script
    assert not re.search(r"[?&]token=", script)


@pytest.mark.parametrize(
    "path",
    [
        "/static/",
        "/static/missing.js",
        "/static/..%2Fapp.py",
        "/static/%2E%2E%2Froutes_dashboard.py",
        "/static/__init__.py",
    ],
)
async def test_no_listing_and_nothing_outside_the_assets(daemon: RunningDaemon, path: str) -> None:
    status, body = await daemon.request("GET", path)
    assert status == 404
    assert body["error"]["code"] == "not_found"


async def test_index_says_so_when_there_are_no_tenants(daemon: RunningDaemon) -> None:
    async with daemon.session.get(daemon.url + "/") as resp:
        assert resp.status == 200
        assert resp.content_type == "text/html"
        page = await resp.text()
    assert "No tenants yet" in page
    assert "/static/dashboard.css" in page


async def test_index_links_each_ingested_tenant_to_its_dashboard(daemon: RunningDaemon) -> None:
    for tenant in ("tenant_b", "tenant_a"):
        report = (
            await daemon.request(
                "POST", "/ingest/run", params={"tenant_id": tenant, "wait": "true"}, status=200
            )
        )[1]
        assert report["status"] == "completed", report
    async with daemon.session.get(daemon.url + "/") as resp:
        assert resp.status == 200
        page = await resp.text()
    links = re.findall(r'<a href="(/dashboard/[^"]+)" data-tenant="([^"]+)"', page)
    assert links == [("/dashboard/tenant_a", "tenant_a"), ("/dashboard/tenant_b", "tenant_b")]
    for href, _ in links:
        async with daemon.session.get(daemon.url + href) as resp:
            assert resp.status == 200


async def test_dashboard_and_assets_are_public_when_tokens_are_required(
    start_daemon: StartDaemon, provider: RunningProvider
) -> None:
    token = "dashboard-test-token-0123456789"
    daemon = await start_daemon(external_url=provider.url, auth_tokens=f"{token}=tenant_a")
    for path in ("/dashboard/tenant_a", "/static/dashboard.js", "/static/dashboard.css"):
        async with daemon.session.get(daemon.url + path) as resp:
            assert resp.status == 200, path
    # The data behind it is not.
    status, _ = await daemon.request("GET", "/tenants/tenant_a/stats")
    assert status == 401
    auth = {"Authorization": f"Bearer {token}"}
    status, _ = await daemon.request("GET", "/tenants/tenant_a/stats", headers=auth)
    assert status == 200


async def test_index_is_public_but_lists_nothing_when_tokens_are_required(
    start_daemon: StartDaemon, provider: RunningProvider
) -> None:
    token = "index-test-token-0123456789"
    daemon = await start_daemon(external_url=provider.url, auth_tokens=f"{token}=*")
    auth = {"Authorization": f"Bearer {token}"}
    await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_a", "wait": "true"}, headers=auth,
        status=200,
    )  # fmt: skip
    async with daemon.session.get(daemon.url + "/") as resp:
        assert resp.status == 200
        page = await resp.text()
    assert "tenant_a" not in page  # no tenant names to whoever asks
    assert "#token=" in page  # but how to open a dashboard
