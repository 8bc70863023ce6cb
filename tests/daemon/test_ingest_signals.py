"""`ticketd ingest` stopped by a signal, as systemd, `timeout` or Ctrl-C
stop it: real processes against a provider that holds its answers."""

from __future__ import annotations

import asyncio
import signal
import sqlite3

import orjson
import pytest

from tests.scenarios.hostile_provider import HostileProvider, hostile_provider, provider_ticket
from ticketd.store import make_store

__all__ = ["hostile_provider"]

pytestmark = pytest.mark.timeout(120)


async def _finish(process: asyncio.subprocess.Process) -> tuple[str, str]:
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    return stdout.decode(), stderr.decode()


async def _stderr_until(process: asyncio.subprocess.Process, needle: str) -> str:
    """Read the process's stderr up to the line holding ``needle``."""
    seen: list[str] = []
    while not seen or needle not in seen[-1]:
        line = await asyncio.wait_for(process.stderr.readline(), 60)
        assert line, f"exited before {needle!r}: " + "".join(seen)
        seen.append(line.decode())
    return "".join(seen)


async def _tenant_state(url: str) -> tuple[bool, list[str]]:
    """Whether acme's lease is held, and the statuses of its jobs."""
    store = make_store(url)
    await store.open()
    try:
        lease = await store.lease_status("acme")
        return lease.locked, [job.status for job in await store.recent_jobs("acme", limit=10)]
    finally:
        await store.close()


def _ignore_sigint() -> None:
    # A shell's background job (`ticketd ingest ... &`) inherits SIGINT ignored.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_a_signal_cancels_the_run_and_releases_its_lease(
    tmp_path, run_command, hostile_provider: HostileProvider, signum: signal.Signals
):
    """1. `ticketd ingest acme --json` runs (SIGINT inherited ignored, as in
       a background job) and waits for the provider's page 1, which is held.
    2. SIGTERM (systemd, `timeout`) or SIGINT reaches it.
    3. The run ends cancelled: exit code 1, the report on stdout and the
       summary on stderr, the job recorded cancelled and the lease released."""
    hostile_provider.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(5)]
    hostile_provider.hold_page = 1
    url = f"sqlite:///{tmp_path}/t.db"
    ingest = await run_command(
        "ingest", "acme", "--json", "--db", url, "--external-url", hostile_provider.url,
        preexec_fn=_ignore_sigint,
    )  # fmt: skip
    await asyncio.wait_for(hostile_provider.held.wait(), 60)

    ingest.send_signal(signum)
    stdout, stderr = await _finish(ingest)

    assert ingest.returncode == 1, stderr
    report = orjson.loads(stdout)
    assert (report["status"], report["counts"]["pages"]) == ("cancelled", 0), report
    assert f"{signum.name} received: cancelling the run" in stderr
    assert "acme: cancelled in" in stderr
    assert await _tenant_state(url) == (False, ["cancelled"])


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
async def test_a_signal_while_starting_starts_no_run(
    tmp_path, run_command, hostile_provider: HostileProvider, signum: signal.Signals
):
    """1. Another process holds the database's write lock, so `ticketd
       ingest acme --json` (SIGINT inherited ignored) waits in its start-up,
       before any run.
    2. The signal reaches it there; the lock is then released.
    3. No run takes place: exit code 2, stdout the error in the API's
       shape (`interrupted`), no job, no lease, no call to the provider."""
    hostile_provider.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(5)]
    path = tmp_path / "t.db"
    url = f"sqlite:///{path}"
    assert await _tenant_state(url) == (False, [])  # creates the database
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        ingest = await run_command(
            "ingest", "acme", "--json", "--db", url, "--external-url", hostile_provider.url,
            env={"TICKETD_DB_TIMEOUT_SECONDS": "60"}, preexec_fn=_ignore_sigint,
        )  # fmt: skip
        await _stderr_until(ingest, "ticketd ingest: database")
        ingest.send_signal(signum)
        await _stderr_until(ingest, f"{signum.name} received: no run will be started")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    stdout, stderr = await _finish(ingest)

    assert ingest.returncode == 2, stderr
    error = orjson.loads(stdout)["error"]
    assert error["code"] == "interrupted", error
    assert error["message"] == f"{signum.name} received before the run started: no run took place"
    assert await _tenant_state(url) == (False, [])
    assert hostile_provider.requests == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_a_signal_while_the_command_is_imported_starts_no_run(
    tmp_path, run_command, hostile_provider: HostileProvider, signum: signal.Signals
):
    """1. `ticketd ingest acme --json` starts, Python reporting each module
       it imports on stderr (PYTHONPROFILEIMPORTTIME).
    2. The signal reaches it while it still imports its commands: once
       ticketd.daemon.process (aiohttp and uvloop among its imports) is
       in, the mock provider's and the store's modules still to come,
       before the ingest command could install any handler of its own.
    3. No run takes place: exit code 2, stdout the error in the API's
       shape (`interrupted`), the reason on stderr and no traceback; no
       job, no call to the provider. (Before, SIGTERM killed the process
       and SIGINT ended it with a KeyboardInterrupt traceback.)"""
    hostile_provider.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(5)]
    url = f"sqlite:///{tmp_path}/t.db"
    ingest = await run_command(
        "ingest", "acme", "--json", "--db", url, "--external-url", hostile_provider.url,
        env={"PYTHONPROFILEIMPORTTIME": "1"},
    )  # fmt: skip
    await _stderr_until(ingest, "| ticketd.daemon.process\n")  # 1.

    ingest.send_signal(signum)  # 2.
    stdout, stderr = await _finish(ingest)

    assert ingest.returncode == 2, stderr  # 3.
    error = orjson.loads(stdout)["error"]
    assert error == {
        "code": "interrupted",
        "message": f"{signum.name} received before the run started: no run took place",
    }
    assert f"{signum.name} received: no run will be started" in stderr
    assert "Traceback" not in stderr
    assert await _tenant_state(url) == (False, [])
    assert hostile_provider.requests == []
