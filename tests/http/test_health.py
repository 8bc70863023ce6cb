"""/health names each dependency; 503 when one is down."""

from __future__ import annotations

import aiohttp

from ticketd.actors import Supervisor
from ticketd.clock import SystemClock
from ticketd.daemon.service import free_port
from ticketd.daemon.services import Services
from ticketd.daemon.settings import Settings
from ticketd.domain.backoff import Backoff
from ticketd.external import ProviderClient, UnlimitedPermits
from ticketd.http import make_app
from ticketd.metrics import Metrics
from ticketd.store import make_store


async def test_healthy(start_daemon, provider):
    daemon = await start_daemon(external_url=provider.url)
    body = await daemon.get("/health")
    assert body["status"] == "ok"
    assert body["checks"] == {"database": {"status": "up"}, "provider": {"status": "up"}}


async def test_provider_down_is_503_naming_it(start_daemon):
    daemon = await start_daemon(external_url=f"http://127.0.0.1:{free_port()}")
    status, body = await daemon.request("GET", "/health")
    assert status == 503
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == {"status": "up"}
    assert body["checks"]["provider"]["status"] == "down"


async def test_store_down_is_503_naming_it(aiohttp_client, provider):
    """A MongoDB nobody listens on: the probe gives up within its 2 s."""
    clock = SystemClock()
    store = make_store(f"mongodb://127.0.0.1:{free_port()}/t?serverSelectionTimeoutMS=5000")
    async with aiohttp.ClientSession() as session:
        services = Services(
            settings=Settings(),
            clock=clock,
            store=store,
            supervisor=Supervisor(),
            metrics=Metrics(),
            provider=ProviderClient(
                session, provider.url, permits=UnlimitedPermits(), clock=clock, backoff=Backoff()
            ),
        )
        client = await aiohttp_client(make_app(services))
        resp = await client.get("/health")
        body = await resp.json()
        await store.close()
    assert resp.status == 503
    assert body["checks"]["provider"] == {"status": "up"}
    assert body["checks"]["database"] == {"status": "down", "error": "no answer within 2 s"}


async def test_reads_answer_503_when_the_database_is_down(aiohttp_client, provider):
    """A driver error (no server to select) leaves the store as Unavailable:
    the API answers 503 with our error body, never a 500."""
    clock = SystemClock()
    store = make_store(f"mongodb://127.0.0.1:{free_port()}/t?serverSelectionTimeoutMS=200")
    async with aiohttp.ClientSession() as session:
        services = Services(
            settings=Settings(),
            clock=clock,
            store=store,
            supervisor=Supervisor(),
            metrics=Metrics(),
            provider=ProviderClient(
                session, provider.url, permits=UnlimitedPermits(), clock=clock, backoff=Backoff()
            ),
        )
        client = await aiohttp_client(make_app(services))
        for path in ("/tickets?tenant_id=acme", "/tenants/acme/stats", "/ingest/lock/acme"):
            resp = await client.get(path)
            body = await resp.json()
            assert resp.status == 503, (path, body)
            assert body["error"]["code"] == "unavailable"
        await store.close()
