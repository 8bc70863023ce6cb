"""MongoDB stats read one snapshot: a page write committed between two of
their queries does not show in some figures and not in others."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from pymongo import monitoring

from tests.store.conftest import START, TEST_DEADLINE_SECONDS
from ticketd.clock import FakeClock
from ticketd.store.mongo import MongoStore


class BetweenQueries(monitoring.CommandListener):
    """Runs ``action`` (blocking) when the ``nth`` aggregate starts."""

    def __init__(self, nth: int) -> None:
        self.nth = nth
        self.seen = 0
        self.action: Any = None

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name != "aggregate" or self.action is None:
            return
        self.seen += 1
        if self.seen == self.nth:
            self.action()

    def succeeded(self, event: Any) -> None: ...

    def failed(self, event: Any) -> None: ...


async def test_stats_read_one_snapshot_while_a_page_write_commits(mongo_url, make_ticket):
    """A page of tickets commits (another replica, the real write path)
    as the stats' second query starts: the answer is still one snapshot,
    its by_source adding up to its total. Each query read the latest
    data, so a dashboard polled during ingestion showed more tickets by
    source than in all (25 against 50; seen by an outside tester)."""
    clock = FakeClock(start=START)
    listener = BetweenQueries(nth=2)
    store = MongoStore.from_url(
        mongo_url,
        clock=clock,
        lease_clock="injected",
        event_listeners=[listener],
        timeout_seconds=TEST_DEADLINE_SECONDS,
    )
    await store.open()
    try:
        await store.apply_tickets("acme", [make_ticket(f"ext-{n}") for n in range(5)], job_id=None)

        def write_a_page() -> None:
            async def page() -> None:
                other = MongoStore.from_url(
                    mongo_url,
                    clock=clock,
                    lease_clock="injected",
                    timeout_seconds=TEST_DEADLINE_SECONDS,
                )
                await other.open()
                try:
                    more = [make_ticket(f"new-{n}", source="chat") for n in range(7)]
                    await other.apply_tickets("acme", more, job_id=None)
                finally:
                    await other.close()

            thread = threading.Thread(target=lambda: asyncio.run(page()))
            thread.start()
            thread.join()

        listener.action = write_a_page
        stats = await store.tenant_stats("acme", from_date=None, to_date=None)
        listener.action = None
        assert listener.seen >= 2  # the page was written between the queries
        assert sum(stats.by_source.values()) == stats.total_tickets == 5, stats
        after = await store.tenant_stats("acme", from_date=None, to_date=None)
        assert sum(after.by_source.values()) == after.total_tickets == 12, after
    finally:
        await store.close()
