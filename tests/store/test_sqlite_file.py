"""SQLite storage faults the store must see: its file deleted or replaced
while open, and a write lock another process keeps."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from pathlib import Path

import pytest

from tests.sqlite_lock_holder import write_lock_held
from ticketd.errors import Unavailable
from ticketd.store.sqlite import SqliteStore
from ticketd.store.sqlite_connections import CHECKPOINT_EVERY_WRITES

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
async def opened(tmp_path: Path, clock):
    store = SqliteStore(tmp_path / "ticketd.db", clock=clock)
    await store.open()
    try:
        yield store
    finally:
        await store.close()


async def test_a_deleted_file_refuses_writes_and_fails_the_probe(
    opened, tmp_path, make_ticket, caplog
):
    await opened.apply_tickets("acme", [make_ticket("ext-001")], job_id=None)
    caplog.set_level(logging.ERROR)
    os.unlink(tmp_path / "ticketd.db")

    with pytest.raises(Unavailable, match="was deleted while open"):
        await opened.apply_tickets("acme", [make_ticket("ext-002")], job_id=None)
    with pytest.raises(Unavailable, match="was deleted while open"):
        await opened.acquire_lease("acme", "a", 60)
    with pytest.raises(Unavailable, match="was deleted while open"):
        await opened.ping()
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "deleted while open: refusing writes" in errors[0]


async def test_a_replaced_file_refuses_writes_and_fails_the_probe(opened, tmp_path, make_ticket):
    await opened.apply_tickets("acme", [make_ticket("ext-001")], job_id=None)
    shutil.copy(tmp_path / "ticketd.db", tmp_path / "restored.db")
    os.replace(tmp_path / "restored.db", tmp_path / "ticketd.db")  # a restore from backup

    with pytest.raises(Unavailable, match="was replaced by another file while open"):
        await opened.apply_tickets("acme", [make_ticket("ext-002")], job_id=None)
    with pytest.raises(Unavailable, match="was replaced"):
        await opened.ping()


async def test_the_same_file_passes(opened, make_ticket):
    await opened.ping()
    assert (await opened.apply_tickets("acme", [make_ticket()], job_id=None)).count("created")


async def test_a_lock_held_by_another_process_fails_writes_with_a_clear_error(
    tmp_path, clock, make_ticket
):
    store = SqliteStore(tmp_path / "ticketd.db", clock=clock, busy_timeout=0.2)
    await store.open()
    try:
        async with write_lock_held(str(tmp_path / "ticketd.db")):
            with pytest.raises(Unavailable, match=r"write lock .* was not free within 0\.2 s"):
                await store.acquire_lease("acme", "a", 60)
            await store.ping()  # reads go on (WAL)
        assert await store.acquire_lease("acme", "a", 60) is not None
    finally:
        await store.close()


@pytest.mark.timeout(8)
async def test_queued_writes_share_one_deadline(tmp_path, clock, make_ticket):
    """40 writes asked for at once while another process holds the lock
    for good: each fails within its own 0.5 s from being asked, not one
    after another (40 x 0.5 s would outlast the test's time-out)."""
    store = SqliteStore(tmp_path / "ticketd.db", clock=clock, busy_timeout=0.5)
    await store.open()
    try:
        async with write_lock_held(str(tmp_path / "ticketd.db")):
            results = await asyncio.gather(
                *(store.acquire_lease(f"t{n}", "a", 60) for n in range(40)),
                return_exceptions=True,
            )
        assert all(isinstance(r, Unavailable) for r in results), results
    finally:
        await store.close()


async def test_the_wal_is_checkpointed_in_the_background(opened, tmp_path, make_ticket):
    """After CHECKPOINT_EVERY_WRITES writes, a checkpoint on the store's own
    thread copies them into the database file while it stays open; no write
    waits for it (the writer's automatic checkpoint, a backstop, starts only
    at 40,000 WAL pages)."""
    path = tmp_path / "ticketd.db"
    before = path.stat().st_size
    message = "x" * 4096
    for n in range(CHECKPOINT_EVERY_WRITES):
        ticket = make_ticket(f"ext-{n:03d}", message=message)
        await opened.apply_tickets("acme", [ticket], job_id=None)
    assert opened._last_checkpoint is not None  # queued by the last write
    await asyncio.wrap_future(opened._last_checkpoint)

    assert opened.checkpoints == 1
    assert path.stat().st_size >= before + CHECKPOINT_EVERY_WRITES * len(message)
