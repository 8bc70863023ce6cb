"""Production semantics of the MongoDB backend, over the wire: write and
read concerns, deadlines, document size, index migration, retry-safe
deletion, sorted queries served by an index."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sys
from collections.abc import AsyncIterator
from typing import Any

import pymongo
import pytest
from pymongo import ASCENDING, DESCENDING, IndexModel, monitoring
from pymongo.errors import InvalidOperation

from tests.mongo_server import database_url
from tests.store.conftest import START, printer_ticket
from ticketd.clock import FakeClock
from ticketd.daemon.listening import free_port
from ticketd.errors import InvalidInput, Unavailable
from ticketd.store import JobRecord, TicketFilter, make_store
from ticketd.store.mongo import MongoStore
from ticketd.store.mongo_indexes import migrate_indexes
from ticketd.store.mongo_queries import COLLECTION_INDEXES, SORTED_QUERIES

_COORDINATION = {"locks", "notification_outbox", "ingestion_jobs", "ingestion_logs"}
_WRITES = {"insert", "update", "delete", "findAndModify"}
_READS = {"find", "aggregate", "count", "distinct"}


class CommandLog(monitoring.CommandListener):
    """Every command the client sends, as (name, collection, command)."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, str, dict[str, Any]]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        collection = event.command.get(event.command_name)
        self.commands.append((event.command_name, str(collection), dict(event.command)))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@pytest.fixture
def store(mongo_store: MongoStore) -> MongoStore:
    return mongo_store


@pytest.fixture
async def admin(mongo_server) -> AsyncIterator[Any]:
    """A client of the test itself (fail points, raw reads)."""
    client: Any = pymongo.AsyncMongoClient(mongo_server.url, tz_aware=True)
    yield client
    await client.admin.command({"configureFailPoint": "failCommand", "mode": "off"})
    await client.close()


# -- write and read concerns ---------------------------------------------------------
async def test_reads_that_plan_writes_go_to_the_primary_whatever_the_url(
    mongo_url: str, clock: FakeClock
) -> None:
    """A URL asking for secondary reads does not move the reads of locks,
    jobs and the tickets a write is planned against; API reads keep the
    URL's preference (which also shows the log sees read preferences)."""
    log = CommandLog()
    url = mongo_url + "?readPreference=secondaryPreferred"
    store = MongoStore.from_url(url, clock=clock, lease_clock="injected", event_listeners=[log])
    await store.open()
    try:
        await store.apply_tickets("acme", [printer_ticket("t-1")], job_id=None)
        log.commands.clear()
        await store.list_tickets("acme", TicketFilter(), page=1, page_size=5)
        api_reads = [cmd for name, _, cmd in log.commands if name == "find"]
        log.commands.clear()
        await store.apply_tickets("acme", [printer_ticket("t-2")], job_id=None)
        await store.live_external_ids("acme")
        await store.lease_status("acme")
        await store.recent_jobs("acme", limit=3)
        await store.claim_notifications("me", limit=2, lease_seconds=30)
        await store.interrupt_orphaned_jobs()
        planning_reads = [(name, cmd) for name, _, cmd in log.commands if name in _READS]
    finally:
        await store.close()
    assert api_reads
    assert all(cmd["$readPreference"]["mode"] == "secondaryPreferred" for cmd in api_reads)
    assert len(planning_reads) >= 4
    for name, command in planning_reads:
        mode = command.get("$readPreference", {"mode": "primary"})["mode"]
        assert mode == "primary", (name, command)


async def test_every_write_of_a_run_is_majority(mongo_url: str, clock: FakeClock) -> None:
    log = CommandLog()
    store = MongoStore.from_url(
        mongo_url + "?w=1", clock=clock, lease_clock="injected", event_listeners=[log]
    )
    await store.open()
    try:
        log.commands.clear()
        lease = await store.acquire_lease("acme", "me", 60)
        await store.create_job(
            JobRecord(job_id="j", tenant_id="acme", owner="me", status="running", started_at=START)
        )
        high = printer_ticket("t-1", urgency="high", sentiment="negative", requires_action=True)
        await store.apply_tickets("acme", [high], job_id="j", fence=lease)
        (entry,) = await store.claim_notifications("me", limit=5, lease_seconds=30)
        await store.schedule_retry(entry.entry_id, "me", next_attempt_at=START, error="503")
        await store.soft_delete("acme", ["t-1"], job_id="j", fence=lease)
        await store.finish_job("j", status="completed", metrics={}, error=None, release_lease=True)
    finally:
        await store.close()
    writes = [(name, coll, cmd) for name, coll, cmd in log.commands if name in _WRITES]
    assert {coll for _, coll, _ in writes} >= _COORDINATION | {"tickets", "ticket_history"}
    # A statement of a transaction carries no write concern: its commit does.
    commits = {
        _transaction(cmd): cmd.get("writeConcern")
        for name, _, cmd in log.commands
        if name == "commitTransaction"
    }
    for name, collection, command in writes:
        concern = commits.get(_transaction(command)) if "txnNumber" in command else None
        concern = concern or command.get("writeConcern")
        assert concern == {"w": "majority"}, (name, collection, command)


def _transaction(command: dict[str, Any]) -> tuple[Any, Any]:
    return (command.get("lsid", {}).get("id"), command.get("txnNumber"))


# -- deadlines ---------------------------------------------------------------------------
async def test_every_operation_has_a_deadline(clock: FakeClock) -> None:
    """Nobody listens: an operation gives up within the store's deadline
    (not PyMongo's 30 s of server selection) as ``Unavailable``."""
    store = make_store(f"mongodb://127.0.0.1:{free_port()}/t", clock=clock, timeout_seconds=0.5)
    try:
        async with asyncio.timeout(10):
            with pytest.raises(Unavailable) as raised:
                await store.list_tickets("acme", TicketFilter(), page=1, page_size=5)
        assert "Topology Description" not in raised.value.message
    finally:
        await store.close()


def test_the_default_deadline_is_five_seconds(clock: FakeClock) -> None:
    store = make_store("mongodb://127.0.0.1:9/t", clock=clock)
    assert isinstance(store, MongoStore)
    assert store.database.client.options.timeout == 5.0


async def test_a_failed_open_closes_the_client(clock: FakeClock) -> None:
    url = f"mongodb://127.0.0.1:{free_port()}/t?serverSelectionTimeoutMS=300"
    store = MongoStore.from_url(url, clock=clock)
    with pytest.raises(Unavailable):
        await store.open()
    with pytest.raises(InvalidOperation):  # "cannot use the client after close"
        await store.database.command("ping")


async def test_unreachable_database_at_start_is_one_line_and_exit_2() -> None:
    """``ticketd serve`` on a MongoDB nobody answers: exit 2 within the
    deadline (1 s here), one line naming the database, no traceback and no
    topology dump."""
    env = {**os.environ, "TICKETD_DB_TIMEOUT_SECONDS": "1", "TICKETD_LOG_FORMAT": "json"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ticketd",
        "serve",
        "--db",
        f"mongodb://127.0.0.1:{free_port()}/tickets_prod",
        "--port",
        str(free_port()),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    try:
        async with asyncio.timeout(20):
            _, stderr = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    text = stderr.decode()
    assert process.returncode == 2, text
    last = text.strip().splitlines()[-1]
    assert last.startswith("ticketd serve: MongoDB: cannot open database 'tickets_prod'"), text
    assert "Traceback" not in text and "Topology" not in text, text


# -- document size --------------------------------------------------------------------------
async def test_history_keeps_long_texts_truncated_with_length_and_hash(
    store: MongoStore, clock: FakeClock
) -> None:
    long_text = "é" + "x" * 200_000
    await store.apply_tickets("acme", [printer_ticket("t-1")], job_id="j1")
    await clock.advance(60)
    newer = START
    await store.apply_tickets(
        "acme", [printer_ticket("t-1", message=long_text, updated_at=newer)], job_id="j2"
    )
    latest, _ = await store.ticket_history("acme", "t-1", limit=5)
    change = latest.changes["message"]
    assert change["old"] == "it is broken"
    assert change["new"] == {
        "truncated": True,
        "length": len(long_text),
        "sha256": hashlib.sha256(long_text.encode()).hexdigest(),
        "prefix": long_text[:256],
    }
    stored = await store.get_ticket("acme", "t-1")
    assert stored is not None and stored.message == long_text  # the ticket keeps it all


async def test_a_ticket_over_the_document_limit_is_refused_before_any_write(
    store: MongoStore,
) -> None:
    """DocumentTooLarge never escapes as a driver type, and the batch
    writes nothing (no history, no notification) for a ticket it cannot
    store. The contract refuses such text first, so this calls the
    backend's write hook: its document-size guard is the last line."""
    huge = printer_ticket(
        "t-big", message="x" * (17 * 1024 * 1024), urgency="high", sentiment="negative"
    )
    with pytest.raises(InvalidInput, match="as a document: batch refused"):
        await store._apply_tickets("acme", [printer_ticket("t-ok"), huge], job_id="j", fence=None)
    assert await store.ticket_history("acme", "t-big", limit=5) == []
    assert await store.list_outbox("acme", status="pending", limit=5) == []
    assert await store.get_ticket("acme", "t-ok") is None


# -- index migration ---------------------------------------------------------------------------
async def test_changed_index_definitions_are_rebuilt_at_open(
    mongo_url: str, clock: FakeClock
) -> None:
    """An index whose options (TTL) or keys changed, and one with our keys
    under an old name, are dropped and rebuilt; the start does not fail; an
    operator's own index stays."""
    setup: Any = pymongo.AsyncMongoClient(mongo_url)
    database = setup.get_default_database()
    await database["locks"].create_index(
        [("server_touched_at", ASCENDING)], name="locks_idle_ttl", expireAfterSeconds=60
    )
    await database["ingestion_jobs"].create_index(
        [("tenant_id", ASCENDING), ("started_at", DESCENDING)], name="jobs_tenant_started"
    )
    await database["notification_outbox"].create_index(
        [("status", ASCENDING), ("created_at", ASCENDING)], name="outbox_by_status_old"
    )
    await database["tickets"].create_index([("customer_id", ASCENDING)], name="operators_own")
    await setup.close()

    store = MongoStore.from_url(mongo_url, clock=clock)
    await store.open()
    try:
        locks = await store.database["locks"].index_information()
        assert locks["locks_idle_ttl"]["expireAfterSeconds"] == 7 * 24 * 3600
        jobs = await store.database["ingestion_jobs"].index_information()
        assert [tuple(k) for k in jobs["jobs_tenant_started"]["key"]] == [
            ("tenant_id", 1),
            ("started_at", -1),
            ("_id", -1),
        ]
        outbox = await store.database["notification_outbox"].index_information()
        assert "outbox_by_status_old" not in outbox and "outbox_status_created" in outbox
        tickets = await store.database["tickets"].index_information()
        assert "operators_own" in tickets
    finally:
        await store.close()


async def test_an_index_build_past_its_bound_does_not_stop_the_start(store: MongoStore) -> None:
    wanted = {"scratch": [IndexModel([("k", ASCENDING)], name="scratch_k")]}
    migration = await migrate_indexes(store.database, wanted, build_seconds=1e-9)
    assert migration.pending == ["scratch"]


# -- retry-safe deletion and requeue -----------------------------------------------------------
@pytest.mark.parametrize(
    "failing",
    ["update", "insert"],
    ids=["ticket-write-fails-after-history", "history-write-fails"],
)
async def test_a_retried_soft_delete_writes_no_duplicate_history(
    store: MongoStore, admin: Any, failing: str
) -> None:
    """A write of ``soft_delete`` fails (a fail point on the server: the
    ticket update after the history insert, or that insert); the caller
    retries; the ticket ends deleted with exactly one
    ``deleted`` history record."""
    await store.apply_tickets("acme", [printer_ticket("t-1"), printer_ticket("t-2")], job_id="j1")
    await admin.admin.command(
        {
            "configureFailPoint": "failCommand",
            "mode": {"times": 1},
            "data": {"failCommands": [failing], "errorCode": 2},
        }
    )
    with pytest.raises(Unavailable):
        await store.soft_delete("acme", ["t-1", "t-2"], job_id="j2")
    await admin.admin.command({"configureFailPoint": "failCommand", "mode": "off"})
    assert await store.soft_delete("acme", ["t-1", "t-2"], job_id="j2") == 2
    assert await store.soft_delete("acme", ["t-1", "t-2"], job_id="j2") == 0
    for external_id in ("t-1", "t-2"):
        actions = [r.action for r in await store.ticket_history("acme", external_id, limit=9)]
        assert actions == ["deleted", "created"], (external_id, actions)


@pytest.mark.parametrize(
    "failing",
    ["update", "insert"],
    ids=["ticket-write-fails-after-history", "history-write-fails"],
)
async def test_a_retried_batch_writes_no_duplicate_history_or_notification(
    store: MongoStore, admin: Any, failing: str
) -> None:
    """A write of ``apply_tickets`` fails (a fail point, as a primary
    stepping down or a time-out would: the ticket update after the outbox
    and history inserts, or the inserts); the caller retries the batch; each
    ticket ends with one ``created`` record and one queued notification."""
    high = printer_ticket("t-1", urgency="high", sentiment="negative", requires_action=True)
    batch = [high, printer_ticket("t-2")]
    await admin.admin.command(
        {
            "configureFailPoint": "failCommand",
            "mode": {"times": 1},
            "data": {"failCommands": [failing], "errorCode": 2},
        }
    )
    with pytest.raises(Unavailable):
        await store.apply_tickets("acme", batch, job_id="j1")
    await admin.admin.command({"configureFailPoint": "failCommand", "mode": "off"})
    retried = await store.apply_tickets("acme", batch, job_id="j1")
    assert retried.count("created") == 2
    for external_id in ("t-1", "t-2"):
        actions = [r.action for r in await store.ticket_history("acme", external_id, limit=9)]
        assert actions == ["created"], (external_id, actions)
    assert len(await store.list_outbox("acme", status="pending", limit=9)) == 1


async def test_a_ticket_deleted_again_after_a_restore_gets_a_new_record(
    store: MongoStore, clock: FakeClock
) -> None:
    await store.apply_tickets("acme", [printer_ticket("t-1")], job_id="j1")
    assert await store.soft_delete("acme", ["t-1"], job_id="j2") == 1
    await clock.advance(60)
    restored = await store.apply_tickets("acme", [printer_ticket("t-1")], job_id="j3")
    assert restored.count("restored") == 1
    await clock.advance(60)
    assert await store.soft_delete("acme", ["t-1"], job_id="j4") == 1
    actions = [r.action for r in await store.ticket_history("acme", "t-1", limit=9)]
    assert actions == ["deleted", "restored", "deleted", "created"]


async def test_a_repeated_requeue_changes_nothing_more(store: MongoStore) -> None:
    high = printer_ticket("t-1", urgency="high", sentiment="negative", requires_action=True)
    await store.apply_tickets("acme", [high], job_id="j")
    (entry,) = await store.claim_notifications("me", limit=1, lease_seconds=30)
    await store.mark_dead(entry.entry_id, "me", error="gave up")
    assert await store.requeue_dead("acme") == 1
    assert await store.requeue_dead("acme") == 0
    (pending,) = await store.list_outbox("acme", status="pending", limit=5)
    assert pending.entry_id == entry.entry_id and pending.attempts == 0
    assert await store.list_outbox("acme", status="dead", limit=5) == []


# -- sorted queries ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("collection", "equality", "sort"), SORTED_QUERIES, ids=[q[0] for q in SORTED_QUERIES]
)
def test_every_sorted_query_has_an_index_with_its_sort_and_a_unique_tie_breaker(
    collection: str, equality: tuple[str, ...], sort: list[tuple[str, int]]
) -> None:
    assert sort[-1][0] in ("_id", "external_id")  # unique (per tenant) last key
    keys = [
        [(field, int(order)) for field, order in model.document["key"].items()]
        for model in COLLECTION_INDEXES[collection]
    ]
    wanted_sort = [(field, int(order)) for field, order in sort]
    assert any(
        {field for field, _ in index[: len(equality)]} == set(equality)
        and index[len(equality) :] == wanted_sort
        for index in keys
    ), (collection, equality, sort)


async def _explain_sorted(store: MongoStore, collection: str, query: dict, sort: list) -> str:
    explain = await store.database[collection].find(query).sort(sort).limit(20).explain()
    return str(explain["queryPlanner"]["winningPlan"])


@pytest.mark.secantus_gap("sort_stage")
@pytest.mark.parametrize(
    ("collection", "equality", "sort"), SORTED_QUERIES, ids=[q[0] for q in SORTED_QUERIES]
)
async def test_sorted_queries_need_no_in_memory_sort(
    store: MongoStore, collection: str, equality: tuple[str, ...], sort: list
) -> None:
    query = {field: None if field == "deleted_at" else "x" for field in equality}
    plan = await _explain_sorted(store, collection, query, sort)
    assert "IXSCAN" in plan and "'SORT'" not in plan, plan


async def test_a_standalone_server_is_refused_at_open_saying_why(clock: FakeClock) -> None:
    """Ticket writes are transactions, which a standalone server refuses:
    ``open`` says so in one line, with the fix, instead of every write
    failing later. (SecantusDB started as a standalone server.)"""
    from tests.mongo_server import start_secantus, stop_mongo_server

    server = await asyncio.to_thread(start_secantus, "--standalone")
    try:
        store = MongoStore.from_url(database_url(server.url, "standalone"), clock=clock)
        with pytest.raises(Unavailable) as refused:
            await store.open()
    finally:
        await asyncio.to_thread(stop_mongo_server, server)
    message = refused.value.message
    assert "standalone" in message and "replica set" in message and "\n" not in message
