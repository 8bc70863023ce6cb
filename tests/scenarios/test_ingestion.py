"""Ingestion end to end: the daemon over HTTP against the real mock provider."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import datetime

import pytest

from tests.conftest import RunningDaemon

TENANTS = ("tenant_a", "tenant_b", "tenant_c", "tenant_d")


async def run_and_wait(daemon: RunningDaemon, tenant: str) -> dict:
    _, view = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": tenant, "wait": "true"}, status=200
    )
    return view


async def all_tickets(daemon: RunningDaemon, tenant: str) -> list[dict]:
    out, page = [], 1
    while True:
        body = await daemon.get("/tickets", tenant_id=tenant, page=page, page_size=100)
        out += body["tickets"]
        if page * 100 >= body["total"]:
            return out
        page += 1


async def test_run_stores_each_ticket_once_and_a_rerun_writes_nothing(
    start_daemon, provider, scenario_db
):
    """On each backend (MongoDB over the wire):
    1. Run ingestion for tenant_a and wait for the report.
    2. Every tenant_a ticket of the feed is stored exactly once; no other tenant's.
    3. A second run reports created=0, updated=0 and leaves the history untouched."""
    daemon = await start_daemon(db=scenario_db, external_url=provider.url)
    expected = await provider.feed("tenant_a")
    first = await run_and_wait(daemon, "tenant_a")
    assert first["status"] == "completed" and first["progress"] == 100.0
    counts = first["counts"]
    assert counts["created"] == len(expected)
    assert counts["skipped"] == counts["fetched"] - len(expected)
    stored = await all_tickets(daemon, "tenant_a")
    assert sorted(t["external_id"] for t in stored) == sorted(t["id"] for t in expected)
    assert {t["tenant_id"] for t in stored} == {"tenant_a"}
    sample = stored[0]["external_id"]
    history_before = await daemon.get(f"/tickets/{sample}/history", tenant_id="tenant_a")

    second = await run_and_wait(daemon, "tenant_a")
    assert (second["counts"]["created"], second["counts"]["updated"]) == (0, 0)
    assert second["counts"]["unchanged"] == len(expected)
    assert second["counts"]["deleted"] == 0
    assert await daemon.get(f"/tickets/{sample}/history", tenant_id="tenant_a") == history_before
    assert (await daemon.get("/ingest/lock/tenant_a"))["locked"] is False


async def test_flappy_updated_at_causes_no_writes(start_daemon, start_provider):
    """1. Against a provider that re-draws updated_at on every request,
    2. run twice: the second run updates nothing."""
    provider = await start_provider(flappy_updated_at=True)
    daemon = await start_daemon(external_url=provider.url)
    await run_and_wait(daemon, "tenant_b")
    again = await run_and_wait(daemon, "tenant_b")
    assert again["counts"]["updated"] == 0 and again["counts"]["created"] == 0


async def test_twenty_concurrent_starts_one_accepted(start_daemon, start_provider):
    """1. Fire 20 concurrent POST /ingest/run for one tenant.
    2. Exactly one is accepted (202 with Location); 19 get 409."""
    provider = await start_provider(rate_limit=4, rate_limit_window=1.0)
    daemon = await start_daemon(
        external_url=provider.url,
        rate_limit_per_minute=4,
        rate_limit_window_seconds=1.0,
        page_size=20,
    )
    results = await asyncio.gather(
        *(
            daemon.request("POST", "/ingest/run", params={"tenant_id": "tenant_a"})
            for _ in range(20)
        )
    )
    statuses = Counter(status for status, _ in results)
    assert statuses == {202: 1, 409: 19}
    accepted = next(body for status, body in results if status == 202)
    assert accepted["status"] == "running" and accepted["tenant_id"] == "tenant_a"
    conflict = next(body for status, body in results if status == 409)
    assert conflict["error"]["code"] == "conflict"
    # The run outlasted the burst, so every refusal met a live run.
    assert (await daemon.get(f"/ingest/progress/{accepted['job_id']}"))["status"] == "running"
    await wait_finished(daemon, accepted["job_id"])


async def test_concurrent_starts_across_two_daemons_on_one_database(
    start_daemon, start_provider, scenario_db
):
    """1. Two daemons share one database (a SQLite file, or MongoDB over the wire).
    2. 10 concurrent starts on each: exactly one accepted in total."""
    provider = await start_provider(rate_limit=4, rate_limit_window=1.0)
    options = {
        "external_url": provider.url,
        "rate_limit_per_minute": 4,
        "rate_limit_window_seconds": 1.0,
        "page_size": 20,
        "db": scenario_db,
    }
    first, second = await start_daemon(**options), await start_daemon(**options)
    calls = [
        d.request("POST", "/ingest/run", params={"tenant_id": "tenant_c"})
        for d in (first, second)
        for _ in range(10)
    ]
    results = await asyncio.gather(*calls)
    assert Counter(status for status, _ in results) == {202: 1, 409: 19}
    index = next(i for i, (status, _) in enumerate(results) if status == 202)
    owner = first if index < 10 else second
    job_id = results[index][1]["job_id"]
    assert (await owner.get(f"/ingest/progress/{job_id}"))["status"] == "running"
    await wait_finished(owner, job_id)


async def wait_finished(daemon: RunningDaemon, job_id: str) -> dict:
    for _ in range(400):
        view = await daemon.get(f"/ingest/progress/{job_id}")
        if view["status"] != "running":
            return view
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {view}")


async def test_tenants_run_in_parallel_within_the_budget(start_daemon, start_provider):
    """1. The provider allows 10 calls per 1 s window; so does the daemon.
    2. Start all four tenants at once.
    3. All complete, the provider answered no 429, and no 1 s window
       (plus the margin) saw more than 10 calls."""
    provider = await start_provider(tickets=200, rate_limit=10, rate_limit_window=1.0)
    daemon = await start_daemon(
        external_url=provider.url,
        rate_limit_per_minute=10,
        rate_limit_window_seconds=1.0,
        page_size=50,
    )
    views = await asyncio.gather(*(run_and_wait(daemon, t) for t in TENANTS))
    assert [v["status"] for v in views] == ["completed"] * 4
    stats = await provider.get("/_control/stats")
    assert stats["throttled"] == 0
    # The runs share one pass: 4 pages fetched once (a run that joins late
    # costs at most the pages it missed), then one deleted-ids call for
    # all; the notifier's /notify calls have their own budget. Each run's
    # api_calls counts the calls of every page it received and that call.
    assert stats["by_endpoint"]["list"]["calls"] <= 4 + 3
    assert stats["by_endpoint"]["deleted"]["calls"] == 1
    assert sum(v["counts"]["api_calls"] for v in views) == 4 * (4 + 1)


async def test_injected_429_is_waited_out(start_daemon, provider):
    """1. Arm a 429 with Retry-After 1 on page 1.
    2. The run completes, reporting the throttled time."""
    await provider.post(
        "/_control/faults", {"faults": [{"kind": "rate_limit", "page": 1, "seconds": 1}]}
    )
    daemon = await start_daemon(external_url=provider.url)
    view = await run_and_wait(daemon, "tenant_a")
    assert view["status"] == "completed"
    assert view["counts"]["throttled_seconds"] == pytest.approx(1.0, abs=0.25)  # time waited
    assert view["counts"]["created"] == len(await provider.feed("tenant_a"))


async def test_a_retry_after_past_the_wait_budget_ends_the_run_and_shows_in_health(
    start_daemon, start_provider_process
):
    """1. The mock provider (a process) answers page 1 with a 429 asking to
       wait a day (Retry-After: 86400), more than a call waits out the
       provider (300 s in all).
    2. The run does not pause: it ends failed at once, its error naming the
       Retry-After and until when.
    3. /health shows the provider throttling us until then (readiness
       stays 200: the provider answers, this replica serves)."""
    provider = await start_provider_process("--tickets", "50")
    await provider.post(
        "/_control/faults", {"faults": [{"kind": "rate_limit", "page": 1, "seconds": 86400}]}
    )
    daemon = await start_daemon(external_url=provider.url)
    started = time.time()

    view = await asyncio.wait_for(run_and_wait(daemon, "tenant_a"), 30)

    assert view["status"] == "failed"
    error = view["error"]
    assert error.startswith(
        "provider: GET /external/support-tickets answered 429 with Retry-After 86400 s (until "
    ), error
    assert error.endswith("more than the 300 s a call waits out Retry-After in all; not retried")
    until = datetime.fromisoformat(error.split("(until ")[1].split(")")[0])
    assert started + 86400 - 5 <= until.timestamp() <= time.time() + 86400 + 5
    assert view["counts"]["throttled_seconds"] < 5

    _, health = await daemon.request("GET", "/health", status=200)
    throttled = health["checks"]["provider"]
    assert throttled["status"] == "up"
    assert datetime.fromisoformat(throttled["throttled_until"]) == until
    assert throttled["retry_after_seconds"] == 86400


async def test_5xx_and_timeout_pages_are_retried(start_daemon, provider):
    """1. Arm a 503 on page 1 and a hang past the client time-out on page 2.
    2. The run completes with two retries and every ticket stored."""
    await provider.post(
        "/_control/faults",
        {
            "faults": [
                {"kind": "error", "page": 1, "status": 503},
                {"kind": "timeout", "page": 2, "seconds": 2},
            ]
        },
    )
    daemon = await start_daemon(
        external_url=provider.url, page_size=50, provider_timeout_seconds=0.3
    )
    view = await run_and_wait(daemon, "tenant_a")
    assert view["status"] == "completed"
    assert view["counts"]["retries"] == 2
    assert view["counts"]["created"] == len(await provider.feed("tenant_a"))


async def test_changes_deletions_and_restores(start_daemon, provider):
    """1. Ingest tenant_a.
    2. The provider modifies one ticket and deletes another; ingest again:
       one update with history, one soft delete.
    3. The provider restores the deleted one; ingest again: one restore."""
    daemon = await start_daemon(external_url=provider.url)
    await run_and_wait(daemon, "tenant_a")
    ids = sorted(t["id"] for t in await provider.feed("tenant_a"))
    changed, removed = ids[0], ids[1]
    await provider.post("/_control/mutate", {"modify": [changed], "delete": [removed]})
    view = await run_and_wait(daemon, "tenant_a")
    assert (view["counts"]["updated"], view["counts"]["deleted"]) == (1, 1)
    history = await daemon.get(f"/tickets/{changed}/history", tenant_id="tenant_a")
    assert history["history"][0]["action"] == "updated"
    assert "updated_at" in history["history"][0]["changes"]
    await daemon.get(f"/tickets/{removed}", tenant_id="tenant_a", status=404)

    await provider.post("/_control/mutate", {"restore": [removed]})
    view = await run_and_wait(daemon, "tenant_a")
    assert view["counts"]["restored"] == 1
    restored = await daemon.get(f"/tickets/{removed}", tenant_id="tenant_a")
    assert restored["deleted_at"] is None
    actions = [
        h["action"]
        for h in (await daemon.get(f"/tickets/{removed}/history", tenant_id="tenant_a"))["history"]
    ]
    assert actions[:2] == ["restored", "deleted"]


async def test_cancel_keeps_stored_pages_and_frees_the_lock(start_daemon, start_provider):
    """1. A slow feed: 5 calls per 1 s window, 10 tickets a page.
    2. Start a run and cancel it once the first page is stored.
    3. The job ends cancelled, what was stored stays, nothing was deleted,
       the lock is free and a second cancel is a 409."""
    provider = await start_provider(tickets=200, rate_limit=5, rate_limit_window=1.0)
    daemon = await start_daemon(
        external_url=provider.url,
        rate_limit_per_minute=5,
        rate_limit_window_seconds=1.0,
        page_size=10,
    )
    _, accepted = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_a"}, status=202
    )
    job_id = accepted["job_id"]
    for _ in range(200):
        view = await daemon.get(f"/ingest/progress/{job_id}")
        if view["processed_pages"] >= 1:
            break
        await asyncio.sleep(0.02)
    _, cancelling = await daemon.request("DELETE", f"/ingest/{job_id}", status=202)
    assert cancelling["cancel_requested"] is True
    final = await wait_finished(daemon, job_id)
    assert final["status"] == "cancelled"
    assert 1 <= final["processed_pages"] < 20
    assert final["counts"]["deleted"] == 0
    stored = await daemon.get("/tickets", tenant_id="tenant_a")
    assert stored["total"] == final["counts"]["created"] > 0
    assert (await daemon.get("/ingest/lock/tenant_a"))["locked"] is False
    await daemon.request("DELETE", f"/ingest/{job_id}", status=409)
    status = await daemon.get("/ingest/status", tenant_id="tenant_a")
    assert status["state"] == "idle" and status["last_run"]["status"] == "cancelled"


async def test_cancel_sent_to_another_replica_reaches_the_job(start_daemon, start_provider):
    """1. Two daemons share one database; a slow run starts on the first.
    2. DELETE /ingest/{job_id} goes to the second (a load balancer's choice).
    3. The job stops at its next page boundary on the first: cancelled."""
    provider = await start_provider(tickets=200, rate_limit=5, rate_limit_window=1.0)
    options = {
        "external_url": provider.url,
        "rate_limit_per_minute": 5,
        "rate_limit_window_seconds": 1.0,
        "page_size": 10,
    }
    runner, other = await start_daemon(**options), await start_daemon(**options)
    _, accepted = await runner.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_b"}, status=202
    )
    job_id = accepted["job_id"]
    _, view = await other.request("DELETE", f"/ingest/{job_id}", status=202)
    assert view["cancel_requested"] is True and view["status"] == "running"
    final = await wait_finished(runner, job_id)
    assert final["status"] == "cancelled" and final["processed_pages"] < 20
    assert (await other.get("/ingest/lock/tenant_b"))["locked"] is False
    await other.request("DELETE", f"/ingest/{job_id}", status=409)


async def test_shutdown_interrupts_a_running_job_and_releases_the_lock(
    start_daemon, start_provider
):
    """1. Start a slow run.
    2. Stop the daemon: the job is recorded interrupted and the lock freed.
    3. A new daemon on the same file completes the tenant."""
    provider = await start_provider(tickets=200, rate_limit=3, rate_limit_window=1.0)
    options = {
        "external_url": provider.url,
        "rate_limit_per_minute": 3,
        "rate_limit_window_seconds": 1.0,
        "page_size": 10,
    }
    daemon = await start_daemon(**options)
    _, accepted = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_d"}, status=202
    )
    await asyncio.sleep(0.2)
    assert await daemon.daemon.stop() == []
    store_check = await start_daemon(**options)
    job = await store_check.get(f"/ingest/progress/{accepted['job_id']}")
    assert job["status"] == "interrupted"
    assert (await store_check.get("/ingest/lock/tenant_d"))["locked"] is False


async def test_ingest_api_validation(start_daemon, provider):
    daemon = await start_daemon(external_url=provider.url)
    _, body = await daemon.request("POST", "/ingest/run", status=422)
    assert body["error"]["code"] == "unprocessable"
    await daemon.request("POST", "/ingest/run", params={"tenant_id": "bad id"}, status=400)
    await daemon.request("GET", "/ingest/progress/nothex", status=400)
    await daemon.request("GET", f"/ingest/progress/{'0' * 32}", status=404)
    await daemon.request("DELETE", f"/ingest/{'0' * 32}", status=404)
    await daemon.request("GET", "/ingest/lock/-bad", status=400)
    idle = await daemon.get("/ingest/status", tenant_id="tenant_z")
    assert idle == {
        "tenant_id": "tenant_z",
        "state": "idle",
        "active_job": None,
        "last_run": None,
        "next_scheduled_run": None,
    }
