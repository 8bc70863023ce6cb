"""A frozen run resumes after another run took its tenant over and already
finished: it must write nothing more and must not end completed."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import aiohttp
import pytest

from tests.scenarios.hostile_provider import HostileProvider, provider_ticket
from ticketd.daemon.listening import free_port

pytestmark = pytest.mark.timeout(90)

_SERVE_ENV = {
    "TICKETD_LOCK_TTL_SECONDS": "1",
    "TICKETD_PAGE_SIZE": "10",
    "TICKETD_LOG_FORMAT": "json",
}


async def _serve(db: str, provider_url: str) -> tuple[asyncio.subprocess.Process, str]:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ticketd", "serve", "--port", str(port), "--db", db,
        "--external-url", provider_url,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, **_SERVE_ENV},
    )  # fmt: skip
    return process, f"http://127.0.0.1:{port}"


async def _post_until_answered(session: aiohttp.ClientSession, url: str, **params: str) -> dict:
    """POST /ingest/run once the process listens (it was just started)."""
    for _ in range(400):
        try:
            async with session.post(f"{url}/ingest/run", params=params) as resp:
                return await resp.json()
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.05)
    raise AssertionError("the daemon never answered")


async def test_a_frozen_run_resuming_after_a_finished_takeover_writes_nothing(
    hostile_provider: HostileProvider, start_daemon, tmp_path
):
    """1. Process A (`ticketd serve`, lease TTL 1 s) ingests a 30-ticket
       feed in pages of 10; it stores page 1 and asks for page 2, which the
       provider holds.
    2. A is frozen (SIGSTOP). Five tickets of page 1 leave the feed.
    3. Daemon B takes the tenant over once A's lease expired, runs to the
       end (deleting the five) and releases the lease.
    4. A gets its (now stale) page 2 and is resumed (SIGCONT).
    5. A's run ends failed with a lease-lost error, not completed; it wrote
       nothing after B started: B's tickets and deletions stand, and no
       history line of A's job is newer than B's start."""
    hostile_provider.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(30)]
    hostile_provider.hold_page = 2
    db = f"sqlite:///{tmp_path}/takeover.db"
    process, url = await _serve(db, hostile_provider.url)
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=80)) as session:
            run_a = asyncio.create_task(
                _post_until_answered(session, url, tenant_id="acme", wait="true")
            )
            await hostile_provider.held.wait()
            for _ in range(200):  # page 1 stored (its write may trail the next fetch)
                async with session.get(f"{url}/ingest/status", params={"tenant_id": "acme"}) as r:
                    active = (await r.json())["active_job"]
                if active is not None and active["processed_pages"] >= 1:
                    break
                await asyncio.sleep(0.02)
            job_a = active["job_id"]
            process.send_signal(signal.SIGSTOP)

            hostile_provider.tickets = hostile_provider.tickets[5:]
            b = await start_daemon(
                db=db, external_url=hostile_provider.url, page_size=10, lock_ttl_seconds=1.0
            )
            for _ in range(200):  # A's lease runs out within its 1 s TTL
                status, report_b = await b.request(
                    "POST", "/ingest/run", params={"tenant_id": "acme", "wait": "true"}
                )
                if status == 200:
                    break
                assert status == 409
                await asyncio.sleep(0.05)
            assert report_b["status"] == "completed", report_b
            assert report_b["counts"]["deleted"] == 5

            hostile_provider.release.set()
            process.send_signal(signal.SIGCONT)
            report_a = await run_a
    finally:
        process.send_signal(signal.SIGCONT)
        process.kill()
        await process.wait()

    assert report_a["job_id"] == job_a
    assert report_a["status"] == "failed", report_a
    assert "lease lost" in report_a["error"]
    listed = await b.get("/tickets", tenant_id="acme", page_size=100)
    assert sorted(t["external_id"] for t in listed["tickets"]) == [
        f"ext-{n:03d}" for n in range(5, 30)
    ]
    for n in range(30):
        history = (await b.get(f"/tickets/ext-{n:03d}/history", tenant_id="acme"))["history"]
        late = [
            h for h in history if h["job_id"] == job_a and h["recorded_at"] > report_b["started_at"]
        ]
        assert late == [], (n, history)
    assert not (await b.get("/ingest/lock/acme"))["locked"]
