"""The SQLite list index ``tickets_live_hour``: live tickets by tenant, the
hour each was created in, then the order rows were written, so a page of
tickets spread over a tenant's past adds to the end of each hour it
touches. The list, the stats' edge hours and the ticket scan read it by
hour and sort within an hour; these tests check the order they give when
tickets are written out of created_at order, that every reader bounds the
hours it reads, and that a file of schema version 6 (the list index in
created_at order, ``tickets_live_created``) gets the new one when opened."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import attrs
import pytest

from ticketd.store import TicketFilter, TicketKey
from ticketd.store.sqlite import SqliteStore
from ticketd.store.sqlite_schema import SCHEMA_VERSION
from ticketd.store.sqlite_stats import _TICKET_COUNT
from ticketd.store.sqlite_stats_scan import scan_statements

from .conftest import START

pytestmark = pytest.mark.timeout(60)

# schema version 6's list index, in created_at order
_OLD_INDEX = (
    "CREATE INDEX tickets_live_created ON tickets (tenant_id, created_at DESC, external_id, "
    "status, urgency, sentiment, source, requires_action, customer_id) WHERE deleted_at IS NULL"
)


@pytest.fixture
def raw(db_path: Path, sqlite_store: SqliteStore) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=5)
    try:
        yield conn
    finally:
        conn.close()


def back_filled(make_ticket, count: int, seed: int, tenant: str = "acme") -> list:
    """Tickets over five hours, several to a millisecond (ties broken by
    external id) and some on hour boundaries, in random order."""
    rng = random.Random(seed)
    base = START - timedelta(hours=5)
    tickets = []
    for n in range(count):
        offset = (
            timedelta(hours=rng.randrange(5))
            if n % 7 == 0
            else timedelta(milliseconds=rng.randrange(5 * 3_600_000) // 4 * 4)
        )
        tickets.append(
            make_ticket(
                f"t-{rng.randrange(10**6):06d}-{n}",
                tenant,
                created_at=base + offset,
                status=rng.choice(("open", "closed")),
                urgency=rng.choice(("high", "low")),
            )
        )
    return tickets


def newest_first(tickets) -> list[str]:
    return [
        t.external_id
        for t in sorted(tickets, key=lambda t: (-t.created_at.timestamp(), t.external_id))
    ]


async def test_lists_keep_their_order_when_tickets_are_written_out_of_order(
    sqlite_store, make_ticket
):
    tickets = back_filled(make_ticket, 300, seed=1)
    for start in range(0, len(tickets), 40):  # pages written in no time order
        await sqlite_store.apply_tickets("acme", tickets[start : start + 40], job_id=None)
    await sqlite_store.apply_tickets(
        "other", back_filled(make_ticket, 20, seed=2, tenant="other"), job_id=None
    )
    gone = [t.external_id for t in tickets[::9]]
    await sqlite_store.soft_delete("acme", gone, job_id=None)
    live = [t for t in tickets if t.external_id not in set(gone)]

    for filters, wanted in (
        (TicketFilter(), live),
        (TicketFilter(status="open"), [t for t in live if t.status == "open"]),
        (
            TicketFilter(status="closed", urgency="high"),
            [t for t in live if t.status == "closed" and t.urgency == "high"],
        ),
    ):
        order = newest_first(wanted)
        by_page = []
        for page in range(1, 100):
            got = await sqlite_store.list_tickets("acme", filters, page=page, page_size=17)
            assert got.total == len(order)
            if not got.tickets:
                break
            by_page += [t.external_id for t in got.tickets]
        assert by_page == order, filters
        walked, after = [], None
        while True:
            got = await sqlite_store.list_tickets(
                "acme", filters, page=1, page_size=13, after=after
            )
            if not got.tickets:
                break
            walked += [t.external_id for t in got.tickets]
            after = TicketKey.of(got.tickets[-1])
        assert walked == order, filters


@pytest.mark.parametrize("hours", [(0, 0), (1, 3), (2, 5)])
async def test_stats_edges_count_the_tickets_of_the_hours_they_cut(
    sqlite_store, make_ticket, hours
):
    """Windows whose both ends cut an hour (or lie in one hour): the rollup
    stats and the ticket scan count exactly the tickets inside."""
    tickets = back_filled(make_ticket, 200, seed=3)
    await sqlite_store.apply_tickets("acme", tickets, job_id=None)
    base = START - timedelta(hours=5)
    first, last = hours
    start = base + timedelta(hours=first, minutes=17, milliseconds=3)
    end = base + timedelta(hours=last, minutes=43, milliseconds=501)
    inside = [t for t in tickets if start <= t.created_at <= end]
    for scan in (False, True):
        stats = await sqlite_store.tenant_stats(
            "acme", from_date=start, to_date=end, from_tickets=scan
        )
        assert stats.total_tickets == len(inside), scan
        assert stats.by_status == {
            s: n for s in ("open", "closed") if (n := sum(t.status == s for t in inside))
        }, scan


def plan(raw: sqlite3.Connection, sql: str, params: object) -> str:
    return " | ".join(row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_the_hourly_trend_and_the_ticket_scan_read_only_the_hours_they_need(raw):
    """The trend's edge hours and every query of the ticket-scan stats
    bound the hours of the list index they read (without the bound, SQLite
    walks every entry of the tenant's for each of them)."""
    texts = [plan(raw, _TICKET_COUNT, {"tenant": "acme", "start": 10, "end": 20})]
    params = {"tenant": "acme", "to_ms": 20, "from_ms": 10, "first_hour_ms": 0, "top": 10}
    for with_from in (False, True):
        texts += [plan(raw, sql, params) for sql in scan_statements(with_from=with_from).values()]
    for text in texts:
        reads = [step for step in text.split(" | ") if step.startswith("SEARCH tickets")]
        assert reads, text
        for step in reads:
            assert step.startswith(
                "SEARCH tickets USING INDEX tickets_live_hour (tenant_id=? AND <expr>"
            ), step


async def test_a_file_of_schema_version_6_gets_the_hour_list_index(db_path, clock, make_ticket):
    """A file whose list index is in created_at order: opened, that index
    is gone, the hour index holds every live ticket, and lists and stats
    read as before, also after further writes."""
    tickets = back_filled(make_ticket, 120, seed=4)
    store = SqliteStore(db_path, clock=clock)
    await store.open()
    await store.apply_tickets("acme", tickets[:100], job_id=None)
    await store.soft_delete("acme", [tickets[0].external_id], job_id=None)
    await store.close()
    old = sqlite3.connect(db_path)
    old.executescript(f"DROP INDEX tickets_live_hour; {_OLD_INDEX}; PRAGMA user_version = 6;")
    old.close()

    store = SqliteStore(db_path, clock=clock)
    await store.open()
    try:
        await store.apply_tickets("acme", tickets[100:], job_id=None)
        live = tickets[1:]
        page = await store.list_tickets("acme", TicketFilter(), page=1, page_size=200)
        assert [t.external_id for t in page.tickets] == newest_first(live)
        window = {"from_date": START - timedelta(hours=4, minutes=30), "to_date": START}
        rolled = await store.tenant_stats("acme", **window)
        scanned = await store.tenant_stats("acme", **window, from_tickets=True)
        assert attrs.asdict(rolled) == attrs.asdict(scanned)
        assert rolled.total_tickets == sum(window["from_date"] <= t.created_at for t in live)
    finally:
        await store.close()
    check = sqlite3.connect(db_path)
    try:
        names = {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "tickets_live_created" not in names and "tickets_live_hour" in names
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
        (entries,) = check.execute(
            "SELECT count(*) FROM tickets INDEXED BY tickets_live_hour "
            "WHERE tenant_id = 'acme' AND deleted_at IS NULL"
        ).fetchone()
        assert entries == len(tickets) - 1
    finally:
        check.close()
