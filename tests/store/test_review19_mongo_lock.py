"""review19: MongoDB's index MigrationLock over the wire."""

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
    3. It must still be waiting after 2 s (the hold is 150 s). On SecantusDB
       it gets the lock at once: the "free or expired" filter's
       {$expr: {$lte: ["$expires_at", "$$NOW"]}} matches a lock that
       expires in the future, so every opener steals the lock and the
       three-client test of e74c618 passes without any mutual exclusion."""
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
