"""A small asyncio face over mongomock, so the contract suite runs the very
``MongoStore`` code that runs on ``pymongo.AsyncMongoClient``.

It exposes exactly the subset of PyMongo's async API that ``MongoStore``
uses, with the same call shapes:

- ``AsyncDatabase``: ``name``, ``db[name]``, ``await command("ping")``;
- ``AsyncCollection``: ``find`` (returns a cursor), and awaitable
  ``find_one``, ``find_one_and_update``, ``insert_one``, ``update_one``,
  ``update_many``, ``bulk_write``, ``count_documents``, ``distinct``,
  ``aggregate`` (returns a command cursor), ``create_indexes``,
  ``index_information``;
- ``AsyncCursor``: chainable ``sort``/``skip``/``limit``, awaitable
  ``to_list``, ``async for``; ``AsyncCommandCursor``: ``to_list``,
  ``async for``.

Everything else raises ``AttributeError``. It adds no query or update
semantics of its own: filters, updates, pipelines and errors
(``DuplicateKeyError``, ``BulkWriteError``) are mongomock's. The one bridge is
``bulk_write``: PyMongo >= 4.11 passes a ``sort`` argument that mongomock
4.3's bulk builder does not accept, so the operations are fed to mongomock's
own builder through a shim that drops ``sort=None`` (and refuses a real
sort); only ``InsertOne`` and ``UpdateOne`` pass.

Each call first yields to the event loop once, so concurrent tasks interleave
between database operations as they would over a network; each operation
itself stays atomic, as one operation on a single document is in MongoDB.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import mongomock
from mongomock.collection import BulkOperationBuilder, BulkWriteResult

from ticketd.clock import Clock
from ticketd.store.mongo import MongoStore

__all__ = [
    "AsyncCollection",
    "AsyncCommandCursor",
    "AsyncCursor",
    "AsyncDatabase",
    "make_mongomock_store",
]


async def _yield() -> None:
    await asyncio.sleep(0)


class AsyncCursor:
    """``pymongo.asynchronous.cursor.AsyncCursor``'s used subset."""

    def __init__(self, cursor: mongomock.collection.Cursor) -> None:
        self._cursor = cursor

    def sort(self, key_or_list: Any, direction: Any = None) -> AsyncCursor:
        if direction is None:
            self._cursor.sort(key_or_list)
        else:
            self._cursor.sort(key_or_list, direction)
        return self

    def skip(self, skip: int) -> AsyncCursor:
        self._cursor.skip(skip)
        return self

    def limit(self, limit: int) -> AsyncCursor:
        self._cursor.limit(limit)
        return self

    async def to_list(self, length: int | None = None) -> list[dict[str, Any]]:
        await _yield()
        docs = list(self._cursor)
        return docs if length is None else docs[:length]

    def __aiter__(self) -> AsyncCursor:
        return self

    async def __anext__(self) -> dict[str, Any]:
        try:
            return next(self._cursor)
        except StopIteration:
            raise StopAsyncIteration from None


class AsyncCommandCursor:
    """``AsyncCommandCursor``'s used subset (the result of ``aggregate``)."""

    def __init__(self, documents: Iterator[dict[str, Any]]) -> None:
        self._documents = iter(documents)

    async def to_list(self, length: int | None = None) -> list[dict[str, Any]]:
        docs = list(self._documents)
        return docs if length is None else docs[:length]

    def __aiter__(self) -> AsyncCommandCursor:
        return self

    async def __anext__(self) -> dict[str, Any]:
        try:
            return next(self._documents)
        except StopIteration:
            raise StopAsyncIteration from None


class _BulkShim:
    """What PyMongo's ``InsertOne`` / ``UpdateOne`` call (``_add_to_bulk``),
    forwarded to mongomock's own bulk builder. Other write models are not
    used by ``MongoStore`` and fail here."""

    def __init__(self, builder: BulkOperationBuilder) -> None:
        self._builder = builder

    def add_insert(self, document: Any) -> None:
        self._builder.add_insert(document)

    def add_update(
        self,
        selector: Any,
        update: Any,
        multi: bool,
        upsert: bool,
        *,
        sort: Any = None,
        **options: Any,
    ) -> None:
        if sort is not None:
            raise NotImplementedError("mongomock cannot sort inside a bulk update")
        options = {key: value for key, value in options.items() if value is not None}
        self._builder.add_update(selector, update, multi=multi, upsert=upsert, **options)


class AsyncCollection:
    """``pymongo.asynchronous.collection.AsyncCollection``'s used subset."""

    def __init__(self, collection: mongomock.Collection) -> None:
        self._collection = collection

    @property
    def name(self) -> str:
        return self._collection.name

    def find(self, *args: Any, **kwargs: Any) -> AsyncCursor:
        return AsyncCursor(self._collection.find(*args, **kwargs))

    async def find_one(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        await _yield()
        return self._collection.find_one(*args, **kwargs)

    async def find_one_and_update(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        await _yield()
        return self._collection.find_one_and_update(*args, **kwargs)

    async def insert_one(self, document: Mapping[str, Any]) -> Any:
        await _yield()
        return self._collection.insert_one(document)

    async def update_one(self, *args: Any, **kwargs: Any) -> Any:
        await _yield()
        return self._collection.update_one(*args, **kwargs)

    async def update_many(self, *args: Any, **kwargs: Any) -> Any:
        await _yield()
        return self._collection.update_many(*args, **kwargs)

    async def bulk_write(self, requests: Sequence[Any], ordered: bool = True) -> Any:
        await _yield()
        builder = BulkOperationBuilder(self._collection, ordered=ordered)
        shim = _BulkShim(builder)
        for request in requests:
            request._add_to_bulk(shim)
        return BulkWriteResult(builder.execute(), True)

    async def count_documents(self, filter: Mapping[str, Any], **kwargs: Any) -> int:
        await _yield()
        return self._collection.count_documents(filter, **kwargs)

    async def distinct(self, key: str, filter: Mapping[str, Any] | None = None) -> list[Any]:
        await _yield()
        return self._collection.distinct(key, filter)

    async def aggregate(self, pipeline: Sequence[Mapping[str, Any]]) -> AsyncCommandCursor:
        await _yield()
        return AsyncCommandCursor(self._collection.aggregate(list(pipeline)))

    async def create_indexes(self, indexes: Sequence[Any]) -> list[str]:
        await _yield()
        return self._collection.create_indexes(list(indexes))

    async def index_information(self) -> dict[str, Any]:
        await _yield()
        return self._collection.index_information()


class AsyncDatabase:
    """``pymongo.asynchronous.database.AsyncDatabase``'s used subset."""

    def __init__(self, database: mongomock.Database) -> None:
        self._database = database

    @property
    def name(self) -> str:
        return self._database.name

    def __getitem__(self, name: str) -> AsyncCollection:
        return AsyncCollection(self._database[name])

    async def command(self, command: str | Mapping[str, Any], **kwargs: Any) -> dict[str, Any]:
        await _yield()
        return self._database.command(command, **kwargs)


def make_mongomock_store(clock: Clock) -> MongoStore:
    """An unopened ``MongoStore`` on a fresh in-memory mongomock database;
    ``open()`` creates the indexes, as on a real server."""
    client = mongomock.MongoClient(tz_aware=True)
    return MongoStore(AsyncDatabase(client.get_database("ticketd")), clock=clock)
