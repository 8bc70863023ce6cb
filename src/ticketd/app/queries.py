"""The read model of the tenant API: tickets, history and stats, with a
small stats cache. The HTTP shell, the dashboard index and ``ticketd
stats`` read through it; it returns records, never JSON.

Dashboards poll stats every few seconds. The cache keeps a result while the
tenant's data version is unchanged (every write this process makes for a
tenant bumps it) and for at most ``ttl_seconds``, which bounds staleness
from writes made by other replicas. It holds at most ``max_entries``
results, oldest first, and drops expired ones as soon as anything new is
cached, so memory stays flat with many tenants. Concurrent misses of one
key share a single computation, so a cache expiry under load costs one
query, not one per waiting request.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from datetime import datetime
from typing import Any

import attrs

from ticketd.clock import Clock
from ticketd.domain.ticket import Ticket
from ticketd.errors import InvalidInput, NotFound
from ticketd.store import (
    HistoryRecord,
    Store,
    TenantStats,
    TicketFilter,
    TicketKey,
    TicketPage,
)

__all__ = ["TenantCounts", "TenantQueries"]

OVERVIEW_CONCURRENCY = 8  # tenants' stats computed at once for the overview


@attrs.frozen
class TenantCounts:
    """One line of the tenant overview."""

    tenant_id: str
    tickets: int  # live tickets
    urgent: int  # of which high urgency


class TenantQueries:
    """Read side of the tenant API."""

    def __init__(
        self, store: Store, clock: Clock, *, ttl_seconds: float = 5.0, max_entries: int = 1024
    ) -> None:
        self._store = store
        self._clock = clock
        self._ttl = ttl_seconds
        self._max_entries = max_entries
        self._versions: dict[str, int] = {}  # per tenant with something cached
        self._cache: OrderedDict[tuple[Any, ...], tuple[int, float, TenantStats]] = OrderedDict()
        # key -> (data version, computation in flight)
        self._computing: dict[tuple[Any, ...], tuple[int, asyncio.Task[TenantStats]]] = {}

    @property
    def cache_size(self) -> tuple[int, int]:
        """(cached stats results, tenants tracked), both bounded."""
        return len(self._cache), len(self._versions)

    def tenant_written(self, tenant_id: str) -> None:
        """Invalidate the tenant's cached stats (called after every write)."""
        if tenant_id in self._versions:  # otherwise nothing of it is cached
            self._versions[tenant_id] += 1

    async def list_tickets(
        self,
        tenant_id: str,
        filters: TicketFilter,
        *,
        page: int,
        page_size: int,
        after: TicketKey | None = None,
    ) -> TicketPage:
        """One page of the tenant's non-deleted tickets, newest first; with
        ``after``, those strictly after that position."""
        return await self._store.list_tickets(
            tenant_id, filters, page=page, page_size=page_size, after=after
        )

    async def get_ticket(self, tenant_id: str, external_id: str) -> Ticket:
        """The tenant's ticket; raises ``NotFound`` (also for another
        tenant's ticket)."""
        ticket = await self._store.get_ticket(tenant_id, external_id)
        if ticket is None:
            raise NotFound(f"no ticket {external_id} for tenant {tenant_id}")
        return ticket

    async def history(self, tenant_id: str, external_id: str, *, limit: int) -> list[HistoryRecord]:
        """The ticket's history, newest first; raises ``NotFound`` for a
        ticket the tenant never had."""
        records = await self._store.ticket_history(tenant_id, external_id, limit=limit)
        if not records and await self._store.get_ticket(tenant_id, external_id) is None:
            raise NotFound(f"no ticket {external_id} for tenant {tenant_id}")
        return records

    async def stats(
        self, tenant_id: str, *, from_date: datetime | None, to_date: datetime | None
    ) -> TenantStats:
        """The tenant's analytics over the window (cached, see module doc);
        raises ``InvalidInput`` when ``from_date`` is after ``to_date``
        (which defaults to now)."""
        if from_date is not None:
            if to_date is not None and from_date > to_date:
                raise InvalidInput("from_date is after to_date")
            if to_date is None and from_date > self._clock.now():
                raise InvalidInput("from_date is after to_date (now, when not given)")
        key = (tenant_id, from_date, to_date)
        version = self._versions.setdefault(tenant_id, 0)
        now = self._clock.monotonic()
        cached = self._cache.get(key)
        if cached is not None and cached[0] == version and now - cached[1] < self._ttl:
            return cached[2]
        computing = self._computing.get(key)
        if computing is None or computing[0] != version:
            task = asyncio.get_running_loop().create_task(self._compute(key, version, now))
            computing = self._computing[key] = (version, task)
            task.add_done_callback(lambda done: self._computed(key, done))
        # shield: a waiter that goes away must not cancel the others' result
        return await asyncio.shield(computing[1])

    async def _compute(self, key: tuple[Any, ...], version: int, now: float) -> TenantStats:
        tenant_id, from_date, to_date = key
        body = await self._store.tenant_stats(tenant_id, from_date=from_date, to_date=to_date)
        # Entries are in the order they were computed, so the expired ones
        # are at the front: they go as soon as anything new is cached,
        # instead of sitting there until the size bound pushes them out.
        self._cache.pop(key, None)
        self._cache[key] = (version, now, body)
        while self._cache:
            _, (_, computed_at, _) = next(iter(self._cache.items()))
            if (
                len(self._cache) <= self._max_entries
                and self._clock.monotonic() - computed_at < self._ttl
            ):
                break
            self._cache.popitem(last=False)
        if len(self._versions) > len(self._cache) + len(self._computing):
            # Forget tenants with nothing cached or computing: memory stays
            # proportional to what is cached, however many tenants asked.
            live = {k[0] for k in self._cache} | {k[0] for k in self._computing}
            self._versions = {t: v for t, v in self._versions.items() if t in live}
        return body

    def _computed(self, key: tuple[Any, ...], task: asyncio.Task[TenantStats]) -> None:
        if self._computing.get(key, (0, None))[1] is task:
            del self._computing[key]
        if not task.cancelled():
            task.exception()  # retrieved: every waiter may have gone away

    async def tenants(self) -> list[str]:
        """Tenant ids with at least one stored ticket, sorted."""
        return await self._store.list_tenants()

    async def tenant_overview(self) -> list[TenantCounts]:
        """Every tenant with a stored ticket, with its ticket count and how
        many of them are high urgency (from the cached stats, a few tenants
        at a time so a burst of requests stays bounded)."""
        limit = asyncio.Semaphore(OVERVIEW_CONCURRENCY)

        async def counts(tenant_id: str) -> TenantCounts:
            async with limit:
                stats = await self.stats(tenant_id, from_date=None, to_date=None)
            return TenantCounts(tenant_id, stats.total_tickets, stats.by_urgency.get("high", 0))

        return list(await asyncio.gather(*(counts(t) for t in await self.tenants())))
