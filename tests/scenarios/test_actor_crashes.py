"""Injected crashes of the permanent actors while many tenants ingest and
notifications are pending: nothing is stranded, nothing is lost."""

from __future__ import annotations

import asyncio

from tests.scenarios.test_notifications import FAST_NOTIFIER, delivered, succeeded
from ticketd.actors import Ping

TENANTS = tuple(f"tenant_{i:02d}" for i in range(10))


async def wait_for_notify_attempts(provider, at_least: int, seconds: float = 30) -> None:
    for _ in range(int(seconds / 0.05)):
        stats = await provider.get("/_control/stats")
        if stats["by_endpoint"].get("notify", {}).get("calls", 0) >= at_least:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} notify attempts")


async def test_crashing_the_limiter_and_the_notifier_loses_nothing(start_daemon, start_provider):
    """1. 10 tenants ingest a mixed feed at once on a tight budget
       (20 calls a second); /notify is slow (50-200 ms).
    2. While they wait for permits, the rate limiter is crashed; once
       deliveries are under way, the notifier is crashed; then the limiter
       once more.
    3. Every run completes, at least 100 notifications were queued, and
       every one of them is delivered."""
    provider = await start_provider(
        tickets=1000, tenants=TENANTS, notify_fail_first=0, notify_latency=(0.05, 0.2)
    )
    daemon = await start_daemon(
        external_url=provider.url,
        rate_limit_per_minute=20,
        rate_limit_window_seconds=1.0,
        page_size=50,
        restart_max=10,
        **FAST_NOTIFIER,
    )
    wired = daemon.daemon
    limiter, notifier = wired.rate_limiter, wired.notifier
    runs = [await wired.ingestion.start_run(tenant) for tenant in TENANTS]

    limiter.crash(RuntimeError("injected: limiter"))
    await limiter.ask(Ping())  # the restarted limiter answers
    await wait_for_notify_attempts(provider, 10)
    notifier.crash(RuntimeError("injected: notifier"))
    await notifier.ask(Ping())
    limiter.crash(RuntimeError("injected: limiter again"))

    views = await asyncio.wait_for(asyncio.gather(*(r.finished for r in runs)), 50)
    assert [v.status for v in views] == ["completed"] * len(TENANTS), [
        (v.tenant_id, v.error) for v in views if v.status != "completed"
    ]
    queued = sum(v.report.notifications_queued for v in views)
    assert queued >= 100

    expected = {
        tenant: {
            t["external_id"]
            for t in (await daemon.get("/tickets/urgent", tenant_id=tenant, page_size=100))[
                "tickets"
            ]
        }
        for tenant in TENANTS
    }
    assert sum(len(ids) for ids in expected.values()) == queued
    missing: dict[str, set[str]] = {}
    for _ in range(600):
        missing = {}
        for tenant, ids in expected.items():
            attempts = await delivered(provider, tenant)
            left = {i for i in ids if not succeeded(attempts.get(i, []))}
            if left:
                missing[tenant] = left
        summary = await wired.store.outbox_summary()
        if not missing and summary.pending == 0:  # delivered, and recorded so
            break
        await asyncio.sleep(0.1)
    assert not missing, missing
    assert summary.pending == 0 and summary.dead == 0
    assert wired.supervisor.failure is None
    assert wired.supervisor.restarts_total == 3
