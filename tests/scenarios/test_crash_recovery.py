"""A daemon killed mid-run: the lease expires, the next run takes over."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import aiohttp

from ticketd.daemon.service import free_port


async def test_sigkill_mid_run_then_a_new_run_takes_over(tmp_path, start_provider, start_daemon):
    """1. A `ticketd serve` process ingests a slow feed (lease TTL 1 s).
    2. SIGKILL it after a few pages are stored.
    3. Another daemon on the same database: the lease is held until it
       expires, then a new run takes it over and completes.
    4. The killed job is recorded interrupted; every ticket is stored once."""
    provider = await start_provider(tickets=200, rate_limit=4, rate_limit_window=1.0)
    port = free_port()
    db = f"sqlite:///{tmp_path}/crash.db"
    env = {
        **os.environ,
        "TICKETD_LOCK_TTL_SECONDS": "1",
        "TICKETD_RATE_LIMIT_PER_MINUTE": "4",
        "TICKETD_RATE_LIMIT_WINDOW_SECONDS": "1",
        "TICKETD_PAGE_SIZE": "10",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ticketd", "serve", "--port", str(port), "--db", db,
        "--external-url", provider.url,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(200):
                try:
                    async with session.post(
                        f"{url}/ingest/run", params={"tenant_id": "tenant_a"}
                    ) as resp:
                        killed_job = (await resp.json())["job_id"]
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
            for _ in range(200):
                async with session.get(f"{url}/ingest/progress/{killed_job}") as resp:
                    if (await resp.json())["processed_pages"] >= 3:
                        break
                await asyncio.sleep(0.05)
    finally:
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
