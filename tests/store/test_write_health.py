"""A database that answers reads but refuses writes is not ready: the
store's ``ping`` (the readiness probe) says why once a write failed, probes
with one small write at most every ``PROBE_INTERVAL_SECONDS`` while writes
fail, and recovers when the cause is gone; while writes work it writes
nothing.

SQLite is filled for real: the file lives on a small tmpfs this test mounts
(root only; skipped elsewhere), and the disk is filled with a file until
the file system says it is full. MongoDB refuses writes for real too: a
validator no document passes, on the collections the writes go to.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.small_disk import fill_disk, small_disk
from ticketd.clock import FakeClock
from ticketd.errors import Unavailable
from ticketd.store.sqlite import SqliteStore
from ticketd.store.write_health import PROBE_INTERVAL_SECONDS, RECOVERY_SECONDS, WriteHealth

from .conftest import opened_mongo_store


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB file system of its own."""
    with small_disk(tmp_path / "small") as path:
        yield path


async def _ping_problem(store: Any) -> str | None:
    try:
        await store.ping()
    except Unavailable as exc:
        return exc.message
    return None


async def test_sqlite_on_a_full_disk_is_unready_until_space_is_freed(disk: Path) -> None:
    clock = FakeClock()
    store = SqliteStore(disk / "ticketd.db", clock=clock)
    await store.open()
    try:
        assert await store.acquire_lease("acme", "me", 60) is not None
        assert await _ping_problem(store) is None
        filler = fill_disk(disk)
        # Reads (and SELECT 1) still answer; writes do not.
        with pytest.raises(Unavailable, match="database or disk is full"):
            for n in range(100):  # until the WAL has to grow
                await store.acquire_lease(f"tenant{n}", "me", 60)
        problem = await _ping_problem(store)
        assert problem is not None
        assert problem.startswith("writes fail since ")
        assert problem.endswith("sqlite: database or disk is full")

        filler.unlink()
        # The probe that failed just now is not repeated before the interval.
        assert await _ping_problem(store) == problem
        await clock.advance(PROBE_INTERVAL_SECONDS)
        # The probe's write works, but the last failure is too recent.
        assert await _ping_problem(store) == problem
        await clock.advance(RECOVERY_SECONDS)
        assert await _ping_problem(store) is None
        assert await store.acquire_lease("fresh", "me", 60) is not None
    finally:
        await store.close()


async def test_sqlite_write_that_stores_something_clears_the_mark(disk: Path) -> None:
    clock = FakeClock()
    store = SqliteStore(disk / "ticketd.db", clock=clock)
    await store.open()
    try:
        filler = fill_disk(disk)
        with pytest.raises(Unavailable, match="database or disk is full"):
            for n in range(100):
                await store.acquire_lease(f"tenant{n}", "me", 60)
        assert await _ping_problem(store) is not None  # its probe failed
        filler.unlink()
        # A write right after the failures stores something, yet writes
        # are not taken to work until none failed for RECOVERY_SECONDS
        # (on a nearly full disk small writes pass between failing ones).
        assert await store.acquire_lease("fresh", "me", 60) is not None
        assert await _ping_problem(store) is not None
        await clock.advance(RECOVERY_SECONDS)
        assert await store.acquire_lease("fresher", "me", 60) is not None
        # A real write cleared it: no probe was needed (the ping's probe
        # would only run after the check, which now passes at once).
        assert await _ping_problem(store) is None
    finally:
        await store.close()


async def test_a_small_write_between_failing_ones_keeps_writes_marked_failing() -> None:
    """1. A large write fails (the disk is full); a small one right after
       stores something (it fits, as does the readiness probe's), then
       large ones fail again.
    2. Readiness says writes fail throughout, not up after each small
       write; once no write failed for RECOVERY_SECONDS, a write that
       stores something clears it."""
    clock = FakeClock()
    health = WriteHealth(clock)

    async def small_write() -> None:  # the probe's write fits
        health.succeeded()

    health.failed("sqlite: database or disk is full")  # 1.
    for _ in range(3):
        await clock.advance(3)
        health.succeeded()
        assert health.problem == "sqlite: database or disk is full"  # 2.
        with pytest.raises(Unavailable, match="database or disk is full"):
            await health.check(small_write)
        health.failed("sqlite: database or disk is full")
    await clock.advance(RECOVERY_SECONDS)
    health.succeeded()
    assert health.problem is None
    await health.check(small_write)


async def test_sqlite_ping_writes_nothing_while_writes_work(
    sqlite_store: SqliteStore, db_path: Path
) -> None:
    import sqlite3

    await sqlite_store.ping()
    await sqlite_store.ping()
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM write_probe").fetchone()[0] == 0


_REFUSE_ALL = {"$jsonSchema": {"required": ["field_no_document_has"]}}


async def test_mongodb_refusing_writes_is_unready_until_it_takes_them(mongo_url: str) -> None:
    clock = FakeClock()
    async with opened_mongo_store(mongo_url, clock) as store:
        db = store.database
        await db.command("create", "write_probe")
        await store.acquire_lease("acme", "me", 60)
        assert await _ping_problem(store) is None
        for name in ("locks", "write_probe"):
            await db.command("collMod", name, validator=_REFUSE_ALL, validationLevel="strict")
        with pytest.raises(Unavailable, match=r"Document failed validation$"):
            await store.acquire_lease("other", "me", 60)
        problem = await _ping_problem(store)
        assert problem is not None and problem.startswith("writes fail since ")

        for name in ("locks", "write_probe"):
            await db.command("collMod", name, validator={})
        assert await _ping_problem(store) == problem  # no probe before the interval
        await clock.advance(RECOVERY_SECONDS)
        assert await _ping_problem(store) is None
        assert await store.acquire_lease("other", "me", 60) is not None
