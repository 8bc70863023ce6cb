"""Replicas on one database share the provider's call budget."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from tests.scenarios.conftest import Replica

# The provider admits 8 ticket calls in any 2 s; each replica is configured
# with that same budget, as an operator would configure every replica.
LIMIT, WINDOW = 8, 2.0
REPLICA_ENV = {
    "TICKETD_RATE_LIMIT_PER_MINUTE": str(LIMIT),
    "TICKETD_RATE_LIMIT_WINDOW_SECONDS": str(WINDOW),
    "TICKETD_PAGE_SIZE": "5",
}


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
    replicas = await asyncio.gather(
        *(start_replica(db, provider.url, REPLICA_ENV) for _ in range(2))
    )

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
