"""Test doubles of our own interfaces for the provider client, and a way to
stand up a provider on loopback."""

from __future__ import annotations

import asyncio
import random
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from ticketd.domain.backoff import Backoff
from ticketd.external import ProviderClient

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class RecordingClock:
    """A ``Clock`` whose ``sleep`` records the duration, moves time on and
    returns at once; ``on_sleep`` runs before it returns. Its time moves
    only by those sleeps, so a time-out (``sleep_running``) never ends."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []
        self.on_sleep: Callable[[float], Awaitable[None]] | None = None
        self._mono = 1000.0
        self._wall0 = datetime(2026, 1, 1, tzinfo=UTC)

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._wall0 + timedelta(seconds=self._mono - 1000.0)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self._mono += max(0.0, seconds)
        if self.on_sleep is not None:
            await self.on_sleep(seconds)
        await asyncio.sleep(0)

    async def sleep_running(self, seconds: float) -> None:
        await asyncio.Event().wait()  # until cancelled: the call ended first


class RecordingPermits:
    """A ``PermitSource`` that grants at once and records what it saw."""

    def __init__(self) -> None:
        self.acquired: list[str] = []
        self.throttled_for: list[float] = []
        self.throttled_keys: list[str] = []

    async def acquire(self, key: str, wait: Any = None) -> float:
        self.acquired.append(key)
        return 0.0

    def throttled(self, key: str, retry_after: float) -> None:
        self.throttled_keys.append(key)
        self.throttled_for.append(retry_after)


def ticket(number: int, tenant_id: str = "acme", **overrides: Any) -> dict[str, Any]:
    """One provider ticket as JSON."""
    record = {
        "id": f"ext-{number:03d}",
        "tenant_id": tenant_id,
        "source": "email",
        "customer_id": f"cust-{number % 7}",
        "subject": f"Subject {number}",
        "message": "Hello",
        "created_at": "2026-01-01T10:00:00Z",
        "updated_at": "2026-01-02T10:00:00Z",
        "status": "open",
    }
    record.update(overrides)
    return record


def free_port() -> int:
    """A loopback port nobody listens on (right now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def clock() -> RecordingClock:
    return RecordingClock()


@pytest.fixture
def permits() -> RecordingPermits:
    return RecordingPermits()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def make_client(
    session: aiohttp.ClientSession, clock: RecordingClock, permits: RecordingPermits
) -> Callable[..., ProviderClient]:
    """Build a client for ``base_url``; keyword arguments override the
    defaults (seeded backoff, 1 s time-out)."""

    def make(base_url: str, **overrides: Any) -> ProviderClient:
        options: dict[str, Any] = {
            "permits": permits,
            "clock": clock,
            "backoff": Backoff(rng=random.Random(42)),
            "timeout": 1.0,
        }
        options.update(overrides)
        return ProviderClient(session, base_url, **options)

    return make


@pytest.fixture
def provider(
    aiohttp_server: Any,
) -> Callable[..., Awaitable[str]]:
    """Start a provider on loopback from ``{(method, path): handler}``;
    returns its base URL."""

    async def start(routes: dict[tuple[str, str], Handler], port: int | None = None) -> str:
        app = web.Application()
        for (method, path), handler in routes.items():
            app.router.add_route(method, path, handler)
        server = await aiohttp_server(app, port=port)
        return str(server.make_url("")).rstrip("/")

    return start
