"""Feed records written before the provider URL was masked in feed keys
keep its credentials in clear; both backends drop them when they open,
and keep the records of masked keys."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.store.test_contract_feed import member, page, stored
from ticketd.clock import FakeClock
from ticketd.domain.backoff import Backoff
from ticketd.external import ProviderClient
from ticketd.store.sqlite import SqliteStore

from .conftest import opened_mongo_store

SECRETS = ("pwSECRET1", "SECRET2", "SECRET3")
# Keys as older versions wrote them: the raw URL; the base URL's query
# before the path; a parameter masked only since (``hash``).
OLD_KEYS = (
    "http://puser:pwSECRET1@provider:9000/external/support-tickets?page_size=100",
    "http://provider:9000?api_key=SECRET2/external/support-tickets?page_size=100",
    "http://provider:9000/external/support-tickets?page_size=100&hash=SECRET3",
)


class NoPermits:
    async def acquire(self, key: str, wait: Any = None) -> float:
        return 0.0

    def throttled(self, key: str, retry_after: float) -> None:
        pass


async def _current_keys() -> list[str]:
    """The keys this version writes for the same providers (masked)."""
    async with aiohttp.ClientSession() as session:
        return [
            ProviderClient(
                session, url, permits=NoPermits(), clock=FakeClock(), backoff=Backoff()
            ).feed_key
            for url in (
                "http://puser:pwSECRET1@provider:9000",
                "http://provider:9000?api_key=SECRET2&hash=SECRET3",
                "http://provider:9000",
            )
        ]


async def _write_feed(store: Any, key: str) -> None:
    """A scan record, a published page and a member record under ``key``."""
    lease = await store.claim_feed(key, "replica-a", 10)
    await store.publish_feed_page(lease, page(1), cursor=2, ttl_seconds=10)
    await store.follow_feed(
        key, "replica-a", member=member("replica-a", 0), ttl_seconds=10, read_seq=0, limit=4
    )


@contextlib.asynccontextmanager
async def _reopened(request: pytest.FixtureRequest, clock: FakeClock):
    """A second store on the test's database: opening it migrates."""
    if request.node.callspec.params["store"] == "sqlite":
        store = SqliteStore(request.getfixturevalue("tmp_path") / "ticketd.db", clock=clock)
        await store.open()
        try:
            yield store
        finally:
            await store.close()
        return
    async with opened_mongo_store(request.getfixturevalue("mongo_url"), clock) as store:
        yield store


async def test_opening_drops_feed_records_showing_credentials(store, clock, request):
    current = await _current_keys()
    assert not any(secret in key for key in current for secret in SECRETS)
    for key in (*OLD_KEYS, *current):
        await _write_feed(store, key)

    async with _reopened(request, clock) as reopened:
        view = await reopened.follow_feed(
            current[0], "x", member=None, ttl_seconds=10, read_seq=0, limit=4
        )
        assert view.scan.last_seq == 1  # a masked key's pass is kept

    field = "key" if request.node.callspec.params["store"] == "sqlite" else "_id"
    assert await stored(request, "feed_scans", field) == sorted(current)
    members = await stored(request, "feed_members", "key")
    assert members == sorted(current)
    pages = await stored(request, "feed_pages", field)
    assert len(pages) == len(current)
    assert not any(secret in str(value) for value in pages for secret in SECRETS)


async def test_no_credential_is_left_in_the_sqlite_files(tmp_path: Path, clock: FakeClock):
    """The dropped keys' text is overwritten, in the database file and in
    its write-ahead log, not left in free pages."""
    path = tmp_path / "ticketd.db"
    store = SqliteStore(path, clock=clock)
    await store.open()
    for key in OLD_KEYS:
        await _write_feed(store, key)
    await store.close()
    store = SqliteStore(path, clock=clock)
    await store.open()
    await store.close()
    assert _files_holding_secrets(tmp_path) == []


def _files_holding_secrets(directory: Path) -> list[str]:
    return [
        file.name
        for file in directory.iterdir()
        if any(secret.encode() in file.read_bytes() for secret in SECRETS)
    ]
