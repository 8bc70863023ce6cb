"""Is the open SQLite file still the file at the configured path?

A database file deleted or replaced while the store has it open goes on
working for the store's connections (they hold the old inode), so every
write would land in a file nobody will open again. ``FileIdentity`` keeps
the device and inode seen at open and compares them with the path's on
demand: before each write transaction and on each health probe.
"""

from __future__ import annotations

import logging
import os

import attrs

__all__ = ["FileIdentity"]

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
