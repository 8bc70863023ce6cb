"""Runs of several tenants share one pass over the provider's mixed feed."""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime

from tests.conftest import RunningDaemon
from ticketd.domain.ticket import Ticket

# 200 tickets at 10 a page: 20 pages and an empty end, at 8 calls a second,
# so a pass takes a few seconds and the tests can act in the middle of it.
TICKETS, PAGE_SIZE = 200, 10
PAGES = math.ceil(TICKETS / PAGE_SIZE)
SLOW = {
    "rate_limit_per_minute": 8,
    "rate_limit_window_seconds": 1.0,
    "page_size": PAGE_SIZE,
}


async def start_run(daemon: RunningDaemon, tenant: str) -> str:
    _, body = await daemon.request("POST", "/ingest/run", params={"tenant_id": tenant}, status=202)
    return body["job_id"]


async def progress(daemon: RunningDaemon, job_id: str) -> dict:
    return await daemon.get(f"/ingest/progress/{job_id}")


async def wait_pages(daemon: RunningDaemon, job_id: str, pages: int) -> None:
    for _ in range(600):
        if (await progress(daemon, job_id))["processed_pages"] >= pages:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"job {job_id} never stored {pages} pages")


async def wait_done(daemon: RunningDaemon, job_id: str) -> dict:
    for _ in range(1500):
        view = await progress(daemon, job_id)
        if view["status"] != "running":
            return view
        await asyncio.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish")


async def stored_ids(daemon: RunningDaemon, tenant: str) -> list[str]:
    ids, page = [], 1
    while True:
        body = await daemon.get("/tickets", tenant_id=tenant, page=page, page_size=100)
        ids += [t["external_id"] for t in body["tickets"]]
        if page * 100 >= body["total"]:
            return sorted(ids)
        page += 1


def stale_ticket(tenant: str, external_id: str) -> Ticket:
    """A stored ticket the provider's feed does not list."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return Ticket(
        tenant_id=tenant, external_id=external_id, subject="old", message="old", status="open",
        source="email", customer_id="c", created_at=at, updated_at=at, urgency="low",
        sentiment="neutral", requires_action=False, rules=(), keywords=(), ruleset_version="v1",
    )  # fmt: skip


async def test_a_late_joiner_gets_every_page_and_its_scan_is_complete(start_provider, start_daemon):
    """1. tenant_b has one stored ticket the feed does not list.
    2. tenant_a's run starts; once it stored 5 pages, tenant_b's run joins.
    3. Both complete. tenant_b stored every ticket of its tenant (it got the
       pages it missed), its scan counts as complete (the stale ticket is
       soft-deleted, nothing skipped), and the provider served far fewer
       list calls than two separate scans."""
    provider = await start_provider(tickets=TICKETS)
    daemon = await start_daemon(external_url=provider.url, **SLOW)
    stale = stale_ticket("tenant_b", "ext-stale")
    await daemon.daemon.store.apply_tickets("tenant_b", [stale], job_id=None)

    first = await start_run(daemon, "tenant_a")
    await wait_pages(daemon, first, 5)
    late = await start_run(daemon, "tenant_b")
    views = [await wait_done(daemon, first), await wait_done(daemon, late)]

    assert [v["status"] for v in views] == ["completed", "completed"]
    late_counts = views[1]["counts"]
    assert late_counts["pages"] == PAGES
    assert late_counts["deletion_skipped"] is None
    assert late_counts["deleted"] == 1
    stats = await provider.get("/_control/stats")  # before the test's own reads
    # Two separate scans: 2 x 21 list calls. Shared: 21, plus the pages
    # tenant_b missed fetched once more, fewer than the 15 still to come.
    assert stats["by_endpoint"]["list"]["calls"] <= 2 * (PAGES + 1) - 5
    for tenant in ("tenant_a", "tenant_b"):
        mine = sorted(t["id"] for t in await provider.feed(tenant))
        assert await stored_ids(daemon, tenant) == mine


async def test_cancelling_one_run_mid_pass_leaves_the_others_running(start_provider, start_daemon):
    """1. Runs of tenant_a, tenant_b and tenant_c start together.
    2. Once tenant_b stored 3 pages, cancel it.
    3. tenant_b ends cancelled, keeping what it stored; tenant_a and
       tenant_c complete with every ticket, on one pass."""
    provider = await start_provider(tickets=TICKETS)
    daemon = await start_daemon(external_url=provider.url, **SLOW)
    jobs = {t: await start_run(daemon, t) for t in ("tenant_a", "tenant_b", "tenant_c")}
    await wait_pages(daemon, jobs["tenant_b"], 3)
    await daemon.request("DELETE", f"/ingest/{jobs['tenant_b']}", status=202)
    views = {t: await wait_done(daemon, j) for t, j in jobs.items()}

    stats = await provider.get("/_control/stats")  # before the test's own reads
    # Separate scans: two complete ones alone are 2 x 21 list calls. Shared:
    # one pass, plus the first pages again for runs whose start came after
    # the pass began (how many depends on the machine's load).
    assert stats["by_endpoint"]["list"]["calls"] < 2 * (PAGES + 1)
    assert views["tenant_b"]["status"] == "cancelled"
    assert 3 <= views["tenant_b"]["processed_pages"] < PAGES
    for tenant in ("tenant_a", "tenant_c"):
        assert views[tenant]["status"] == "completed"
        mine = sorted(t["id"] for t in await provider.feed(tenant))
        assert await stored_ids(daemon, tenant) == mine


async def test_a_killed_replica_interrupts_only_its_own_runs(
    tmp_path, start_provider, start_replica, start_daemon
):
    """1. Two `ticketd serve` processes on one SQLite file: the first runs
       tenant_a and tenant_b (one shared pass), the second tenant_c.
    2. SIGKILL the first once its runs stored 3 pages.
    3. tenant_c's run completes with every ticket. After the dead
       replica's leases expire, a daemon starting on the database records
       tenant_a's and tenant_b's runs as interrupted."""
    provider = await start_provider(tickets=TICKETS)
    db = f"sqlite:///{tmp_path}/replicas.db"
    env = {
        "TICKETD_RATE_LIMIT_PER_MINUTE": "8",
        "TICKETD_RATE_LIMIT_WINDOW_SECONDS": "1",
        "TICKETD_PAGE_SIZE": str(PAGE_SIZE),
        "TICKETD_LOCK_TTL_SECONDS": "1",
    }
    doomed, survivor = [await start_replica(db, provider.url, env) for _ in range(2)]
    jobs = {}
    for tenant, replica in (("tenant_a", doomed), ("tenant_b", doomed), ("tenant_c", survivor)):
        status, body = await replica.request("POST", "/ingest/run", tenant_id=tenant)
        assert status == 202, body
        jobs[tenant] = body["job_id"]
    for _ in range(600):
        _, view = await doomed.request("GET", f"/ingest/progress/{jobs['tenant_b']}")
        if view["processed_pages"] >= 3:
            break
        await asyncio.sleep(0.02)
    await doomed.kill()

    for _ in range(1500):
        _, view = await survivor.request("GET", f"/ingest/progress/{jobs['tenant_c']}")
        if view["status"] != "running":
            break
        await asyncio.sleep(0.02)
    assert view["status"] == "completed"
    daemon = await start_daemon(db=db, external_url=provider.url, lock_ttl_seconds=1.0)
    mine = sorted(t["id"] for t in await provider.feed("tenant_c"))
    assert await stored_ids(daemon, "tenant_c") == mine
    store = daemon.daemon.store
    for _ in range(300):  # the dead replica's 1 s leases run out
        await store.interrupt_orphaned_jobs()
        statuses = [(await store.get_job(jobs[t])).status for t in ("tenant_a", "tenant_b")]
        if statuses == ["interrupted", "interrupted"]:
            break
        await asyncio.sleep(0.02)
    assert statuses == ["interrupted", "interrupted"]


async def test_with_a_provider_that_filters_by_tenant_each_run_scans_alone(
    start_provider, start_daemon
):
    """1. TICKETD_PROVIDER_TENANT_FILTER on: the provider is asked for one
       tenant's tickets, and the mock sends only those.
    2. Two tenants' runs at once each read their own filtered feed: the
       provider's list calls are the sum of both runs' own scans."""
    provider = await start_provider(tickets=TICKETS)
    daemon = await start_daemon(
        external_url=provider.url, page_size=PAGE_SIZE, provider_tenant_filter=True
    )
    jobs = [await start_run(daemon, t) for t in ("tenant_a", "tenant_b")]
    views = [await wait_done(daemon, j) for j in jobs]
    assert [v["status"] for v in views] == ["completed", "completed"]
    stats = await provider.get("/_control/stats")
    own_scans = sum(v["counts"]["api_calls"] - 1 for v in views)  # minus deleted-ids
    assert stats["by_endpoint"]["list"]["calls"] == own_scans
    assert all(v["counts"]["skipped"] == 0 for v in views)  # only their own tickets came
