"""A run reads the next provider page while it stores the current one, and
a cancel during the store of a page still counts that page and stores
nothing after it. Harness: tests/actors/test_ingestion.py (a real SQLite
store, the mock provider on loopback, the real rate limiter)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import attrs

from tests.actors.test_ingestion import TENANT, harness
from ticketd.actors.ingestion import CancelRun
from ticketd.external import CallStats
from ticketd.store import ApplyResult, Store

__all__ = ["harness"]


class ParkedWrites:
    """The harness's real store, with the ``n``-th ticket write parked
    until the test releases it (``entered`` is set when it arrives)."""

    def __init__(self, inner: Store, n: int) -> None:
        self._inner = inner
        self._n = n
        self.writes = 0
        self.entered = asyncio.Event()
        self.release = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def apply_tickets(
        self, tenant_id: str, tickets: Sequence[Any], **kwargs: Any
    ) -> ApplyResult:
        self.writes += 1
        if self.writes == self._n:
            self.entered.set()
            await self.release.wait()
        return await self._inner.apply_tickets(tenant_id, tickets, **kwargs)


async def park_second_write(h: Any) -> ParkedWrites:
    parked = ParkedWrites(h.store, 2)
    h.config = attrs.evolve(h.config, store=parked)
    return parked


async def page_ids(h: Any, numbers: range) -> set[str]:
    """The tenant's ticket ids on those pages of the feed."""
    ids: set[str] = set()
    for number in numbers:
        page, _ = await h.config.provider.fetch_page(number, TENANT, CallStats())
        ids |= {t.external_id for t in page.tickets if t.tenant_id == TENANT}
    return ids


async def test_a_cancel_during_the_store_of_a_page_counts_it_and_stores_nothing_after(harness):
    """1. A 120-ticket feed, 20 a page; the store of page 2 is parked.
    2. CancelRun while page 2 is being stored; then the store completes.
    3. The run ends cancelled with 2 pages counted, and the tenant's
       stored tickets are exactly those of pages 1 and 2."""
    h = await harness(tickets=120)
    parked = await park_second_write(h)
    accepted = await h.start_run()
    await asyncio.wait_for(parked.entered.wait(), 10)
    view = await h.tenant().ask(CancelRun(accepted.job_id))
    assert view.cancel_requested is True
    parked.release.set()
    final = await asyncio.wait_for(accepted.finished, 10)

    assert final.status == "cancelled"
    assert final.processed_pages == 2
    assert parked.writes == 2
    stored = await h.store.live_external_ids(TENANT)
    assert stored == await page_ids(h, range(1, 3))


async def test_the_next_page_is_fetched_while_a_page_is_stored(harness):
    """1. A 120-ticket feed, 20 a page; the store of page 2 is parked.
    2. While it is parked, the run asks for its next call's permit (page
       1, the deleted list, page 2, then page 3 ahead), one page ahead and
       no more: no fifth call starts."""
    h = await harness(tickets=120)
    parked = await park_second_write(h)
    accepted = await h.start_run()
    await asyncio.wait_for(parked.entered.wait(), 10)
    await asyncio.wait_for(h.permits.nth_wait(4).wait(), 10)
    assert h.permits.waits == 4
    parked.release.set()
    final = await asyncio.wait_for(accepted.finished, 10)
    assert final.status == "completed"
    assert final.processed_pages == 6
