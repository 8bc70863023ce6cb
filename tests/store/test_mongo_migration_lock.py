"""MongoDB's index MigrationLock over the wire."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pymongo
import pytest

from ticketd.store.mongo_indexes import MigrationLock

pytestmark = pytest.mark.timeout(120)


async def test_a_held_migration_lock_keeps_a_second_process_waiting(mongo_url: str) -> None:
    """1. One client takes the lock (as a replica migrating its indexes).
    2. A second client asks for it while the first holds it.
    3. It must still be waiting after 2 s (the hold is 150 s). (SecantusDB
       compares two dates in an expression as equal: a "free or expired"
       test written as {$lte: ["$expires_at", "$$NOW"]} let every opener
       take a held lock there.)"""
    first: Any = pymongo.AsyncMongoClient(mongo_url)
    second: Any = pymongo.AsyncMongoClient(mongo_url)
    try:
        held = MigrationLock(first.get_default_database())
        await held.__aenter__()  # 1.
        waiting = asyncio.ensure_future(
            MigrationLock(second.get_default_database()).__aenter__()
        )  # 2.
        done, _ = await asyncio.wait({waiting}, timeout=2.0)
        try:
            assert not done, "the second process took a lock the first still held"  # 3.
        finally:
            waiting.cancel()
            await asyncio.gather(waiting, return_exceptions=True)
            await held.__aexit__(None, None, None)
    finally:
        await first.close()
        await second.close()


async def left_held(database: Any, owner: str, ms_from_now: int) -> Any:
    """The lock as a holder that died left it: held by ``owner`` until
    ``ms_from_now`` by the server's clock; returns the lock collection."""
    locks = database.get_collection("index_migrations")
    await locks.update_one(
        {"_id": "indexes"},
        [{"$set": {"owner": owner, "expires_at": {"$add": ["$$NOW", ms_from_now]}}}],
        upsert=True,
    )
    return locks


async def test_a_lock_whose_hold_ran_out_is_taken(mongo_url: str) -> None:
    """A holder that died (its hold over by the server's clock) does not
    keep the next process out."""
    client: Any = pymongo.AsyncMongoClient(mongo_url)
    try:
        database = client.get_default_database()
        locks = await left_held(database, "dead", -1000)
        lock = MigrationLock(database)
        await asyncio.wait_for(lock.__aenter__(), 10)
        held = await locks.find_one({"_id": "indexes"})
        await lock.__aexit__(None, None, None)
    finally:
        await client.close()
    assert held is not None and held["owner"] not in ("dead", None)


class _Records(logging.Handler):
    """Keeps the records of ``ticketd.store.mongo_indexes``; ``warned`` is
    set at the first warning."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []
        self.warned = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        if record.levelno >= logging.WARNING:
            self.warned.set()


async def test_a_process_waiting_for_the_lock_says_who_holds_it_and_until_when(
    mongo_url: str,
) -> None:
    """1. A holder that died left the lock held for 2 s more (by the
       server's clock).
    2. Another process asks for it: while it waits, it warns once, naming
       the holder and when its hold ends (before: it waited in silence,
       up to 150 s).
    3. Once the hold is over it takes the lock, and says so."""
    client: Any = pymongo.AsyncMongoClient(mongo_url)
    handler = _Records()
    logger = logging.getLogger("ticketd.store.mongo_indexes")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        database = client.get_default_database()
        locks = await left_held(database, "db-host-7 pid 4242", 2000)  # 1.
        until = (await locks.find_one({"_id": "indexes"}))["expires_at"]
        lock = MigrationLock(database)
        taking = asyncio.ensure_future(lock.__aenter__())  # 2.
        try:
            await handler.warned.wait()
            [warning] = [r for r in handler.records if r.levelno >= logging.WARNING]
            assert "held by db-host-7 pid 4242" in warning.getMessage()
            assert f"until {until:%Y-%m-%d %H:%M:%S} UTC" in warning.getMessage()
            await taking  # 3.
        finally:
            taking.cancel()
            await asyncio.gather(taking, return_exceptions=True)
        await lock.__aexit__(None, None, None)
        messages = [r.getMessage() for r in handler.records]
        assert messages[-1] == "index migration lock taken after waiting for it"
        assert len(messages) == 2
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
        await client.close()
