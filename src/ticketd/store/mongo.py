"""The MongoDB backend of the Store, on PyMongo's native asyncio API
(``pymongo.AsyncMongoClient``).

One client per process, owned by the store built with ``from_url``; pool
settings (``maxPoolSize``, ``minPoolSize``, ...) come from the URL's
options. Every operation has a deadline: the client's ``timeoutMS``
(``TICKETD_DB_TIMEOUT_SECONDS``) bounds server selection, connection,
the command and its write concern together, so no call waits 30 s for a
primary that is not there. The client is tz-aware in UTC and datetimes are
stored at BSON's millisecond precision (``ticketd.store.mongo_documents``).
Read preferences and write concerns per collection, and why, are in
``ticketd.store.mongo_base``.

Ticket writes (one transaction each, the 16 MB document limit) are in
``ticketd.store.mongo_ticket_writes``, their fencing by the lease in
``mongo_leases``, transactions themselves in ``mongo_transactions`` (they
need a replica set: ``open`` checks it), ticket reads in
``mongo_ticket_reads``, stats and rollups in ``mongo_stats``; jobs, leases,
the outbox and the provider budget in ``mongo_operations``.
"""

from __future__ import annotations

import logging
from datetime import UTC
from typing import Any
from urllib.parse import unquote, urlsplit

from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

from ticketd.clock import Clock
from ticketd.errors import Unavailable
from ticketd.store.contract import StoreContract
from ticketd.store.mongo_base import LeaseClock
from ticketd.store.mongo_errors import describe_error, driver_errors
from ticketd.store.mongo_feed import FEED_INDEXES
from ticketd.store.mongo_indexes import MigrationLock, migrate_indexes
from ticketd.store.mongo_operations import MongoOperations
from ticketd.store.mongo_queries import COLLECTION_INDEXES, drop_unused_indexes
from ticketd.store.mongo_rollup_rebuild import MongoRollupRebuild
from ticketd.store.mongo_rollups import ROLLUP_INDEXES
from ticketd.store.mongo_ticket_reads import MongoTicketReads
from ticketd.store.mongo_ticket_writes import MongoTicketWrites
from ticketd.store.mongo_transactions import check_transactions

__all__ = ["DEFAULT_DATABASE", "DEFAULT_TIMEOUT_SECONDS", "MongoStore", "database_name"]

log = logging.getLogger(__name__)

DEFAULT_DATABASE = "ticketd"
DEFAULT_TIMEOUT_SECONDS = 5.0


def database_name(url: str) -> str:
    """The database a ``mongodb://`` / ``mongodb+srv://`` URL names in its
    path, ``ticketd`` when it names none. Parsed without DNS look-ups (a
    ``+srv`` URL is resolved only when the client connects)."""
    path = unquote(urlsplit(url).path).strip("/")
    return path or DEFAULT_DATABASE


class MongoStore(
    StoreContract, MongoRollupRebuild, MongoTicketWrites, MongoOperations, MongoTicketReads
):
    """The Store on a MongoDB database (any object with the
    ``pymongo.asynchronous`` database API): the checked public methods are
    ``StoreContract``'s; the hooks they call are defined in the parts named
    in the module docstring, each decorated with ``driver_errors``.

    ``client``, when given, is owned: ``open`` connects it and ``close``
    closes it. Nothing does I/O before ``open``.
    """

    def __init__(
        self,
        database: Any,
        *,
        clock: Clock,
        client: Any = None,
        lease_clock: LeaseClock = "server",
    ) -> None:
        super().__init__(database, clock=clock, lease_clock=lease_clock)
        self._client = client
        self._closed = False
        self._timeout_seconds = DEFAULT_TIMEOUT_SECONDS
        self._read_only = False  # (from_url) open builds no index, deletes nothing

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        clock: Clock,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        lease_clock: LeaseClock = "server",
        read_only: bool = False,
        **client_options: Any,
    ) -> MongoStore:
        """A store owning a new client for ``url``; no network I/O here.
        ``timeout_seconds`` is every operation's deadline (``timeoutMS``);
        ``lease_clock`` whose time decides lease expiry (the server's, or
        the injected clock's for tests: ``ticketd.store.mongo_base``);
        ``client_options`` go to ``AsyncMongoClient`` (tests pass event
        listeners)."""
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
            url,
            tz_aware=True,
            tzinfo=UTC,
            appname="ticketd",
            timeoutMS=int(timeout_seconds * 1000),
            **client_options,
        )
        store = cls(
            client.get_database(database_name(url)),
            clock=clock,
            client=client,
            lease_clock=lease_clock,
        )
        store._timeout_seconds = timeout_seconds
        store._read_only = read_only
        return store

    @property
    def database(self) -> Any:
        """The database this store works on, for diagnostics such as
        ``explain()`` of its queries (``ticketd.store.mongo_queries``)."""
        return self._db

    # -- lifecycle -----------------------------------------------------------
    async def open(self) -> None:
        """Connect, check a primary answers (within the deadline) and can run
        transactions (a replica set member or ``mongos``: else
        ``TransactionsUnsupported``), migrate the indexes, one process at a
        time (``ticketd.store.mongo_indexes``) and drop the feed records whose
        key shows a credential in clear (written by an older version). On
        failure the client is closed and ``Unavailable`` says why in one
        line. Opened ``read_only`` (``from_url``), it only connects and
        checks: no index is built or dropped, no record deleted."""
        self._closed = False
        try:
            if self._client is not None:
                await self._client.aconnect()
            await self._db.command("ping")
            await check_transactions(self._db)
            if self._read_only:
                return
            async with MigrationLock(self._db) as lock:
                await migrate_indexes(
                    self._db,
                    {**COLLECTION_INDEXES, **ROLLUP_INDEXES, **FEED_INDEXES},
                    renew=lock.renew,
                )
                await drop_unused_indexes(self._tickets)
            if await self._drop_feeds_showing_credentials():
                log.warning(
                    "dropped the records of feed passes whose key showed a credential in "
                    "clear (written by an older version)"
                )
        except PyMongoError as exc:
            await self.close()
            raise Unavailable(
                f"MongoDB: cannot open database {self._db.name!r} "
                f"(deadline {self._timeout_seconds:g} s): {describe_error(exc)}"
            ) from exc
        except BaseException:
            await self.close()
            raise

    @driver_errors
    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        await self._close_lease_sessions()
        if self._client is not None:
            await self._client.close()

    async def ping(self) -> None:
        """Raise ``Unavailable`` when the server does not answer, or while
        it refuses writes (``write_health``: then one small write probes
        whether it takes them again, at most every few seconds)."""
        try:
            await self._db.command("ping")
        except PyMongoError as exc:
            raise Unavailable(f"MongoDB does not answer: {describe_error(exc)}") from exc
        await self._write_health.check(self._probe_write)

    @driver_errors
    async def _probe_write(self) -> None:
        await self._write_probe.update_one({"_id": 1}, {"$set": {"at": self._now()}}, upsert=True)
        self._write_health.succeeded()
