"""Access control with bearer tokens, and the loopback rule without them."""

from __future__ import annotations

import pytest

from ticketd.daemon.listening import check_bind_address
from ticketd.errors import InvalidInput
from ticketd.settings import Settings

ADMIN = "admin-token-0123456789"
TENANT_A = "tenant-a-token-0123456789"
TENANT_B = "tenant-b-token-0123456789"
TOKENS = f"{ADMIN}=*,{TENANT_A}=tenant_a,{TENANT_B}=tenant_b|tenant_c"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def secured(start_daemon, provider):
    return await start_daemon(external_url=provider.url, auth_tokens=TOKENS)


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "unauthorized"),
        ({"Authorization": "Basic abc"}, 401, "unauthorized"),
        (bearer("wrong-token-0123456789"), 401, "unauthorized"),
        (bearer(TENANT_A), 200, None),
        (bearer(ADMIN), 200, None),
    ],
)
async def test_tenant_route_needs_a_valid_token(secured, headers, status, code):
    got, body = await secured.request(
        "GET", "/tickets", params={"tenant_id": "tenant_a"}, headers=headers
    )
    assert got == status
    if code:
        assert body["error"]["code"] == code


async def test_401_names_the_bearer_scheme(secured):
    async with secured.session.get(f"{secured.url}/tickets?tenant_id=tenant_a") as resp:
        assert resp.status == 401
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")


async def test_scoped_token_is_refused_other_tenants_data(secured):
    for path, params in [
        ("/tickets", {"tenant_id": "tenant_b"}),
        ("/tickets/urgent", {"tenant_id": "tenant_b"}),
        ("/tickets/ext-001", {"tenant_id": "tenant_b"}),
        ("/tenants/tenant_b/stats", {}),
        ("/ingest/status", {"tenant_id": "tenant_b"}),
        ("/ingest/lock/tenant_b", {}),
    ]:
        status, body = await secured.request("GET", path, params=params, headers=bearer(TENANT_A))
        assert status == 403, path
        assert body["error"]["code"] == "forbidden"
    status, _ = await secured.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_b"}, headers=bearer(TENANT_A)
    )
    assert status == 403


async def test_job_routes_check_the_jobs_tenant(secured):
    _, view = await secured.request(
        "POST",
        "/ingest/run",
        params={"tenant_id": "tenant_a", "wait": "true"},
        headers=bearer(TENANT_A),
        status=200,
    )
    job = view["job_id"]
    await secured.request("GET", f"/ingest/progress/{job}", headers=bearer(TENANT_A), status=200)
    await secured.request("GET", f"/ingest/progress/{job}", headers=bearer(ADMIN), status=200)
    await secured.request("GET", f"/ingest/progress/{job}", status=401)
    # Another tenant's token can neither read nor cancel it.
    await secured.request("GET", f"/ingest/progress/{job}", headers=bearer(TENANT_B), status=403)
    await secured.request("DELETE", f"/ingest/{job}", headers=bearer(TENANT_B), status=403)
    # The owner's token reaches the cancel logic: the job already finished.
    await secured.request("DELETE", f"/ingest/{job}", headers=bearer(TENANT_A), status=409)


async def test_admin_routes_need_an_admin_token(secured):
    await secured.request("POST", "/circuit/notify/reset", headers=bearer(TENANT_A), status=403)
    await secured.request("POST", "/circuit/notify/reset", headers=bearer(ADMIN), status=200)


async def test_health_and_metrics_public_by_default_and_configurable(start_daemon, provider):
    open_ops = await start_daemon(external_url=provider.url, auth_tokens=TOKENS)
    await open_ops.request("GET", "/health", status=200)
    await open_ops.request("GET", "/metrics", status=200)
    closed = await start_daemon(
        external_url=provider.url, auth_tokens=TOKENS, public_health=False, public_metrics=False
    )
    await closed.request("GET", "/health", status=401)
    await closed.request("GET", "/metrics", status=401)
    await closed.request("GET", "/metrics", headers=bearer(TENANT_A), status=200)


async def test_tokens_never_reach_the_logs(secured, caplog):
    await secured.request(
        "GET", "/tickets", params={"tenant_id": "tenant_a"}, headers=bearer(ADMIN)
    )
    await secured.request(
        "GET", "/tickets", params={"tenant_id": "x"}, headers=bearer("leaky-0123456789abc")
    )
    assert ADMIN not in caplog.text and "leaky-0123456789abc" not in caplog.text


@pytest.mark.parametrize(
    ("host", "tokens", "insecure", "allowed"),
    [
        ("127.0.0.1", "", False, True),
        ("::1", "", False, True),
        ("localhost", "", False, True),
        ("0.0.0.0", "", False, False),
        ("192.168.1.10", "", False, False),
        ("0.0.0.0", "", True, True),
        ("0.0.0.0", TOKENS, False, True),
    ],
)
def test_loopback_rule(host, tokens, insecure, allowed):
    settings = Settings(host=host, auth_tokens=tokens, insecure=insecure)
    if allowed:
        check_bind_address(settings)
    else:
        with pytest.raises(InvalidInput, match="without auth tokens"):
            check_bind_address(settings)
