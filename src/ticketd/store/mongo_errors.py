"""Driver errors of the MongoDB backend turned into ours: ``Unavailable``
(HTTP 503, a failed run, a retried delivery), ``Conflict`` for a duplicate
key, ``InvalidInput`` for a document MongoDB refuses (``DocumentTooLarge``),
each with a one-line message."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from bson.errors import InvalidDocument
from pymongo.errors import DuplicateKeyError, PyMongoError

from ticketd.errors import Conflict, InvalidInput, Unavailable

__all__ = ["describe_error", "driver_errors"]

_Method = TypeVar("_Method", bound=Callable[..., Awaitable[Any]])


def describe_error(exc: BaseException) -> str:
    """A driver error in one line: the cause, without the topology dump and
    time-out settings PyMongo appends to server-selection errors."""
    text = str(exc).split(", Timeout:", 1)[0].split(" (configured timeouts:", 1)[0]
    return " ".join(text.split())[:300]


def driver_errors(method: _Method) -> _Method:
    """Decorate one coroutine method of the MongoDB backend so that a driver
    error (server selection time-out, lost primary, network) leaves it as
    ``Unavailable`` (HTTP 503, a failed run, a retried delivery), a
    duplicate key as ``Conflict`` and a document MongoDB refuses as
    ``InvalidInput``; never as a pymongo or bson type. Errors the method
    handles itself are unaffected. Every hook of the backend carries it
    where it is defined."""

    @functools.wraps(method)
    async def translated(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await method(self, *args, **kwargs)
        except DuplicateKeyError as exc:
            raise Conflict(f"MongoDB: duplicate key: {describe_error(exc)}") from exc
        except PyMongoError as exc:
            raise Unavailable(f"MongoDB: {describe_error(exc)}") from exc
        except InvalidDocument as exc:  # DocumentTooLarge and friends
            raise InvalidInput(f"MongoDB refused a document: {exc}") from exc

    return cast(_Method, translated)
