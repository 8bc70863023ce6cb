"""A run's call figures (``api_calls``, ``retries``, ``throttled_seconds``)
are counted as the calls, retries and waits happen, so progress shows
them live and a run that fails or is cancelled reports what it made:
with the shared pass over the feed and with a run scanning alone. The
daemon on a real SQLite file, the mock provider on a loopback port with
its fault injection."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

from tests.conftest import RunningDaemon

TENANT, TICKETS, PAGE_SIZE = "tenant_a", 200, 20
MODES = pytest.mark.parametrize("shared_pass", [True, False], ids=["shared-pass", "alone"])


async def progress_when(daemon: RunningDaemon, job_id: str, ready: Any) -> dict[str, Any]:
    """The job's progress view once ``ready(view)`` holds (polled)."""
    for _ in range(1500):
        view = await daemon.get(f"/ingest/progress/{job_id}")
        if ready(view):
            return view
        assert view["status"] == "running", view
        await asyncio.sleep(0.02)
    raise AssertionError(f"job {job_id}: never reached the state awaited")


async def start(start_provider: Any, start_daemon: Any, shared_pass: bool, **settings: Any):
    provider = await start_provider(tickets=TICKETS)
    daemon = await start_daemon(
        external_url=provider.url,
        page_size=PAGE_SIZE,
        provider_tenant_filter=not shared_pass,
        **settings,
    )
    return provider, daemon


async def cancelled_while_throttled(provider, daemon, fault: dict) -> dict:
    """With ``fault`` (a 429 with Retry-After: 60) set, start a run; once
    its progress waits ``retry_after`` with time waited (and at least page
    1 and the 429 counted), cancel it: its final counts are at least the
    live ones. Returns the final counts."""
    await provider.post("/_control/faults", fault)
    _, accepted = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": TENANT}, status=202
    )
    job_id = accepted["job_id"]
    live = await progress_when(
        daemon,
        job_id,
        lambda v: v["waiting"] == "retry_after" and v["counts"]["throttled_seconds"] > 0,
    )
    assert live["counts"]["api_calls"] >= 2, live["counts"]  # page 1 and the 429

    await daemon.request("DELETE", f"/ingest/{job_id}")
    final = await progress_when(daemon, job_id, lambda v: v["status"] != "running")
    assert final["status"] == "cancelled", final
    counts = final["counts"]
    assert counts["api_calls"] >= live["counts"]["api_calls"], counts
    assert counts["throttled_seconds"] >= live["counts"]["throttled_seconds"], counts
    return counts


@MODES
async def test_a_run_cancelled_while_waiting_out_a_retry_after_counts_the_call_and_the_wait(
    start_provider, start_daemon, shared_pass
):
    """1. Page 2 answers 429 with Retry-After: 60.
    2. While the run waits it out, progress counts the 429 call and the
       time waited so far (above 0 and growing).
    3. Cancelled then, the run reports at least those figures; scanning
       alone, exactly 3 calls (deleted ids, page 1, page 2) and page 1
       stored. (With the shared pass the 429 pauses the budget, so the
       deleted-ids call, and page 1's write, may wait behind it.)"""
    provider, daemon = await start(start_provider, start_daemon, shared_pass)
    fault = {"kind": "rate_limit", "page": 2, "seconds": 60, "endpoint": "list"}
    counts = await cancelled_while_throttled(provider, daemon, fault)
    if not shared_pass:
        assert (counts["api_calls"], counts["pages"]) == (3, 1), counts


@MODES
async def test_a_run_cancelled_while_its_deleted_ids_call_waits_out_a_retry_after_counts_it(
    start_provider, start_daemon, shared_pass
):
    """1. The deleted-ids call answers 429 with Retry-After: 60.
    2. While the run waits for that call, progress counts it: the 429
       answer with page 1 (at least 2 calls), the time waited so far
       (above 0), waiting ``retry_after``.
    3. Cancelled then, the run reports at least those figures."""
    provider, daemon = await start(start_provider, start_daemon, shared_pass)
    fault = {"kind": "rate_limit", "endpoint": "deleted", "seconds": 60}
    await cancelled_while_throttled(provider, daemon, fault)


@MODES
async def test_a_page_failing_past_its_retries_counts_every_attempt_and_retry(
    start_provider, start_daemon, shared_pass
):
    """1. Three attempts per call; page 2 answers 503 three times.
    2. The run fails with page 1 stored and reports every call made:
       deleted ids, page 1, 3 attempts at page 2 (5 calls, 2 retries)."""
    provider, daemon = await start(
        start_provider, start_daemon, shared_pass, provider_max_attempts=3
    )
    await provider.post("/_control/faults", {"kind": "error", "page": 2, "status": 503, "times": 3})
    _, final = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": TENANT, "wait": "true"}, status=200
    )
    assert final["status"] == "failed", final
    counts = final["counts"]
    assert counts["pages"] == 1, counts
    assert (counts["api_calls"], counts["retries"]) == (5, 2), counts


@MODES
async def test_a_failed_deleted_ids_call_counts_its_attempts_and_retries(
    start_provider, start_daemon, shared_pass
):
    """1. Three attempts per call; the deleted-ids call answers 503 three
       times.
    2. The run fails and counts those attempts: 2 retries (its page calls
       needed none), at least 4 calls (page 1 and the 3 attempts)."""
    provider, daemon = await start(
        start_provider, start_daemon, shared_pass, provider_max_attempts=3
    )
    await provider.post(
        "/_control/faults", {"kind": "error", "endpoint": "deleted", "status": 503, "times": 3}
    )
    _, final = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": TENANT, "wait": "true"}, status=200
    )
    assert final["status"] == "failed", final
    counts = final["counts"]
    assert counts["retries"] == 2, counts
    assert counts["api_calls"] >= 4, counts


@MODES
async def test_progress_counts_a_retry_while_the_call_goes_on(
    start_provider, start_daemon, shared_pass
):
    """1. Page 2 answers 503 once, then its next attempt hangs.
    2. While it hangs, progress already counts the retry and the calls
       (at least page 1 and both attempts at page 2); the run is then
       cancelled and reports them too."""
    provider, daemon = await start(
        start_provider, start_daemon, shared_pass, provider_timeout_seconds=150
    )
    await provider.post(
        "/_control/faults",
        [
            {"kind": "error", "page": 2, "status": 503},
            {"kind": "timeout", "page": 2, "seconds": 120},
        ],
    )
    _, accepted = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": TENANT}, status=202
    )
    job_id = accepted["job_id"]
    # Page 1, the 503, the attempt that hangs (the retry counts from the back-off on).
    await progress_when(
        daemon,
        job_id,
        lambda v: v["counts"]["retries"] == 1 and v["counts"]["api_calls"] >= 3,
    )

    await daemon.request("DELETE", f"/ingest/{job_id}")
    final = await progress_when(daemon, job_id, lambda v: v["status"] != "running")
    assert final["status"] == "cancelled", final
    assert final["counts"]["retries"] == 1, final["counts"]
    assert final["counts"]["api_calls"] >= 3, final["counts"]


@MODES
async def test_an_unreachable_provider_counts_every_attempt(start_daemon, shared_pass):
    """Nobody listens at the provider's address: the run fails and counts
    the attempts at page 1 and their retries (2 attempts, 1 retry)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    daemon = await start_daemon(
        external_url=f"http://127.0.0.1:{port}",
        page_size=PAGE_SIZE,
        provider_tenant_filter=not shared_pass,
        provider_max_attempts=2,
    )
    _, final = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": TENANT, "wait": "true"}, status=200
    )
    assert final["status"] == "failed", final
    counts = final["counts"]
    assert (counts["api_calls"], counts["retries"], counts["pages"]) == (2, 1, 0), counts
