"""The provider URL as the operator gives it, with real processes: its
credentials never shown (settings log, /health, run errors, logs), and a
base URL with a query string that works against the real mock provider."""

from __future__ import annotations

import asyncio
import signal

import aiohttp

from ticketd.daemon.listening import free_port

SECRETS = ("puser", "pwSECRET1", "SECRET2")


async def until_line(stream: asyncio.StreamReader, needle: str) -> str:
    """The stream's lines up to the first holding ``needle`` (the process
    saying it listens): a wait on the process, not a time budget a loaded
    machine can exceed (it was 10 s of polling /health)."""
    seen: list[str] = []
    while not seen or needle not in seen[-1]:
        line = await stream.readline()
        assert line, f"exited before {needle!r}: " + "".join(seen)[-2000:]
        seen.append(line.decode())
    return "".join(seen)


async def answer(session: aiohttp.ClientSession, url: str) -> tuple[int, dict]:
    async with session.get(url) as resp:
        return resp.status, await resp.json()


async def test_the_provider_urls_credentials_are_never_shown(tmp_path, run_command):
    """1. `ticketd serve` with a provider URL carrying a user, a password
       and an api_key, on a port nobody listens on.
    2. /health is 503 and names the provider URL masked.
    3. A run fails; its stored error holds no credential.
    4. SIGTERM: the logs (the effective settings line too) hold none."""
    port = free_port()
    url = f"http://puser:pwSECRET1@127.0.0.1:{free_port()}/?api_key=SECRET2"
    daemon = await run_command(
        "serve",
        "--port",
        str(port),
        "--db",
        f"sqlite:///{tmp_path}/t.db",
        env={
            "TICKETD_EXTERNAL_URL": url,
            "TICKETD_LOG_FORMAT": "json",
            "TICKETD_PROVIDER_MAX_ATTEMPTS": "1",
        },
    )
    base = f"http://127.0.0.1:{port}"
    early_logs = await until_line(daemon.stderr, '"message":"ticketd ready"')
    async with aiohttp.ClientSession() as session:
        status, health = await answer(session, base + "/health")
        assert status == 503, health
        error = health["checks"]["provider"]["error"]
        assert "http://***:***@127.0.0.1:" in error and "api_key=***" in error, health
        async with session.post(
            base + "/ingest/run", params={"tenant_id": "tenant_a", "wait": "true"}
        ) as resp:
            report = await resp.json()
        assert report["status"] == "failed", report
    for secret in SECRETS:
        assert secret not in str(health) and secret not in str(report), (health, report)
    daemon.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(daemon.communicate(), 30)
    logs = early_logs + stderr.decode()
    assert '"message":"effective settings"' in logs
    assert "http://***:***@127.0.0.1:" in logs
    for secret in SECRETS:
        assert secret not in logs, logs[-3000:]


async def test_a_base_url_with_a_query_string_ingests_from_the_mock_provider(tmp_path, run_command):
    """`ticketd ingest` against the real mock provider with `?api_key=abc`
    on the base URL completes (the requests were `/?api_key=abc/external/...`)."""
    provider_port = free_port()
    provider = await run_command("mock-api", "--port", str(provider_port), "--tickets", "10")
    await until_line(provider.stdout, "listening on")
    async with aiohttp.ClientSession() as session:
        status, _ = await answer(session, f"http://127.0.0.1:{provider_port}/health")
    assert status == 200
    ingest = await run_command(
        "ingest",
        "tenant_a",
        "--db",
        f"sqlite:///{tmp_path}/t.db",
        "--external-url",
        f"http://127.0.0.1:{provider_port}/?api_key=abc",
    )
    stdout, stderr = await asyncio.wait_for(ingest.communicate(), 60)
    assert ingest.returncode == 0, stderr.decode()[-2000:]
    assert stdout.decode().startswith("tenant_a: completed"), stdout.decode()
