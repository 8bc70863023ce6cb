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
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReadPreference, WriteConcern

from ticketd.clock import Clock
from ticketd.store.mongo_documents import to_millis

__all__ = ["MAJORITY", "MongoCollections"]

MAJORITY = WriteConcern(w="majority")


class MongoCollections:
    """Handles on the SPEC's collections and the store's clock."""

    def __init__(self, database: Any, *, clock: Clock) -> None:
        self._db = database
        self._clock = clock

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

    def _now(self) -> datetime:
        return to_millis(self._clock.now())
