"""Before a command opens its database: say which one, and refuse an
unusable embedded database with one line instead of a traceback.

Every command names its database on stderr, so an operator never reads
one file while believing another. For SQLite URLs the path is checked the
way the store would use it: the file (or, for a new file, its directory)
must exist and be writable; a directory, a device such as ``/dev/null`` or
a read-only file is refused with the reason, and so is a non-empty
file that is not a SQLite database (SQLite would write over a short one). Commands
that read an existing database (``ticketd stats``, ``ticketd db``) never
create one: a missing file is refused too, and so is a file without
ticketd's tables (an empty file, a new or another program's SQLite
database), which opening the store would fill with ticketd's schema.
MongoDB URLs are not checked here (the store's own time-outs apply).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from collections.abc import Callable
from typing import TextIO
from urllib.parse import quote

from ticketd.errors import InvalidInput
from ticketd.store import sqlite_path
from ticketd.urls import shown_url

__all__ = ["announce_database", "check_database", "describe_database"]

_CHOOSE = "choose another with --db or TICKETD_DB"
_SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every ticketd database has had since its first schema version.
_TICKETD_TABLES = ("tickets", "ingestion_jobs")


def announce_database(command: str, url: str, *, out: TextIO | None = None) -> None:
    """Write ``ticketd COMMAND: database URL`` (with the absolute path of
    a SQLite file) to stderr."""
    out = sys.stderr if out is None else out
    out.write(f"ticketd {command}: database {describe_database(url)}\n")
    out.flush()


def describe_database(url: str) -> str:
    """The URL, with the absolute path of a SQLite file and a MongoDB
    URL's credentials masked (``shown_url``)."""
    if url.startswith("sqlite://"):
        return f"{url} ({os.path.abspath(sqlite_path(url))})"
    return shown_url(url)


def check_database(url: str, *, create: bool, write: bool | None = None) -> None:
    """Raise ``InvalidInput`` (one line: the path, the reason, how to pick
    another) when the SQLite database at ``url`` cannot be used.

    ``create=False`` (commands that read an existing database): the file
    must already exist and hold ticketd's tables.
    ``create=True``: a missing file is fine when its directory exists and
    is writable; missing directories are never created.
    ``write`` (default: ``create``): the command writes the file (``db
    migrate``, ``db rebuild-rollups`` write one they do not create).
    A file that cannot be written is refused the same way by every command
    ("is not writable", saying when the file system is read-only); a
    reading command meets it too, as SQLite opens a WAL database read-only
    only where it can create its ``-shm`` file beside it.
    """
    write = create if write is None else write
    if not url.startswith("sqlite://"):
        return
    path = sqlite_path(url)
    if path == ":memory:":
        return

    def refuse(reason: str) -> InvalidInput:
        return InvalidInput(f"database {path}: {reason}; {_CHOOSE}")

    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise refuse(exc.strerror or str(exc)) from None
    if info is None:
        if not create:
            raise refuse("no such file (this command reads an existing database)")
        directory = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(directory):
            raise refuse(f"directory {directory} does not exist")
        if not os.access(directory, os.W_OK | os.X_OK):
            raise refuse(f"directory {directory} is not writable")
        return
    if stat.S_ISDIR(info.st_mode):
        raise refuse("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise refuse("is not a regular file")
    if write and not os.access(path, os.W_OK):
        raise refuse(_not_writable(path))
    if info.st_size > 0 and not _has_sqlite_header(path):
        raise refuse("is not a SQLite database (ticketd will not overwrite it)")
    _probe(path, write=write, tables=not create, refuse=refuse)


def _not_writable(path: str) -> str:
    """Why ``path`` cannot be written, in the words every command uses."""
    try:
        read_only = bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        read_only = False
    return "is not writable (a read-only file system)" if read_only else "is not writable"


def _open_failure(path: str, exc: sqlite3.Error) -> str:
    """SQLite's reason, unless the file or the directory it creates the
    WAL's ``-shm`` and ``-wal`` files in cannot be written: then the same
    words as for any command that writes."""
    directory = os.path.dirname(os.path.abspath(path))
    if "unable to open" in str(exc) and not (
        os.access(path, os.W_OK) and os.access(directory, os.W_OK | os.X_OK)
    ):
        return _not_writable(path)
    return str(exc)


def _has_sqlite_header(path: str) -> bool:
    """Whether the file starts as every SQLite database does. SQLite itself
    takes a file shorter than its header for an empty database and writes
    over it, so a small file of notes would be lost without this check."""
    try:
        with open(path, "rb") as file:
            return file.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return True  # unreadable: the probe names the reason


def _has_ticketd_tables(conn: sqlite3.Connection) -> bool:
    marks = ",".join("?" * len(_TICKETD_TABLES))
    found = conn.execute(
        f"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({marks})",
        _TICKETD_TABLES,
    ).fetchone()[0]
    return found == len(_TICKETD_TABLES)


def _probe(path: str, *, write: bool, tables: bool, refuse: Callable[[str], InvalidInput]) -> None:
    """Open the file as the store will and touch it: catches read-only
    mounts (even for root), files that are not SQLite databases, and
    locked or corrupt files, before the daemon starts anything else."""
    mode = "rw" if write else "ro"
    try:
        conn = sqlite3.connect(
            f"file:{quote(os.path.abspath(path))}?mode={mode}", uri=True, timeout=1
        )
    except sqlite3.Error as exc:
        raise refuse(_open_failure(path, exc)) from None
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        if tables and not _has_ticketd_tables(conn):
            raise refuse(
                "is not a ticketd database (no ticketd tables: an empty file or another "
                "program's database; this command reads an existing one and never writes "
                "a schema into it)"
            )
        if write:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc):  # another process writing is no fault
            raise refuse(_open_failure(path, exc)) from None
    except sqlite3.Error as exc:
        raise refuse(_open_failure(path, exc)) from None
    finally:
        conn.close()
