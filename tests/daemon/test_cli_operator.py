"""The commands as a newcomer runs them one after the other from the README,
and the paper cuts an operator hit: real processes in a scratch directory."""

from __future__ import annotations

import asyncio
import contextlib
import os
import pty
import shutil
import signal
import socket
import sqlite3
import sys
import tempfile
from pathlib import Path

import aiohttp
import orjson
import pytest

from tests.daemon.conftest import CLEAN_ENV
from ticketd.daemon.listening import free_port
from ticketd.store import make_store


async def _finish(process: asyncio.subprocess.Process, timeout: float = 60) -> tuple[str, str]:
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    return (stdout or b"").decode(), stderr.decode()


async def _demo_until_ready(run_command, port: int, provider_port: int) -> tuple[object, str]:
    demo = await run_command(
        "demo", "--port", str(port), "--provider-port", str(provider_port), "--tickets", "300"
    )
    lines: list[str] = []
    while not any(line.startswith("Dashboard:") for line in lines):
        line = await asyncio.wait_for(demo.stdout.readline(), 60)
        assert line, "demo exited early: " + "".join(lines)
        lines.append(line.decode())
    return demo, "".join(lines)


async def test_demo_stats_and_ingest_share_one_default_database(tmp_path, run_command):
    """1. `ticketd demo` with no --db in a scratch directory; stop it.
    2. `ticketd stats tenant_a` there reads what the demo stored, and says
       which database it read.
    3. A second demo (a restart, same seed, same day) creates and updates
       nothing: the mock's data is the same tickets."""
    port, provider_port = free_port(), free_port()
    demo, out = await _demo_until_ready(run_command, port, provider_port)
    assert "ticketd.db" in (await _stop(demo))
    created = sum(int(line.split(", ")[1].split()[0]) for line in _tenant_lines(out))
    assert created > 0, out
    assert sorted(p.name for p in tmp_path.glob("*.db")) == ["ticketd.db"]

    stats = await run_command("stats", "tenant_a", "--json")
    stdout, stderr = await _finish(stats)
    assert stats.returncode == 0, stderr
    assert orjson.loads(stdout)["total_tickets"] > 0
    assert f"database sqlite:///./ticketd.db ({tmp_path}/ticketd.db)" in stderr

    demo, out = await _demo_until_ready(run_command, port, provider_port)
    await _stop(demo)
    lines = _tenant_lines(out)
    assert len(lines) == 4, out
    for line in lines:
        assert ", 0 updated," in line, out
    # A ticket dated between the two starts may arrive meanwhile (the feed
    # is the day's schedule); the rest are the same tickets, not rewritten.
    assert sum(int(line.split(", ")[1].split()[0]) for line in lines) <= 2, out


def _tenant_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("  tenant_")]


async def _stop(demo) -> str:
    demo.send_signal(signal.SIGINT)
    _, stderr = await _finish(demo, 30)
    assert demo.returncode == 0, stderr
    return stderr


async def test_stats_never_creates_a_database(tmp_path, run_command):
    stats = await run_command("stats", "tenant_a")
    stdout, stderr = await _finish(stats)
    assert stats.returncode == 2
    assert stdout == ""
    last = stderr.strip().splitlines()[-1]
    assert "./ticketd.db: no such file" in last and "--db" in last and "TICKETD_DB" in last
    assert "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


async def test_stats_rejects_dates_out_of_order_and_names_the_trend_window(tmp_path, run_command):
    db = ["--db", f"sqlite:///{tmp_path}/t.db"]
    store = make_store(db[1])  # an empty database with its schema
    await store.open()
    await store.close()

    stats = await run_command(
        "stats", "tenant_a", *db, "--from-date", "2026-02-02", "--to-date", "2026-02-01"
    )
    _, stderr = await _finish(stats)
    assert stats.returncode == 2
    assert "--from-date 2026-02-02 is after --to-date 2026-02-01" in stderr

    stats = await run_command("stats", "tenant_a", *db, "--from-date", "2099-01-01")
    _, stderr = await _finish(stats)
    assert stats.returncode == 2
    assert "--from-date 2099-01-01 is after now (no --to-date given)" in stderr

    stats = await run_command("stats", "tenant_a", *db, "--to-date", "2026-02-01T10:30:00Z")
    stdout, stderr = await _finish(stats)
    assert stats.returncode == 0, stderr
    trend = next(line for line in stdout.splitlines() if "24 h to" in line)
    assert "24 h to 2026-02-01 11:00 UTC" in trend


async def test_ingest_json_prints_exactly_one_document(tmp_path, run_command):
    provider_port = free_port()
    provider = await run_command("mock-api", "--port", str(provider_port), "--tickets", "60")
    await asyncio.wait_for(provider.stdout.readline(), 30)  # listening
    ingest = await run_command(
        "ingest",
        "tenant_a",
        "--json",
        "--external-url",
        f"http://127.0.0.1:{provider_port}",
        env={"TICKETD_LOG_LEVEL": "INFO"},
    )
    stdout, stderr = await _finish(ingest)
    assert ingest.returncode == 0, stderr
    report = orjson.loads(stdout)  # the whole of stdout, nothing else
    assert report["status"] == "completed"
    assert report["counts"]["created"] > 0
    assert "tenant_a: completed" in stderr  # the human summary went to stderr


async def test_ingest_json_says_why_a_run_could_not_start(tmp_path, run_command):
    """1. Another process holds tenant_a's lease in the database.
    2. `ticketd ingest tenant_a --json` starts no run: exit code 2, and
       stdout is one JSON document saying so (the API's error shape, the
       holder named), not empty; the one-line message is on stderr.
    3. An unusable database (a directory, a path SQLite cannot open) is
       answered the same way."""
    url = f"sqlite:///{tmp_path}/t.db"
    store = make_store(url)
    await store.open()
    try:
        assert await store.acquire_lease("tenant_a", "elsewhere/job-1", 300) is not None
    finally:
        await store.close()
    ingest = await run_command(
        "ingest", "tenant_a", "--json", "--db", url, "--external-url", "http://127.0.0.1:9"
    )
    stdout, stderr = await _finish(ingest)
    assert ingest.returncode == 2, stderr
    body = orjson.loads(stdout)  # the whole of stdout, one document
    assert body["error"]["code"] == "conflict"
    message = body["error"]["message"]
    assert "tenant_a is already active" in message and "elsewhere/job-1" in message
    assert f"ticketd ingest: {message}" in stderr.splitlines()

    ingest = await run_command("ingest", "tenant_a", "--json", "--db", f"sqlite:///{tmp_path}")
    stdout, stderr = await _finish(ingest)
    assert ingest.returncode == 2, stderr
    body = orjson.loads(stdout)
    assert body["error"]["code"] == "invalid_input"
    assert "is a directory" in body["error"]["message"]

    # A path SQLite itself cannot open (nothing can be created under /proc,
    # even by root): the same one document, not a traceback.
    ingest = await run_command("ingest", "tenant_a", "--json", "--db", "sqlite:////proc/t.db")
    stdout, stderr = await _finish(ingest)
    assert ingest.returncode == 2, stderr
    body = orjson.loads(stdout)
    assert "unable to open database file" in body["error"]["message"]
    assert "Traceback" not in stderr


async def test_ingest_allow_mass_delete_lifts_the_guard_for_one_run(tmp_path, run_command):
    """1. A mock provider with 20 tickets of tenant_a; `ticketd ingest`
       stores them.
    2. 10 of them (50 %, above the default 20 %) are deleted at the provider.
    3. `ticketd ingest tenant_a` deletes none and says the guard stopped it.
    4. `ticketd ingest tenant_a --allow-mass-delete` deletes the 10."""
    provider_port = free_port()
    provider = await run_command(
        "mock-api", "--port", str(provider_port), "--tickets", "20", "--tenants", "tenant_a",
        "--anchor", "start",
    )  # fmt: skip
    await asyncio.wait_for(provider.stdout.readline(), 30)  # listening
    url = f"http://127.0.0.1:{provider_port}"

    async def ingest(*extra: str) -> dict:
        process = await run_command("ingest", "tenant_a", "--json", "--external-url", url, *extra)
        stdout, stderr = await _finish(process)
        assert process.returncode == 0, stderr
        return orjson.loads(stdout)["counts"]

    assert (await ingest())["created"] == 20
    doomed = [f"ext-{n:03d}" for n in range(1, 11)]
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{url}/_control/mutate", json={"delete": doomed}) as resp,
    ):
        assert resp.status == 200, await resp.text()

    guarded = await ingest()
    assert guarded["deleted"] == 0
    assert "would soft-delete 10 of 20 live tickets" in guarded["deletion_skipped"]

    allowed = await ingest("--allow-mass-delete")
    assert (allowed["deleted"], allowed["deletion_skipped"]) == (10, None)


@pytest.mark.parametrize("command", ["serve", "demo"])
async def test_a_busy_port_is_one_line_and_exit_code_2(tmp_path, run_command, command):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        args = ["--port", str(port), "--db", f"sqlite:///{tmp_path}/t.db"]
        if command == "demo":
            args += ["--provider-port", str(free_port())]
        process = await run_command(command, *args, env={"TICKETD_LOG_LEVEL": "WARNING"})
        _, stderr = await _finish(process)
    assert process.returncode == 2, stderr
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if "cannot listen" in line]
    assert errors == [
        f"ticketd {command}: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]
    # Refused before the database is opened: nothing created, nothing half-done.
    assert not (tmp_path / "t.db").exists()


async def test_demo_refuses_a_busy_provider_port_before_the_database(tmp_path, run_command):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        args = ["--provider-port", str(port), "--port", str(free_port())]
        process = await run_command("demo", *args, "--db", f"sqlite:///{tmp_path}/t.db")
        _, stderr = await _finish(process)
    assert process.returncode == 2, stderr
    errors = [line for line in stderr.splitlines() if "cannot listen" in line]
    assert errors == [
        f"ticketd demo: cannot listen on 127.0.0.1:{port} (mock provider): Address already in use"
    ]
    assert not (tmp_path / "t.db").exists()


@pytest.mark.parametrize("kind", ["directory", "device", "missing directories", "not sqlite"])
async def test_serve_refuses_an_unusable_database_in_one_line(tmp_path, run_command, kind):
    path = {
        "directory": tmp_path / "adir",
        "device": Path("/dev/null"),
        "missing directories": tmp_path / "no" / "such" / "dir" / "t.db",
        "not sqlite": tmp_path / "notes.db",
    }[kind]
    if kind == "directory":
        path.mkdir()
    if kind == "not sqlite":
        path.write_text("these are not the tables you are looking for\n" * 100)
    serve = await run_command(
        "serve", "--port", "0", "--db", f"sqlite:///{path}", env={"TICKETD_LOG_LEVEL": "WARNING"}
    )
    _, stderr = await _finish(serve)
    assert serve.returncode == 2, stderr
    assert "Traceback" not in stderr
    [line] = stderr.strip().splitlines()  # at log level WARNING: only the refusal
    assert line.startswith(f"ticketd serve: database {path}: "), line
    assert line.endswith("choose another with --db or TICKETD_DB"), line
    assert not (tmp_path / "no").exists()  # no missing directory was created


@pytest.fixture
def read_only_database():
    """A SQLite file, read-only, in a read-only directory others may enter
    (not under root's private tmp)."""
    shared = Path(tempfile.mkdtemp(prefix="ticketd-ro-"))
    path = shared / "ro.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t (x)")
    path.chmod(0o444)
    shared.chmod(0o555)
    yield path
    shared.chmod(0o755)
    shutil.rmtree(shared)


async def test_serve_refuses_a_read_only_database_in_one_line(read_only_database):
    """Root may write a read-only file anyway, so as root the command runs
    as user nobody (setpriv)."""
    path = read_only_database
    command = [sys.executable, "-m", "ticketd", "serve", "--port", "0"]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv to drop privileges")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    process = await asyncio.create_subprocess_exec(
        *command,
        "--db",
        f"sqlite:///{path}",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**CLEAN_ENV, "TICKETD_LOG_LEVEL": "WARNING"},
        cwd=path.parent,
    )
    try:
        _, stderr = await _finish(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 2, stderr
    assert stderr.strip().splitlines() == [
        f"ticketd serve: database {path}: is not writable; choose another with --db or TICKETD_DB"
    ]


async def test_unknown_variables_are_warned_with_the_closest_name(tmp_path, run_command):
    stats = await run_command(
        "stats", "tenant_a", env={"TICKETD_PROT": "8001", "TICKETD_ZZZZZZZZZZZZ": "1"}
    )
    _, stderr = await _finish(stats)
    assert (
        "ticketd stats: warning: unknown setting TICKETD_PROT is ignored; "
        "did you mean TICKETD_PORT?"
    ) in stderr
    assert "ticketd stats: warning: unknown setting TICKETD_ZZZZZZZZZZZZ is ignored\n" in stderr


async def test_the_progress_bar_shows_budget_and_retry_after_waits(tmp_path, run_command):
    """1. A mock provider admitting 2 calls per 6 s, and an ingest whose own
       budget is 1 call per second: it waits about 1 s for its budget
       between calls, then gets 429s asking it to wait several seconds
       (many redraws of the bar, which redraws every 0.5 s).
    2. The progress bar, drawn on a terminal, says so while it waits.
    3. The summary gives the two waits separately."""
    provider_port = free_port()
    provider = await run_command(
        "mock-api",
        "--port",
        str(provider_port),
        "--tickets",
        "150",
        "--rate-limit",
        "2",
        "--rate-limit-window",
        "6",
    )
    await asyncio.wait_for(provider.stdout.readline(), 30)
    leader, follower = pty.openpty()
    try:
        ingest = await run_command(
            "ingest",
            "tenant_a",
            "--external-url",
            f"http://127.0.0.1:{provider_port}",
            env={
                "TICKETD_PAGE_SIZE": "50",
                "TICKETD_RATE_LIMIT_PER_MINUTE": "1",
                "TICKETD_RATE_LIMIT_WINDOW_SECONDS": "1",
            },
            stdout=follower,
        )
        os.close(follower)
        follower = -1
        screen = await asyncio.wait_for(_read_terminal(leader), 90)
        await asyncio.wait_for(ingest.wait(), 30)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert ingest.returncode == 0, screen[-2000:]
    assert "waiting for the call budget" in screen
    assert "waiting out the provider's Retry-After (429)" in screen
    summary = next(line for line in screen.splitlines() if "tenant_a: completed" in line)
    budget = float(summary.split("waited ")[1].split(" s for the call budget")[0])
    throttled = float(summary.split("budget, ")[1].split(" s on the provider's 429s")[0])
    assert budget > 0 and throttled > 0, summary


async def _read_terminal(fd: int) -> str:
    """Everything written to the pseudo-terminal until its writer closes."""
    loop = asyncio.get_running_loop()
    chunks: list[bytes] = []
    while True:
        try:
            chunk = await loop.run_in_executor(None, os.read, fd, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode(errors="replace").replace("\r", "\n")
