"""Scheduled sync across two replicas on one database."""

from __future__ import annotations

import asyncio
import itertools
import logging
from datetime import timedelta


async def test_two_replicas_sync_a_tenant_on_schedule_one_run_at_a_time(
    tmp_path, start_provider, start_daemon
):
    """1. Two daemons on one SQLite file, both syncing tenant_a every 1 s.
    2. Wait until three scheduled runs have finished.
    3. The runs never overlapped (the lease lets one replica run the
       tenant; the other's tick is skipped), the tickets are stored once,
       /ingest/status names the next scheduled run, and the metric counts
       the scheduled runs."""
    provider = await start_provider()
    settings = {
        "db": f"sqlite:///{tmp_path}/sync.db",
        "external_url": provider.url,
        "sync_interval_seconds": 1,
        "sync_tenants": "tenant_a",
    }
    replicas = [await start_daemon(**settings) for _ in range(2)]
    store = replicas[0].daemon.store
    for _ in range(400):
        jobs = await store.recent_jobs("tenant_a", limit=50)
        if sum(1 for j in jobs if j.status == "completed") >= 3:
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError(f"no three scheduled runs: {[j.status for j in jobs]}")
    finished = sorted((j for j in jobs if j.ended_at is not None), key=lambda j: j.started_at)
    for earlier, later in itertools.pairwise(finished):
        assert later.started_at >= earlier.ended_at  # one run at a time
        # Once per interval over both replicas (less the jitter), not once each.
        assert later.started_at - earlier.started_at >= timedelta(seconds=0.9)
    mine = await provider.feed("tenant_a")
    stored = await replicas[1].get("/tickets", tenant_id="tenant_a", page_size=100)
    assert stored["total"] == len(mine)
    status = await replicas[0].get("/ingest/status", tenant_id="tenant_a")
    assert status["next_scheduled_run"] is not None
    assert (await replicas[0].get("/ingest/status", tenant_id="tenant_b"))[
        "next_scheduled_run"
    ] is None
    started = 0.0
    for replica in replicas:
        metrics = await replica.get("/metrics")
        for line in metrics.splitlines():
            if line.startswith('ticketd_scheduled_runs_total{outcome="started"}'):
                started += float(line.split()[-1])
    assert started >= 3


async def test_sync_tenants_without_an_interval_warns_at_start(
    tmp_path, start_provider, start_daemon, caplog
):
    """Tenants listed for a schedule that is off: one warning at start."""
    caplog.set_level(logging.WARNING)
    provider = await start_provider()
    daemon = await start_daemon(
        db=f"sqlite:///{tmp_path}/off.db", external_url=provider.url, sync_tenants="tenant_a"
    )
    warnings = [r.getMessage() for r in caplog.records if "TICKETD_SYNC_TENANTS" in r.getMessage()]
    assert len(warnings) == 1 and "TICKETD_SYNC_INTERVAL_SECONDS is 0" in warnings[0]
    status = await daemon.get("/ingest/status", tenant_id="tenant_a")
    assert status["next_scheduled_run"] is None
