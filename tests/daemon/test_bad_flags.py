"""Bad values of flags and of the provider URL, through the real command
line: one line naming the flag or setting, exit code 2, before anything
starts (no traceback, no port silently wrapped, no daemon that crashes on
every run)."""

from __future__ import annotations

import asyncio

import pytest

from ticketd.daemon.listening import free_port


async def _refused(run_command, *args: str, env: dict[str, str] | None = None) -> str:
    """Run the command; assert exit code 2 with no traceback; its stderr."""
    process = await run_command(*args, env=env)
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    except TimeoutError:
        raise AssertionError(f"ticketd {' '.join(args)} did not refuse its input") from None
    text = stderr.decode()
    assert process.returncode == 2, (process.returncode, text[-2000:], stdout.decode()[-500:])
    assert "Traceback" not in text, text
    return text


@pytest.mark.parametrize(
    "args",
    [
        ("demo", "--tickets", "-1"),
        ("demo", "--rate-limit", "-3"),
        ("demo", "--rate-limit", "0"),
        ("demo", "--provider-port", "70000"),
        ("demo", "--port", "65536"),
        ("demo", "--sync-interval", "nan"),
        ("mock-api", "--port", "70000"),
        ("mock-api", "--tickets", "-5"),
        # A count no machine can generate: the mock grew without bound.
        ("mock-api", "--tickets", "99999999999999"),
        ("demo", "--tickets", "5000001"),
        ("mock-api", "--evolve-every", "inf"),
        ("serve", "--port", "70000"),
        ("serve", "--port", "-1"),
    ],
    ids=lambda args: " ".join(args),
)
async def test_a_count_or_port_out_of_range_is_one_line_and_exit_code_2(
    tmp_path, run_command, args
):
    """The outside tester: demo --tickets -1 and --rate-limit -3 were
    tracebacks (exit 1), demo --provider-port 70000 bound port 4464 and
    pointed the daemon at :70000, mock-api --port 70000 listened on 4464."""
    stderr = await _refused(run_command, *args)
    flag = args[1]
    assert f"error: argument {flag}: invalid" in stderr.splitlines()[-1], stderr
    assert args[2] in stderr.splitlines()[-1]
    assert not (tmp_path / "ticketd.db").exists()


BAD_URLS = ["http://127.0.0.1:70000", "http://", "http://[::1"]


@pytest.mark.parametrize("url", BAD_URLS)
async def test_ingest_refuses_a_malformed_provider_url(tmp_path, run_command, url):
    """`ingest --external-url 'http://[::1'` was a ValueError traceback, and
    a port out of range or no host a run that failed in the feed-scan
    actor's crash."""
    db = f"sqlite:///{tmp_path}/t.db"
    stderr = await _refused(run_command, "ingest", "acme", "--db", db, "--external-url", url)
    (line,) = stderr.strip().splitlines()
    assert line.startswith("ticketd ingest: external_url (TICKETD_EXTERNAL_URL)"), line


@pytest.mark.parametrize("url", BAD_URLS)
async def test_serve_refuses_a_malformed_provider_url_at_start(tmp_path, run_command, url):
    """`TICKETD_EXTERNAL_URL=http://127.0.0.1:70000 ticketd serve` started,
    then every run crashed the feed-scan actor until the supervisor gave
    up (exit 70, a systemd restart loop). It stops the start instead."""
    stderr = await _refused(
        run_command,
        "serve",
        "--port",
        str(free_port()),
        "--db",
        f"sqlite:///{tmp_path}/t.db",
        env={"TICKETD_EXTERNAL_URL": url},
    )
    (line,) = stderr.strip().splitlines()
    assert "external_url (TICKETD_EXTERNAL_URL)" in line, line
    assert not (tmp_path / "t.db").exists()
