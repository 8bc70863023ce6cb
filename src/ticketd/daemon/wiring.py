"""How the daemon builds its parts from the settings: the configuration
each actor is given, and the process gauges of ``/metrics``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ticketd.actors import ActorRef, Supervisor
from ticketd.actors.feed_scan import FeedScanClient
from ticketd.actors.ingestion import IngestionConfig
from ticketd.actors.notifier import NotifierConfig, Wake
from ticketd.actors.sync_scheduler import SyncConfig
from ticketd.app import IngestionCommands, TenantQueries
from ticketd.clock import Clock
from ticketd.domain.backoff import Backoff
from ticketd.external import ProviderClient
from ticketd.metrics import Metrics
from ticketd.settings import Settings
from ticketd.store import JobRecord, Store

__all__ = ["ingestion_config", "notifier_config", "register_gauges", "sync_config"]


def ingestion_config(
    s: Settings,
    *,
    store: Store,
    provider: ProviderClient,
    clock: Clock,
    metrics: Metrics,
    queries: TenantQueries,
    notifier: ActorRef | None,
    feed_scan: ActorRef | None,
) -> IngestionConfig:
    """What every tenant ingestion actor of the process is given: a run
    that queued notifications wakes ``notifier`` (when one runs), a write
    invalidates the tenant's cached stats, and runs share ``feed_scan``'s
    pass over the feed (None: each run scans alone)."""

    async def wake_notifier() -> None:
        if notifier is not None and notifier.alive:
            # A full mailbox already holds a wake-up: never block on it.
            await notifier.try_tell(Wake())

    return IngestionConfig(
        store=store,
        provider=provider,
        clock=clock,
        metrics=metrics,
        instance_id=s.instance_id,
        lease_ttl_seconds=s.lock_ttl_seconds,
        page_size=s.page_size,
        stall_seconds=s.stall_seconds,
        max_delete_fraction=s.max_delete_fraction,
        idle_seconds=s.tenant_idle_seconds,
        on_notifications=wake_notifier,
        on_write=queries.tenant_written,
        feed=FeedScanClient(feed_scan) if feed_scan is not None else None,
    )


def notifier_config(
    s: Settings, *, store: Store, provider: ProviderClient, clock: Clock, metrics: Metrics
) -> NotifierConfig:
    """The notifier's delivery, retry and breaker settings."""
    return NotifierConfig(
        store=store,
        provider=provider,
        clock=clock,
        metrics=metrics,
        owner=s.instance_id,
        concurrency=s.notify_concurrency,
        max_attempts=s.notify_max_attempts,
        max_age_seconds=s.notify_max_age_seconds,
        poll_seconds=s.notify_poll_seconds,
        timeout_seconds=s.notify_timeout_seconds,
        backoff=Backoff(base=1.0, cap=s.notify_backoff_cap_seconds),
        breaker_window=s.breaker_window,
        breaker_failures=s.breaker_failures,
        breaker_open_seconds=s.breaker_open_seconds,
    )


def sync_config(
    s: Settings, *, store: Store, ingestion: IngestionCommands, clock: Clock, metrics: Metrics
) -> SyncConfig:
    """The sync scheduler starts runs exactly as ``POST /ingest/run`` does."""

    async def last_job(tenant_id: str) -> JobRecord | None:
        jobs = await store.recent_jobs(tenant_id, limit=1)
        return jobs[0] if jobs else None

    return SyncConfig(
        clock=clock,
        metrics=metrics,
        interval_seconds=s.sync_interval_seconds,
        tenants=s.scheduled_tenants,
        list_tenants=store.list_tenants,
        start_run=ingestion.start_run,
        last_job=last_job,
    )


def register_gauges(metrics: Metrics, supervisor: Supervisor, queries: TenantQueries) -> None:
    """Actor mailboxes, live actors, restarts and the stats cache, read at
    each scrape."""

    def mailboxes() -> Iterator[tuple[dict[str, Any], float]]:
        # Tenant actors are summed under actor="tenant": /metrics may be
        # public, and tenant ids are not for every scraper to read.
        depths: dict[str, float] = {"tenant": 0.0}
        for name, ref in supervisor.refs().items():
            kind = "tenant" if name.startswith("tenant:") else name
            depths[kind] = depths.get(kind, 0.0) + ref.mailbox_depth
        for kind, depth in depths.items():
            yield {"actor": kind}, depth

    metrics.gauge(
        "ticketd_actor_mailbox_depth", "Messages waiting per actor", mailboxes, ("actor",)
    )
    metrics.gauge("ticketd_actors", "Live actors", lambda: [({}, float(len(supervisor.refs())))])
    metrics.gauge(
        "ticketd_stats_cache_entries",
        "Cached tenant stats results",
        lambda: [({}, float(queries.cache_size[0]))],
    )
    metrics.gauge(
        "ticketd_actor_restarts_total",
        "Actor restarts since start",
        lambda: [({}, float(supervisor.restarts_total))],
    )
