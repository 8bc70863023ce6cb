"""``ticketd demo`` stops at any point on Ctrl-C or SIGTERM, as serve and
ingest do: also while it still ingests the demo tenants."""

from __future__ import annotations

import asyncio
import signal
import sqlite3

import aiohttp
import pytest

from ticketd.daemon.listening import free_port


async def _demo_ingesting(run_command, db: str):
    """A demo whose ingestion takes minutes (six provider calls a minute),
    returned with the daemon's URL once it announces that it is ingesting."""
    demo = await run_command(
        "demo",
        "--port",
        str(free_port()),
        "--provider-port",
        str(free_port()),
        "--tickets",
        "600",
        "--rate-limit",
        "6",
        "--db",
        db,
    )
    lines: list[bytes] = []
    while not lines or not lines[-1].startswith(b"Ingesting"):
        line = await asyncio.wait_for(demo.stdout.readline(), 60)
        assert line, b"demo exited early: " + b"".join(lines)
        lines.append(line)
    url = next(line for line in lines if line.startswith(b"Daemon: ")).split()[1].decode()
    return demo, url


def _jobs_and_leases(path) -> tuple[list[str], int]:
    with sqlite3.connect(path) as conn:
        statuses = [row[0] for row in conn.execute("SELECT status FROM ingestion_jobs")]
        held = conn.execute("SELECT count(*) FROM locks WHERE owner IS NOT NULL").fetchone()[0]
    return statuses, held


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
async def test_a_signal_while_ingesting_stops_the_demo_cleanly(tmp_path, run_command, signum):
    """1. Start the demo at six provider calls a minute; wait for "Ingesting".
    2. Send SIGINT (or SIGTERM): the demo exits 0 within seconds.
    3. Every run ended interrupted and no lease is held."""
    demo, _ = await _demo_ingesting(run_command, f"sqlite:///{tmp_path}/demo.db")
    demo.send_signal(signum)
    _, stderr = await asyncio.wait_for(demo.communicate(), 30)
    assert demo.returncode == 0, stderr.decode()
    statuses, held = _jobs_and_leases(tmp_path / "demo.db")
    assert statuses and set(statuses) == {"interrupted"}, statuses
    assert held == 0


@pytest.mark.parametrize("second", [signal.SIGINT, signal.SIGTERM])
async def test_a_second_signal_cuts_the_demo_short_with_130(tmp_path, run_command, second):
    """1. Start the slow demo; once it ingests, hold a `wait=true` run of
       another tenant open (a second start answers 409, so it runs), which
       keeps the drain waiting.
    2. SIGINT; once it says it stops, SIGINT (or SIGTERM) again.
    3. It exits 130; no run is left running and no lease is held."""
    demo, url = await _demo_ingesting(run_command, f"sqlite:///{tmp_path}/demo.db")
    run = f"{url}/ingest/run?tenant_id=tenant_e"
    async with aiohttp.ClientSession() as session:
        waiting = asyncio.create_task(session.post(run + "&wait=true"))
        try:
            while True:
                async with session.post(run) as again:
                    if again.status == 409:
                        break
            demo.send_signal(signal.SIGINT)
            while (await asyncio.wait_for(demo.stdout.readline(), 30)) != b"Stopping ...\n":
                pass
            demo.send_signal(second)
            _, stderr = await asyncio.wait_for(demo.communicate(), 30)
        finally:
            await asyncio.wait([waiting])
            if waiting.exception() is None:  # cut off at exit, or answered
                waiting.result().release()
    assert demo.returncode == 130, stderr.decode()
    statuses, held = _jobs_and_leases(tmp_path / "demo.db")
    assert "running" not in statuses and held == 0
