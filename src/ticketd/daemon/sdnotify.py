"""The systemd notify protocol, spoken directly over ``$NOTIFY_SOCKET``.

A no-op when the variable is unset (not under systemd, or Type=simple).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

from ticketd.errors import error_text

__all__ = ["SystemdNotifier"]

log = logging.getLogger(__name__)


class SystemdNotifier:
    """Sends READY=1, WATCHDOG=1, STOPPING=1 and STATUS= datagrams."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        environ = os.environ if environ is None else environ
        address = environ.get("NOTIFY_SOCKET", "")
        if address.startswith("@"):  # abstract namespace socket
            address = "\0" + address[1:]
        self._address = address or None
        usec = environ.get("WATCHDOG_USEC", "")
        pid = environ.get("WATCHDOG_PID", "")
        watchdog_for_us = usec.isdigit() and (not pid or pid == str(os.getpid()))
        # Ping at half the interval, as sd_watchdog_enabled(3) recommends.
        self.watchdog_interval = int(usec) / 2_000_000 if watchdog_for_us else None

    @property
    def enabled(self) -> bool:
        return self._address is not None

    def notify(self, *lines: str) -> None:
        if self._address is None:
            return
        payload = "\n".join(lines).encode()
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.sendto(payload, self._address)
        except OSError as exc:
            log.warning("sd_notify failed", extra={"error": error_text(exc)})

    def ready(self, status: str = "") -> None:
        self.notify("READY=1", *([f"STATUS={status}"] if status else []))

    def status(self, text: str) -> None:
        """What ``systemctl status`` shows as the service's state."""
        self.notify(f"STATUS={text}")

    def stopping(self) -> None:
        self.notify("STOPPING=1")

    def watchdog(self) -> None:
        """Feed the watchdog once (the daemon does so after each successful
        liveness round, every ``watchdog_interval`` seconds)."""
        if self.watchdog_interval is not None:
            self.notify("WATCHDOG=1")
