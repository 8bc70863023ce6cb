"""The collections, clock and error translation shared by the MongoDB
backend's parts."""

from __future__ import annotations

import functools
import inspect
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError, PyMongoError

from ticketd.clock import Clock
from ticketd.errors import Conflict, Unavailable
from ticketd.store.mongo_documents import to_millis

__all__ = ["MongoCollections", "driver_errors_are_ours"]


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
        self._budgets = database["rate_budgets"]

    def _now(self) -> datetime:
        return to_millis(self._clock.now())


def driver_errors_are_ours(cls: type) -> type:
    """Wrap every public coroutine of the Store so that a driver error
    (server selection time-out, lost primary, network) leaves as
    ``Unavailable`` (HTTP 503, a failed run, a retried delivery), never as a
    pymongo type. Errors a method handles itself are unaffected."""
    for name in dir(cls):
        method = getattr(cls, name)
        if name.startswith("_") or not inspect.iscoroutinefunction(method):
            continue

        def wrap(method: Any) -> Any:
            @functools.wraps(method)
            async def translated(self: Any, *args: Any, **kwargs: Any) -> Any:
                try:
                    return await method(self, *args, **kwargs)
                except DuplicateKeyError as exc:
                    raise Conflict(f"MongoDB: duplicate key: {exc}") from exc
                except PyMongoError as exc:
                    raise Unavailable(f"MongoDB: {exc}") from exc

            return translated

        setattr(cls, name, wrap(method))
    return cls
