"""A daemon killed mid-run: the lease expires, the next run takes over."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys

import aiohttp
import pytest

from ticketd.daemon.listening import free_port

# Both processes ingest slowly (4 calls a second, 10 tickets a page) with a
# 1 s lease, so a run is still going when the test interferes with it.
SLOW_SERVE_ENV = {
    "TICKETD_LOCK_TTL_SECONDS": "1",
    "TICKETD_RATE_LIMIT_PER_MINUTE": "4",
    "TICKETD_RATE_LIMIT_WINDOW_SECONDS": "1",
    "TICKETD_PAGE_SIZE": "10",
}


async def serve_and_start_run(
    db: str, provider_url: str, tenant: str, *, pages: int
) -> tuple[asyncio.subprocess.Process, str, str]:
    """Start `ticketd serve` as a process on ``db``, start a run for
    ``tenant`` there, and return once it has stored ``pages`` pages:
    (process, base URL, job id). The caller ends the process."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ticketd", "serve", "--port", str(port), "--db", db,
        "--external-url", provider_url,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, **SLOW_SERVE_ENV},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(200):
                try:
                    async with session.post(
                        f"{url}/ingest/run", params={"tenant_id": tenant}
                    ) as resp:
                        job_id = (await resp.json())["job_id"]
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
            for _ in range(200):
                async with session.get(f"{url}/ingest/progress/{job_id}") as resp:
                    if (await resp.json())["processed_pages"] >= pages:
                        break
                await asyncio.sleep(0.02)
    except BaseException:
        process.kill()
        await process.wait()
        raise
    return process, url, job_id


async def test_sigkill_mid_run_then_a_new_run_takes_over(start_provider, start_daemon, scenario_db):
    """1. A `ticketd serve` process ingests a slow feed (lease TTL 1 s).
    2. SIGKILL it after a few pages are stored.
    3. Another daemon on the same database: the lease is held until it
       expires, then a new run takes it over and completes.
    4. The killed job is recorded interrupted; every ticket is stored once."""
    provider = await start_provider(tickets=200, rate_limit=4, rate_limit_window=1.0)
    db = scenario_db
    process, _, killed_job = await serve_and_start_run(db, provider.url, "tenant_a", pages=3)
    process.send_signal(signal.SIGKILL)
    await process.wait()

    daemon = await start_daemon(
        db=db,
        external_url=provider.url,
        rate_limit_per_minute=4,
        rate_limit_window_seconds=1.0,
        page_size=10,
        lock_ttl_seconds=1.0,
    )
    partial = (await daemon.get("/tickets", tenant_id="tenant_a"))["total"]
    assert partial > 0
    for _ in range(100):  # the dead run's lease runs out within its 1 s TTL
        status, body = await daemon.request(
            "POST", "/ingest/run", params={"tenant_id": "tenant_a", "wait": "true"}
        )
        if status == 200:
            break
        assert status == 409
        await asyncio.sleep(0.05)
    assert body["status"] == "completed"
    mine = sorted(t["id"] for t in await provider.feed("tenant_a"))
    assert body["counts"]["created"] == len(mine) - partial
    stored = await daemon.get("/tickets", tenant_id="tenant_a", page_size=100)
    assert sorted(t["external_id"] for t in stored["tickets"]) == mine
    assert (await daemon.get(f"/ingest/progress/{killed_job}"))["status"] == "interrupted"


@pytest.mark.timeout(150)
async def test_a_paused_daemon_does_not_corrupt_the_tenant(
    start_provider, start_daemon, scenario_db, request
):
    """1. A `ticketd serve` process ingests a slow feed (lease TTL 1 s).
    2. SIGSTOP freezes it past its lease; another daemon takes the tenant
       over (marking the frozen run interrupted) and is still ingesting when
    3. SIGCONT resumes the frozen one. The frozen run ends failed or
       interrupted, the takeover completes, every ticket is stored exactly
       once, and the frozen run wrote nothing after the takeover began.
    (That a writer holding a lost lease is refused is pinned directly by the
    store contract: test_writes_fenced_by_a_lost_lease_are_refused.)"""
    provider = await start_provider(tickets=200, rate_limit=30, rate_limit_window=1.0)
    db = scenario_db
    slow = {"rate_limit_per_minute": 3, "rate_limit_window_seconds": 1.0, "page_size": 10}
    process, url, paused_job = await serve_and_start_run(db, provider.url, "tenant_c", pages=1)
    try:
        async with aiohttp.ClientSession() as session:
            await freeze_between_writes(process, db)
            # The takeover's own lease is longer than the frozen one's: on
            # MongoDB its renewal waits for its own open page transaction,
            # which on this loaded machine can outlast a 1 s lease.
            other = await start_daemon(
                db=db, external_url=provider.url, lock_ttl_seconds=3.0, **slow
            )
            for _ in range(100):  # the frozen run's lease runs out within 1 s
                status, accepted = await other.request(
                    "POST", "/ingest/run", params={"tenant_id": "tenant_c"}
                )
                if status == 202:
                    break
                await asyncio.sleep(0.05)
            takeover = accepted["job_id"]
            process.send_signal(signal.SIGCONT)  # while the takeover is running
            assert (await other.get(f"/ingest/progress/{takeover}"))["status"] == "running"
            for _ in range(1200):
                async with session.get(f"{url}/ingest/progress/{paused_job}") as resp:
                    paused = await resp.json()
                if paused["status"] != "running":
                    break
                await asyncio.sleep(0.05)
    finally:
        process.send_signal(signal.SIGCONT)
        process.kill()
        await process.wait()
    for _ in range(1200):
        final = await other.get(f"/ingest/progress/{takeover}")
        if final["status"] != "running":
            break
        await asyncio.sleep(0.05)
    assert final["status"] == "completed"
    assert paused["status"] in ("failed", "interrupted")
    mine = sorted(t["id"] for t in await provider.feed("tenant_c"))
    stored = await other.get("/tickets", tenant_id="tenant_c", page_size=100)
    assert sorted(t["external_id"] for t in stored["tickets"]) == mine
    started = final["started_at"]
    for ticket_id in mine:
        history = (await other.get(f"/tickets/{ticket_id}/history", tenant_id="tenant_c"))[
            "history"
        ]
        assert [h["action"] for h in history] == ["created"]  # stored once
        late = [h for h in history if h["job_id"] == paused_job and h["recorded_at"] > started]
        assert late == []


async def freeze_between_writes(process: asyncio.subprocess.Process, db: str) -> None:
    """SIGSTOP ``process`` at a moment it holds no SQLite write lock. One
    frozen inside a write transaction holds the file's only write lock until
    it resumes (SQLite cannot take it back), so no other daemon could even
    open the file; the scenario is a daemon frozen between its writes. On
    MongoDB any moment will do: a takeover ends the frozen one's transaction."""
    if not db.startswith("sqlite:///"):
        process.send_signal(signal.SIGSTOP)
        return
    path = db.removeprefix("sqlite:///")
    for _ in range(100):
        process.send_signal(signal.SIGSTOP)
        if await asyncio.to_thread(_write_lock_free, path):
            return
        process.send_signal(signal.SIGCONT)
        await asyncio.sleep(0.05)  # let it finish that write
    pytest.fail("the daemon held the write lock at every one of 100 freezes")


def _write_lock_free(path: str) -> bool:
    conn = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()
