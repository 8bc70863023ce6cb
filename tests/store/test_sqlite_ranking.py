"""SQLite: the all-time at-risk ranking holds only the top of a tenant's
customers (``ranked`` rows, those at or above the tenant's
``ranked_floor``), so a write that changes another customer's all-time row
leaves the ranking index alone; the stats stay those of the ticket scan
as the floor rises and falls, and a file of schema version 5 (every
all-time customer in ``rollup_customers_top``) is migrated.

The ranking's bounds are made small here (``RANKED_*``) so a few dozen
customers move the floor.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ticketd.store import sqlite_rollups
from ticketd.store.sqlite import SqliteStore
from ticketd.store.sqlite_schema import SCHEMA_VERSION

from .conftest import START

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def small_ranking(monkeypatch: pytest.MonkeyPatch) -> None:
    # At least TOP_LIMIT (10) kept ranked, so the list reads ranked rows only.
    monkeypatch.setattr(sqlite_rollups, "RANKED_MAX", 14)
    monkeypatch.setattr(sqlite_rollups, "RANKED_KEEP", 11)
    monkeypatch.setattr(sqlite_rollups, "RANKED_MIN", 10)


@pytest.fixture
def raw(db_path: Path, sqlite_store: SqliteStore) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=5)
    try:
        yield conn
    finally:
        conn.close()


def ranking(raw: sqlite3.Connection, tenant: str) -> tuple[int, set[str], set[str]]:
    """The tenant's floor, its ranked customers, and those at or above the floor."""
    (floor,) = raw.execute(
        "SELECT ranked_floor FROM rollup_counts WHERE tenant_id = ? AND level = 'all'", (tenant,)
    ).fetchone()
    rows = raw.execute(
        "SELECT customer_id, ranked, tickets FROM rollup_customers "
        "WHERE tenant_id = ? AND level = 'all'",
        (tenant,),
    ).fetchall()
    ranked = {customer for customer, flag, _ in rows if flag}
    return floor, ranked, {customer for customer, _, n in rows if n >= floor}


async def same_as_scan(store: SqliteStore, tenant: str, **window: object) -> None:
    window = {"from_date": None, "to_date": START + timedelta(hours=1), **window}
    rolled = await store.tenant_stats(tenant, **window)
    scanned = await store.tenant_stats(tenant, **window, from_tickets=True)
    assert attrs.asdict(rolled) == attrs.asdict(scanned), window


def at_risk(make_ticket, customer: str, n: int, **fields: object) -> list:
    return [
        make_ticket(f"{customer}-{k}", customer_id=customer, urgency="high", **fields)
        for k in range(n)
    ]


async def test_the_floor_rises_and_falls_with_the_top_customers(
    small_ranking, sqlite_store, raw, make_ticket
):
    # 30 customers with 1 to 30 at-risk tickets: more than RANKED_MAX ranked
    # at floor 1, so the floor rises to keep the top RANKED_KEEP.
    for n in range(1, 31):
        await sqlite_store.apply_tickets("acme", at_risk(make_ticket, f"c{n:02d}", n), job_id=None)
    floor, ranked, at_floor = ranking(raw, "acme")
    assert ranked == at_floor and floor > 1 and 11 <= len(ranked) <= 14
    await same_as_scan(sqlite_store, "acme")

    # An unranked customer climbs past everyone: it is ranked, and listed first.
    await sqlite_store.apply_tickets("acme", at_risk(make_ticket, "c01", 40), job_id=None)
    floor, ranked, at_floor = ranking(raw, "acme")
    assert ranked == at_floor and "c01" in ranked
    stats = await sqlite_store.tenant_stats("acme", from_date=None, to_date=START)
    assert stats.at_risk_customers[0]["customer_id"] == "c01"
    await same_as_scan(sqlite_store, "acme")

    # The ranked customers' tickets deleted: fewer than RANKED_MIN stay
    # ranked, so the floor falls and the next customers are ranked.
    gone = [f"c{n:02d}-{k}" for n in range(20, 31) for k in range(n)]
    await sqlite_store.soft_delete("acme", gone, job_id=None)
    lower, ranked, at_floor = ranking(raw, "acme")
    assert ranked == at_floor and lower < floor and len(ranked) >= 10
    await same_as_scan(sqlite_store, "acme")


async def test_an_end_far_back_lists_customers_beyond_the_ranked_ones(
    small_ranking, sqlite_store, raw, make_ticket
):
    """A window without a start that ends before many customers' tickets:
    more candidates are needed than are ranked, so every all-time
    customer is read, and the list is still the scan's."""
    early = START - timedelta(days=2)
    for n in range(1, 31):
        batch = at_risk(make_ticket, f"c{n:02d}", n)
        # the top customers' tickets all come after the window's end
        created = START if n > 15 else early
        batch = [attrs.evolve(t, created_at=created, updated_at=created) for t in batch]
        await sqlite_store.apply_tickets("acme", batch, job_id=None)
    floor, ranked, _ = ranking(raw, "acme")
    assert floor > 1 and len(ranked) < 10 + 15
    await same_as_scan(sqlite_store, "acme", to_date=START - timedelta(days=1))
    stats = await sqlite_store.tenant_stats(
        "acme", from_date=None, to_date=START - timedelta(days=1)
    )
    assert stats.at_risk_customers[0]["customer_id"] == "c15"


def _steps(raw: sqlite3.Connection, sql: str, params: dict[str, object]) -> int:
    count = 0

    def step() -> int:
        nonlocal count
        count += 1
        return 0

    raw.set_progress_handler(step, 1)
    try:
        raw.execute(sql, params).fetchall()
    finally:
        raw.set_progress_handler(None, 1)
    return count


async def test_the_all_time_list_reads_the_ranked_rows_only(
    small_ranking, sqlite_store, raw, make_ticket
):
    """The all-time at-risk list's virtual machine steps do not grow with
    the tenant's unranked customers (the walk over every customer is only
    for an end far back)."""
    from ticketd.domain.rollups import window_pieces
    from ticketd.store.sqlite_rows import to_ms
    from ticketd.store.sqlite_stats import rollup_statements

    pieces = window_pieces(None, to_ms(START + timedelta(hours=1)))
    sql = rollup_statements(pieces)["at_risk_customers"]
    params: dict[str, object] = {"tenant": "acme", "top": 10}
    for index, piece in enumerate(pieces):
        params[f"start{index}"], params[f"end{index}"] = piece.start, piece.end
    for n in range(1, 21):
        batch = at_risk(make_ticket, f"top{n:02d}", 5)
        await sqlite_store.apply_tickets("acme", batch, job_id=None)

    async def add_unranked(count: int, first: int) -> int:
        batch = [
            make_ticket(f"u{k}", customer_id=f"u{k:04d}", urgency="high")
            for k in range(first, first + count)
        ]
        await sqlite_store.apply_tickets("acme", batch, job_id=None)
        return _steps(raw, sql, params)

    few = await add_unranked(100, 0)
    many = await add_unranked(900, 100)
    floor, ranked, at_floor = ranking(raw, "acme")
    assert floor == 5 and ranked == at_floor and len(ranked) == 20
    assert many <= few + 20, (few, many)


async def test_a_file_of_schema_version_5_ranks_its_top_customers(
    small_ranking, db_path, clock, make_ticket
):
    """A file whose every all-time customer is in rollup_customers_top:
    opened, the old index is gone and only the top customers are ranked;
    the stats are the scan's before and after further writes."""
    store = SqliteStore(db_path, clock=clock)
    await store.open()
    for n in range(1, 31):
        await store.apply_tickets("acme", at_risk(make_ticket, f"c{n:02d}", n), job_id=None)
    await store.close()
    old = sqlite3.connect(db_path)
    old.executescript(
        "DROP INDEX rollup_customers_ranked;"
        "ALTER TABLE rollup_customers DROP COLUMN ranked;"
        "ALTER TABLE rollup_counts DROP COLUMN ranked_floor;"
        "CREATE INDEX rollup_customers_top ON rollup_customers "
        "(tenant_id, tickets DESC, customer_id) WHERE level = 'all';"
        "PRAGMA user_version = 5;"
    )
    old.close()

    store = SqliteStore(db_path, clock=clock)
    await store.open()
    try:
        await same_as_scan(store, "acme")
        await store.apply_tickets("acme", at_risk(make_ticket, "c01", 40), job_id=None)
        await same_as_scan(store, "acme")
    finally:
        await store.close()
    check = sqlite3.connect(db_path)
    try:
        names = {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "rollup_customers_top" not in names and "rollup_customers_ranked" in names
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        floor, ranked, at_floor = ranking(check, "acme")
        assert ranked == at_floor and floor > 1 and "c01" in ranked and len(ranked) <= 14
    finally:
        check.close()


CUSTOMERS = tuple(f"c{n:02d}" for n in range(24))
_tenants = itertools.count()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    writes=st.lists(
        st.tuples(
            st.sampled_from(("write", "delete")),
            st.lists(st.tuples(st.sampled_from(CUSTOMERS), st.integers(0, 5)), max_size=8),
        ),
        min_size=1,
        max_size=10,
    ),
    ends=st.lists(st.integers(-3 * 24, 2), min_size=1, max_size=3),
)
async def test_stats_are_the_scan_s_as_customers_move_across_the_floor(
    small_ranking, sqlite_store, raw, make_ticket, writes, ends
):
    """Random writes and deletes of at-risk tickets of 24 customers (each
    customer's tickets created on its own hour, so a window that ends in
    the past leaves some out): the ranked rows are those at the floor and
    the all-time lists equal the scan's, for ends now and earlier."""
    tenant = f"prop-{next(_tenants)}"
    for kind, items in writes:
        ids = [f"{customer}-{k}" for customer, k in items]
        if kind == "delete":
            await sqlite_store.soft_delete(tenant, ids, job_id=None)
            continue
        batch = {}
        for customer, k in items:
            created = START - timedelta(hours=CUSTOMERS.index(customer) * 3)
            batch[f"{customer}-{k}"] = make_ticket(
                f"{customer}-{k}",
                tenant_id=tenant,
                customer_id=customer,
                urgency="high",
                created_at=created,
                updated_at=created,
            )
        await sqlite_store.apply_tickets(tenant, list(batch.values()), job_id=None)
    if raw.execute("SELECT 1 FROM rollup_counts WHERE tenant_id = ?", (tenant,)).fetchone():
        _, ranked, at_floor = ranking(raw, tenant)
        assert ranked == at_floor
    for hours in ends:
        await same_as_scan(sqlite_store, tenant, to_date=START + timedelta(hours=hours))
