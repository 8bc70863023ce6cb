"""Is the open SQLite file still the file at the configured path? And
its journal mode, WAL, set once (``ensure_wal``).

A database file deleted or replaced while the store has it open goes on
working for the store's connections (they hold the old inode), so every
write would land in a file nobody will open again. ``FileIdentity`` keeps
the device and inode seen at open and compares them with the path's on
demand: before each write transaction and on each health probe.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time

import attrs

from ticketd.errors import Unavailable

__all__ = ["FileIdentity", "ensure_wal"]

log = logging.getLogger(__name__)


@attrs.define
class FileIdentity:
    """Device and inode of the database file as opened."""

    path: str
    device: int
    inode: int
    _reported: bool = False  # the change was logged once already

    @classmethod
    def of(cls, path: str) -> FileIdentity:
        """The identity of the file at ``path`` now (it must exist)."""
        stat = os.stat(path)
        return cls(path, stat.st_dev, stat.st_ino)

    def problem(self) -> str | None:
        """Why the open file is no longer the database at ``path``, or None.
        Logged as an error the first time it is seen."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            problem = f"the database file {self.path} was deleted while open"
        except OSError as exc:
            problem = f"the database file {self.path} cannot be checked: {exc}"
        else:
            if (stat.st_dev, stat.st_ino) == (self.device, self.inode):
                return None
            problem = f"the database file {self.path} was replaced by another file while open"
        if not self._reported:
            self._reported = True
            log.error(
                "%s: refusing writes (they would be lost); restart ticketd to open the "
                "file now at that path",
                problem,
            )
        return problem


def ensure_wal(conn: sqlite3.Connection, file: str, busy_timeout: float) -> None:
    """Switch the file of ``conn`` to WAL mode unless it is in it already."""
    # Switching the journal mode needs an exclusive lock and SQLite does
    # not run the busy handler for it, so when several processes open a
    # new file at once the losers retry here (a one-time step, on the
    # writer thread, bounded by busy_timeout). A file already in WAL
    # mode (the usual case) needs no switch at all.
    deadline = time.monotonic() + busy_timeout
    while True:
        if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
            return
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.01)
            continue
        if str(mode).lower() != "wal":
            raise Unavailable(f"sqlite: cannot switch {file} to WAL mode ({mode})")
        return
