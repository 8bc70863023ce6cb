"""/health names each dependency; 503 when one is down."""

from __future__ import annotations

import aiohttp
import pytest

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


@pytest.fixture
async def app_on_dead_mongo(aiohttp_client, provider):
    """The HTTP app over a MongoDB store nobody listens on (a real driver,
    real server-selection failures) and the real mock provider."""
    clock = SystemClock()
    stores = []

    async def build(selection_ms: int):
        store = make_store(
            f"mongodb://127.0.0.1:{free_port()}/t?serverSelectionTimeoutMS={selection_ms}"
        )
        stores.append(store)
        session = aiohttp.ClientSession()
        stores.append(session)
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
        return await aiohttp_client(make_app(services))

    yield build
    for resource in stores:
        await resource.close()


async def test_store_down_is_503_naming_it(app_on_dead_mongo):
    """The probe gives up within its 2 s and names the database."""
    client = await app_on_dead_mongo(5000)
    resp = await client.get("/health")
    body = await resp.json()
    assert resp.status == 503
    assert body["checks"]["provider"] == {"status": "up"}
    assert body["checks"]["database"] == {"status": "down", "error": "no answer within 2 s"}


async def test_reads_answer_503_when_the_database_is_down(app_on_dead_mongo):
    """A driver error (no server to select) leaves the store as Unavailable:
    the API answers 503 with our error body, never a 500."""
    client = await app_on_dead_mongo(200)
    for path in ("/tickets?tenant_id=acme", "/tenants/acme/stats", "/ingest/lock/acme"):
        resp = await client.get(path)
        body = await resp.json()
        assert resp.status == 503, (path, body)
        assert body["error"]["code"] == "unavailable"
