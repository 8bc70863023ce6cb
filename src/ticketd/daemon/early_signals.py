"""Stop signals (SIGINT, SIGTERM) noted from a command's first line, before
its event loop and handlers exist.

``ticketd ingest`` spends its first second or so importing what it runs
(aiohttp, uvloop, the store drivers) and reading its settings. With
Python's own handlers a SIGINT there was a ``KeyboardInterrupt`` traceback
and a SIGTERM killed the process outright. ``ticketd.cli.main`` calls
``note_stop_signals`` before it imports any command, so a signal in that
window is only noted, never fatal nor lost (even one inherited as
ignored, as by a shell's background job), and the command acts on it once
it can (``take_noted``): ``ticketd ingest`` then starts no run. The
command's event loop then takes the signals over, and gives them up once
the run is over with ``ticketd.aio.ignore_stop_signals`` (re-exported
here): the one place they are reset, for every command.

What comes before ``main`` keeps the system's default: a SIGTERM there
ends the process (exit code 143) before anything was started or written,
and a SIGINT is a ``KeyboardInterrupt``. That window cannot be closed from
Python: it is the interpreter's own start and the console script's
imports (about 70 ms of the 90 ms before ``main`` on a 2-core machine
under load; importing ``ticketd.cli`` is the rest). Only the parent could
close it, by starting the process with the signals blocked.

This module imports only ``signal`` and ``ticketd.aio`` (asyncio and
the standard library), so installing the handlers costs next to nothing.
"""

from __future__ import annotations

import signal

from ticketd.aio import STOP_SIGNALS, ignore_stop_signals

__all__ = ["STOP_SIGNALS", "ignore_stop_signals", "note_stop_signals", "take_noted"]
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
