"""Readiness and liveness of the process: the database, the provider and
the permanent actors."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, Protocol

from ticketd.actors import Liveness, Supervisor
from ticketd.domain.ratelimit import MAX_RETRY_AFTER_SECONDS
from ticketd.domain.ticket import format_datetime
from ticketd.errors import Unavailable
from ticketd.store import Store

__all__ = ["HEALTH_TIMEOUT_SECONDS", "LIVENESS_TIMEOUT_SECONDS", "HealthChecks"]

HEALTH_TIMEOUT_SECONDS = 2.0
LIVENESS_TIMEOUT_SECONDS = 2.0  # every permanent actor must answer a Ping within it


class _Throttle(Protocol):
    until: datetime  # when the provider's Retry-After ends
    retry_after_seconds: float  # what it asked for


class _Provider(Protocol):
    async def health_problem(self) -> str | None: ...

    def throttle(self) -> _Throttle | None: ...


class HealthChecks:
    """Probes for ``/health`` (readiness) and ``/health/live`` (liveness);
    the daemon's watchdog loop uses the same liveness round."""

    def __init__(self, store: Store, provider: _Provider, supervisor: Supervisor) -> None:
        self._store = store
        self._provider = provider
        self._supervisor = supervisor

    async def readiness(self) -> tuple[bool, dict[str, Any]]:
        """Probe the database and the provider concurrently, each within
        ``HEALTH_TIMEOUT_SECONDS``, and ping the permanent actors.

        Returns (all healthy, {"database": {...}, "provider": {...},
        "actors": {...}}); a dependency that is down says why.
        """

        async def database() -> dict[str, Any]:
            try:
                async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                    await self._store.ping()
            except TimeoutError:
                return {"status": "down", "error": f"no answer within {HEALTH_TIMEOUT_SECONDS:g} s"}
            except Unavailable as exc:
                return {"status": "down", "error": exc.message}
            except Exception as exc:
                return {"status": "down", "error": f"{type(exc).__name__}: {exc}"}
            return {"status": "up"}

        async def provider() -> dict[str, Any]:
            try:
                async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                    problem = await self._provider.health_problem()
            except TimeoutError:
                problem = f"no answer within {HEALTH_TIMEOUT_SECONDS:g} s"
            check: dict[str, Any] = (
                {"status": "up"} if problem is None else {"status": "down", "error": problem}
            )
            throttle = self._provider.throttle()
            if throttle is not None:
                # Not a failure of readiness: the provider answers and this
                # replica serves; the feed waits (or its runs fail) until then.
                check["throttled_until"] = format_datetime(throttle.until)
                check["retry_after_seconds"] = throttle.retry_after_seconds
                check["throttled"] = _throttled_note(throttle.retry_after_seconds)
            return check

        async def actors() -> dict[str, Any]:
            liveness = await self.liveness()
            if liveness.alive:
                return {"status": "up"}
            down = [f"{name}: {a['error']}" for name, a in liveness.actors.items() if "error" in a]
            if liveness.supervisor != "running":
                down.insert(0, f"supervisor {liveness.supervisor}")
            return {"status": "down", "error": "; ".join(down)}

        results = await asyncio.gather(database(), provider(), actors())
        checks = dict(zip(("database", "provider", "actors"), results, strict=True))
        return all(c["status"] == "up" for c in checks.values()), checks

    async def liveness(self) -> Liveness:
        """Ping every permanent actor (within ``LIVENESS_TIMEOUT_SECONDS``);
        alive unless the supervisor gave up or one did not answer."""
        return await self._supervisor.ping_permanent(timeout=LIVENESS_TIMEOUT_SECONDS)


def _throttled_note(retry_after: float) -> str:
    """What the provider's 429 means for the feed, in one sentence."""
    if retry_after > MAX_RETRY_AFTER_SECONDS:
        return (
            f"the provider answered 429 asking to wait {retry_after:g} s, more than the "
            f"{MAX_RETRY_AFTER_SECONDS:g} s a call waits: its calls fail until then"
        )
    return f"the provider answered 429: calls wait until then ({retry_after:g} s asked)"
