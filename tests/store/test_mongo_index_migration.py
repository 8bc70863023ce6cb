"""MongoDB's index migration when several processes open one database at
once (replicas starting together, a `ticketd db migrate` next to a
`serve` start): real clients over the wire, each its own connection."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pymongo
import pytest
from pymongo import ASCENDING

from ticketd.clock import FakeClock
from ticketd.store.mongo import MongoStore

pytestmark = pytest.mark.timeout(120)


async def test_stores_opening_at_once_migrate_the_indexes_once(
    mongo_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """1. The database has an index of an older definition (the locks' TTL
       index with another expiry).
    2. Three stores, each with its own client, open at the same moment.
    3. All three open (before, each read the indexes, found the old one
       and dropped it: all but the first failed on an index already
       gone), the index has its new definition, and one of them rebuilt
       it: the others found it rebuilt."""
    setup: Any = pymongo.AsyncMongoClient(mongo_url)
    await setup.get_default_database()["locks"].create_index(
        [("server_touched_at", ASCENDING)], name="locks_idle_ttl", expireAfterSeconds=60
    )  # 1.
    await setup.close()
    stores = [MongoStore.from_url(mongo_url, clock=clock) for _ in range(3)]
    caplog.set_level(logging.WARNING, logger="ticketd.store.mongo_indexes")
    try:
        await asyncio.gather(*(store.open() for store in stores))  # 2.
        locks = await stores[0].database["locks"].index_information()  # 3.
        assert locks["locks_idle_ttl"]["expireAfterSeconds"] == 7 * 24 * 3600
        rebuilt = [r for r in caplog.records if r.getMessage().startswith("indexes rebuilt")]
        assert [r.indexes for r in rebuilt] == [["locks.locks_idle_ttl"]]
    finally:
        for store in stores:
            await store.close()
