"""Small asyncio helpers shared by the runtime, the daemon and the mock."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

__all__ = ["cancel_and_wait"]


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
