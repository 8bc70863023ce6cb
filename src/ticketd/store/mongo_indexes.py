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
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import pymongo
from pymongo import IndexModel
from pymongo.errors import PyMongoError

from ticketd.store.mongo_base import MAJORITY

__all__ = ["INDEX_BUILD_SECONDS", "IndexMigration", "migrate_indexes"]

log = logging.getLogger(__name__)

INDEX_BUILD_SECONDS = 120.0

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
) -> IndexMigration:
    """Bring every collection's indexes to ``wanted``; raises ``PyMongoError``
    only for failures other than a build running past ``build_seconds``."""
    migration = IndexMigration()
    for name, models in wanted.items():
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
                await collection.drop_index(index)
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
