"""Fixtures shared by the daemon, HTTP and scenario tests: the real mock
provider on a loopback port, real daemons on a temporary SQLite file, and
the session's MongoDB server (SecantusDB unless ``TICKETD_TEST_MONGO_URL``
names a mongod) with a database of its own per test.

Imports of the service happen inside the fixtures so that the unit suites
of each layer load without the whole daemon."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from tests.mongo_server import (
    SECANTUS_GAPS,
    MongoServer,
    database_url,
    start_mongo_server,
    stop_mongo_server,
    unique_database_name,
)

# A provider fast enough for tests: no notify latency, a generous budget.
FAST_PROVIDER = {
    "tickets": 120,
    "seed": 7,
    "rate_limit": 1000,
    "notify_latency": (0.0, 0.0),
    "port": 0,
}


class RunningProvider:
    """The mock provider served on a loopback port."""

    def __init__(self, runner: web.AppRunner, url: str) -> None:
        self.runner = runner
        self.url = url

    async def get(self, path: str, **params: Any) -> Any:
        """GET a JSON body; a 429 (the tests share the provider's budget
        with the daemon) is waited out as a polite client would."""
        async with aiohttp.ClientSession() as session:
            for _ in range(20):
                async with session.get(self.url + path, params=params) as resp:
                    if resp.status == 429:
                        await asyncio.sleep(float(resp.headers.get("Retry-After", "1")))
                        continue
                    resp.raise_for_status()
                    return await resp.json()
        raise AssertionError(f"{path}: still throttled after 20 tries")

    async def feed(self, tenant: str | None = None) -> list[dict[str, Any]]:
        """Every ticket the provider lists (of ``tenant``, if given)."""
        tickets, page = [], 1
        while page:
            body = await self.get("/external/support-tickets", page=page, page_size=100)
            tickets += body["tickets"]
            page = body["next_page"]
        return [t for t in tickets if tenant is None or t["tenant_id"] == tenant]

    async def delete(self, path: str) -> Any:
        async with (
            aiohttp.ClientSession() as session,
            session.delete(self.url + path) as resp,
        ):
            resp.raise_for_status()
            return await resp.json()

    async def post(self, path: str, body: Any) -> Any:
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.url + path, json=body) as resp,
        ):
            resp.raise_for_status()
            return await resp.json()


StartProvider = Callable[..., Awaitable[RunningProvider]]


@pytest.fixture
async def start_provider() -> AsyncIterator[StartProvider]:
    """Start the mock provider (FAST_PROVIDER overridden by keywords)."""
    runners: list[web.AppRunner] = []

    from ticketd.mockapi import MockSettings, make_app

    async def start(**overrides: Any) -> RunningProvider:
        settings = MockSettings(**{**FAST_PROVIDER, **overrides})
        # A time-out fault hangs its request (120 s in some tests); the
        # teardown must not wait aiohttp's default 60 s drain for it (seen
        # once in CI as a 60 s test time-out at teardown).
        runner = web.AppRunner(
            make_app(settings), handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = runner.addresses[0][1]
        return RunningProvider(runner, f"http://127.0.0.1:{port}")

    yield start
    for runner in reversed(runners):
        await runner.cleanup()


@pytest.fixture
async def provider(start_provider: StartProvider) -> RunningProvider:
    return await start_provider()


class RunningDaemon:
    """A started daemon and a client session pointed at it."""

    def __init__(self, daemon: Any, session: aiohttp.ClientSession) -> None:
        self.daemon = daemon
        self.session = session
        self.url = f"http://127.0.0.1:{daemon.port}"

    async def request(
        self, method: str, path: str, *, status: int | None = None, **kwargs: Any
    ) -> tuple[int, Any]:
        async with self.session.request(method, self.url + path, **kwargs) as resp:
            body = (
                await resp.json() if resp.content_type == "application/json" else await resp.text()
            )
            if status is not None:
                assert resp.status == status, (resp.status, body)
            return resp.status, body

    async def get(self, path: str, *, status: int | None = 200, **params: Any) -> Any:
        return (await self.request("GET", path, status=status, params=params))[1]


StartDaemon = Callable[..., Awaitable[RunningDaemon]]


@pytest.fixture
async def start_daemon(tmp_path) -> AsyncIterator[StartDaemon]:
    """Start a daemon on a temporary SQLite file and a free port; keyword
    arguments override settings (``clock=`` gives the daemon its clock).
    Stopped (and checked) at teardown."""
    from ticketd.daemon.process import Daemon
    from ticketd.settings import Settings

    running: list[RunningDaemon] = []

    async def start(**overrides: Any) -> RunningDaemon:
        values = {
            "db": f"sqlite:///{tmp_path}/ticketd.db",
            "port": 0,
            "log_format": "json",
            "instance_id": f"test-{len(running)}",
            **overrides,
        }
        clock = values.pop("clock", None)
        daemon = Daemon(Settings(**values), clock=clock)
        await daemon.start()
        handle = RunningDaemon(daemon, aiohttp.ClientSession())
        running.append(handle)
        return handle

    yield start
    for handle in reversed(running):
        await handle.session.close()
        if handle.daemon.started:
            assert await handle.daemon.stop() == []


# -- MongoDB over the wire ----------------------------------------------------------
def pytest_configure(config: pytest.Config) -> None:
    # PyMongo's async connect closes its new socket on OSError and time-out
    # but not when the connect is cancelled, which ``client.close()`` does to
    # a monitor still trying to reach a dead server (the tests of deadlines
    # and of a database that is down). Only that socket is excused: never
    # connected (no peer address), on loopback.
    unconnected_socket = (
        r"Exception ignored in. <socket\.socket fd=\d+, family=2, type=1, proto=6, "
        r"laddr=\('127\.0\.0\.1', \d+\)>\n"
    )
    config.addinivalue_line(
        "filterwarnings", f"ignore:{unconnected_socket}:pytest.PytestUnraisableExceptionWarning"
    )
    # Also outside any test: pytest reports what the last collection finds
    # at the end of the session.
    warnings.filterwarnings(
        "ignore", message=unconnected_socket, category=pytest.PytestUnraisableExceptionWarning
    )
    config.addinivalue_line(
        "markers",
        "secantus_gap(name): a known difference of SecantusDB from mongod "
        "(tests/mongo_server.py SECANTUS_GAPS); xfail(strict=True) on SecantusDB only",
    )


@pytest.fixture(scope="session")
def mongo_server() -> Iterator[MongoServer]:
    """The session's MongoDB server (``tests/mongo_server.py``): the mongod
    of ``TICKETD_TEST_MONGO_URL``, or a SecantusDB process started for the
    session and stopped at its end."""
    server = start_mongo_server()
    try:
        yield server
    finally:
        stop_mongo_server(server)


@pytest.fixture
def mongo_url(mongo_server: MongoServer) -> Iterator[str]:
    """A URL naming a database of its own for this test, dropped after.
    (A plain fixture, so async fixtures can ask for it too.)"""
    import pymongo

    name = unique_database_name()
    yield database_url(mongo_server.url, name)
    # Bounded: a transaction a test left open (a killed writer) must not
    # hang the suite here.
    client: Any = pymongo.MongoClient(mongo_server.url, timeoutMS=30_000)
    try:
        client.drop_database(name)
    finally:
        client.close()


@pytest.fixture(autouse=True)
def _secantus_gap(request: pytest.FixtureRequest) -> None:
    """Turn ``@pytest.mark.secantus_gap(name)`` into a strict xfail when the
    server is SecantusDB (and, in the backend-parametrised storage suite,
    only for the MongoDB backend)."""
    marker = request.node.get_closest_marker("secantus_gap")
    if marker is None:
        return
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("store", "mongodb") != "mongodb":
        return
    server: MongoServer = request.getfixturevalue("mongo_server")
    if server.is_secantus:
        request.applymarker(pytest.mark.xfail(strict=True, reason=SECANTUS_GAPS[marker.args[0]]))
