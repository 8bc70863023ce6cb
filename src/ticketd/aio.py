"""Small asyncio helpers shared by the runtime, the daemon and the mock."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Iterable
from typing import Any, TypeVar

__all__ = [
    "STOP_SIGNALS",
    "cancel_and_wait",
    "finish_then_cancel",
    "ignore_stop_signals",
    "then_ignore_stop_signals",
]

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

T = TypeVar("T")


async def cancel_and_wait(tasks: Iterable[asyncio.Task[Any]]) -> list[BaseException]:
    """Cancel ``tasks`` and wait until each has ended; return the errors
    other than cancellation they ended with.

    The tasks' own cancellation is expected and not raised; a cancellation
    of the caller itself is never swallowed: it propagates at once (the
    tasks are cancelled already and end on their own).
    """
    tasks = list(tasks)
    pending = [t for t in tasks if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending)
    return [t.exception() for t in tasks if not t.cancelled() and t.exception() is not None]


async def finish_then_cancel(work: Awaitable[T]) -> T:
    """Await ``work`` to its end however many times the caller is
    cancelled meanwhile, then raise the first of those cancellations (the
    work's own error, if it failed, is its cause); uncancelled, return
    its result. For work that must not be cut short halfway (closing
    connections and threads, committing an outcome)."""
    future = asyncio.ensure_future(work)
    cancelled: asyncio.CancelledError | None = None
    while True:
        try:
            result = await asyncio.shield(future)
        except asyncio.CancelledError as exc:
            if future.done():  # the work itself was cancelled
                raise
            cancelled = cancelled or exc
            continue
        except BaseException as exc:
            if cancelled is None:
                raise
            raise cancelled from exc
        if cancelled is not None:
            raise cancelled
        return result


async def then_ignore_stop_signals(main: Awaitable[T]) -> T:
    """Await a long-running command's ``main`` coroutine (serve, demo,
    mock-api), then ignore SIGINT and SIGTERM however it ended, its event
    loop's handlers of them removed first: what the command's ``run`` hands
    to its event loop (not the coroutine itself, which tests run inside
    their own process).

    Ignored, not handled: once the loop is closed, and while the
    interpreter tears its modules down (a few tenths of a second after a
    daemon's drain on a busy machine), a handled signal takes the system's
    default action and kills the process (exit code 143 after a clean
    stop); an ignored one stays ignored until the process exits, as
    ``ignore_stop_signals`` says (ingest calls it itself)."""
    try:
        return await main
    finally:
        ignore_stop_signals(asyncio.get_running_loop())


def ignore_stop_signals(loop: asyncio.AbstractEventLoop) -> None:
    """From here on SIGINT and SIGTERM are ignored: the command's work is
    over and its exit code decided; ``loop``'s handlers for them go.
    Ignored, not noted: while the interpreter shuts down, Python sets the
    signals it handles back to the system's default, so a signal then
    would kill the process (exit code 143) after a run it completed and
    recorded; an ignored signal stays ignored."""
    for signum in STOP_SIGNALS:
        # Removing the loop's handler sets the system's default; the
        # next statement replaces it.
        loop.remove_signal_handler(signum)
        signal.signal(signum, signal.SIG_IGN)
