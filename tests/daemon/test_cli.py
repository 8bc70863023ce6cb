"""The command line as an operator uses it: real processes and signals."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import aiohttp
import orjson
import pytest

from ticketd.cli import build_parser
from ticketd.daemon.listening import free_port


@pytest.mark.parametrize("command", ["serve", "mock-api", "ingest", "stats", "db", "demo"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: ticketd" in capsys.readouterr().out


def test_ingest_help_says_a_signal_in_the_first_instant_keeps_the_system_default(capsys):
    """Signals are noted from ticketd's first line on, not from the moment
    the process starts: the help says the first ~0.1 s (the interpreter's
    start) keeps the system's default, as the README does."""
    with pytest.raises(SystemExit):
        build_parser().parse_args(["ingest", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "from the moment the command starts" not in text
    assert "first ~0.1 s" in text and "system's default effect" in text


@pytest.fixture
async def start():
    """Start ``python -m ticketd ARGS``; every process is killed at teardown,
    whatever the test did."""
    processes: list[asyncio.subprocess.Process] = []

    async def spawn(*args: str, env: dict[str, str] | None = None) -> asyncio.subprocess.Process:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "ticketd",
            *args,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={**os.environ, **(env or {})},
        )
        processes.append(process)
        return process

    yield spawn
    for process in processes:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def wait_healthy(url: str, seconds: float = 60.0) -> dict:
    """``url``'s /health once it answers 200, within ``seconds`` (a process
    of ours loads its classifier for seconds on a busy machine)."""
    deadline = asyncio.get_running_loop().time() + seconds
    async with aiohttp.ClientSession() as session:
        while asyncio.get_running_loop().time() < deadline:
            try:
                async with session.get(url + "/health") as resp:
                    if resp.status == 200:
                        return await resp.json()
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError(f"{url} never became healthy")


async def test_serve_answers_and_drains_on_sigterm(tmp_path, start):
    """1. Start the mock provider and `ticketd serve` as processes.
    2. /health is 200 and /metrics has our counters.
    3. SIGTERM: exit 0 within 30 s, and the JSON logs say it stopped."""
    provider_port, port = free_port(), free_port()
    await start("mock-api", "--port", str(provider_port), "--tickets", "50")
    daemon = await start(
        "serve",
        "--port",
        str(port),
        "--db",
        f"sqlite:///{tmp_path}/t.db",
        "--external-url",
        f"http://127.0.0.1:{provider_port}",
        env={"TICKETD_LOG_FORMAT": "json"},
    )
    await wait_healthy(f"http://127.0.0.1:{provider_port}")
    health = await wait_healthy(f"http://127.0.0.1:{port}")
    assert health["checks"] == {
        "database": {"status": "up"},
        "provider": {"status": "up"},
        "actors": {"status": "up"},
    }
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}/metrics") as resp,
    ):
        text = await resp.text()
    assert 'ticketd_http_requests_total{method="GET",route="/health",status="200"}' in text
    daemon.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(daemon.communicate(), 30)
    assert daemon.returncode == 0, stderr.decode()[-2000:]
    logs = stderr.decode()
    assert '"message":"ticketd stopped"' in logs
    assert '"message":"effective settings"' in logs


async def test_serve_refuses_a_public_address_without_tokens(tmp_path, start):
    daemon = await start(
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        str(free_port()),
        "--db",
        f"sqlite:///{tmp_path}/t.db",
    )
    _, stderr = await asyncio.wait_for(daemon.communicate(), 30)
    assert daemon.returncode == 2
    assert "without auth tokens" in stderr.decode()


async def test_bad_setting_is_a_clear_error(tmp_path, start):
    daemon = await start("serve", env={"TICKETD_PORT": "eighty"})
    _, stderr = await asyncio.wait_for(daemon.communicate(), 30)
    assert daemon.returncode == 2
    assert "setting port (TICKETD_PORT): expected int" in stderr.decode()
    assert "Traceback" not in stderr.decode()


async def test_demo_starts_ingests_and_stops_on_sigint(tmp_path, start):
    """1. `ticketd demo` on free ports and a temp database.
    2. It prints the dashboard URL once every tenant is ingested; /health is 200.
    3. SIGINT stops it with exit 0."""
    port, provider_port = free_port(), free_port()
    demo = await start(
        "demo",
        "--port",
        str(port),
        "--provider-port",
        str(provider_port),
        "--db",
        f"sqlite:///{tmp_path}/demo.db",
        "--tickets",
        "300",
    )
    assert demo.stdout is not None
    lines = []
    while not any(line.startswith("Dashboard:") for line in lines):
        line = await asyncio.wait_for(demo.stdout.readline(), 30)
        assert line, "demo exited early: " + "".join(lines)
        lines.append(line.decode())
    assert f"http://127.0.0.1:{port}/dashboard/tenant_a" in "".join(lines)
    assert sum("completed" in line for line in lines) == 4
    await wait_healthy(f"http://127.0.0.1:{port}")
    demo.send_signal(signal.SIGINT)
    await asyncio.wait_for(demo.wait(), 30)
    assert demo.returncode == 0


async def test_ingest_and_stats_commands(tmp_path, start):
    """1. The mock provider runs; `ticketd ingest tenant_a` stores the tenant.
    2. `ticketd stats tenant_a --json` prints the analytics of what was stored."""
    provider_port = free_port()
    await start("mock-api", "--port", str(provider_port), "--tickets", "80")
    common = ["--db", f"sqlite:///{tmp_path}/t.db"]
    await wait_healthy(f"http://127.0.0.1:{provider_port}")
    ingest = await start(
        "ingest", "tenant_a", *common, "--external-url", f"http://127.0.0.1:{provider_port}"
    )
    stdout, stderr = await asyncio.wait_for(ingest.communicate(), 60)
    assert ingest.returncode == 0, stderr.decode()[-2000:]
    summary = stdout.decode()
    assert summary.startswith("tenant_a: completed")
    created = int(summary.split("created ")[1].split(",")[0])
    assert created > 0
    stats = await start("stats", "tenant_a", *common, "--json")
    stdout, stderr = await asyncio.wait_for(stats.communicate(), 30)
    assert stats.returncode == 0, stderr.decode()
    body = orjson.loads(stdout)
    assert body["total_tickets"] == created
    assert len(body["hourly_trend"]) == 24
