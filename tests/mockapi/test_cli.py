"""``ticketd mock-api`` (src/ticketd/mockapi/cli.py): flags, --help, and a
real process that serves and stops cleanly on SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import signal
import socket
import sys

import aiohttp
import pytest

from tests.mockapi.helpers import REFERENCE_SEED
from ticketd.mockapi import MockSettings
from ticketd.mockapi.cli import configure, settings_from_args


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ticketd mock-api")
    configure(parser)
    return parser.parse_args(argv)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_no_flags_give_the_default_settings():
    # Except the anchor: the command serves a schedule fixed for the UTC
    # day; MockSettings() (tests) keeps every ticket in the past at start.
    assert settings_from_args(_parse()) == MockSettings(anchor="day")


def test_every_flag_reaches_the_settings():
    args = _parse(
        "--host",
        "0.0.0.0",
        "--port",
        "9100",
        "--tickets",
        "500",
        "--seed",
        "7",
        "--data",
        "x.json",
        "--tenants",
        "acme,globex",
        "--deleted",
        "3",
        "--rate-limit",
        "120",
        "--rate-limit-window",
        "30",
        "--rate-limit-notify",
        "--notify-fail-first",
        "1",
        "--notify-failure-rate",
        "0.25",
        "--notify-latency",
        "0,0.2",
        "--notify-outage-after",
        "4",
        "--notify-outage-seconds",
        "12",
        "--flappy-updated-at",
        "--evolve-every",
        "5",
        "--fail-page",
        "2",
        "--fail-page",
        "4",
        "--timeout-page",
        "3",
        "--hang-seconds",
        "9",
        "--anchor",
        "start",
    )
    assert settings_from_args(args) == MockSettings(
        anchor="start",
        host="0.0.0.0",
        port=9100,
        tickets=500,
        seed=7,
        data="x.json",
        tenants=("acme", "globex"),
        deleted=3,
        rate_limit=120,
        rate_limit_window=30.0,
        rate_limit_notify=True,
        notify_fail_first=1,
        notify_failure_rate=0.25,
        notify_latency=(0.0, 0.2),
        notify_outage_after=4,
        notify_outage_seconds=12.0,
        flappy_updated_at=True,
        evolve_every=5.0,
        fail_pages=(2, 4),
        timeout_pages=(3,),
        hang_seconds=9.0,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("--port", "-1"),
        ("--tickets", "many"),
        ("--tenants", "a,a"),
        ("--notify-latency", "0.5,0.1"),
        ("--notify-failure-rate", "2"),
        ("--rate-limit-window", "0"),
        ("--fail-page", "0"),
    ],
)
def test_bad_flag_values_exit_with_usage(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        _parse(*argv)
    assert caught.value.code == 2
    assert "invalid" in capsys.readouterr().err


def test_ticketd_mock_api_help(capsys):
    from ticketd import cli

    with pytest.raises(SystemExit) as caught:
        cli.main(["mock-api", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for flag in (
        "--host",
        "--port",
        "--tickets",
        "--seed",
        "--data",
        "--tenants",
        "--rate-limit",
        "--notify-fail-first",
        "--notify-latency",
        "--flappy-updated-at",
        "--notify-failure-rate",
        "--notify-outage-after",
    ):
        assert flag in out


async def _run(*argv: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ticketd.mockapi",
        *argv,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_module_help_runs():
    process = await _run("--help")
    out, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    assert b"--notify-latency MIN,MAX" in out


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_process_serves_and_exits_zero_on_signal(signum):
    port = _free_port()
    process = await _run("--port", str(port), "--tickets", "12", "--data", str(REFERENCE_SEED))
    try:
        banner = await asyncio.wait_for(process.stdout.readline(), 30)
        assert banner.decode().strip() == f"ticketd mock-api listening on http://127.0.0.1:{port}"
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as session:
            async with session.get("/health") as response:
                assert response.status == 200
                assert (await response.json())["status"] == "ok"
            async with session.get("/external/support-tickets") as response:
                assert (await response.json())["tickets"][0]["id"] == "ext-001"
        process.send_signal(signum)
        assert await asyncio.wait_for(process.wait(), 30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_a_hanging_request_does_not_hold_up_shutdown():
    port = _free_port()
    process = await _run(
        "--port", str(port), "--tickets", "3", "--timeout-page", "1", "--hang-seconds", "600"
    )
    try:
        await asyncio.wait_for(process.stdout.readline(), 30)
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as session:
            hanging = asyncio.ensure_future(session.get("/external/support-tickets"))
            async with session.get("/health") as response:
                assert response.status == 200
            assert not hanging.done()
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), 20) == 0
            with pytest.raises(aiohttp.ClientError):
                response = await hanging
                response.release()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_bad_data_file_exits_2_with_a_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[{}]")
    process = await _run("--port", str(_free_port()), "--data", str(bad))
    _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert b"bad.json" in err and b"ticket #0" in err


async def test_busy_port_exits_2_with_a_message():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        process = await _run("--port", str(port), "--tickets", "1")
        _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}".encode() in err
