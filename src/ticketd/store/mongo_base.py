"""The collections and clock shared by the MongoDB backend's parts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ticketd.clock import Clock
from ticketd.store.mongo_documents import to_millis

__all__ = ["MongoCollections"]


class MongoCollections:
    """Handles on the SPEC's collections and the store's clock."""

    def __init__(self, database: Any, *, clock: Clock) -> None:
        self._db = database
        self._clock = clock
        self._tickets = database["tickets"]
        self._history = database["ticket_history"]
        self._jobs = database["ingestion_jobs"]
        self._logs = database["ingestion_logs"]
        self._locks = database["locks"]
        self._outbox = database["notification_outbox"]

    def _now(self) -> datetime:
        return to_millis(self._clock.now())
