"""Replicas on one database share one pass over the provider's feed: one
replica fetches each page and publishes it in the store, the others follow."""

from __future__ import annotations

import asyncio
import contextlib
import math
import socket
import sqlite3

from tests.scenarios.conftest import Replica
from tests.scenarios.test_feed_scan import stale_ticket
from ticketd.clock import SystemClock
from ticketd.store import make_store

# 200 tickets at 10 a page: 20 pages, the last without a next page, at 8
# calls a second.
TICKETS, PAGE_SIZE = 200, 10
PAGES = math.ceil(TICKETS / PAGE_SIZE)
ENV = {
    "TICKETD_RATE_LIMIT_PER_MINUTE": "8",
    "TICKETD_RATE_LIMIT_WINDOW_SECONDS": "1",
    "TICKETD_PAGE_SIZE": str(PAGE_SIZE),
    "TICKETD_LOCK_TTL_SECONDS": "2",
}


async def start_run(replica: Replica, tenant: str) -> str:
    status, body = await replica.request("POST", "/ingest/run", tenant_id=tenant)
    assert status == 202, body
    return body["job_id"]


async def progress(replica: Replica, job_id: str) -> dict:
    status, view = await replica.request("GET", f"/ingest/progress/{job_id}")
    assert status == 200, view
    return view


async def wait_pages(replica: Replica, job_id: str, pages: int) -> None:
    for _ in range(1500):
        if (await progress(replica, job_id))["processed_pages"] >= pages:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"job {job_id} never stored {pages} pages")


async def wait_done(replica: Replica, job_id: str) -> dict:
    for _ in range(1500):
        view = await progress(replica, job_id)
        if view["status"] != "running":
            return view
        await asyncio.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish: {view} {replica.log[-30:]}")


async def stored_ids(replica: Replica, tenant: str) -> list[str]:
    ids, page = [], 1
    while True:
        _, body = await replica.request(
            "GET", "/tickets", tenant_id=tenant, page=str(page), page_size="100"
        )
        ids += [t["external_id"] for t in body["tickets"]]
        if page * 100 >= body["total"]:
            return sorted(ids)
        page += 1


def fetcher(path: str) -> str | None:
    """The member holding the fetch lease of the pass, read from the file."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        row = conn.execute("SELECT owner FROM feed_scans WHERE owner IS NOT NULL").fetchone()
    return None if row is None else row[0]


def instance_of(replica: Replica) -> str:
    return f"{socket.gethostname()}-{replica.process.pid}/"


async def test_two_replicas_share_one_pass(scenario_db, start_provider, start_replica):
    """1. Two `ticketd serve` processes on one database (SQLite file or
       MongoDB); the provider answers the first call for page 1 with a
       429 (Retry-After 1.5 s), so both runs are waiting for page 1.
    2. tenant_a's run starts on the first replica, tenant_b's on the
       second.
    3. Both complete with every ticket of their tenant, and the provider
       served one pass: each page once, and one deleted-ids call."""
    provider = await start_provider(tickets=TICKETS)
    await provider.post(
        "/_control/faults", {"kind": "rate_limit", "endpoint": "list", "page": 1, "seconds": 1.5}
    )
    replicas = [await start_replica(scenario_db, provider.url, ENV) for _ in range(2)]
    jobs = await asyncio.gather(
        start_run(replicas[0], "tenant_a"), start_run(replicas[1], "tenant_b")
    )
    views = [await wait_done(r, j) for r, j in zip(replicas, jobs, strict=True)]
    stats = await provider.get("/_control/stats")  # before the test's own reads

    assert [v["status"] for v in views] == ["completed", "completed"], [v["error"] for v in views]
    assert stats["by_endpoint"]["list"]["calls"] == PAGES  # each page once (the 429 not served)
    assert stats["by_endpoint"]["deleted"]["calls"] == 1
    for view in views:
        assert view["counts"]["pages"] == PAGES
        assert view["counts"]["deletion_skipped"] is None
    for replica, tenant in zip(replicas, ("tenant_a", "tenant_b"), strict=True):
        mine = sorted(t["id"] for t in await provider.feed(tenant))
        assert await stored_ids(replica, tenant) == mine


async def test_the_fetcher_killed_mid_pass_hands_the_pass_over(
    tmp_path, start_provider, start_replica, start_daemon
):
    """1. Two `ticketd serve` processes on one SQLite file (2 s leases).
    2. tenant_a's run starts on the first; once it stored 2 pages (the
       first replica fetches), tenant_b's run starts on the second, which
       follows the published pages.
    3. Once tenant_b stored 2 pages and the first replica still holds the
       fetch lease, SIGKILL it.
    4. The second replica takes the pass over when the lease expires:
       tenant_b completes with every ticket and a complete scan. tenant_a's
       run, on the dead replica, is recorded as interrupted."""
    provider = await start_provider(tickets=TICKETS)
    db = f"sqlite:///{tmp_path}/replicas.db"
    doomed, survivor = [await start_replica(db, provider.url, ENV) for _ in range(2)]
    job_a = await start_run(doomed, "tenant_a")
    await wait_pages(doomed, job_a, 2)
    job_b = await start_run(survivor, "tenant_b")
    await wait_pages(survivor, job_b, 2)
    for _ in range(1500):  # between two pages the lease may be free a moment
        owner = fetcher(f"{tmp_path}/replicas.db")
        if owner is not None and owner.startswith(instance_of(doomed)):
            break
        await asyncio.sleep(0.01)
    assert owner is not None and owner.startswith(instance_of(doomed)), owner
    await doomed.kill()

    view = await wait_done(survivor, job_b)
    assert view["status"] == "completed", view
    assert view["counts"]["pages"] == PAGES
    assert view["counts"]["deletion_skipped"] is None
    mine = sorted(t["id"] for t in await provider.feed("tenant_b"))
    assert await stored_ids(survivor, "tenant_b") == mine
    stats = await provider.get("/_control/stats")
    assert stats["by_endpoint"]["list"]["calls"] < 2 * (PAGES + 1)  # not two scans
    daemon = await start_daemon(db=db, external_url=provider.url, lock_ttl_seconds=2.0)
    store = daemon.daemon.store
    for _ in range(500):  # the dead replica's 2 s lease runs out
        await store.interrupt_orphaned_jobs()
        if (await store.get_job(job_a)).status == "interrupted":
            break
        await asyncio.sleep(0.02)
    assert (await store.get_job(job_a)).status == "interrupted"


async def test_a_late_joiner_on_another_replica_gets_every_page_and_a_cancel_stays_local(
    scenario_db, start_provider, start_replica
):
    """1. Two `ticketd serve` processes on one database; tenant_c has a
       stored ticket the feed does not list.
    2. tenant_a's and tenant_b's runs start on the first replica.
    3. Once tenant_a stored 5 pages, tenant_c's run starts on the second
       replica, and tenant_b's run is cancelled.
    4. tenant_b ends cancelled; tenant_a completes; tenant_c completes
       with every ticket of its tenant and a complete scan (the stale
       ticket soft-deleted), and the provider served far fewer list calls
       than two separate scans."""
    provider = await start_provider(tickets=TICKETS)
    first, second = [await start_replica(scenario_db, provider.url, ENV) for _ in range(2)]
    store = make_store(scenario_db, clock=SystemClock())
    await store.open()
    try:
        await store.apply_tickets("tenant_c", [stale_ticket("tenant_c", "ext-stale")], job_id=None)
    finally:
        await store.close()
    job_a = await start_run(first, "tenant_a")
    job_b = await start_run(first, "tenant_b")
    await wait_pages(first, job_a, 5)
    job_c = await start_run(second, "tenant_c")
    status, _ = await first.request("DELETE", f"/ingest/{job_b}")
    assert status == 202

    views = {
        "tenant_a": await wait_done(first, job_a),
        "tenant_b": await wait_done(first, job_b),
        "tenant_c": await wait_done(second, job_c),
    }
    stats = await provider.get("/_control/stats")  # before the test's own reads
    assert views["tenant_b"]["status"] == "cancelled"
    assert views["tenant_b"]["processed_pages"] < PAGES
    assert views["tenant_a"]["status"] == "completed"
    late = views["tenant_c"]
    assert late["status"] == "completed", late
    assert late["counts"]["pages"] == PAGES
    assert late["counts"]["deletion_skipped"] is None
    assert late["counts"]["deleted"] == 1
    # Two separate scans: 2 x 21 list calls. Shared: 21, plus the pages
    # tenant_c missed fetched once more, fewer than the 15 still to come.
    assert stats["by_endpoint"]["list"]["calls"] <= 2 * (PAGES + 1) - 5
    mine = sorted(t["id"] for t in await provider.feed("tenant_c"))
    assert await stored_ids(second, "tenant_c") == mine
