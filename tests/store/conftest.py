"""Fixtures of the storage suite.

``store`` is parametrised over the backends, so every contract test runs
against each of them:

- ``sqlite``: a ``SqliteStore`` on a file under ``tmp_path``;
- ``mongomock``: the real ``MongoStore`` over an in-memory mongomock
  database (``tests/store/async_mongomock.py``);
- ``mongodb``: ``MongoStore`` on a real server, only when
  ``TICKETD_TEST_MONGO_URL`` is set; each test gets its own database,
  dropped afterwards.

All backends share the ``clock`` fixture, a ``FakeClock`` at ``START``, so
timestamps are exact and expiry is driven by ``clock.advance``.
"""

from __future__ import annotations

import importlib.util
import os
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from ticketd.clock import FakeClock
from ticketd.domain.ticket import Ticket
from ticketd.store import Store
from ticketd.store.sqlite import SqliteStore

START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
MONGO_URL = os.environ.get("TICKETD_TEST_MONGO_URL", "")
_HAVE_MONGOMOCK_ADAPTER = importlib.util.find_spec("tests.store.async_mongomock") is not None

BACKENDS = [
    "sqlite",
    pytest.param(
        "mongomock",
        marks=pytest.mark.skipif(
            not _HAVE_MONGOMOCK_ADAPTER,
            reason="tests/store/async_mongomock.py (the mongomock adapter) does not exist yet",
        ),
    ),
    pytest.param(
        "mongodb",
        marks=pytest.mark.skipif(
            not MONGO_URL, reason="set TICKETD_TEST_MONGO_URL to run against a real mongod"
        ),
    ),
]


@pytest.fixture
def clock() -> FakeClock:
    """The one clock of a test, shared by the store and the test."""
    return FakeClock(start=START)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@pytest.fixture(params=BACKENDS)
async def store(
    request: pytest.FixtureRequest, clock: FakeClock, tmp_path: Any
) -> AsyncIterator[Store]:
    """An opened, empty store of each backend, closed (and dropped) after."""
    backend = request.param
    if backend == "sqlite":
        sqlite_store = SqliteStore(tmp_path / "ticketd.db", clock=clock)
        await sqlite_store.open()
        try:
            yield sqlite_store
        finally:
            await sqlite_store.close()
    elif backend == "mongomock":
        from tests.store.async_mongomock import make_mongomock_store

        mock_store = make_mongomock_store(clock)
        await mock_store.open()
        try:
            yield mock_store
        finally:
            await mock_store.close()
    else:
        import pymongo

        from ticketd.store.mongo import MongoStore

        name = f"ticketd_test_{uuid.uuid4().hex[:12]}"
        mongo_store = MongoStore.from_url(_with_database(MONGO_URL, name), clock=clock)
        await mongo_store.open()
        try:
            yield mongo_store
        finally:
            await mongo_store.close()
            client: Any = pymongo.AsyncMongoClient(MONGO_URL)
            try:
                await client.drop_database(name)
            finally:
                await client.close()


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
