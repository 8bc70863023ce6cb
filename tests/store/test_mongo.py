"""What only the MongoDB backend has, over the wire (the session's server:
SecantusDB, or the mongod of ``TICKETD_TEST_MONGO_URL``): its index set, URL
handling, lease tokens, fencing. That its queries are served by an index
and answer as SQLite's: test_mongo_queries.py. Behaviour shared with SQLite
is in the contract suite.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from tests.store.conftest import START, printer_ticket
from ticketd.clock import FakeClock
from ticketd.errors import LeaseLost
from ticketd.store import make_store
from ticketd.store.mongo import MongoStore, database_name
from ticketd.store.mongo_queries import (
    DELIVERED_OUTBOX_RETENTION_SECONDS,
    LOCK_RETENTION_SECONDS,
)


@pytest.fixture
def store(mongo_store: MongoStore) -> MongoStore:
    return mongo_store


async def _indexes(store: MongoStore, collection: str) -> dict[str, Any]:
    return await store.database[collection].index_information()


# -- index set -------------------------------------------------------------------
EXPECTED_INDEXES = {
    "tickets": {
        "tickets_tenant_external_unique": [("tenant_id", 1), ("external_id", 1)],
        "tickets_tenant_live_created": [
            ("tenant_id", 1),
            ("deleted_at", 1),
            ("created_at", -1),
            ("external_id", 1),
        ],
        **{
            f"tickets_tenant_{field}_live_created": [
                ("tenant_id", 1),
                (field, 1),
                ("deleted_at", 1),
                ("created_at", -1),
                ("external_id", 1),
            ]
            for field in ("status", "urgency", "sentiment", "source", "requires_action")
        },
    },
    "ticket_history": {
        "history_tenant_ticket_recorded": [
            ("tenant_id", 1),
            ("external_id", 1),
            ("recorded_at", -1),
            ("_id", -1),
        ],
        "history_event_unique": [("tenant_id", 1), ("external_id", 1), ("event", 1)],
    },
    "ingestion_jobs": {
        "jobs_tenant_started": [("tenant_id", 1), ("started_at", -1), ("_id", -1)],
        "jobs_status": [("status", 1)],
    },
    "ingestion_logs": {"logs_job_at": [("job_id", 1), ("at", 1), ("_id", 1)]},
    "locks": {
        "locks_tenant_unique": [("tenant_id", 1)],
        "locks_idle_ttl": [("server_touched_at", 1)],
    },
    "rollup_counts": {"rollup_counts_key": [("tenant_id", 1), ("level", 1), ("bucket", 1)]},
    "rollup_values": {
        "rollup_values_key": [
            ("tenant_id", 1),
            ("level", 1),
            ("bucket", 1),
            ("dimension", 1),
            ("value", 1),
        ]
    },
    "rollup_customers": {
        "rollup_customers_key": [("tenant_id", 1), ("level", 1), ("bucket", 1), ("customer_id", 1)],
        "rollup_customers_top": [
            ("tenant_id", 1),
            ("level", 1),
            ("tickets", -1),
            ("customer_id", 1),
        ],
    },
    "notification_outbox": {
        "outbox_idempotency_unique": [("idempotency_key", 1)],
        "outbox_status_attempts_due": [
            ("status", 1),
            ("attempts", -1),
            ("next_attempt_at", 1),
            ("_id", 1),
        ],
        "outbox_status_created": [("status", 1), ("created_at", 1)],
        "outbox_tenant_status_created": [
            ("tenant_id", 1),
            ("status", 1),
            ("created_at", 1),
            ("_id", 1),
        ],
        "outbox_delivered_ttl": [("server_delivered_at", 1)],
    },
}


@pytest.mark.parametrize("collection", sorted(EXPECTED_INDEXES))
async def test_open_creates_the_index_set(store: MongoStore, collection: str) -> None:
    info = await _indexes(store, collection)
    keys = {
        name: [(field, int(order)) for field, order in spec["key"]] for name, spec in info.items()
    }
    assert keys == {"_id_": [("_id", 1)], **EXPECTED_INDEXES[collection]}


async def test_open_drops_the_index_the_old_stats_needed(clock: FakeClock, mongo_url: str) -> None:
    first = MongoStore.from_url(mongo_url, clock=clock)
    await first.open()
    await first.database["tickets"].create_index(
        [("tenant_id", 1), ("created_at", -1)], name="tickets_tenant_created"
    )
    await first.close()
    store = MongoStore.from_url(mongo_url, clock=clock)
    await store.open()
    try:
        assert "tickets_tenant_created" not in await _indexes(store, "tickets")
    finally:
        await store.close()


async def test_a_read_only_store_changes_no_index(clock: FakeClock, mongo_url: str) -> None:
    """``ticketd stats`` opens the store read-only: an index of an older
    version stays, a missing one is not built (and reads still answer)."""
    first = MongoStore.from_url(mongo_url, clock=clock)
    await first.open()
    await first.database["tickets"].create_index(
        [("tenant_id", 1), ("created_at", -1)], name="tickets_tenant_created"
    )
    await first.database["locks"].drop_index("locks_idle_ttl")
    before = await _indexes(first, "tickets"), await _indexes(first, "locks")
    await first.close()
    store = make_store(mongo_url, clock=clock, read_only=True)
    await store.open()
    try:
        assert isinstance(store, MongoStore)
        assert (await _indexes(store, "tickets"), await _indexes(store, "locks")) == before
        assert (await store.tenant_stats("acme", from_date=None, to_date=START)).total_tickets == 0
    finally:
        await store.close()


async def test_unique_and_ttl_options(store: MongoStore) -> None:
    tickets = await _indexes(store, "tickets")
    assert tickets["tickets_tenant_external_unique"]["unique"] is True
    locks = await _indexes(store, "locks")
    assert locks["locks_tenant_unique"]["unique"] is True
    assert locks["locks_idle_ttl"]["expireAfterSeconds"] == LOCK_RETENTION_SECONDS
    outbox = await _indexes(store, "notification_outbox")
    assert outbox["outbox_idempotency_unique"]["unique"] is True
    delivered = outbox["outbox_delivered_ttl"]
    assert delivered["expireAfterSeconds"] == DELIVERED_OUTBOX_RETENTION_SECONDS


async def test_every_ticket_index_starts_with_the_tenant(store: MongoStore) -> None:
    for name, spec in (await _indexes(store, "tickets")).items():
        if name != "_id_":
            assert next(iter(spec["key"]))[0] == "tenant_id", name


async def test_open_is_idempotent(store: MongoStore) -> None:
    before = await _indexes(store, "tickets")
    await store.open()
    assert await _indexes(store, "tickets") == before


# -- URLs and the client ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("mongodb://localhost:27017", "ticketd"),
        ("mongodb://localhost:27017/", "ticketd"),
        ("mongodb://localhost:27017/support", "support"),
        ("mongodb://u:p%40ss@h1:27017,h2:27018/prod?replicaSet=rs0&maxPoolSize=20", "prod"),
        ("mongodb+srv://cluster0.example.net/analytics?retryWrites=true", "analytics"),
        ("mongodb://%2Ftmp%2Fmongodb-27017.sock/sock_db", "sock_db"),
    ],
)
def test_database_name_from_url_path(url: str, name: str) -> None:
    assert database_name(url) == name


async def test_from_url_builds_without_io_and_takes_pool_options(clock: FakeClock) -> None:
    # Port 9 (discard): nothing answers, and nothing must be asked before open().
    store = make_store(
        "mongodb://127.0.0.1:9/tenantdata?maxPoolSize=7&minPoolSize=1&serverSelectionTimeoutMS=50",
        clock=clock,
    )
    assert isinstance(store, MongoStore)
    database = store.database
    assert database.name == "tenantdata"
    client: AsyncMongoClient[Any] = database.client
    assert client.options.pool_options.max_pool_size == 7
    assert client.options.pool_options.min_pool_size == 1
    assert client.codec_options.tz_aware is True
    assert client.codec_options.tzinfo is UTC
    await store.close()
    await store.close()  # safe twice


# -- backend-specific behaviour --------------------------------------------------------------
async def test_datetimes_are_stored_at_millisecond_precision(store: MongoStore) -> None:
    precise = START - timedelta(minutes=1) + timedelta(microseconds=123_456)
    await store.apply_tickets(
        "acme", [printer_ticket("t-1", created_at=precise, updated_at=precise)], job_id="j"
    )
    stored = await store.get_ticket("acme", "t-1")
    assert stored is not None
    assert stored.created_at == precise.replace(microsecond=123_000)
    assert stored.created_at.tzinfo is UTC
    # The same microsecond ticket again is not "newer" than its stored copy.
    again = await store.apply_tickets(
        "acme", [printer_ticket("t-1", created_at=precise, updated_at=precise)], job_id="j2"
    )
    assert again.count("unchanged") == 1


async def test_duplicate_outbox_key_keeps_the_ticket_write(store: MongoStore) -> None:
    """A queued notification for the same episode (e.g. a crash after the
    outbox write) makes the re-run tolerate the duplicate key and still store
    the ticket."""
    high = printer_ticket("t-9", urgency="high", sentiment="negative", requires_action=True)
    await store.database["notification_outbox"].insert_one(
        {
            "tenant_id": "acme",
            "external_id": "t-9",
            "urgency": "high",
            "reason": "x",
            "idempotency_key": "acme:t-9:" + "2026-03-01T11:55:00.000Z",
            "status": "pending",
            "attempts": 0,
            "created_at": START,
            "next_attempt_at": START,
        }
    )
    result = await store.apply_tickets("acme", [high], job_id="j")
    assert [o.action for o in result.outcomes] == ["created"]
    assert result.notifications_queued == 0
    assert await store.get_ticket("acme", "t-9") is not None
    assert len(await store.list_outbox("acme", status="pending", limit=10)) == 1


async def test_lease_token_survives_release(store: MongoStore, clock: FakeClock) -> None:
    first = await store.acquire_lease("acme", "a", 60)
    assert first is not None
    refreshed = await store.acquire_lease("acme", "a", 60)
    assert refreshed is not None and refreshed.token == first.token
    assert await store.acquire_lease("acme", "b", 60) is None
    assert await store.release_lease("acme", "a")
    second = await store.acquire_lease("acme", "b", 60)
    assert second is not None and second.token > first.token
    await clock.advance(61)
    third = await store.acquire_lease("acme", "a", 60)
    assert third is not None and third.token > second.token
    assert await store.acquire_lease("acme", "b", 60) is None


async def test_tokens_keep_growing_after_the_lock_document_expires(
    store: MongoStore, clock: FakeClock
) -> None:
    """The TTL index may remove an idle tenant's lock document; the next
    holder's token must still exceed every token stamped on its tickets, or
    its fenced writes would be refused for good."""
    old = await store.acquire_lease("acme", "a", 60)
    assert old is not None
    await store.apply_tickets("acme", [printer_ticket("t-1")], job_id="a", fence=old)
    await store.release_lease("acme", "a")
    await clock.advance(LOCK_RETENTION_SECONDS + 1)
    await store.database["locks"].delete_many({"tenant_id": "acme"})  # what the TTL monitor does

    new = await store.acquire_lease("acme", "b", 60)

    assert new is not None and new.token > old.token
    changed = printer_ticket("t-1", status="closed", updated_at=START + timedelta(hours=1))
    result = await store.apply_tickets("acme", [changed], job_id="b", fence=new)
    assert result.count("updated") == 1


class _StallBeforeWriting:
    """The store's database, except that the first ``bulk_write`` (the
    start of a write, after the lease check and the planning read) stalls
    until ``resume`` is set, like a process paused by GC or an election
    right after checking its lease."""

    def __init__(self, database: Any) -> None:
        self._database = database
        self.stalled = asyncio.Event()
        self.resume = asyncio.Event()

    @property
    def name(self) -> str:
        return str(self._database.name)

    @property
    def client(self) -> Any:
        return self._database.client

    def __getitem__(self, name: str) -> Any:
        return _StallingCollection(self._database[name], self)

    def get_collection(self, name: str, **options: Any) -> Any:
        return _StallingCollection(self._database.get_collection(name, **options), self)

    async def command(self, *args: Any, **kwargs: Any) -> Any:
        return await self._database.command(*args, **kwargs)


class _StallingCollection:
    def __init__(self, collection: Any, stall: _StallBeforeWriting) -> None:
        self._collection = collection
        self._stall = stall

    def __getattr__(self, name: str) -> Any:
        return getattr(self._collection, name)

    async def bulk_write(self, *args: Any, **kwargs: Any) -> Any:
        if not self._stall.stalled.is_set():
            self._stall.stalled.set()
            await self._stall.resume.wait()
        return await self._collection.bulk_write(*args, **kwargs)


async def test_a_holder_stalled_after_its_lease_check_cannot_overwrite_the_new_holder(
    store: MongoStore, clock: FakeClock
) -> None:
    """1. A holds the lease and stores t-1.
    2. A starts its next write (t-1 updated, t-2 new and high urgency),
       passes its lease check, plans against what is stored and stalls.
    3. Its lease expires; B takes over and writes newer versions of both.
    4. A resumes: its write matches nothing (LeaseLost), B's state stands,
       and no history line or notification of A's refused write remains."""
    lease_a = await store.acquire_lease("acme", "a", 30)
    assert lease_a is not None
    await store.apply_tickets("acme", [printer_ticket("t-1")], job_id="job-a", fence=lease_a)
    stall = _StallBeforeWriting(store.database)
    stalled = MongoStore(stall, clock=clock, lease_clock="injected")
    stale_page = [
        printer_ticket("t-1", status="pending", updated_at=START - timedelta(minutes=2)),
        printer_ticket("t-2", urgency="high", updated_at=START - timedelta(minutes=2)),
    ]
    write_a = asyncio.create_task(
        stalled.apply_tickets("acme", stale_page, job_id="job-a", fence=lease_a)
    )
    await stall.stalled.wait()

    await clock.advance(31)
    lease_b = await store.acquire_lease("acme", "b", 30)
    assert lease_b is not None
    newest = [
        printer_ticket("t-1", status="closed", updated_at=START),
        printer_ticket("t-2", status="closed", updated_at=START),
    ]
    await store.apply_tickets("acme", newest, job_id="job-b", fence=lease_b)
    stall.resume.set()

    with pytest.raises(LeaseLost):
        await write_a
    assert (await store.get_ticket("acme", "t-1")).status == "closed"
    assert (await store.get_ticket("acme", "t-2")).status == "closed"
    t1 = await store.ticket_history("acme", "t-1", limit=10)
    assert [(h.action, h.job_id) for h in t1] == [("updated", "job-b"), ("created", "job-a")]
    t2 = await store.ticket_history("acme", "t-2", limit=10)
    assert [(h.action, h.job_id) for h in t2] == [("created", "job-b")]
    assert await store.list_outbox("acme", status="pending", limit=10) == []


async def test_owner_with_a_dollar_is_a_literal(store: MongoStore) -> None:
    lease = await store.acquire_lease("acme", "$owner", 60)
    assert lease is not None and lease.owner == "$owner"
    assert (await store.lease_status("acme")).owner == "$owner"


async def test_unknown_entry_ids_are_ignored(store: MongoStore) -> None:
    before = await store.outbox_summary()
    await store.mark_delivered("not-an-object-id", "me")
    await store.release_claim(str(uuid.uuid4()), "me")
    await store.schedule_retry(
        str(uuid.uuid4()), "me", next_attempt_at=datetime(2026, 1, 1, tzinfo=UTC), error="x"
    )
    assert await store.outbox_summary() == before
