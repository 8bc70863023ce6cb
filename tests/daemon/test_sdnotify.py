"""The systemd notify protocol over a real datagram socket."""

from __future__ import annotations

import asyncio
import socket

import pytest

from ticketd.daemon.sdnotify import SystemdNotifier


@pytest.fixture
def notify_socket(tmp_path):
    path = str(tmp_path / "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(2)
    yield path, sock
    sock.close()


def test_ready_and_stopping_datagrams(notify_socket):
    path, sock = notify_socket
    notifier = SystemdNotifier({"NOTIFY_SOCKET": path})
    assert notifier.enabled
    notifier.ready("listening on 127.0.0.1:8000")
    assert sock.recv(1024) == b"READY=1\nSTATUS=listening on 127.0.0.1:8000"
    notifier.stopping()
    assert sock.recv(1024) == b"STOPPING=1"


async def test_watchdog_pings_at_half_the_interval(notify_socket):
    path, sock = notify_socket
    notifier = SystemdNotifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "100000"})
    assert notifier.watchdog_interval == 0.05
    task = asyncio.create_task(notifier.watchdog_loop())
    await asyncio.sleep(0.12)
    task.cancel()
    sock.setblocking(False)
    pings = []
    while True:
        try:
            pings.append(sock.recv(1024))
        except BlockingIOError:
            break
    assert pings[:2] == [b"WATCHDOG=1", b"WATCHDOG=1"]


async def test_without_notify_socket_everything_is_a_no_op():
    notifier = SystemdNotifier({})
    assert not notifier.enabled
    notifier.ready()
    notifier.stopping()
    await notifier.watchdog_loop()  # returns at once


def test_watchdog_for_another_pid_is_ignored(notify_socket):
    path, _ = notify_socket
    notifier = SystemdNotifier(
        {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "1000", "WATCHDOG_PID": "1"}
    )
    assert notifier.watchdog_interval is None


async def test_daemon_sends_ready_after_listening_and_stopping(
    notify_socket, monkeypatch, start_daemon, provider
):
    path, sock = notify_socket
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    running = await start_daemon(external_url=provider.url)
    ready = sock.recv(1024)
    assert ready.startswith(b"READY=1")
    assert f":{running.daemon.port}".encode() in ready
    await running.get("/health")  # it is listening by then
    await running.daemon.stop()
    assert sock.recv(1024) == b"STOPPING=1"
