"""Connections and threads of the SQLite backend (``ticketd.store.sqlite``).

- one writer connection, used only from one dedicated thread (a
  single-worker executor), so writes of this process are serialised without
  locks in Python and never wait on each other inside SQLite;
- reader connections, one per reader thread (a small executor), so reads
  see the last committed state (WAL snapshots) and never queue behind a
  write of this process or another one; a reader never creates the file;
- ``busy_timeout`` on every connection, so several processes (replicas,
  ``ticketd ingest`` next to ``ticketd serve``) can share the file: every
  write transaction starts with ``BEGIN IMMEDIATE`` and waits its turn.
  The wait is bounded from the moment a write is asked for, queueing
  behind this process's other writes included: a write not done within
  ``busy_timeout`` fails with ``Unavailable`` (HTTP 503), however long
  another process holds the lock;
- before each write transaction and on each ``ping`` the file at the path
  must still be the file opened (``sqlite_file``); a deleted or replaced
  file makes writes and health probes fail with ``Unavailable``;
- a write that fails for a storage reason (the disk is full, an I/O error,
  a read-only file) makes health probes fail too, until a write stores
  something again (``write_health``: while failing, ``ping`` tries one
  small write of its own at most every few seconds);
- WAL checkpoints (copying committed pages back into the database file and
  syncing it) run on a thread of their own, after every
  ``CHECKPOINT_EVERY_WRITES`` write transactions, so a write never pays for
  one: with SQLite's automatic checkpoint the commit that crossed the
  threshold copied up to 40 MB and synced twice, which at 1M rows in the
  file was most of the store's cost per ticket. The automatic checkpoint
  stays as a backstop, at a WAL four times the usual size (a background
  checkpoint cannot finish while another process keeps writing, say).

Cancelling a caller does not interrupt its statement: the transaction
completes or rolls back on its thread, whole. A caller that must learn the
outcome (finishing a job record) shields the call.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ticketd.aio import finish_then_cancel
from ticketd.clock import Clock
from ticketd.errors import Conflict, Unavailable, error_text
from ticketd.store.sqlite_file import FileIdentity, ensure_wal
from ticketd.store.sqlite_schema import migrate, schema_problem
from ticketd.store.write_health import WriteHealth

__all__ = ["SqliteConnections"]

_T = TypeVar("_T")
log = logging.getLogger(__name__)

CHECKPOINT_EVERY_WRITES = 32
# The writer's own (automatic) checkpoint: only when the background ones
# fall behind. 40,000 pages is about 160 MB of WAL.
_WAL_AUTOCHECKPOINT_PAGES = 40_000


class SqliteConnections:
    """The threads, connections and lifecycle of one SQLite file; the
    Store methods (``SqliteStore``) run their SQL through ``_write`` and
    ``_read``.

    ``path`` is a file path; ``:memory:`` (or an empty path) means a private
    temporary file removed by ``close``, because separate reader and writer
    connections cannot share a true in-memory database. The constructor
    only records its arguments; ``open`` connects and creates the schema.

    ``read_only=True`` (``ticketd stats``): no writer, readers open the
    file read-only, nothing is created or migrated, and a file of another
    schema version is refused (``Unavailable``, ``schema_problem``); every
    write raises ``Unavailable``.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: Clock,
        busy_timeout: float = 10.0,
        reader_threads: int = 2,
        read_only: bool = False,
    ) -> None:
        self._path = os.fspath(path)
        self._read_only = read_only
        self.migrated_from: int | None = None  # the schema version open found
        self._clock = clock
        self._busy_timeout = busy_timeout
        self._reader_threads = reader_threads
        self._writer: ThreadPoolExecutor | None = None
        self._checkpointer: ThreadPoolExecutor | None = None
        self._checkpoint_conn: sqlite3.Connection | None = None
        self._checkpoint_due = False  # a checkpoint is queued or running
        self._last_checkpoint: Future[None] | None = None
        self._writes_since_checkpoint = 0
        self.checkpoints = 0  # background checkpoints run (for tests and benches)
        self._readers: ThreadPoolExecutor | None = None
        self._writer_conn: sqlite3.Connection | None = None
        self._reader_conns: list[sqlite3.Connection] = []
        self._reader_lock = threading.Lock()
        self._local = threading.local()
        self._tempdir: str | None = None
        self._file = self._path
        self._identity: FileIdentity | None = None
        self._write_health = WriteHealth(clock)

    # -- lifecycle -----------------------------------------------------------
    async def open(self) -> None:
        """Connect the writer, switch the file to WAL and create the schema
        and indexes (idempotent, safe with several processes at once)."""
        if self._writer is not None or self._readers is not None:
            return
        if self._read_only:
            await self._open_read_only()
            return
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="ticketd-sqlite-writer")
        self._checkpointer = ThreadPoolExecutor(1, thread_name_prefix="ticketd-sqlite-checkpoint")
        self._readers = ThreadPoolExecutor(
            self._reader_threads, thread_name_prefix="ticketd-sqlite-reader"
        )
        loop = asyncio.get_running_loop()
        try:
            self._writer_conn = await loop.run_in_executor(self._writer, self._open_writer)
        except BaseException as exc:
            await self.close()
            if isinstance(exc, sqlite3.OperationalError) and _lock_wait_ran_out(exc):
                raise Unavailable(self._lock_message()) from exc
            if isinstance(exc, sqlite3.Error):  # a file SQLite cannot open or use
                raise Unavailable(f"sqlite: {self._file}: {error_text(exc)}") from exc
            raise

    async def _open_read_only(self) -> None:
        self._readers = ThreadPoolExecutor(
            self._reader_threads, thread_name_prefix="ticketd-sqlite-reader"
        )

        def check() -> None:
            problem = schema_problem(self._reader_connection(), self._file, upgrading=False)
            if problem is not None:
                raise Unavailable(problem)
            self._identity = FileIdentity.of(self._file)

        try:
            await asyncio.get_running_loop().run_in_executor(self._readers, check)
        except BaseException as exc:
            await self.close()
            if isinstance(exc, sqlite3.Error):
                raise Unavailable(f"sqlite: {error_text(exc)}") from exc
            raise

    async def close(self) -> None:
        """Close every connection and stop the threads; safe to call twice.

        The teardown runs whole on a thread of its own: a caller cancelled
        while writes drain (even twice) still waits for it to finish,
        then sees its CancelledError, so no thread or connection outlives ``close``."""
        writer, readers, checkpointer = self._writer, self._readers, self._checkpointer
        self._writer = self._readers = self._checkpointer = None
        if writer is None and readers is None and checkpointer is None:
            return
        done = asyncio.get_running_loop().run_in_executor(
            None, self._teardown, writer, readers, checkpointer
        )
        await finish_then_cancel(done)

    def _teardown(
        self,
        writer: ThreadPoolExecutor | None,
        readers: ThreadPoolExecutor | None,
        checkpointer: ThreadPoolExecutor | None,
    ) -> None:
        # Off the event loop: every step below blocks until its threads end.
        if readers is not None:
            readers.shutdown(wait=True)
        if writer is not None:
            # No write may queue a checkpoint once the checkpointer stops.
            writer.submit(lambda: None).result()
        if checkpointer is not None:
            checkpointer.shutdown(wait=True)
        if self._checkpoint_conn is not None:
            self._checkpoint_conn.close()
            self._checkpoint_conn = None
        with self._reader_lock:
            conns, self._reader_conns = self._reader_conns, []
        for conn in conns:
            conn.close()
        if writer is not None:
            if self._writer_conn is not None:
                conn, self._writer_conn = self._writer_conn, None
                writer.submit(conn.close).result()
            writer.shutdown(wait=True)
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None

    async def ping(self) -> None:
        if self._readers is None:
            raise Unavailable("sqlite store is not open")

        def probe() -> None:
            self._check_file()  # before a reader connection is made, too
            self._reader_connection().execute("SELECT 1").fetchone()

        try:
            await asyncio.get_running_loop().run_in_executor(self._readers, probe)
        except sqlite3.Error as exc:
            raise Unavailable(f"sqlite: {error_text(exc)}") from exc
        await self._write_health.check(
            lambda: self._write(_probe_write, self._clock.now().timestamp())
        )

    # -- connections and threads ---------------------------------------------
    def _connect(self, *, reader: bool) -> sqlite3.Connection:
        # check_same_thread=False only so close() may run from another
        # thread once the owning executor has stopped; each connection is
        # otherwise used by exactly one thread.
        # A reader opens the file read-write but never creates it: a
        # reader made after the file was deleted must not leave an empty
        # database at the path.
        mode = "ro" if self._read_only else "rw"
        target = f"{Path(self._file).absolute().as_uri()}?mode={mode}" if reader else self._file
        conn = sqlite3.connect(
            target,
            timeout=self._busy_timeout,
            isolation_level=None,
            check_same_thread=False,
            uri=reader,
        )
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
            if reader:
                conn.execute("PRAGMA query_only = ON")
            else:
                ensure_wal(conn, self._file, self._busy_timeout)
                conn.execute("PRAGMA synchronous = NORMAL")
                # Checkpoints run in the background (see the module doc);
                # this is the backstop.
                conn.execute(f"PRAGMA wal_autocheckpoint = {_WAL_AUTOCHECKPOINT_PAGES}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _open_writer(self) -> sqlite3.Connection:
        if self._path in ("", ":memory:"):
            self._tempdir = tempfile.mkdtemp(prefix="ticketd-sqlite-")
            self._file = os.path.join(self._tempdir, "ticketd.db")
        else:
            os.makedirs(os.path.dirname(os.path.abspath(self._file)), exist_ok=True)
        conn = self._connect(reader=False)
        try:
            self.migrated_from = migrate(conn, self._file)
            self._identity = FileIdentity.of(self._file)
        except BaseException:
            conn.close()  # rolls back a migration left half done
            raise
        return conn

    def _check_file(self) -> None:
        problem = None if self._identity is None else self._identity.problem()
        if problem is not None:
            raise Unavailable(f"sqlite: {problem}")

    def _reader_connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect(reader=True)
            self._local.conn = conn
            with self._reader_lock:
                self._reader_conns.append(conn)
        return conn

    async def _write(self, fn: Callable[..., _T], *args: Any) -> _T:
        conn = self._writer_conn
        if self._read_only:
            raise Unavailable(f"sqlite: {self._file} is open read-only")
        if self._writer is None or conn is None:
            raise Unavailable("sqlite store is not open")
        deadline = time.monotonic() + self._busy_timeout

        def call() -> _T:
            # On the writer thread, after any queueing behind other writes:
            # the lock wait gets only what is left of this write's time.
            self._check_file()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Unavailable(self._lock_message())
            conn.execute(f"PRAGMA busy_timeout = {max(1, int(remaining * 1000))}")
            changes = conn.total_changes
            try:
                result = fn(conn, *args)
            finally:
                self._count_write()
            if conn.total_changes > changes:  # it stored something
                self._write_health.succeeded()
            return result

        try:
            return await asyncio.get_running_loop().run_in_executor(self._writer, call)
        except sqlite3.IntegrityError as exc:
            raise Conflict(f"sqlite: {error_text(exc)}") from exc
        except sqlite3.OperationalError as exc:
            if _lock_wait_ran_out(exc):
                raise Unavailable(self._lock_message()) from exc
            self._write_health.failed(f"sqlite: {error_text(exc)}")
            raise Unavailable(f"sqlite: {error_text(exc)}") from exc
        except sqlite3.Error as exc:  # disk full, I/O, closed...
            self._write_health.failed(f"sqlite: {error_text(exc)}")
            raise Unavailable(f"sqlite: {error_text(exc)}") from exc

    # -- background checkpoints ----------------------------------------------
    def _count_write(self) -> None:
        # On the writer thread, after a write transaction.
        self._writes_since_checkpoint += 1
        if self._writes_since_checkpoint < CHECKPOINT_EVERY_WRITES or self._checkpoint_due:
            return
        checkpointer = self._checkpointer
        if checkpointer is None:
            return
        self._writes_since_checkpoint = 0
        self._checkpoint_due = True
        self._last_checkpoint = checkpointer.submit(self._checkpoint)

    def _checkpoint(self) -> None:
        # On the checkpoint thread. PASSIVE: copies what no reader still
        # needs, never waits for or blocks a writer or a reader.
        try:
            if self._checkpoint_conn is None:
                conn = self._connect(reader=True)
                conn.execute("PRAGMA query_only = OFF")
                conn.execute("PRAGMA synchronous = NORMAL")
                self._checkpoint_conn = conn
            self._checkpoint_conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            self.checkpoints += 1
        except sqlite3.Error as exc:  # the writer's backstop remains
            log.warning("background checkpoint failed", extra={"error": error_text(exc)})
        finally:
            self._checkpoint_due = False

    def _lock_message(self) -> str:
        return (
            f"sqlite: the write lock of {self._file} was not free within "
            f"{self._busy_timeout:g} s (another process holds it)"
        )

    async def _read(self, fn: Callable[..., _T], *args: Any) -> _T:
        if self._readers is None:
            raise Unavailable("sqlite store is not open")

        def run() -> _T:
            # One read transaction: every statement of ``fn`` reads the
            # same snapshot (the stats' several queries, a list's count and
            # page), never a page write committed between two of them.
            conn = self._reader_connection()
            conn.execute("BEGIN")
            try:
                return fn(conn, *args)
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

        try:
            return await asyncio.get_running_loop().run_in_executor(self._readers, run)
        except sqlite3.Error as exc:
            raise Unavailable(f"sqlite: {error_text(exc)}") from exc


def _probe_write(conn: sqlite3.Connection, at: float) -> None:
    # The health probe's write while writes fail (``write_health``): one
    # row, rewritten in place.
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT OR REPLACE INTO write_probe (id, at) VALUES (1, ?)", (at,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _lock_wait_ran_out(exc: sqlite3.OperationalError) -> bool:
    """SQLite gave up waiting for another connection's lock."""
    return "locked" in str(exc) or "busy" in str(exc)
