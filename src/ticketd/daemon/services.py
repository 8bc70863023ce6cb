"""The facade the HTTP layer talks to: references to the actors and the few
shared resources a request needs, wired once by the daemon."""

from __future__ import annotations

import asyncio
from typing import Any

import attrs

from ticketd.actors import ActorRef, Supervisor
from ticketd.clock import Clock
from ticketd.daemon.settings import Settings
from ticketd.errors import Unavailable
from ticketd.metrics import Metrics
from ticketd.store import Store

__all__ = ["Services"]

HEALTH_TIMEOUT_SECONDS = 2.0


@attrs.define
class Services:
    """Everything a request handler may reach. Created by the daemon (or a
    test) after the store is open and the actors are started."""

    settings: Settings
    clock: Clock
    store: Store
    supervisor: Supervisor
    metrics: Metrics
    provider: Any  # ticketd.external.ProviderClient
    rate_limiter: ActorRef | None = None
    notifier: ActorRef | None = None

    async def health(self) -> tuple[bool, dict[str, Any]]:
        """Probe the database and the provider concurrently, each within 2 s.

        Returns (all healthy, {"database": {...}, "provider": {...}}).
        """

        async def database() -> dict[str, Any]:
            try:
                async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                    await self.store.ping()
            except TimeoutError:
                return {"status": "down", "error": "no answer within 2 s"}
            except Unavailable as exc:
                return {"status": "down", "error": exc.message}
            return {"status": "up"}

        async def provider() -> dict[str, Any]:
            try:
                async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                    healthy = await self.provider.health()
            except TimeoutError:
                return {"status": "down", "error": "no answer within 2 s"}
            if not healthy:
                return {"status": "down", "error": "health check failed"}
            return {"status": "up"}

        checks = dict(
            zip(("database", "provider"), await asyncio.gather(database(), provider()), strict=True)
        )
        return all(c["status"] == "up" for c in checks.values()), checks
