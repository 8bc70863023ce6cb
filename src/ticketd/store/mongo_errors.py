"""Driver errors of the MongoDB backend turned into ours: ``Unavailable``
(HTTP 503, a failed run, a retried delivery), ``Conflict`` for a duplicate
key, ``InvalidInput`` for a document MongoDB refuses (``DocumentTooLarge``),
each with a one-line message; and a cancellation the driver swallowed
raised again.

PyMongo's asyncio network layer awaits its socket writes and connection
set-up through ``asyncio.wait_for``. On Python 3.11, ``wait_for`` returns
the inner result when the cancellation of its task arrives just as that
result is ready, so the task goes on as if it had never been cancelled
(about one cancel in ten that lands during an operation, measured against
SecantusDB). A task stopped only by cancellation, such as a lease renewal
loop, then runs for ever, and whoever awaits its end waits for ever.
``driver_errors`` notices it (the task's ``cancelling()`` count grew while
the method ran, yet the method returned or raised an error of its own,
such as ``LeaseLost``) and raises ``CancelledError``.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from bson.errors import InvalidDocument
from pymongo.errors import (
    BulkWriteError,
    DuplicateKeyError,
    OperationFailure,
    PyMongoError,
    WriteConcernError,
    WriteError,
)

from ticketd.errors import Conflict, InvalidInput, TicketdError, Unavailable

__all__ = ["describe_error", "driver_errors"]

# Server answers that refuse a write whatever the operation (findAndModify
# reports them as a plain OperationFailure): DocumentValidationFailure,
# WriteConcernFailed, UnsatisfiableWriteConcern, OutOfDiskSpace.
_WRITE_REFUSED_CODES = frozenset({121, 64, 100, 14031})

_Method = TypeVar("_Method", bound=Callable[..., Awaitable[Any]])


def describe_error(exc: BaseException) -> str:
    """A driver error in one line: the cause, without the topology dump and
    time-out settings PyMongo appends to server-selection errors."""
    text = str(exc).split(", Timeout:", 1)[0].split(" (configured timeouts:", 1)[0]
    text = text.split(", full error: ", 1)[0]
    return " ".join(text.split())[:300] or type(exc).__name__


def _our_error(exc: PyMongoError | InvalidDocument) -> TicketdError:
    if isinstance(exc, DuplicateKeyError):
        return Conflict(f"MongoDB: duplicate key: {describe_error(exc)}")
    if isinstance(exc, PyMongoError):
        return Unavailable(f"MongoDB: {describe_error(exc)}")
    return InvalidInput(f"MongoDB refused a document: {exc}")  # DocumentTooLarge and friends


def _refused_write(exc: PyMongoError) -> bool:
    """The server answered and refused a write (out of disk space, a
    write concern it cannot meet...): not a duplicate key, not a lost
    lease (ours, never a driver error), not an unreachable server (which
    ``ping`` sees by itself)."""
    if isinstance(exc, DuplicateKeyError):
        return False
    if isinstance(exc, BulkWriteError):
        errors = exc.details.get("writeErrors", [])
        return not errors or any(e.get("code") != 11000 for e in errors)
    if isinstance(exc, WriteError | WriteConcernError):
        return True
    return isinstance(exc, OperationFailure) and exc.code in _WRITE_REFUSED_CODES


def _raise_swallowed_cancel(
    task: asyncio.Task[Any] | None, cancels_before: int, cause: BaseException | None = None
) -> None:
    """Raise ``CancelledError`` (from ``cause``, the error the method
    raised, if any) if ``task`` was cancelled since it had
    ``cancels_before`` cancellation requests, while the driver went on."""
    if task is not None and task.cancelling() > cancels_before:
        # Done in the database or not, the caller learns it was cancelled,
        # as it would have without the driver's slip.
        raise asyncio.CancelledError("cancelled during a MongoDB operation") from cause


def driver_errors(method: _Method) -> _Method:
    """Decorate one coroutine method of the MongoDB backend so that a driver
    error (server selection time-out, lost primary, network) leaves it as
    ``Unavailable`` (HTTP 503, a failed run, a retried delivery), a
    duplicate key as ``Conflict`` and a document MongoDB refuses as
    ``InvalidInput``; never as a pymongo or bson type. A write the server
    refused marks the store's writes failing (``write_health``). Errors the method
    handles itself are unaffected. A cancellation of the calling task that
    arrived during the method and was swallowed by the driver is raised
    again once the method returns or raises any other error (the module
    docstring says why). Every hook of the backend carries it where it is
    defined."""

    @functools.wraps(method)
    async def translated(self: Any, *args: Any, **kwargs: Any) -> Any:
        task = asyncio.current_task()
        cancels = task.cancelling() if task is not None else 0
        try:
            result = await method(self, *args, **kwargs)
        except (PyMongoError, InvalidDocument) as exc:
            _raise_swallowed_cancel(task, cancels, exc)
            error = _our_error(exc)
            health = getattr(self, "_write_health", None)
            if health is not None and isinstance(exc, PyMongoError) and _refused_write(exc):
                health.failed(error.message)
            raise error from exc
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # A hook whose driver call swallowed the cancel may still raise
            # its own error after it (LeaseLost for a fenced write that
            # matched nothing): callers that catch that error and go on
            # would lose the cancellation, so it wins over the error.
            _raise_swallowed_cancel(task, cancels, exc)
            raise
        _raise_swallowed_cancel(task, cancels)
        return result

    return cast(_Method, translated)
