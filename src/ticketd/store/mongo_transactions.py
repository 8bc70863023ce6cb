"""Multi-document transactions of the MongoDB backend: running one, with a
bounded wait when it meets another client's transaction, and ending the
transactions of a replica that died or froze inside one.

A write conflict: two transactions (or a transaction and a plain write)
change the same document. Inside a transaction the server answers it at
once (``WriteConflict``, labelled ``TransientTransactionError``); the
transaction is aborted and may be run again. ``run_transaction`` runs it
again after a short, growing, jittered pause, until ``bound_seconds`` have
passed since the first try, and then fails with ``Unavailable`` saying so:
a write never waits for the whole client deadline on someone else's
transaction, and never for ever.

A transaction left open: a process killed (``kill -9``) or frozen
(``SIGSTOP``) between two statements of a transaction leaves it open on the
server, holding every document it changed. ``mongod`` ends it only after
``transactionLifetimeLimitSeconds`` (60 s by default); until then every
write to those documents conflicts or waits. ``end_session_transactions``
ends it at once: ``killSessions`` with the logical session id (``lsid``)
the transaction runs in aborts that session's open transaction and its
running operations (mongod and SecantusDB alike). The fenced writes of a
lease run in one session whose id is stored with the lease, so the next
holder can end them (``ticketd.store.mongo_leases``).

The pauses are real time (``asyncio.sleep``), not the store's clock: they
wait for another client's transaction on the server, which a fake clock
cannot hurry.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

import pymongo
from pymongo import ReadPreference
from pymongo.errors import OperationFailure, PyMongoError

from ticketd.errors import Unavailable
from ticketd.store.mongo_base import MAJORITY
from ticketd.store.mongo_errors import describe_error

__all__ = [
    "TransactionsUnsupported",
    "check_transactions",
    "end_session_transactions",
    "run_transaction",
]

T = TypeVar("T")

_TRANSIENT = "TransientTransactionError"
_UNKNOWN_COMMIT = "UnknownTransactionCommitResult"
_FIRST_PAUSE_SECONDS = 0.005
_LONGEST_PAUSE_SECONDS = 0.1
_ABORT_SECONDS = 0.5


class TransactionsUnsupported(Unavailable):
    """The server cannot run multi-document transactions (a standalone
    ``mongod``): fenced writes need a replica set or a sharded cluster."""


def _transient(exc: BaseException) -> bool:
    """A conflict with another transaction, a transaction the server
    aborted (``killSessions``, a primary stepping down), a network error
    inside the transaction: running the whole transaction again is safe.
    Not a commit whose outcome is unknown: it may have landed."""
    return (
        isinstance(exc, PyMongoError)
        and exc.has_error_label(_TRANSIENT)
        and not exc.has_error_label(_UNKNOWN_COMMIT)
    )


async def _abort(session: Any) -> None:
    """Abort the session's transaction; shielded, so a cancellation that
    arrives meanwhile does not leave the transaction open on the server
    (the abort is sent in any case; the driver ignores its errors). It
    gets ``_ABORT_SECONDS`` of its own, not another whole deadline: after a
    try that ran out of time the server is likely not answering, and a
    transaction left open is ended by the session's next transaction or
    the next lease holder (the module docstring)."""
    if session.in_transaction:
        with pymongo.timeout(_ABORT_SECONDS):
            await asyncio.shield(session.abort_transaction())


async def run_transaction(
    session: Any,
    body: Callable[[Any], Awaitable[T]],
    *,
    bound_seconds: float,
    deadline_seconds: float,
    what: str,
) -> T:
    """Run ``body(session)`` (its statements pass ``session``) in one
    transaction on the primary, committed with ``w: "majority"``, and
    return its result. A transient error (the module docstring) runs
    ``body`` again after a pause, while less than ``bound_seconds`` have
    passed since the first try; then ``Unavailable`` names ``what`` and
    the last error. Every round trip of every try shares one deadline,
    ``deadline_seconds`` from the start (the client's ``timeoutMS`` alone
    would give each statement, the commit and the abort a deadline of its
    own, so a server that stops answering would cost several). Any other
    error, and a commit whose outcome is unknown, aborts and propagates.
    ``body`` must only read, write and compute: it may run more than once."""
    started = time.monotonic()
    pause = _FIRST_PAUSE_SECONDS
    tries = 0
    while True:
        tries += 1
        try:
            with pymongo.timeout(deadline_seconds - (time.monotonic() - started)):
                await session.start_transaction(
                    write_concern=MAJORITY, read_preference=ReadPreference.PRIMARY
                )
                result = await body(session)
                await session.commit_transaction()
                return result
        except BaseException as exc:
            await _abort(session)
            if not _transient(exc):
                raise
            waited = time.monotonic() - started
            if waited + pause > bound_seconds:
                cause = "timed out" if getattr(exc, "timeout", False) else "met concurrent writes"
                raise Unavailable(
                    f"MongoDB: {what} {cause} ({tries} tries in {waited:.1f} s; conflicts "
                    f"are retried for {bound_seconds:g} s at most): {describe_error(exc)}"
                ) from exc
        await asyncio.sleep(pause * random.uniform(0.5, 1.0))
        pause = min(pause * 2, _LONGEST_PAUSE_SECONDS)


async def end_session_transactions(client: Any, lsids: Sequence[Mapping[str, Any]]) -> None:
    """End the open transactions (and the running operations) of the
    logical sessions ``lsids`` at once, whoever runs them (the module
    docstring), in one command. A session the server does not know is no
    error."""
    if lsids:
        await client.admin.command("killSessions", [dict(lsid) for lsid in lsids])


async def check_transactions(database: Any) -> None:
    """Raise ``TransactionsUnsupported`` unless the server is a replica
    set member or a ``mongos`` (a one-node replica set will do; SecantusDB
    presents itself as one): a standalone ``mongod`` refuses transactions."""
    try:
        hello = await database.command("hello")
    except OperationFailure:  # a server too old for ``hello``
        hello = await database.command("isMaster")
    if hello.get("setName") or hello.get("msg") == "isdbgrid":
        return
    raise TransactionsUnsupported(
        "MongoDB: the server is a standalone mongod; ticketd's ticket writes are "
        "transactions, which need a replica set or a sharded cluster (a one-node "
        "replica set will do: start mongod with --replSet NAME and run rs.initiate())"
    )
