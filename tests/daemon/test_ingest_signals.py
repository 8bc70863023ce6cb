"""`ticketd ingest` stopped by a signal, as systemd, `timeout` or Ctrl-C
stop it: real processes against a provider that holds its answers."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3

import orjson
import pytest

from tests.scenarios.hostile_provider import HostileProvider, hostile_provider, provider_ticket
from tests.sqlite_lock_holder import write_lock_held
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


async def _signal_until_exit(process: asyncio.subprocess.Process, signum: int) -> None:
    """Send ``signum`` again and again, a few milliseconds apart, until the
    process exits (so one lands in each moment of its way out). By
    ``os.kill``: ``send_signal`` polls the process first, which could reap
    it under asyncio's child watcher (its exit code then lost, 255)."""
    exited = asyncio.ensure_future(process.wait())
    while not exited.done():
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signum)  # until reaped, a zombie takes it harmlessly
        await asyncio.wait({exited}, timeout=0.002)


async def test_signals_after_a_recorded_run_leave_its_exit_code(
    tmp_path, run_command, hostile_provider: HostileProvider
):
    """1. `ticketd ingest acme --json` completes its run and records it.
    2. From the moment its summary is printed, SIGTERM after SIGTERM
       reaches it until it exits (while it stops, prints the report and
       while the interpreter shuts down).
    3. It exits with the run's own code, 0, the report printed whole."""
    hostile_provider.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(5)]
    url = f"sqlite:///{tmp_path}/t.db"
    ingest = await run_command(
        "ingest", "acme", "--json", "--db", url, "--external-url", hostile_provider.url
    )
    await _stderr_until(ingest, "acme: completed in")  # 1.

    await _signal_until_exit(ingest, signal.SIGTERM)  # 2.

    stdout, stderr = await _finish(ingest)
    assert ingest.returncode == 0, stderr  # 3.
    report = orjson.loads(stdout)
    assert (report["status"], report["recorded"]) == ("completed", True)
    assert await _tenant_state(url) == (False, ["completed"])


@pytest.mark.parametrize("second", [signal.SIGTERM, signal.SIGINT])
async def test_a_second_signal_stops_at_once_and_an_unrecorded_end_is_said(
    tmp_path, run_command, hostile_provider: HostileProvider, second: signal.Signals
):
    """1. `ticketd ingest acme --json` waits for the provider's page 1,
       which is held; another process then holds the database's write lock
       (a frozen database: every write waits its 5 s deadline out).
    2. SIGTERM cancels the run; while it tries to record its end, a second
       signal (SIGTERM or SIGINT) stops the command at once: its stop is
       forced, as serve's second signal forces it.
    3. The summary says the run was cancelled but its end not recorded,
       the record still running and the lease held until its TTL; the
       report says `recorded: false`; exit code 1.
    4. Once the lock is free, the record says so: running, lease held."""
    hostile_provider.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(5)]
    hostile_provider.hold_page = 1
    path = tmp_path / "t.db"
    url = f"sqlite:///{path}"
    ingest = await run_command(
        "ingest", "acme", "--json", "--db", url, "--external-url", hostile_provider.url,
        preexec_fn=_ignore_sigint,
    )  # fmt: skip
    await asyncio.wait_for(hostile_provider.held.wait(), 60)
    async with write_lock_held(str(path)):  # 1.
        ingest.send_signal(signal.SIGTERM)  # 2.
        await _stderr_until(ingest, "SIGTERM received: cancelling the run")
        ingest.send_signal(second)
        stdout, stderr = await _finish(ingest)

    assert ingest.returncode == 1, stderr  # 3.
    assert f"{second.name} received: stopping now" in stderr
    assert '"forced":true' in stderr  # the daemon's stop
    assert "acme: cancelled in" in stderr
    assert (
        "not recorded: the database refused the end of the run, so its job record still "
        "says running and the lease on acme is held until it runs out "
        "(TICKETD_LOCK_TTL_SECONDS, 60 s)"
    ) in stderr
    report = orjson.loads(stdout)
    assert (report["status"], report["recorded"]) == ("cancelled", False)
    assert await _tenant_state(url) == (True, ["running"])  # 4.
