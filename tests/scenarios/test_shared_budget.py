"""Replicas on one database share the provider's call budget."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator

import aiohttp
import orjson
import pytest

from ticketd.daemon.service import free_port

# The provider admits 8 ticket calls in any 2 s; each replica is configured
# with that same budget, as an operator would configure every replica.
LIMIT, WINDOW = 8, 2.0
REPLICA_ENV = {
    "TICKETD_RATE_LIMIT_PER_MINUTE": str(LIMIT),
    "TICKETD_RATE_LIMIT_WINDOW_SECONDS": str(WINDOW),
    "TICKETD_PAGE_SIZE": "5",
    "TICKETD_LOG_FORMAT": "json",
}


class Replica:
    """A `ticketd serve` process; ``ready`` is set when it logs that it
    listens. Its log is drained all along so the pipe never fills."""

    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process = process
        self.url = f"http://127.0.0.1:{port}"
        self.ready = asyncio.Event()
        self.log: list[dict] = []
        self._drain = asyncio.create_task(self._read_log())

    async def _read_log(self) -> None:
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            with contextlib.suppress(orjson.JSONDecodeError):
                record = orjson.loads(line)
                self.log.append(record)
                if record.get("message") == "ticketd ready":
                    self.ready.set()

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()
        await self._drain


@pytest.fixture
async def start_replica() -> AsyncIterator:
    replicas: list[Replica] = []

    async def start(db: str, provider_url: str) -> Replica:
        port = free_port()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "ticketd", "serve", "--port", str(port), "--db", db,
            "--external-url", provider_url,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            env={**os.environ, **REPLICA_ENV},
        )  # fmt: skip
        replica = Replica(process, port)
        replicas.append(replica)
        ready = asyncio.create_task(replica.ready.wait())
        await asyncio.wait({ready, replica._drain}, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        assert replica.ready.is_set(), f"replica exited: {replica.log[-3:]}"
        return replica

    yield start
    for replica in replicas:
        await replica.stop()


@pytest.mark.parametrize("backend", ["sqlite", "mongodb"])
async def test_two_replicas_on_one_database_keep_one_budget(
    backend, tmp_path, request, start_provider, start_replica
):
    """1. A provider admitting 8 ticket calls per 2 s; two `ticketd serve`
       processes on one database (one SQLite file, or one MongoDB), each
       configured with that budget.
    2. Each ingests its own tenant at the same time (5 tickets a page, so
       together they need several windows of calls).
    3. Both runs complete, and the provider never answered 429: the two
       processes took their calls from one shared budget."""
    if backend == "sqlite":
        db = f"sqlite:///{tmp_path}/shared.db"
    else:
        db = request.getfixturevalue("mongo_url")
    provider = await start_provider(tickets=60, rate_limit=LIMIT, rate_limit_window=WINDOW)
    replicas = await asyncio.gather(*(start_replica(db, provider.url) for _ in range(2)))

    async def ingest(replica: Replica, tenant: str) -> dict:
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                f"{replica.url}/ingest/run", params={"tenant_id": tenant, "wait": "true"}
            ) as resp,
        ):
            assert resp.status == 200, await resp.text()
            return await resp.json()

    reports = await asyncio.gather(ingest(replicas[0], "tenant_a"), ingest(replicas[1], "tenant_b"))
    assert [r["status"] for r in reports] == ["completed", "completed"]
    stats = await provider.get("/_control/stats")
    calls = sum(r["counts"]["api_calls"] for r in reports)
    assert calls >= 2 * LIMIT  # more than one window's worth: the budget was contended
    assert stats["throttled"] == 0, stats
