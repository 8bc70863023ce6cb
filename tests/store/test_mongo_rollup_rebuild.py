"""``rebuild_rollups`` on MongoDB: each tenant's rebuild is one transaction
fenced by the rebuild's lease, read on the primary: it lands whole or not
at all (cold review of the fenced rebuild: a rebuild whose lease was taken
over still wrote, one failing half-way left the tenant without rollups, and
its reads followed the URL's read preference)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pymongo import monitoring
from pymongo.errors import NetworkTimeout

from ticketd.errors import TicketdError
from ticketd.store import TicketFilter
from ticketd.store.mongo import MongoStore
from ticketd.store.mongo_rollup_rebuild import REBUILD_LEASE_SECONDS

from .conftest import START, printer_ticket

pytestmark = pytest.mark.timeout(60)
UNTIL = START + timedelta(days=1)


async def test_a_rebuild_whose_lease_was_taken_over_writes_nothing(mongo_store, clock):
    """A step of the rebuild outlasts its lease; a run takes the tenant over
    and stores a page meanwhile. The rebuild fails and leaves the rollups
    as the run left them: they count every ticket (its stale insert landed
    on top: 1 counted of 4)."""
    store = mongo_store
    await store.apply_tickets("acme", [printer_ticket(f"T-{i}") for i in range(3)], job_id=None)
    read = store._aggregate
    taken_over = False

    async def slow_aggregate(collection, pipeline, session=None):
        nonlocal taken_over
        docs = await read(collection, pipeline, session=session)
        if not taken_over:
            taken_over = True
            await clock.advance(REBUILD_LEASE_SECONDS + 1)
            lease = await store.acquire_lease("acme", "run-1", 60)
            assert lease is not None
            await store.apply_tickets("acme", [printer_ticket("T-new")], job_id=None, fence=lease)
            await store.release_lease("acme", "run-1")
        return docs

    store._aggregate = slow_aggregate
    with pytest.raises(TicketdError):
        await store.rebuild_rollups("acme")
    store._aggregate = read
    listed = await store.list_tickets("acme", TicketFilter(), page=1, page_size=50)
    stats = await store.tenant_stats("acme", from_date=None, to_date=UNTIL)
    assert stats.total_tickets == len(listed.tickets) == 4


async def test_a_rebuild_failing_half_way_leaves_the_rollups_whole(mongo_store):
    store = mongo_store
    await store.apply_tickets("acme", [printer_ticket(f"T-{i}") for i in range(3)], job_id=None)
    read = store._aggregate

    async def failing_aggregate(collection, pipeline, session=None):
        raise NetworkTimeout("the aggregate timed out")

    store._aggregate = failing_aggregate
    with pytest.raises(TicketdError):
        await store.rebuild_rollups("acme")
    store._aggregate = read
    stats = await store.tenant_stats("acme", from_date=None, to_date=UNTIL)
    assert stats.total_tickets == 3


class _TicketReads(monitoring.CommandListener):
    def __init__(self) -> None:
        self.preferences: list = []

    def started(self, event):
        if event.command_name == "aggregate" and event.command["aggregate"] == "tickets":
            self.preferences.append(event.command.get("$readPreference"))

    def succeeded(self, event):
        pass

    def failed(self, event):
        pass


async def test_the_rebuild_reads_the_tickets_on_the_primary(mongo_url, clock):
    """With readPreference=secondaryPreferred in the URL, a rebuild reading
    a lagging secondary would miss the last pages a run committed."""
    listener = _TicketReads()
    store = MongoStore.from_url(
        mongo_url + ("&" if "?" in mongo_url else "?") + "readPreference=secondaryPreferred",
        clock=clock,
        lease_clock="injected",
        event_listeners=[listener],
    )
    await store.open()
    try:
        await store.apply_tickets("acme", [printer_ticket("T-1")], job_id=None)
        await store.rebuild_rollups("acme")
    finally:
        await store.close()
    assert listener.preferences
    assert all(p is None or p.get("mode") == "primary" for p in listener.preferences)
