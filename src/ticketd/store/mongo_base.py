"""The collections and clock shared by the MongoDB backend's parts, with the
read preference and write concern each kind of operation needs.

Why explicit concerns, whatever the URL says: several replicas of ticketd
coordinate through this database. A lock, an outbox claim or a job's final
status that only the primary acknowledged (``w: 1``) is rolled back when
that primary fails over before replicating it, and then two replicas both
hold the lease, or a delivered notification is sent again. A read from a
secondary can be stale, and a stale read of a lock or of the tickets a
batch is about to overwrite plans the write against the past. So:

- ``locks``, ``notification_outbox``, ``ingestion_jobs``, ``ingestion_logs``
  and ``rate_budgets`` read from the primary and write with
  ``w: "majority"``;
- ticket and history writes use ``w: "majority"``, and the reads that plan
  them (the stored tickets of a batch, the live ids before a deletion) go
  to the primary;
- the read-only API queries (lists, history, stats) keep the URL's read
  preference, so an operator may send analytics to secondaries.

Deadlines are the client's (``timeoutMS``, see ``MongoStore.from_url``).

Lease time is the server's: whether a lease is live, and until when a new
one lasts, is decided inside the database with ``$$NOW`` (``_lease_now``),
so a replica whose clock runs ahead cannot take a lease early, nor one
whose clock lags keep writing after it. Tests that drive expiry with a
``FakeClock`` build the store with ``lease_clock="injected"``, and the
injected clock's time stands in for the server's. Lease instants are
compared as epoch milliseconds (``$toLong``), the same on both.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pymongo import ReadPreference, WriteConcern

from ticketd.clock import Clock
from ticketd.store.mongo_documents import to_millis
from ticketd.store.write_health import WriteHealth

__all__ = ["MAJORITY", "LeaseClock", "MongoCollections"]

LeaseClock = Literal["server", "injected"]

MAJORITY = WriteConcern(w="majority")


class MongoCollections:
    """Handles on the store's collections and clock."""

    def __init__(self, database: Any, *, clock: Clock, lease_clock: LeaseClock = "server") -> None:
        self._db = database
        self._clock = clock
        self._lease_clock = lease_clock
        self._timeout_seconds = 5.0  # the client's deadline (``MongoStore.from_url``)

        def coordination(name: str) -> Any:
            return database.get_collection(
                name, read_preference=ReadPreference.PRIMARY, write_concern=MAJORITY
            )

        # Reads of the API (may follow the URL's read preference).
        self._tickets_read = database["tickets"]
        self._history_read = database["ticket_history"]
        # Writes and the reads that plan them.
        self._tickets = coordination("tickets")
        self._history = coordination("ticket_history")
        self._jobs = coordination("ingestion_jobs")
        self._logs = coordination("ingestion_logs")
        self._locks = coordination("locks")
        self._outbox = coordination("notification_outbox")
        self._budgets = coordination("rate_budgets")
        # The health probe's one document while writes fail (``write_health``).
        self._write_probe = coordination("write_probe")
        self._write_health = WriteHealth(clock)

    def _now(self) -> datetime:
        return to_millis(self._clock.now())

    def _lease_now(self) -> Any:
        """ "Now" for leases inside a query or pipeline update: the server's
        ``$$NOW``, or the injected clock's time (tests)."""
        return "$$NOW" if self._lease_clock == "server" else self._now()

    def _epoch_now(self) -> dict[str, Any]:
        """The store's time in epoch seconds, inside a query or a pipeline
        update: the server's (the injected clock's in tests)."""
        return {"$divide": [{"$toLong": self._lease_now()}, 1000]}

    def _conflict_bound(self, ttl_seconds: float | None) -> float:
        """How long a write or a takeover waits on other clients'
        transactions: half the client deadline, and never past the lease
        TTL."""
        bound = self._timeout_seconds / 2
        return bound if ttl_seconds is None else min(bound, ttl_seconds)

    def _lease_live(self, field: str = "$expires_at") -> dict[str, Any]:
        """A query condition: the lease ``field`` is still in the future."""
        return {"$expr": {"$gt": [{"$toLong": field}, {"$toLong": self._lease_now()}]}}

    def _lease_expired(self) -> dict[str, Any]:
        return {"$expr": {"$lte": [{"$toLong": "$expires_at"}, {"$toLong": self._lease_now()}]}}
