"""Runs started at about the same time, on several replicas of one
database, join one pass over the feed from its first page: together they
cost the provider one scan."""

from __future__ import annotations

import asyncio

import pytest

from tests.scenarios.conftest import Replica

pytestmark = pytest.mark.timeout(120)

TENANTS = ("t1", "t2", "t3", "t4")
PAGES = 6  # 600 tickets, 100 a page (the default page size)


async def run_after(replica: Replica, tenant: str, delay: float) -> dict:
    await asyncio.sleep(delay)  # the outside tester's spread, not a wait on the service
    status, view = await replica.request("POST", "/ingest/run", tenant_id=tenant, wait="true")
    assert status == 200, view
    return view


async def test_runs_started_within_50_ms_on_three_replicas_cost_one_scan(
    scenario_db, start_provider_process, start_replica
):
    """1. The mock provider as a process: 600 tickets of four tenants, a
       6-page feed, within its budget (no waits); three `ticketd serve`
       processes on one database with default settings.
    2. Four runs start 0, 16, 33 and 50 ms apart, on replicas 1, 2, 3
       and 1.
    3. All complete with every page, and the provider served one scan:
       each page once and one deleted-ids call."""
    provider = await start_provider_process("--tickets", "600", "--tenants", ",".join(TENANTS))
    replicas = await asyncio.gather(*(start_replica(scenario_db, provider.url, {}) for _ in "abc"))
    views = await asyncio.gather(
        *(run_after(replicas[n % 3], tenant, n * 0.0166) for n, tenant in enumerate(TENANTS))
    )
    stats = await provider.get("/_control/stats")

    assert [v["status"] for v in views] == ["completed"] * 4, [v["error"] for v in views]
    assert [v["counts"]["pages"] for v in views] == [PAGES] * 4
    calls = {e: stats["by_endpoint"][e]["calls"] for e in ("list", "deleted", "ticket")}
    assert calls == {"list": PAGES, "deleted": 1, "ticket": 0}
    assert [v["counts"]["api_calls"] for v in views] == [PAGES + 1] * 4
