"""A run's scan of the provider's feed, steps 1 to 4 of a run
(``ticketd.actors.ingestion`` starts it and writes its end):

1. page through the provider's feed, keeping only this tenant's tickets:
   with a ``FeedScanClient`` the pages come from the pass shared by every
   run active on the replicas of the database
   (``ticketd.actors.feed_scan``), otherwise (a provider that filters by
   tenant) from a scan of its own;
2. classify them and apply each page to the store in one write (change
   detection, history and outbox entries happen there), while the next
   page is read (one page ahead, no more);
3. record progress with every page, in the page's own write (one writer
   transaction per page on SQLite: tickets and progress never disagree),
   and keep the lease alive; if the lease cannot be renewed, stop before
   the next write;
4. after a complete, uncancelled scan only (``ticketd.domain.scan``:
   pages 1, 2, 3... without a jump, a non-empty first page, at least
   ``total_count`` ids seen; a run that joined the shared pass late
   receives pages k..N then 1..k-1 and is judged on them in page order),
   soft-delete the tenant's tickets the provider lists as deleted
   (fetched before the first page is applied; it wins over the feed) and
   those the feed no longer lists under this tenant, unless that is more
   than ``max_delete_fraction`` of its live tickets and the run was not
   started with ``allow_mass_delete``; a skipped deletion ends
   the run ``completed`` with the reason in ``deletion_skipped``. Each
   absence is then confirmed with the single-ticket endpoint (404 or
   another tenant: deleted; still this tenant's: applied as seen).

A cancel takes effect at a page boundary: the page being stored is
counted, the one read ahead is dropped; a run waiting on the provider
stops waiting at once.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator

from ticketd.actors.cancellable import CANCELLED
from ticketd.actors.ingestion_absence import delete_absent
from ticketd.actors.ingestion_run import IngestionConfig, IngestionRun, await_unless_cancelled
from ticketd.actors.ingestion_write import PageCounts, store_tickets
from ticketd.aio import cancel_and_wait
from ticketd.domain.scan import ScanCompleteness, ids_listed_for
from ticketd.domain.ticket import ProviderTicket
from ticketd.external.pages import Page

__all__ = ["scan_feed"]


def _page_number(observation: tuple[int, int | None, int | None, tuple[str, ...]]) -> int:
    return observation[0]


async def scan_feed(run: IngestionRun, tenant_id: str, config: IngestionConfig) -> str:
    """Fetch, classify and store every page, then delete what the scan
    found gone (see the module doc); returns the run's final status."""
    c = config
    pages: AsyncIterator[Page]
    if c.feed is not None:
        run.feed = await c.feed.subscribe(tenant_id, run.stats)
        pages = run.feed
    else:
        pages = aiter(c.provider.iter_pages(tenant_id, run.stats))
    try:
        return await _scan_pages(run, tenant_id, c, pages)
    finally:
        await pages.aclose()


async def _scan_pages(
    run: IngestionRun, tenant_id: str, c: IngestionConfig, pages: AsyncIterator[Page]
) -> str:
    # The provider's deleted list is read before the first page is
    # applied and wins: a ticket it lists is never applied from a page
    # (which would restore it), so a feed that lists a ticket both ways
    # writes nothing on the next run. It is asked for once the first
    # page is in, so runs that share a pass share the call too.
    gone: set[str] | None = None
    listed: set[str] = set()  # ids the feed listed for this tenant
    # Pages of the shared pass come in fetch order, which for a run that
    # joined mid-pass is k..N, then 1..k-1: completeness is judged on
    # the pages sorted by number (links, gaps and repeats show the same).
    observed: list[tuple[int, int | None, int | None, tuple[str, ...]]] = []
    # One page ahead: the next page is read while this one is stored
    # (asked for after the deleted list, which keeps its place), never
    # more. A cancel still takes effect at a page boundary: the page
    # being stored is counted, the one read ahead is dropped.
    reads: list[asyncio.Future[Page | None]] = []
    try:
        while True:
            if not reads:
                reads.append(asyncio.ensure_future(anext(pages, None)))
            page = await await_unless_cancelled(run, c, reads[0])
            if page is CANCELLED:
                return run.cancel_reason or "cancelled"
            reads.clear()
            if page is None:
                break
            observed.append((page.number, page.next_page, page.total_count, page.record_ids))
            if not page.record_ids:
                continue  # the feed's empty end (mid-way for a late joiner)
            if page.total_count is not None:
                run.total_pages = max(1, math.ceil(page.total_count / c.page_size))
            if gone is None:
                gone = await _listed_deleted(run, tenant_id, c)
                if gone is None:
                    return run.cancel_reason or "cancelled"
            listed |= ids_listed_for(tenant_id, page.tickets, page.record_ids)
            mine = [t for t in page.tickets if t.tenant_id == tenant_id]
            reads.append(asyncio.ensure_future(anext(pages, None)))
            counts = PageCounts.of(tenant_id, page, len(mine))
            await store_tickets(
                run, tenant_id, c, [t for t in mine if t.external_id not in gone], counts
            )
            if run.cancel_reason is not None:
                return run.cancel_reason
    finally:
        await cancel_and_wait(reads)  # before the caller closes ``pages``
    scan = ScanCompleteness()
    for number, next_page, total_count, record_ids in sorted(observed, key=_page_number):
        scan.observe(number, next_page, total_count, record_ids)
    if gone is None:  # a feed without a ticket
        gone = await _listed_deleted(run, tenant_id, c)
        if gone is None:
            return run.cancel_reason or "cancelled"

    async def apply(run: IngestionRun, still_there: list[ProviderTicket]) -> None:
        await store_tickets(run, tenant_id, c, still_there)

    return await delete_absent(run, tenant_id, c, scan, listed, gone, apply)


async def _listed_deleted(run: IngestionRun, tenant_id: str, c: IngestionConfig) -> set[str] | None:
    """The ids the provider lists as deleted (from the call the shared
    pass makes, if any); None when a cancel came first."""
    ids = await await_unless_cancelled(
        run,
        c,
        run.feed.deleted_ids()
        if run.feed is not None
        else c.provider.deleted_ids(tenant_id, run.stats),
    )
    return None if ids is CANCELLED else set(ids)
