"""Stop signals (SIGINT, SIGTERM) noted from a command's first line, before
its event loop and handlers exist.

``ticketd ingest`` spends its first second or so importing what it runs
(aiohttp, uvloop, the store drivers) and reading its settings. With
Python's own handlers a SIGINT there was a ``KeyboardInterrupt`` traceback
and a SIGTERM killed the process outright. ``ticketd.cli.main`` calls
``note_stop_signals`` before it imports any command, so a signal in that
window is only noted, never fatal nor lost (even one inherited as
ignored, as by a shell's background job), and the command acts on it once
it can (``take_noted``): ``ticketd ingest`` then starts no run. Only the
few milliseconds before Python runs ``main`` at all keep the system's
default (the process ends, no run started).

This module imports nothing but the standard library's ``signal``, so
installing the handlers costs nothing.
"""

from __future__ import annotations

import signal

__all__ = ["STOP_SIGNALS", "note_stop_signals", "take_noted"]

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_noted: list[int] = []  # received since the handlers were installed, in order


def _note(signum: int, frame: object) -> None:
    _noted.append(signum)


def note_stop_signals() -> None:
    """From now on SIGINT and SIGTERM are noted for ``take_noted`` (until an
    event loop installs its own handlers). Idempotent; main thread only."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _note)


def take_noted() -> list[int]:
    """The stop signals noted so far, oldest first; forgets them."""
    noted = list(_noted)
    del _noted[: len(noted)]
    return noted
