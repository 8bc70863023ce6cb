"""A MongoDB server that stops answering in the middle of a fenced write:
the write fails within the client deadline (``TICKETD_DB_TIMEOUT_SECONDS``),
not once per round trip it still has to make.

The store talks to the real server through a loopback TCP relay the test
can stall: bytes are held, nothing is closed, as when the server's process
is frozen (``SIGSTOP``) or a network path stops delivering. Before the fix
each statement of the transaction, then the abort, waited for the whole
deadline in turn: a frozen server made one page write take twice the
deadline or more."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from ticketd.errors import Unavailable
from ticketd.store.mongo import MongoStore

pytestmark = pytest.mark.timeout(60)

DEADLINE = 3.0


class StallingRelay:
    """A TCP relay on loopback to ``host:port``; while ``stalled`` is
    clear it copies bytes both ways, while it is set it holds them."""

    def __init__(self, host: str, port: int) -> None:
        self._target = (host, port)
        self.flowing = asyncio.Event()
        self.flowing.set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self._target)
        for source, sink in ((reader, upstream_writer), (upstream_reader, writer)):
            task = asyncio.create_task(self._copy(source, sink))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _copy(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                await self.flowing.wait()
                sink.write(data)
                await sink.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            sink.close()


@contextlib.asynccontextmanager
async def relayed_store(mongo_url: str, clock: Any) -> AsyncIterator[tuple[Any, StallingRelay]]:
    parts = urlsplit(mongo_url)
    relay = StallingRelay(parts.hostname or "127.0.0.1", parts.port or 27017)
    await relay.start()
    query = "&".join(q for q in (parts.query, "directConnection=true") if q)
    url = urlunsplit(parts._replace(netloc=f"127.0.0.1:{relay.port}", query=query))
    store = MongoStore.from_url(url, clock=clock, lease_clock="injected", timeout_seconds=DEADLINE)
    await store.open()
    try:
        yield store, relay
    finally:
        relay.flowing.set()
        # The write's transaction may still be open on the server (its
        # abort never arrived): end it, as the next lease holder would.
        await store.database.client.admin.command("killAllSessions", [])
        await store.close()
        await relay.close()


async def test_a_fenced_write_to_a_stalled_server_fails_within_the_deadline(
    mongo_url, clock, make_ticket
):
    async with relayed_store(mongo_url, clock) as (store, relay):
        lease = await store.acquire_lease("acme", "replica-a", 60)
        assert lease is not None
        await store.apply_tickets("acme", [make_ticket("ext-001")], job_id=None, fence=lease)
        relay.flowing.clear()
        started = time.monotonic()
        with pytest.raises(Unavailable) as failure:
            await store.apply_tickets("acme", [make_ticket("ext-002")], job_id=None, fence=lease)
        took = time.monotonic() - started
        relay.flowing.set()
    # The deadline and the time to notice it; before: two deadlines or more.
    assert took < DEADLINE * 1.5, (took, str(failure.value))
    assert "acme" in str(failure.value) or "MongoDB" in str(failure.value)
