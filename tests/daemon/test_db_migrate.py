"""``ticketd db migrate`` run twice at once on one SQLite file of an older
schema version: real processes on a real file."""

from __future__ import annotations

import asyncio
import os
import sqlite3

import pytest

from tests.daemon.test_db_cli import NOW, _start, _ticket
from tests.sqlite_lock_holder import write_lock_held
from ticketd.clock import FakeClock
from ticketd.store.sqlite import SqliteStore
from ticketd.store.sqlite_schema import SCHEMA_VERSION

pytestmark = pytest.mark.timeout(180)


async def _as_schema_version_6(path) -> None:
    """A file as version 6 wrote it: tickets of acme, no outage attempts in
    the outbox (the column version 7 added)."""
    store = SqliteStore(path, clock=FakeClock(start=NOW))
    await store.open()
    try:
        tickets = [_ticket("acme", n, "open") for n in range(3)]
        await store.apply_tickets("acme", tickets, job_id=None)
    finally:
        await store.close()
    with sqlite3.connect(path) as old:
        old.executescript(
            "ALTER TABLE notification_outbox DROP COLUMN outage_attempts;PRAGMA user_version = 6;"
        )
    old.close()


def _waits_for_the_write_lock(pid: int) -> bool:
    """Whether a thread of process ``pid`` other than its main one sleeps
    in SQLite's busy handler: the store's writer thread, waiting for the
    write lock (the start-up check of the file waits on the main thread)."""
    for tid in os.listdir(f"/proc/{pid}/task"):
        if int(tid) == pid:
            continue
        try:
            with open(f"/proc/{pid}/task/{tid}/wchan") as wchan:
                if "nanosleep" in wchan.read():
                    return True
        except FileNotFoundError:  # the thread ended
            continue
    return False


async def _until_waiting_for_the_write_lock(pid: int) -> None:
    # No event crosses the process boundary here: the kernel's view of its
    # threads is the only sign that it reached the lock.
    while not _waits_for_the_write_lock(pid):  # noqa: ASYNC110
        await asyncio.sleep(0.01)


async def test_two_migrations_at_once_migrate_once(tmp_path):
    """1. The file is at schema version 6; another process holds its write
       lock.
    2. Two `ticketd db migrate` start on it and both wait for the lock
       (each has opened the file and read what it could outside the lock).
    3. The lock is freed: one migrates the file from version 6, the other
       finds it at the current version (before, both read version 6
       outside the lock and both ran the migration and said so).
    4. The file is at the current version and keeps its tickets."""
    path = tmp_path / "ticketd.db"
    await _as_schema_version_6(path)
    db = f"sqlite:///{path}"
    async with write_lock_held(str(path)):  # 1.
        first = await _start("db", "migrate", "--db", db, TICKETD_DB_TIMEOUT_SECONDS="90")
        second = await _start("db", "migrate", "--db", db, TICKETD_DB_TIMEOUT_SECONDS="90")
        try:
            await asyncio.wait_for(_until_waiting_for_the_write_lock(first.pid), 90)  # 2.
            await asyncio.wait_for(_until_waiting_for_the_write_lock(second.pid), 90)
        except BaseException:
            first.kill()
            second.kill()
            raise
    outcomes = await asyncio.gather(first.communicate(), second.communicate())  # 3.
    assert (first.returncode, second.returncode) == (0, 0), outcomes
    said = sorted(out.decode().strip() for out, _ in outcomes)
    assert said == sorted(
        [
            f"{path} is already at schema version {SCHEMA_VERSION}",
            f"migrated {path} from schema version 6 to {SCHEMA_VERSION}",
        ]
    ), said
    with sqlite3.connect(path) as check:  # 4.
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert check.execute("SELECT count(*) FROM tickets").fetchone()[0] == 3
    check.close()
