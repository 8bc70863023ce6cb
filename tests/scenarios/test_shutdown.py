"""Shutdown of a `ticketd serve` process: a second SIGINT or SIGTERM cuts
the drain short but leaves nothing behind."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys

import aiohttp
import orjson
import pytest

from ticketd.daemon.listening import free_port
from ticketd.store import make_store

TENANT = "tenant_a"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (signal.SIGINT, signal.SIGINT),
        (signal.SIGTERM, signal.SIGINT),
        (signal.SIGINT, signal.SIGTERM),
        (signal.SIGTERM, signal.SIGTERM),
    ],
    ids=["int-int", "term-int", "int-term", "term-term"],
)
async def test_second_signal_still_releases_the_lease_and_exits_130(
    tmp_path, start_provider, first, second
):
    """1. `ticketd serve` (under a NOTIFY_SOCKET) runs a slow ingestion
       (4 calls a second, 10 tickets a page, a 60 s lease) for a
       `wait=true` request, so the drain waits for that request.
    2. SIGINT or SIGTERM once; as soon as it logs that it drains, SIGINT or
       SIGTERM again.
    3. It exits 130 after sending STOPPING=1 and flushing its last log
       line; the job is recorded interrupted and the tenant is not locked."""
    provider = await start_provider(tickets=200)
    db = f"sqlite:///{tmp_path}/sigint.db"
    notify_path = str(tmp_path / "notify.sock")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(notify_path)
    notify.setblocking(False)
    port = free_port()
    env = {
        **os.environ,
        "NOTIFY_SOCKET": notify_path,
        "TICKETD_LOCK_TTL_SECONDS": "60",
        "TICKETD_RATE_LIMIT_PER_MINUTE": "4",
        "TICKETD_RATE_LIMIT_WINDOW_SECONDS": "1",
        "TICKETD_PAGE_SIZE": "10",
        "TICKETD_LOG_FORMAT": "json",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ticketd", "serve", "--port", str(port), "--db", db,
        "--external-url", provider.url,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    loop = asyncio.get_running_loop()
    session = aiohttp.ClientSession()
    waiting_request = None
    try:
        assert (await asyncio.wait_for(loop.sock_recv(notify, 4096), 30)).startswith(b"READY=1")
        waiting_request = asyncio.create_task(
            session.post(
                f"http://127.0.0.1:{port}/ingest/run", params={"tenant_id": TENANT, "wait": "true"}
            )
        )
        started = await log_line(process, "ingestion started")
        process.send_signal(first)
        await log_line(process, "signal received, draining")
        process.send_signal(second)
        rest = await asyncio.wait_for(process.stderr.read(), 30)
        rc = await asyncio.wait_for(process.wait(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        if waiting_request is not None:
            await asyncio.wait([waiting_request])
        await session.close()
    datagrams = []
    while True:
        try:
            datagrams.append(notify.recv(4096))
        except BlockingIOError:
            break
    notify.close()
    assert rc == 130, rest.decode()
    assert b"STOPPING=1" in datagrams
    assert b"ticketd stopped" in rest.strip().splitlines()[-1]
    store = make_store(db)
    await store.open()
    try:
        job = await store.get_job(started["job_id"])
        lease = await store.lease_status(TENANT)
    finally:
        await store.close()
    assert job is not None and job.status == "interrupted"
    assert not lease.locked


async def log_line(process: asyncio.subprocess.Process, message: str) -> dict:
    """Read the process's JSON log lines until one with ``message``."""
    seen = []
    while True:
        line = await asyncio.wait_for(process.stderr.readline(), 30)
        assert line, b"".join(seen).decode()
        seen.append(line)
        if line.startswith(b"{") and orjson.loads(line).get("message") == message:
            return orjson.loads(line)


async def test_a_step_past_its_budget_makes_the_exit_code_1(tmp_path, start_provider):
    """1. `ticketd serve` with a 1 s shutdown budget; /notify hangs for 5 s
       and the delivery time-out is 30 s, so the notifier's drain
       (it lets deliveries on the wire finish) cannot end within its share.
    2. One SIGTERM once a delivery hangs.
    3. The drain ends with the notifier step timed out, and the exit code
       is 1, not 0."""
    provider = await start_provider(notify_fail_first=0, notify_outage_after=0)
    await provider.post(
        "/_control/faults",
        {"faults": [{"kind": "timeout", "endpoint": "notify", "seconds": 5, "times": 1000}]},
    )
    db = f"sqlite:///{tmp_path}/budget.db"
    port = free_port()
    env = {
        **os.environ,
        "TICKETD_SHUTDOWN_TIMEOUT_SECONDS": "1",
        "TICKETD_NOTIFY_TIMEOUT_SECONDS": "30",
        "TICKETD_LOG_FORMAT": "json",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ticketd", "serve", "--port", str(port), "--db", db,
        "--external-url", provider.url,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    session = aiohttp.ClientSession()
    try:
        await log_line(process, "ticketd ready")
        async with session.post(
            f"http://127.0.0.1:{port}/ingest/run", params={"tenant_id": TENANT, "wait": "true"}
        ) as resp:
            assert resp.status == 200
        for _ in range(500):  # until a delivery has taken a hanging fault
            faults = (await provider.get("/_control/faults"))["faults"]
            if faults and faults[0]["times"] < 1000:
                break
            await asyncio.sleep(0.02)
        assert faults and faults[0]["times"] < 1000
        process.send_signal(signal.SIGTERM)
        rest = await asyncio.wait_for(process.stderr.read(), 30)
        rc = await asyncio.wait_for(process.wait(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await session.close()
    assert b"errors during shutdown" in rest, rest.decode()
    assert rc == 1, rest.decode()
