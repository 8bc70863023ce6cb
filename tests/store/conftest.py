"""Fixtures of the storage suite.

``store`` is parametrised over the backends, so every contract test runs
against each of them:

- ``sqlite``: a ``SqliteStore`` on a file under ``tmp_path``;
- ``mongodb``: ``MongoStore`` over the wire, on the session's server
  (SecantusDB, or the mongod of ``TICKETD_TEST_MONGO_URL``); each test gets
  its own database, dropped afterwards.

All backends share the ``clock`` fixture, a ``FakeClock`` at ``START``, so
timestamps are exact and expiry is driven by ``clock.advance``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ticketd.clock import FakeClock, SystemClock, utc_now
from ticketd.domain.ticket import Ticket
from ticketd.store import Store
from ticketd.store.sqlite import SqliteStore

# The MongoDB stores' deadline (TICKETD_DB_TIMEOUT_SECONDS) in these tests:
# one deadline bounds a whole transaction (every statement, the commit),
# and SecantusDB, a server written in Python, can take seconds over a
# transaction on a loaded 2-core machine. The product's default (5 s) is
# exercised where the deadline is the subject (test_mongo_deadline.py,
# test_mongo_errors.py, the daemon's start-up tests).
TEST_DEADLINE_SECONDS = 20.0

START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BACKENDS = ["sqlite", "mongodb"]


@pytest.fixture
def clock() -> FakeClock:
    """The one clock of a test, shared by the store and the test."""
    return FakeClock(start=START)


@pytest.fixture(params=BACKENDS)
async def store(
    request: pytest.FixtureRequest, clock: FakeClock, tmp_path: Any
) -> AsyncIterator[Store]:
    """An opened, empty store of each backend, closed (and dropped) after."""
    if request.param == "sqlite":
        sqlite_store = SqliteStore(tmp_path / "ticketd.db", clock=clock)
        await sqlite_store.open()
        try:
            yield sqlite_store
        finally:
            await sqlite_store.close()
        return
    async with opened_mongo_store(request.getfixturevalue("mongo_url"), clock) as mongo_store:
        yield mongo_store


@contextlib.asynccontextmanager
async def opened_mongo_store(mongo_url: str, clock: FakeClock) -> AsyncIterator[Any]:
    """An opened ``MongoStore`` on the test's own database, closed after.
    The FakeClock drives lease expiry here, as on SQLite (on a daemon the
    server's clock does: tests/store/test_mongo_leases.py)."""
    from ticketd.store.mongo import MongoStore

    store = MongoStore.from_url(
        mongo_url, clock=clock, lease_clock="injected", timeout_seconds=TEST_DEADLINE_SECONDS
    )
    await store.open()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def mongo_store(clock: FakeClock, mongo_url: str) -> AsyncIterator[Any]:
    """The MongoDB store alone, for what only that backend has."""
    async with opened_mongo_store(mongo_url, clock) as store:
        yield store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The SQLite file of a test."""
    return tmp_path / "ticketd.db"


@pytest.fixture
async def sqlite_store(db_path: Path, clock: FakeClock) -> AsyncIterator[SqliteStore]:
    """An opened ``SqliteStore`` on ``db_path``, closed after."""
    store = SqliteStore(db_path, clock=clock)
    await store.open()
    try:
        yield store
    finally:
        await store.close()


def printer_ticket(external_id: str, **fields: Any) -> Ticket:
    """A plain low-urgency ticket of tenant ``acme`` created five minutes
    before ``START``; ``fields`` override any value."""
    values: dict[str, Any] = {
        "tenant_id": "acme",
        "external_id": external_id,
        "subject": "printer",
        "message": "it is broken",
        "status": "open",
        "source": "email",
        "customer_id": "cust-1",
        "created_at": START - timedelta(minutes=5),
        "updated_at": START - timedelta(minutes=5),
        "urgency": "low",
        "sentiment": "neutral",
        "requires_action": False,
    }
    values.update(fields)
    return Ticket(**values)


@pytest.fixture
def make_ticket() -> Callable[..., Ticket]:
    """Build a classified ticket; defaults describe a calm open email ticket
    of tenant ``acme`` created an hour before ``START``."""

    def build(external_id: str = "ext-001", tenant_id: str = "acme", **fields: Any) -> Ticket:
        created_at = fields.pop("created_at", START - timedelta(hours=1))
        values: dict[str, Any] = {
            "subject": f"subject of {external_id}",
            "message": "hello, a question about my account",
            "status": "open",
            "source": "email",
            "customer_id": "cust-1",
            "created_at": created_at,
            "updated_at": created_at,
            "urgency": "low",
            "sentiment": "neutral",
            "requires_action": False,
            "rules": (),
            "keywords": (),
            "ruleset_version": "v1",
        }
        values.update(fields)
        return Ticket(tenant_id=tenant_id, external_id=external_id, **values)

    return build


class SkewedClock(SystemClock):
    """The system clock, off by ``offset`` (a replica with a wrong clock)."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return utc_now() + self.offset


@pytest.fixture
async def stores(mongo_url: str) -> AsyncIterator[Callable[[timedelta], Any]]:
    """Open MongoDB stores on one database (server time, as a daemon's),
    each with a clock off by some offset: replicas whose clocks disagree."""
    opened: list[Any] = []

    async def open_store(offset: timedelta) -> Any:
        from ticketd.store.mongo import MongoStore

        store = MongoStore.from_url(
            mongo_url, clock=SkewedClock(offset), timeout_seconds=TEST_DEADLINE_SECONDS
        )
        await store.open()
        opened.append(store)
        return store

    yield open_store
    for store in opened:
        await store.close()
