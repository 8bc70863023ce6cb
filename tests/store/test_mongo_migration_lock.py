"""MongoDB's index MigrationLock over the wire."""

from __future__ import annotations

import asyncio
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


async def test_a_lock_whose_hold_ran_out_is_taken(mongo_url: str) -> None:
    """A holder that died (its hold over by the server's clock) does not
    keep the next process out."""
    client: Any = pymongo.AsyncMongoClient(mongo_url)
    try:
        database = client.get_default_database()
        locks = database.get_collection("index_migrations")
        await locks.update_one(
            {"_id": "indexes"},
            [{"$set": {"owner": "dead", "expires_at": {"$subtract": ["$$NOW", 1000]}}}],
            upsert=True,
        )
        lock = MigrationLock(database)
        await asyncio.wait_for(lock.__aenter__(), 10)
        held = await locks.find_one({"_id": "indexes"})
        await lock.__aexit__(None, None, None)
    finally:
        await client.close()
    assert held is not None and held["owner"] not in ("dead", None)
