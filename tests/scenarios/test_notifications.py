"""Notifications end to end: outbox, notifier, breaker, against the mock."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import defaultdict

import aiohttp
import pytest

from tests.conftest import RunningDaemon, RunningProvider
from ticketd.daemon.listening import free_port

# Scaled-down timings: same thresholds as the defaults, shorter waits.
FAST_NOTIFIER = {
    "breaker_open_seconds": 0.5,
    "notify_backoff_cap_seconds": 0.2,
    "notify_poll_seconds": 0.2,
}


async def urgent_ids(daemon: RunningDaemon, tenant: str) -> set[str]:
    body = await daemon.get("/tickets/urgent", tenant_id=tenant, page_size=100)
    assert body["total"] <= 100
    return {t["external_id"] for t in body["tickets"]}


async def delivered(provider: RunningProvider, tenant: str) -> dict[str, list[dict]]:
    record = await provider.get("/notifications", tenant_id=tenant)
    attempts: dict[str, list[dict]] = defaultdict(list)
    for attempt in record["notifications"]:
        attempts[attempt["ticket_id"]].append(attempt)
    return attempts


def succeeded(attempts: list[dict]) -> list[dict]:
    return [a for a in attempts if 200 <= a["status_returned"] < 300]


async def wait_all_delivered(provider, tenant: str, expected: set[str], seconds: float = 30):
    for _ in range(int(seconds / 0.05)):
        attempts = await delivered(provider, tenant)
        if {t for t, a in attempts.items() if succeeded(a)} >= expected:
            return attempts
        await asyncio.sleep(0.05)
    raise AssertionError(f"not all delivered: {sorted(expected - set(attempts))[:10]}")


async def test_every_urgent_ticket_is_delivered_once_despite_the_failure_pattern(
    start_daemon, start_provider, scenario_db
):
    """1. The reference failure pattern: every ticket's first two attempts fail.
    2. Ingest a tenant; every high-urgency ticket reaches /notify with one
       stable idempotency key and exactly one success.
    3. Re-running ingestion queues nothing new."""
    provider = await start_provider(notify_fail_first=2, notify_outage_after=0)
    daemon = await start_daemon(db=scenario_db, external_url=provider.url, **FAST_NOTIFIER)
    _, view = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_a", "wait": "true"}, status=200
    )
    expected = await urgent_ids(daemon, "tenant_a")
    assert expected and view["counts"]["notifications_queued"] == len(expected)
    attempts = await wait_all_delivered(provider, "tenant_a", expected)
    assert set(attempts) == expected  # nothing for non-urgent tickets
    for ticket_id, tries in attempts.items():
        assert len(succeeded(tries)) == 1, ticket_id
        assert len({a["idempotency_key"] for a in tries}) == 1
        assert len(tries) >= 3  # two refused, then delivered
    _, again = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_a", "wait": "true"}, status=200
    )
    assert again["counts"]["notifications_queued"] == 0
    status = await daemon.get("/circuit/notify/status")
    assert status["outbox"]["pending"] == 0


async def notify_calls(provider: RunningProvider) -> int:
    counts = (await provider.get("/_control/stats"))["by_endpoint"]["notify"]
    return counts["calls"] + counts["faults"]


async def test_open_breaker_makes_no_calls_then_deliveries_resume(start_daemon, start_provider):
    """1. /notify fails its next 5 calls (an outage), then heals.
    2. The breaker opens; while it reports open the provider sees no call.
    3. After the open period a trial succeeds, the breaker closes and every
       urgent ticket is delivered."""
    provider = await start_provider(notify_fail_first=0, notify_outage_after=0)
    await provider.post(
        "/_control/faults",
        {"faults": [{"kind": "error", "endpoint": "notify", "status": 503, "times": 5}]},
    )
    daemon = await start_daemon(
        external_url=provider.url,
        notify_concurrency=1,
        **{**FAST_NOTIFIER, "breaker_open_seconds": 1.0},
    )
    await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_b", "wait": "true"}, status=200
    )
    expected = await urgent_ids(daemon, "tenant_b")
    assert len(expected) > 5
    for _ in range(200):
        status = await daemon.get("/circuit/notify/status")
        if status["state"] == "open":
            break
        await asyncio.sleep(0.01)
    assert status["state"] == "open"
    calls_when_opened = await notify_calls(provider)
    observed_open = 0
    while (await daemon.get("/circuit/notify/status"))["state"] == "open":
        assert await notify_calls(provider) == calls_when_opened
        observed_open += 1
        await asyncio.sleep(0.05)
    assert observed_open >= 5  # we watched it for most of the open second
    attempts = await wait_all_delivered(provider, "tenant_b", expected)
    assert all(len(succeeded(tries)) == 1 for tries in attempts.values())
    status = await daemon.get("/circuit/notify/status")
    assert status["state"] == "closed" and status["failures"] == 5
    assert status["rejections"] == 0  # open meant not asking, not asking and refusing


async def test_breaker_status_and_reset(start_daemon, provider):
    daemon = await start_daemon(external_url=provider.url)
    status = await daemon.get("/circuit/notify/status")
    assert status["state"] == "closed"
    assert (status["window"], status["failures_threshold"], status["open_seconds"]) == (10, 5, 30.0)
    _, body = await daemon.request("POST", "/circuit/notify/reset", status=200)
    assert body == {"status": "reset"}
    metrics = await daemon.get("/metrics")
    assert "ticketd_notify_breaker_state 0.0" in metrics
    assert "ticketd_outbox_entries" in metrics


@pytest.mark.timeout(120)
async def test_pending_notifications_survive_sigkill(tmp_path, start_provider, start_daemon):
    """1. A daemon process ingests while /notify is down (every call 503).
    2. SIGKILL it with notifications pending in the outbox (some of them
       claimed by its notifier: a claim covers one delivery time-out plus
       15 s, so the dead process's claims free their entries soon).
    3. A new daemon on the same database delivers all of them."""
    provider = await start_provider(notify_fail_first=0, notify_outage_after=0)
    await provider.post(
        "/_control/faults",
        {"faults": [{"kind": "error", "endpoint": "notify", "status": 503, "times": 10_000}]},
    )
    port = free_port()
    db = f"sqlite:///{tmp_path}/kill.db"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ticketd", "serve", "--port", str(port), "--db", db,
        "--external-url", provider.url,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "TICKETD_LOCK_TTL_SECONDS": "1"},
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as session:
            for _ in range(200):
                try:
                    async with session.post(
                        f"{url}/ingest/run", params={"tenant_id": "tenant_c", "wait": "true"}
                    ) as resp:
                        report = await resp.json()
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
        assert report["status"] == "completed" and report["counts"]["notifications_queued"] > 0
    finally:
        process.send_signal(signal.SIGKILL)
        await process.wait()
    await provider.delete("/_control/faults")  # /notify heals
    daemon = await start_daemon(db=db, external_url=provider.url, **FAST_NOTIFIER)
    expected = await urgent_ids(daemon, "tenant_c")
    assert len(expected) == report["counts"]["notifications_queued"]
    attempts = await wait_all_delivered(provider, "tenant_c", expected, seconds=80)
    assert all(len(succeeded(tries)) == 1 for tries in attempts.values())


async def test_dead_letters_are_listed_and_can_be_requeued(
    start_daemon, start_provider, scenario_db
):
    """1. /notify refuses everything, with a breaker that never opens (so
       each failure is counted as the entry's own, other calls seemingly
       getting through); notifications die after 2 attempts.
    2. They are listed as dead for the tenant (and counted in metrics).
    3. /notify heals; requeueing delivers them."""
    provider = await start_provider(notify_fail_first=0, notify_outage_after=0)
    await provider.post(
        "/_control/faults",
        {"faults": [{"kind": "error", "endpoint": "notify", "status": 500, "times": 10_000}]},
    )
    daemon = await start_daemon(
        db=scenario_db,
        external_url=provider.url,
        notify_max_attempts=2,
        breaker_window=1000,
        breaker_failures=1000,
        **FAST_NOTIFIER,
    )
    await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_d", "wait": "true"}, status=200
    )
    expected = await urgent_ids(daemon, "tenant_d")
    for _ in range(200):
        dead = await daemon.get("/notifications/dead", tenant_id="tenant_d")
        if len(dead["dead"]) == len(expected):
            break
        await asyncio.sleep(0.05)
    assert {d["ticket_id"] for d in dead["dead"]} == expected
    assert all(d["attempts"] == 2 and "500" in d["last_error"] for d in dead["dead"])
    assert 'ticketd_notify_deliveries_total{result="dead"}' in await daemon.get("/metrics")
    await provider.delete("/_control/faults")
    _, requeued = await daemon.request(
        "POST", "/notifications/dead/requeue", params={"tenant_id": "tenant_d"}, status=200
    )
    assert requeued == {"tenant_id": "tenant_d", "requeued": len(expected)}
    await wait_all_delivered(provider, "tenant_d", expected)
    assert (await daemon.get("/notifications/dead", tenant_id="tenant_d"))["dead"] == []


async def test_a_notifier_restart_keeps_the_breaker_open(start_daemon, start_provider):
    """1. /notify fails (an outage); the breaker opens for an hour.
    2. The notifier crashes; its supervisor restarts it.
    3. The breaker still reports open, and the provider sees no call."""
    provider = await start_provider(notify_fail_first=0, notify_outage_after=0)
    await provider.post(
        "/_control/faults",
        {"faults": [{"kind": "error", "endpoint": "notify", "status": 503, "times": 1000}]},
    )
    daemon = await start_daemon(
        external_url=provider.url,
        notify_concurrency=1,
        **{**FAST_NOTIFIER, "breaker_open_seconds": 3600.0},
    )
    await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_b", "wait": "true"}, status=200
    )
    for _ in range(200):
        status = await daemon.get("/circuit/notify/status")
        if status["state"] == "open":
            break
        await asyncio.sleep(0.01)
    assert status["state"] == "open"
    calls_when_opened = await notify_calls(provider)
    wired = daemon.daemon
    assert wired.notifier is not None and wired.supervisor is not None
    wired.notifier.crash(RuntimeError("drill"))
    status = await daemon.get("/circuit/notify/status")  # answered after the restart
    assert wired.supervisor.restarts_total == 1
    assert status["state"] == "open"
    assert await notify_calls(provider) == calls_when_opened
