"""SQLite backend specifics the contract suite cannot see: WAL mode, the
schema and its query plans, writes that write nothing, readers and writers
not blocking each other (several stores or processes on one file:
test_sqlite_sharing.py)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from ticketd.domain.rollups import window_pieces
from ticketd.errors import Unavailable
from ticketd.store import TicketFilter, make_store
from ticketd.store.sqlite import SqliteStore
from ticketd.store.sqlite_jobs import RENEW_SQL
from ticketd.store.sqlite_schema import SCHEMA_VERSION
from ticketd.store.sqlite_stats import rollup_statements
from ticketd.store.sqlite_ticket_list import list_statements
from ticketd.store.sqlite_tickets import FENCE_CHECK, TENANTS_SQL

pytestmark = pytest.mark.timeout(30)

PRODUCT_TABLES = {
    "tickets",
    "ticket_history",
    "ingestion_jobs",
    "ingestion_logs",
    "locks",
    "notification_outbox",
}


@pytest.fixture
def raw(db_path: Path, sqlite_store: SqliteStore) -> Iterator[sqlite3.Connection]:
    """A plain connection to the store's file, as another process would have."""
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=5)
    try:
        yield conn
    finally:
        conn.close()


def test_wal_mode_and_the_spec_tables(raw):
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables >= PRODUCT_TABLES


def test_tenant_data_indexes_lead_with_tenant_id(raw):
    for table in ("tickets", "ticket_history", "ingestion_jobs"):
        for _, name, _, origin, _ in raw.execute(f"PRAGMA index_list({table})"):
            if origin == "pk":  # ingestion_jobs by job id, a unique key of its own
                continue
            first = raw.execute(f"PRAGMA index_info({name})").fetchone()[2]
            assert first == "tenant_id", (table, name)


def plan(raw, sql, params):
    return " | ".join(row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params))


@pytest.mark.parametrize("sql", [FENCE_CHECK, RENEW_SQL], ids=["fence", "renewal"])
def test_the_lease_checks_look_ended_jobs_up_by_owner(raw, sql):
    """Every page write and renewal asks whether a job of the lease's owner
    ended while it held the lease: a lookup by owner, never a walk over all
    the jobs a tenant ever had (they are never deleted)."""
    text = plan(
        raw,
        sql,
        ["acme", "owner", 1, 0]
        if sql is FENCE_CHECK
        else {"tenant": "acme", "owner": "owner", "token": 1, "now_ms": 0, "expires_ms": 1},
    )
    assert "INDEX ingestion_jobs_ended (tenant_id=? AND owner=? AND ended_at>?)" in text, text
    assert "ingestion_jobs_by_tenant" not in text, text


@pytest.mark.parametrize(
    "filters",
    [
        TicketFilter(),
        TicketFilter(status="open"),
        TicketFilter(urgency="high"),
        TicketFilter(sentiment="negative"),
        TicketFilter(source="web"),
        TicketFilter(requires_action=True),
        TicketFilter(status="open", urgency="high", source="email"),
    ],
)
def test_list_queries_use_a_tenant_index_and_no_sort(raw, filters):
    count_sql, page_sql, values = list_statements(filters)
    count_plan = plan(raw, count_sql, ["acme", *values])
    page_plan = plan(raw, page_sql, ["acme", *values, 20, 0])
    for text in (count_plan, page_plan):
        assert "USING" in text and "INDEX tickets_live_" in text and "(tenant_id=?" in text, text
        assert "SCAN tickets" not in text, text
    if filters == TicketFilter() or list(attrs.asdict(filters).values()).count(None) == 4:
        assert "TEMP B-TREE" not in page_plan, page_plan  # the index gives the order


@pytest.mark.parametrize(
    "window",
    [
        (None, 1_772_366_400_000),  # all time up to an instant inside an hour
        (1_772_200_000_000, 1_772_366_400_000),  # edge hours, hours and days
    ],
)
def test_stats_queries_read_rollups_and_edge_hours_by_tenant_index(raw, window):
    pieces = window_pieces(*window)
    params = {"tenant": "acme", "top": 10}
    for index, piece in enumerate(pieces):
        params[f"start{index}"], params[f"end{index}"] = piece.start, piece.end
    for name, sql in rollup_statements(pieces).items():
        text = plan(raw, sql, params)
        for table in ("tickets", "rollup_counts", "rollup_customers"):
            assert f"SCAN {table}" not in text, (name, text)
        assert "(tenant_id=?" in text, (name, text)
    assert sum(piece.kind == "tickets" for piece in pieces) <= 2


def test_all_time_at_risk_reads_no_walk_over_the_tenants_customers(raw):
    """A window without a start: the at-risk list and total read a bounded
    number of all-time customer rows (the top of the ranked index, the
    suffix's customers by full key, the kept count), never every customer
    of the tenant (the cost grew with the tenant: 6 ms at 35,000
    customers). The one walk in the plan is the list's for an end so far
    back that fewer customers are ranked than it needs; its LIMIT is 0
    otherwise (test_sqlite_ranking.py counts the steps)."""
    pieces = window_pieces(None, 1_772_366_400_000)
    params = {"tenant": "acme", "top": 10}
    for index, piece in enumerate(pieces):
        params[f"start{index}"], params[f"end{index}"] = piece.start, piece.end
    sql = rollup_statements(pieces)
    whole_bucket = ("(tenant_id=? AND level=?)", "(tenant_id=? AND level=? AND bucket=?)")
    for name in ("at_risk_customers", "at_risk_total"):
        steps = plan(raw, sql[name], params).split(" | ")
        customer_reads = [s for s in steps if "rollup_customers" in s or s.startswith("SEARCH a ")]
        assert customer_reads, (name, steps)
        walks = [step for step in customer_reads if step.endswith(whole_bucket)]
        assert len(walks) == (name == "at_risk_customers"), (name, walks)
    ranked = plan(raw, sql["at_risk_customers"], params)
    assert "INDEX rollup_customers_ranked (tenant_id=?)" in ranked, ranked


def test_the_tenant_list_probes_the_index_per_tenant(raw):
    """One index probe per tenant, not a walk over every ticket's entry
    (375 ms at 1M tickets for 5 tenants)."""
    text = plan(raw, TENANTS_SQL, ())
    assert "SCAN tickets" not in text and "(tenant_id>?)" in text, text


async def test_reapply_writes_nothing_to_the_file(sqlite_store, raw, clock, make_ticket):
    batch = [make_ticket(f"ext-{n:03d}", urgency="high" if n % 3 else "low") for n in range(50)]
    await sqlite_store.apply_tickets("acme", batch, job_id="job-1")
    version = raw.execute("PRAGMA data_version").fetchone()[0]
    wal_bytes = wal_size(raw)
    await clock.advance(60)

    result = await sqlite_store.apply_tickets("acme", batch, job_id="job-2")

    assert result.count("unchanged") == 50
    assert raw.execute("PRAGMA data_version").fetchone()[0] == version
    assert wal_size(raw) == wal_bytes
    # and a real change is visible to the same probe
    changed = attrs.evolve(
        batch[0], status="closed", updated_at=batch[0].updated_at.replace(year=2027)
    )
    await sqlite_store.apply_tickets("acme", [changed], job_id="job-3")
    assert raw.execute("PRAGMA data_version").fetchone()[0] != version


def wal_size(raw: sqlite3.Connection) -> int:
    database = raw.execute("PRAGMA database_list").fetchone()[2]
    return Path(database + "-wal").stat().st_size


async def test_reads_do_not_wait_behind_a_held_write_lock(sqlite_store, raw, make_ticket):
    await sqlite_store.apply_tickets("acme", [make_ticket("ext-001")], job_id=None)
    raw.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
    try:
        write = asyncio.create_task(
            sqlite_store.apply_tickets("acme", [make_ticket("ext-002")], job_id=None)
        )
        ticket = await asyncio.wait_for(sqlite_store.get_ticket("acme", "ext-001"), 5)
        page = await asyncio.wait_for(
            sqlite_store.list_tickets("acme", TicketFilter(), page=1, page_size=10), 5
        )
        stats = await asyncio.wait_for(
            sqlite_store.tenant_stats("acme", from_date=None, to_date=None), 5
        )
        assert ticket is not None and page.total == 1 and stats.total_tickets == 1
        assert not write.done()  # the store's writer waits (busy_timeout) ...
    finally:
        raw.execute("COMMIT")
    result = await asyncio.wait_for(write, 5)  # ... and goes on once the lock is free
    assert result.count("created") == 1


async def test_an_open_read_transaction_does_not_block_writes(sqlite_store, raw, make_ticket):
    await sqlite_store.apply_tickets("acme", [make_ticket("ext-001")], job_id=None)
    raw.execute("BEGIN")
    assert raw.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    try:
        result = await asyncio.wait_for(
            sqlite_store.apply_tickets("acme", [make_ticket("ext-002")], job_id=None), 5
        )
        assert result.count("created") == 1
        # the reader keeps its snapshot
        assert raw.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    finally:
        raw.execute("COMMIT")
    assert raw.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2


async def test_a_write_lock_held_past_busy_timeout_is_unavailable(db_path, clock, make_ticket):
    store = SqliteStore(db_path, clock=clock, busy_timeout=0.05)
    await store.open()
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(Unavailable):
            await store.apply_tickets("acme", [make_ticket()], job_id=None)
        other.execute("ROLLBACK")
        assert (await store.apply_tickets("acme", [make_ticket()], job_id=None)).count("created")
    finally:
        other.close()
        await store.close()


async def test_a_file_from_schema_version_1_is_migrated(db_path, clock):
    """A database written before ``cancel_requested`` existed opens, gains
    the column, and keeps its jobs."""
    old = sqlite3.connect(db_path)
    old.executescript(
        "CREATE TABLE ingestion_jobs (job_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, "
        "owner TEXT NOT NULL, status TEXT NOT NULL, started_at INTEGER NOT NULL, "
        "ended_at INTEGER, total_pages INTEGER, processed_pages INTEGER NOT NULL DEFAULT 0, "
        "metrics TEXT NOT NULL DEFAULT '{}', error TEXT, updated_at INTEGER);"
        "INSERT INTO ingestion_jobs (job_id, tenant_id, owner, status, started_at) "
        "VALUES ('old-job', 'acme', 'replica-a', 'completed', 0);"
        "PRAGMA user_version = 1;"
    )
    old.close()
    store = SqliteStore(db_path, clock=clock)
    await store.open()
    try:
        migrated = await store.get_job("old-job")
        assert migrated is not None and migrated.cancel_requested is False
    finally:
        await store.close()
    check = sqlite3.connect(db_path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    check.close()


async def test_a_file_a_newer_ticketd_wrote_is_refused_and_left_alone(db_path, clock):
    """A file whose schema version is above this version's is refused in
    one line, and nothing of this version's schema is written into it."""
    newer = sqlite3.connect(db_path)
    newer.executescript(f"CREATE TABLE future (x); PRAGMA user_version = {SCHEMA_VERSION + 1};")
    newer.close()
    store = SqliteStore(db_path, clock=clock)
    with pytest.raises(Unavailable, match=f"schema version {SCHEMA_VERSION + 1}.*newer ticketd"):
        await store.open()
    check = sqlite3.connect(db_path)
    tables = [row[0] for row in check.execute("SELECT name FROM sqlite_master")]
    assert tables == ["future"]
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    check.close()


async def test_data_survives_reopening(db_path, clock, make_ticket):
    store = SqliteStore(db_path, clock=clock)
    await store.open()
    await store.apply_tickets("acme", [make_ticket()], job_id=None)
    await store.close()
    again = SqliteStore(db_path, clock=clock)
    await again.open()
    try:
        assert await again.get_ticket("acme", "ext-001") is not None
        result = await again.apply_tickets("acme", [make_ticket()], job_id=None)
        assert result.count("unchanged") == 1
    finally:
        await again.close()


async def test_memory_path_uses_a_private_file(clock, make_ticket):
    store = SqliteStore(":memory:", clock=clock)
    await store.open()
    try:
        await store.apply_tickets("acme", [make_ticket()], job_id=None)
        assert (await store.get_ticket("acme", "ext-001")) is not None
    finally:
        await store.close()


async def test_closed_store_is_unavailable_and_close_is_idempotent(db_path, clock):
    store = SqliteStore(db_path, clock=clock)
    with pytest.raises(Unavailable):
        await store.ping()  # not opened yet
    await store.open()
    await store.ping()
    await store.close()
    await store.close()
    with pytest.raises(Unavailable):
        await store.get_ticket("acme", "ext-001")
    with pytest.raises(Unavailable):
        await store.acquire_lease("acme", "a", 60)


async def test_make_store_builds_a_sqlite_store_from_a_url(tmp_path, clock):
    store = make_store(f"sqlite:///{tmp_path}/nested/dir/ticketd.db", clock=clock)
    assert isinstance(store, SqliteStore)
    await store.open()  # creates the missing directories
    try:
        await store.ping()
    finally:
        await store.close()
    assert (tmp_path / "nested" / "dir" / "ticketd.db").exists()


async def test_a_file_from_schema_version_2_gains_rollups_and_loses_stats_indexes(
    db_path, clock, make_ticket
):
    """A file written before the rollups existed: its tickets are rolled
    up when it is opened, and the per-dimension stats indexes are gone."""
    store = SqliteStore(db_path, clock=clock)
    await store.open()
    tickets = [
        make_ticket(f"ext-{n}", urgency="high", sentiment="negative", keywords=("refund",))
        for n in range(5)
    ]
    await store.apply_tickets("acme", tickets, job_id=None)
    await store.close()
    old = sqlite3.connect(db_path)
    old.executescript(
        "DELETE FROM rollup_counts; DELETE FROM rollup_customers;"
        "CREATE INDEX tickets_live_status ON tickets (tenant_id, status, created_at DESC, "
        "external_id) WHERE deleted_at IS NULL; PRAGMA user_version = 2;"
    )
    old.close()

    store = SqliteStore(db_path, clock=clock)
    await store.open()
    try:
        stats = await store.tenant_stats("acme", from_date=None, to_date=None)
        assert stats.total_tickets == 5 and stats.top_keywords == (
            {"keyword": "refund", "count": 5},
        )
    finally:
        await store.close()
    check = sqlite3.connect(db_path)
    try:
        names = {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "tickets_live_status" not in names and "tickets_live_created" in names
    finally:
        check.close()


async def test_rebuild_repairs_rollups_written_wrong(sqlite_store, raw, make_ticket):
    await sqlite_store.apply_tickets(
        "acme", [make_ticket(f"ext-{n}", status="closed") for n in range(3)], job_id=None
    )
    raw.execute("UPDATE rollup_counts SET status_closed = 99 WHERE tenant_id = 'acme'")
    raw.commit()
    assert (await sqlite_store.tenant_stats("acme", from_date=None, to_date=None)).by_status != {
        "closed": 3
    }
    assert await sqlite_store.rebuild_rollups("acme") == ["acme"]
    stats = await sqlite_store.tenant_stats("acme", from_date=None, to_date=None)
    assert stats.by_status == {"closed": 3}


@pytest.mark.parametrize("cancels", [1, 2])
async def test_a_cancelled_close_still_stops_every_thread_and_connection(db_path, clock, cancels):
    """close() cancelled (once, or twice as a forced shutdown does) while
    a slow write drains: the caller sees its CancelledError only once every
    thread has stopped and every connection is closed (it used to leave the
    checkpoint thread and the writer open; a second cancel still did)."""
    store = SqliteStore(db_path, clock=clock)
    await store.open()
    pools = [store._writer, store._readers, store._checkpointer]
    started, release = threading.Event(), threading.Event()

    def slow_write(conn: sqlite3.Connection) -> None:
        started.set()
        release.wait(30)

    write = asyncio.create_task(store._write(slow_write))
    await asyncio.to_thread(started.wait, 30)
    # Driven by hand, so each cancel lands exactly while close() waits.
    closing = store.close()
    waiting_on = closing.send(None)
    for _ in range(cancels):
        waiting_on = closing.throw(asyncio.CancelledError())
    release.set()
    await write
    await asyncio.wait([waiting_on])  # the teardown has ended
    with pytest.raises(asyncio.CancelledError):
        closing.send(None)
    assert store._writer_conn is None and store._checkpoint_conn is None
    assert [t for pool in pools for t in pool._threads if t.is_alive()] == []


async def test_a_file_from_schema_version_3_counts_its_all_time_customers(
    db_path, clock, make_ticket
):
    """A file written before the all-time bucket counted its customers
    gets the count when opened, and keeps it as customers come and go."""
    store = SqliteStore(db_path, clock=clock)
    await store.open()
    tickets = [make_ticket(f"ext-{n}", urgency="high", customer_id=f"c{n}") for n in range(4)]
    await store.apply_tickets("acme", tickets, job_id=None)
    await store.close()
    old = sqlite3.connect(db_path)
    old.executescript(
        "DROP TRIGGER rollup_customers_all_added; DROP TRIGGER rollup_customers_all_removed;"
        "ALTER TABLE rollup_counts DROP COLUMN at_risk_customers; PRAGMA user_version = 3;"
    )
    old.close()

    store = SqliteStore(db_path, clock=clock)
    await store.open()
    try:
        assert (await store.tenant_stats("acme", from_date=None, to_date=None)).at_risk_total == 4
        await store.soft_delete("acme", ["ext-0"], job_id=None)
        await store.apply_tickets("acme", [make_ticket("ext-9", urgency="high")], job_id=None)
        stats = await store.tenant_stats("acme", from_date=None, to_date=None)
        scanned = await store.tenant_stats(
            "acme", from_date=None, to_date=stats.to_date, from_tickets=True
        )
        assert stats.at_risk_total == scanned.at_risk_total == 4
    finally:
        await store.close()


async def test_stats_read_one_snapshot_while_a_page_write_commits(db_path, clock, make_ticket):
    """A page of tickets commits (another process, the real write path)
    between two of the stats' queries: the answer is still one snapshot,
    its by_source adding up to its total. Each query read the latest data,
    so a dashboard polled during ingestion showed more tickets by source
    than in all (857 against 861; seen by an outside tester)."""
    store = SqliteStore(db_path, clock=clock, reader_threads=1)
    await store.open()
    other = SqliteStore(db_path, clock=clock)
    try:
        await store.apply_tickets("acme", [make_ticket(f"ext-{n}") for n in range(5)], job_id=None)
        await store.tenant_stats("acme", from_date=None, to_date=None)  # the reader connection
        (reader,) = store._reader_conns
        selects = 0

        def write_a_page() -> None:
            async def page() -> None:
                await other.open()
                more = [make_ticket(f"new-{n}", source="chat") for n in range(7)]
                await other.apply_tickets("acme", more, job_id=None)

            asyncio.run(page())

        def between_queries(statement: str) -> None:
            nonlocal selects
            selects += statement.lstrip().upper().startswith(("SELECT", "WITH"))
            if selects == 2:  # the second query of the stats is about to read
                thread = threading.Thread(target=write_a_page)
                thread.start()
                thread.join()

        reader.set_trace_callback(between_queries)
        stats = await store.tenant_stats("acme", from_date=None, to_date=None)
        reader.set_trace_callback(None)
        assert selects > 2  # the page was written between the queries
        assert sum(stats.by_source.values()) == stats.total_tickets == 5, stats
        after = await store.tenant_stats("acme", from_date=None, to_date=None)
        assert sum(after.by_source.values()) == after.total_tickets == 12, after
    finally:
        await store.close()
        await other.close()
