"""Index migration of the MongoDB backend, run by ``MongoStore.open``.

``create_indexes`` alone fails when an index of the same name (or the same
keys) already exists with other options, which is exactly what a release
that changes an index definition meets on an existing database. So each
wanted index is compared with what the collection has: one whose keys or
options differ is dropped and built again, a missing one is built, an
identical one is left alone. Indexes that ticketd does not define and that
do not collide with one it does (an operator's own) are kept.

Index builds are bounded: on a large collection a build can take long, and
a start must not hang on it forever. Builds get ``INDEX_BUILD_SECONDS``;
past that the start goes on without the index (queries still answer, more
slowly), with a warning, and the next start builds it again.

Several processes opening one database at once (replicas starting
together, ``ticketd db migrate`` next to a ``serve`` start) migrate one
at a time: each holds ``MigrationLock`` (one document, taken in one
atomic operation) while it reads what the collections have and changes
it, so the others find the indexes migrated instead of dropping an index
the first already dropped (a start failing on "index not found") or the
one it just built. The lock's hold is ``MIGRATION_LOCK_HOLD_SECONDS``
from its last renewal (one bounded build, ``INDEX_BUILD_SECONDS``, and a
margin: the holder renews it before each build), so a holder that died
keeps the other openers waiting that long at most (150 s). They wait
without a deadline of their own, logging a warning that names the holder
(host and process id) and when its hold ends by the database's clock,
again whenever either changes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import pymongo
from pymongo import IndexModel, ReturnDocument
from pymongo.errors import DuplicateKeyError, OperationFailure, PyMongoError

from ticketd.store.mongo_base import MAJORITY

__all__ = [
    "INDEX_BUILD_SECONDS",
    "MIGRATION_LOCK_HOLD_SECONDS",
    "IndexMigration",
    "MigrationLock",
    "drop_index_if_there",
    "migrate_indexes",
]

log = logging.getLogger(__name__)

INDEX_BUILD_SECONDS = 120.0
# The collection and document of ``MigrationLock``.
MIGRATION_COLLECTION = "index_migrations"
_LOCK_ID = "indexes"
# How long the lock is held from its last renewal: one bounded build and a
# margin; how long a holder that died keeps other openers out.
MIGRATION_LOCK_HOLD_SECONDS = INDEX_BUILD_SECONDS + 30.0
_LOCK_POLL_SECONDS = 0.2  # how often a process waiting for the lock tries again
_INDEX_NOT_FOUND = 27

# The options that make two indexes with the same keys different.
_OPTIONS = ("unique", "sparse", "expireAfterSeconds", "partialFilterExpression")


def _shape(spec: Mapping[str, Any]) -> tuple[Any, ...]:
    """Keys (with normalised directions) and the options that matter, from
    an ``IndexModel.document`` or an ``index_information()`` entry."""
    key = spec["key"]
    items = key.items() if isinstance(key, Mapping) else key
    keys = tuple((field, int(order)) for field, order in items)
    options = tuple(
        (name, bool(spec.get(name)) if name in ("unique", "sparse") else spec.get(name))
        for name in _OPTIONS
    )
    return keys, options


def _held_message(lock: Mapping[str, Any]) -> str:
    """What a process waiting for the migration lock logs: who holds it
    and until when."""
    until = lock.get("expires_at")
    if isinstance(until, datetime):
        shown = until.astimezone(UTC) if until.tzinfo else until.replace(tzinfo=UTC)
        ends = f"until {shown:%Y-%m-%d %H:%M:%S} UTC by the database's clock"
    else:
        ends = "with no end recorded"
    return (
        f"waiting for the index migration lock: held by {lock.get('owner')} {ends} "
        f"(renewed before each index build; a holder that died frees it then, "
        f"at most {MIGRATION_LOCK_HOLD_SECONDS:g} s after its last renewal)"
    )


class MigrationLock:
    """Lets one process at a time migrate a database's indexes (see the
    module doc). ``async with`` waits until it holds the lock; ``renew``
    keeps it for another build (call it before each). Nothing else waits
    on it: processes only queue behind one another at start.

    The lock is taken with one ``find_one_and_update`` with ``upsert`` on
    a fixed ``_id``, an update pipeline that decides inside the database
    whether the lock is free (no owner, or its hold over) and only then
    makes this process its owner: the returned document says who holds it.
    Expiry is the server's time (``$$NOW``), so clocks of the processes do
    not matter. Waiting takes no deadline of its own: it ends when the
    holder releases the lock or its hold runs out; each try keeps the
    client's deadline."""

    def __init__(self, database: Any, *, hold_seconds: float = MIGRATION_LOCK_HOLD_SECONDS) -> None:
        self._locks = database.get_collection(MIGRATION_COLLECTION, write_concern=MAJORITY)
        # Unique, and says who holds the lock to an operator waiting for it.
        self._owner = f"{socket.gethostname()} pid {os.getpid()} ({uuid.uuid4().hex[:12]})"
        hold_ms = int(hold_seconds * 1000)
        self._until = {"$add": ["$$NOW", hold_ms]}  # a hold from now, by the server's clock

    def _held_from_now(self) -> list[dict[str, Any]]:
        return [{"$set": {"owner": {"$literal": self._owner}, "expires_at": self._until}}]

    def _taken_if_free(self) -> list[dict[str, Any]]:
        # The free test is computed into a field of its own first, so that
        # setting the owner cannot change what the expiry is compared with.
        # Times are compared as milliseconds: SecantusDB compares two dates
        # in an expression as equal. A missing expiry (null) is below any.
        free = {
            "$or": [
                {"$eq": [{"$ifNull": ["$owner", None]}, None]},
                {"$lte": [{"$toLong": "$expires_at"}, {"$toLong": "$$NOW"}]},
            ]
        }
        return [
            {"$set": {"_free": free}},
            {
                "$set": {
                    "owner": {"$cond": ["$_free", {"$literal": self._owner}, "$owner"]},
                    "expires_at": {"$cond": ["$_free", self._until, "$expires_at"]},
                }
            },
            {"$unset": "_free"},
        ]

    async def __aenter__(self) -> MigrationLock:
        seen: tuple[Any, Any] | None = None  # the holder and hold last logged
        while True:
            try:
                lock = await self._locks.find_one_and_update(
                    {"_id": _LOCK_ID},
                    self._taken_if_free(),
                    upsert=True,
                    return_document=ReturnDocument.AFTER,
                )
            except DuplicateKeyError:  # two first takers at once: one upsert lost
                lock = None
            if lock is not None and lock.get("owner") == self._owner:
                if seen is not None:
                    log.info("index migration lock taken after waiting for it")
                return self
            if lock is not None and (lock.get("owner"), lock.get("expires_at")) != seen:
                seen = (lock.get("owner"), lock.get("expires_at"))
                log.warning(_held_message(lock))
            await asyncio.sleep(_LOCK_POLL_SECONDS)  # another process migrates

    async def renew(self) -> None:
        """Hold the lock for another build from now; warns if it ran out
        meanwhile (another process may then migrate at the same time)."""
        result = await self._locks.update_one(
            {"_id": _LOCK_ID, "owner": self._owner}, self._held_from_now()
        )
        if result.matched_count == 0:
            log.warning("the index migration lock ran out before the migration ended")

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._locks.update_one(
            {"_id": _LOCK_ID, "owner": self._owner}, {"$set": {"owner": None}}
        )


async def drop_index_if_there(collection: Any, name: str) -> None:
    """Drop the index ``name``; one already gone is no error (a process of
    another version, or one whose migration lock ran out, dropped it)."""
    try:
        await collection.drop_index(name)
    except OperationFailure as exc:
        if exc.code != _INDEX_NOT_FOUND:
            raise


class IndexMigration:
    """What ``migrate_indexes`` did, for the start-up log and tests."""

    def __init__(self) -> None:
        self.rebuilt: list[str] = []  # "collection.index" dropped and built again
        self.pending: list[str] = []  # collections whose build did not finish in time


async def migrate_indexes(
    database: Any,
    wanted: Mapping[str, list[IndexModel]],
    *,
    build_seconds: float = INDEX_BUILD_SECONDS,
    renew: Callable[[], Awaitable[None]] | None = None,
) -> IndexMigration:
    """Bring every collection's indexes to ``wanted``; raises ``PyMongoError``
    only for failures other than a build running past ``build_seconds``.
    Run it holding ``MigrationLock`` and pass its ``renew`` (called before
    each collection) when other processes may migrate the database too."""
    migration = IndexMigration()
    for name, models in wanted.items():
        if renew is not None:
            await renew()
        collection = database.get_collection(name, write_concern=MAJORITY)
        existing = await collection.index_information()
        for model in models:
            document = model.document
            index_name = document["name"]
            shape = _shape(document)
            stale = []
            current = existing.get(index_name)
            if current is not None and _shape(current) != shape:
                stale.append(index_name)  # same name, other keys or options
            same_keys = [
                index
                for index, spec in existing.items()
                if index not in (index_name, "_id_") and _shape(spec)[0] == shape[0]
            ]
            stale += same_keys  # the same keys under another name collide too
            for index in stale:
                await drop_index_if_there(collection, index)
                existing.pop(index, None)
                migration.rebuilt.append(f"{name}.{index}")
        try:
            with pymongo.timeout(build_seconds):
                await collection.create_indexes(models)
        except PyMongoError as exc:
            if not exc.timeout:
                raise
            migration.pending.append(name)
            log.warning(
                "index build still running past its bound; starting without it",
                extra={"collection": name, "bound_seconds": build_seconds},
            )
    if migration.rebuilt:
        log.warning("indexes rebuilt with new definitions", extra={"indexes": migration.rebuilt})
    return migration
