"""Store contract: the ticket list read after a position (keyset paging),
on every backend. The order is newest ``created_at`` first, ties by
``external_id`` ascending; a read after a position returns exactly the
tickets strictly after it, whatever was written or deleted before it."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from ticketd.errors import InvalidInput
from ticketd.store import TicketFilter, TicketKey
from ticketd.store.sqlite_ticket_list import list_statements

from .conftest import START

pytestmark = pytest.mark.timeout(30)


def created(index: int) -> datetime:
    # Three tickets per millisecond (ties), with sub-millisecond parts the
    # store truncates: the position is the stored value.
    return START - timedelta(milliseconds=index // 3, microseconds=index % 3 * 300)


async def walk(store, filters: TicketFilter, size: int, between=None) -> list[str]:
    """Every page after the last ticket of the one before; ``between``
    runs after the first page."""
    ids: list[str] = []
    after = None
    while True:
        page = await store.list_tickets("acme", filters, page=1, page_size=size, after=after)
        ids += [t.external_id for t in page.tickets]
        if not page.tickets:
            return ids
        after = TicketKey.of(page.tickets[-1])
        if between is not None:
            await between()
            between = None


async def test_reads_after_a_position_return_the_list_once_in_order(store, make_ticket):
    tickets = [
        make_ticket(f"t-{i:02d}", created_at=created(i), urgency="high" if i % 2 else "low")
        for i in range(25)
    ]
    await store.apply_tickets("acme", tickets, job_id="job-1")
    await store.apply_tickets("other", [make_ticket("t-99", "other")], job_id="job-1")
    full = await store.list_tickets("acme", TicketFilter(), page=1, page_size=100)
    order = [t.external_id for t in full.tickets]
    assert len(order) == 25

    assert await walk(store, TicketFilter(), 4) == order
    high = await store.list_tickets("acme", TicketFilter(urgency="high"), page=1, page_size=100)
    assert await walk(store, TicketFilter(urgency="high"), 3) == [
        t.external_id for t in high.tickets
    ]
    # total is the whole list's, also after a position
    page = await store.list_tickets(
        "acme", TicketFilter(), page=1, page_size=4, after=TicketKey.of(full.tickets[10])
    )
    assert ([t.external_id for t in page.tickets], page.total) == (order[11:15], 25)
    # after the last ticket: nothing
    last = TicketKey.of(full.tickets[-1])
    assert (
        await store.list_tickets("acme", TicketFilter(), page=1, page_size=4, after=last)
    ).tickets == ()


async def test_writes_before_the_position_move_nothing_after_it(store, make_ticket):
    tickets = [make_ticket(f"t-{i:02d}", created_at=created(i)) for i in range(20)]
    await store.apply_tickets("acme", tickets, job_id="job-1")
    full = await store.list_tickets("acme", TicketFilter(), page=1, page_size=100)
    order = [t.external_id for t in full.tickets]

    async def insert_and_delete() -> None:
        newer = [make_ticket(f"n-{i}", created_at=START + timedelta(minutes=i)) for i in range(5)]
        await store.apply_tickets("acme", newer, job_id="job-2")
        # the first page's tickets, its last one (the position) among them
        assert await store.soft_delete("acme", order[:5], job_id="job-2") == 5

    assert await walk(store, TicketFilter(), 5, insert_and_delete) == order


async def test_a_position_of_another_millisecond_tie_or_a_naive_time(store, make_ticket):
    tickets = [make_ticket(f"t-{i}", created_at=START) for i in "abcd"]
    await store.apply_tickets("acme", tickets, job_id="job-1")
    # a position need not be a stored ticket: ties after "t-b", then older
    between = TicketKey(START, "t-b0")
    page = await store.list_tickets("acme", TicketFilter(), page=1, page_size=10, after=between)
    assert [t.external_id for t in page.tickets] == ["t-c", "t-d"]
    later = TicketKey(START + timedelta(milliseconds=1), "zzz")
    page = await store.list_tickets("acme", TicketFilter(), page=1, page_size=10, after=later)
    assert [t.external_id for t in page.tickets] == ["t-a", "t-b", "t-c", "t-d"]
    with pytest.raises(InvalidInput):
        naive = TicketKey(START.replace(tzinfo=None), "t-a")
        await store.list_tickets("acme", TicketFilter(), page=1, page_size=10, after=naive)


@pytest.mark.parametrize(
    "filters",
    [TicketFilter(), TicketFilter(status="open"), TicketFilter(urgency="high", source="web")],
)
def test_sqlite_reads_after_a_position_seek_in_the_list_index(sqlite_store, db_path, filters):
    """The created_at bound is a range of ``tickets_live_created`` (no new
    index): a read seeks to the position in the list's order, no sort."""
    _, page_sql, values = list_statements(filters, after=True)
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("EXPLAIN QUERY PLAN " + page_sql, ["acme", *values, 1, 1, "x", 20, 0])
        plan = " | ".join(row[3] for row in rows)
    finally:
        conn.close()
    assert "INDEX tickets_live_created (tenant_id=? AND created_at<?)" in plan, plan
    assert "TEMP B-TREE" not in plan and "SCAN tickets" not in plan, plan
