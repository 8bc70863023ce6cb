"""Another process holding a SQLite database's write lock, for tests of
what ticketd does while it cannot write."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator

__all__ = ["write_lock_held"]

_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextlib.asynccontextmanager
async def write_lock_held(path: str) -> AsyncIterator[None]:
    """A separate Python process holds ``BEGIN IMMEDIATE`` on ``path`` from
    entry (it has the lock when the body starts) until exit."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _HOLDER, path,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    try:
        assert await process.stdout.readline() == b"locked\n"
        yield
    finally:
        if process.returncode is None:
            process.stdin.write(b"release\n")
            await process.stdin.drain()
            process.stdin.close()
        await process.wait()
