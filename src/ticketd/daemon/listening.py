"""Where the daemon listens: the address check at start, the port it got,
and a free port for tests and the demo."""

from __future__ import annotations

import ipaddress
import socket

from aiohttp import web

from ticketd.errors import InvalidInput
from ticketd.settings import Settings

__all__ = ["bound_port", "check_bind_address", "free_port", "listening_sockets"]

_BACKLOG = 128  # asyncio's default for a server's listening sockets


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


def listening_sockets(host: str, port: int, *, role: str = "") -> list[socket.socket]:
    """Bound sockets for every address ``host`` resolves to, taken before
    anything else starts, so a busy port or an address not on this host is
    refused before the database is opened (nothing created or migrated).
    They listen at once, so no other process can take the port meanwhile.

    Port 0 asks for any free port: the first address's port is used for
    the others. Raises ``InvalidInput`` naming the address, ``role`` (what
    would listen there, when it is not the daemon) and the reason.
    """
    where = f"{host}:{port} ({role})" if role else f"{host}:{port}"
    try:
        infos = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as exc:
        raise InvalidInput(f"cannot listen on {where}: {exc.strerror}") from None
    sockets: list[socket.socket] = []
    seen: set[tuple[int, str]] = set()
    try:
        for family, kind, proto, _, address in infos:
            if (family, address[0]) in seen:
                continue
            seen.add((family, address[0]))
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            if port == 0 and len(sockets) > 1:
                address = (address[0], sockets[0].getsockname()[1], *address[2:])
            sock.bind(address)
            # Listening now holds the port against another process binding
            # it meanwhile (two sockets that only bound may share one with
            # SO_REUSEADDR); connections wait in the backlog until served.
            sock.listen(_BACKLOG)
    except OSError as exc:
        for sock in sockets:
            sock.close()
        reason = exc.strerror or str(exc)
        raise InvalidInput(f"cannot listen on {where}: {reason}") from None
    return sockets


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
