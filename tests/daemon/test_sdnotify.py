"""The systemd notify protocol over a real datagram socket."""

from __future__ import annotations

import asyncio
import socket

import pytest

from ticketd.actors import Ping
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


def test_watchdog_interval_is_half_the_timeout(notify_socket):
    path, sock = notify_socket
    notifier = SystemdNotifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "100000"})
    assert notifier.watchdog_interval == 0.05
    notifier.watchdog()
    assert sock.recv(1024) == b"WATCHDOG=1"


def test_no_watchdog_pings_unless_systemd_asked_for_them(notify_socket):
    path, sock = notify_socket
    notifier = SystemdNotifier({"NOTIFY_SOCKET": path})
    notifier.watchdog()
    notifier.status("still here")
    assert sock.recv(1024) == b"STATUS=still here"  # no WATCHDOG=1 before it


async def test_without_notify_socket_everything_is_a_no_op():
    notifier = SystemdNotifier({})
    assert not notifier.enabled
    notifier.ready()
    notifier.stopping()
    notifier.watchdog()


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


async def datagram(sock: socket.socket) -> bytes:
    return await asyncio.wait_for(asyncio.get_running_loop().sock_recv(sock, 4096), 10)


async def test_watchdog_is_fed_only_while_the_actors_are_alive(
    notify_socket, monkeypatch, start_daemon, provider
):
    """1. A daemon under a systemd watchdog (a ping round every 50 ms).
    2. It feeds the watchdog after each successful round.
    3. The notifier crashes past the restart intensity: from the next round
       on, the daemon reports the failure in STATUS= and feeds the watchdog
       no more, so systemd restarts the process."""
    path, sock = notify_socket
    sock.setblocking(False)
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    monkeypatch.setenv("WATCHDOG_USEC", "100000")
    running = await start_daemon(external_url=provider.url, restart_max=1)
    assert (await datagram(sock)).startswith(b"READY=1")
    assert await datagram(sock) == b"WATCHDOG=1"
    notifier = running.daemon.notifier
    notifier.crash(RuntimeError("drill 1"))
    await notifier.ask(Ping())
    notifier.crash(RuntimeError("drill 2"))
    while (message := await datagram(sock)) == b"WATCHDOG=1":
        pass
    assert message.startswith(b"STATUS=liveness failed: supervisor gave up")
    assert await datagram(sock) == message  # the next round: still failing, no ping
