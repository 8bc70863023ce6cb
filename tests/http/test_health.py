"""/health (readiness) names each dependency and why it is down;
/health/live (liveness) follows the supervisor and the permanent actors."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from aiohttp import web

from ticketd.actors import Ping, RestartIntensityExceeded, Supervisor
from ticketd.actors.ingestion import IngestionConfig
from ticketd.app import HealthChecks, IngestionCommands, NotificationAdmin, TenantQueries
from ticketd.clock import SystemClock
from ticketd.daemon.listening import free_port
from ticketd.domain.backoff import Backoff
from ticketd.external import ProviderClient, UnlimitedPermits
from ticketd.http import make_app
from ticketd.metrics import Metrics
from ticketd.settings import Settings
from ticketd.store import make_store


async def test_healthy(start_daemon, provider):
    daemon = await start_daemon(external_url=provider.url)
    body = await daemon.get("/health")
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": {"status": "up"},
        "provider": {"status": "up"},
        "actors": {"status": "up"},
    }


async def test_provider_down_is_503_naming_it_and_why(start_daemon):
    url = f"http://127.0.0.1:{free_port()}"
    daemon = await start_daemon(external_url=url)
    status, body = await daemon.request("GET", "/health")
    assert status == 503
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == {"status": "up"}
    provider = body["checks"]["provider"]
    assert provider["status"] == "down"
    assert provider["error"].startswith(f"GET {url}/health: ClientConnectorError")


async def test_provider_answering_an_error_status_is_named(start_daemon, aiohttp_server):
    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=500, text="boom")

    app = web.Application()
    app.router.add_get("/health", broken)
    server = await aiohttp_server(app)
    url = str(server.make_url("")).rstrip("/")
    daemon = await start_daemon(external_url=url)
    _, body = await daemon.request("GET", "/health", status=503)
    assert body["checks"]["provider"] == {
        "status": "down",
        "error": f"GET {url}/health answered HTTP 500",
    }


async def test_liveness_ignores_a_provider_outage(start_daemon):
    """A provider outage makes the daemon unready, not dead: container
    health checks follow /health/live and must not restart it."""
    daemon = await start_daemon(external_url=f"http://127.0.0.1:{free_port()}")
    await daemon.request("GET", "/health", status=503)
    _, body = await daemon.request("GET", "/health/live", status=200)
    assert body["status"] == "ok" and body["supervisor"] == "running"
    assert body["actors"] == {
        "rate-limiter": {"status": "up"},
        "feed-scan": {"status": "up"},
        "notifier": {"status": "up"},
        "job-sweeper": {"status": "up"},
    }


async def test_liveness_and_readiness_fail_once_the_supervisor_gave_up(start_daemon, provider):
    """1. The notifier crashes more often than the restart intensity allows.
    2. /health/live answers 503 naming the supervisor's reason and the
       stopped notifier; /health names the actors as down."""
    daemon = await start_daemon(external_url=provider.url, restart_max=1)
    notifier = daemon.daemon.notifier
    supervisor = daemon.daemon.supervisor
    failed = asyncio.create_task(supervisor.wait_failed())
    notifier.crash(RuntimeError("drill 1"))
    await notifier.ask(Ping())  # answered by the restarted notifier
    notifier.crash(RuntimeError("drill 2"))
    with pytest.raises(RestartIntensityExceeded):
        await asyncio.wait_for(failed, 5)
    _, live = await daemon.request("GET", "/health/live", status=503)
    assert live["status"] == "down"
    assert live["supervisor"].startswith("gave up: actor notifier crashed")
    assert live["actors"]["notifier"]["status"] == "down"
    assert live["actors"]["rate-limiter"] == {"status": "up"}
    _, ready = await daemon.request("GET", "/health", status=503)
    assert ready["checks"]["actors"]["status"] == "down"
    assert "supervisor gave up" in ready["checks"]["actors"]["error"]


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
        settings, supervisor, metrics = Settings(), Supervisor(), Metrics()
        client = ProviderClient(
            session, provider.url, permits=UnlimitedPermits(), clock=clock, backoff=Backoff()
        )
        config = IngestionConfig(
            store=store,
            provider=client,
            clock=clock,
            metrics=metrics,
            instance_id=settings.instance_id,
            lease_ttl_seconds=settings.lock_ttl_seconds,
            page_size=settings.page_size,
            stall_seconds=settings.stall_seconds,
        )
        app = make_app(
            settings,
            ingestion=IngestionCommands(supervisor=supervisor, config=config),
            queries=TenantQueries(store, clock),
            notifications=NotificationAdmin(store, None),
            health=HealthChecks(store, client, supervisor),
            metrics=metrics,
        )
        return await aiohttp_client(app)

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
