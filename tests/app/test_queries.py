"""The tenant read model's stats cache: bounded in size and in age, and
invalidated by a write of the tenant (the cache shared by concurrent
requests is checked with the isolation property in
``tests/http/test_isolation.py``)."""

from __future__ import annotations

from ticketd.app import TenantQueries
from ticketd.clock import FakeClock
from ticketd.store import make_store


async def test_stats_cache_stays_bounded_over_many_tenants(tmp_path):
    """Asking for the stats of many tenant ids keeps at most ``max_entries``
    results and versions; a write still invalidates a cached tenant."""

    clock = FakeClock()
    store = make_store(f"sqlite:///{tmp_path}/b.db", clock=clock)
    await store.open()
    queries = TenantQueries(store, clock, max_entries=8)
    for n in range(100):
        await queries.stats(f"tenant-{n}", from_date=None, to_date=None)
    first = await queries.stats("tenant-99", from_date=None, to_date=None)
    assert await queries.stats("tenant-99", from_date=None, to_date=None) is first  # cached
    queries.tenant_written("tenant-99")
    assert await queries.stats("tenant-99", from_date=None, to_date=None) is not first
    results, tenants = queries.cache_size
    assert results <= 8 and tenants <= 9
    await store.close()


async def test_stats_cache_drops_expired_results(tmp_path):
    """Results older than the time-to-live leave the cache as soon as a new
    one is cached, not only when the size bound pushes them out."""

    clock = FakeClock()
    store = make_store(f"sqlite:///{tmp_path}/b.db", clock=clock)
    await store.open()
    try:
        queries = TenantQueries(store, clock, ttl_seconds=5.0, max_entries=1024)
        for n in range(50):
            await queries.stats(f"tenant-{n}", from_date=None, to_date=None)
        assert queries.cache_size == (50, 50)
        await clock.advance(6)
        await queries.stats("tenant-new", from_date=None, to_date=None)
        assert queries.cache_size == (1, 1)
    finally:
        await store.close()
