"""Where the daemon listens: the address check at start, the port it got,
and a free port for tests and the demo."""

from __future__ import annotations

import ipaddress
import socket

from aiohttp import web

from ticketd.errors import InvalidInput
from ticketd.settings import Settings

__all__ = ["bound_port", "check_bind_address", "free_port"]


def check_bind_address(settings: Settings) -> None:
    """Refuse a non-loopback address when no token is configured, unless
    ``insecure`` is set: an open API must not face the network by accident."""
    if settings.tokens or settings.insecure:
        return
    try:
        loopback = ipaddress.ip_address(settings.host).is_loopback
    except ValueError:
        loopback = settings.host == "localhost"
    if not loopback:
        raise InvalidInput(
            f"refusing to listen on {settings.host} without auth tokens: set TICKETD_AUTH_TOKENS "
            "or pass --insecure to serve the API unauthenticated"
        )


def bound_port(runner: web.AppRunner) -> int:
    """The TCP port the runner's site listens on (port 0 asks for any)."""
    for address in runner.addresses:
        if isinstance(address, tuple):
            return int(address[1])
    raise RuntimeError("the HTTP site has no TCP address")


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago (for tests and the demo)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])
