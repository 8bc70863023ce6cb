"""The daemon: wires settings, store, actors and the HTTP server, and shuts
them down in reverse order.

Start order: store (schema, orphaned jobs marked interrupted), HTTP client
session, supervisor with the rate limiter, the feed scan (no tenant
filter) and the notifier, HTTP site,
the sync scheduler (when a schedule is set), then READY=1 and the liveness
loop. Shutdown is a stack (``ShutdownStack``) with one overall budget,
``shutdown_timeout_seconds``: STOPPING=1, liveness loop, sync scheduler
(no new scheduled run), HTTP site (no new requests), tenant actors
(running jobs checkpoint and release their leases), notifier, feed scan,
rate limiter, HTTP client session, store; errors are gathered rather than
stopping at the first.

Liveness: every watchdog interval (or ``LIVENESS_INTERVAL_SECONDS`` without
a watchdog) the daemon pings every permanent actor; the systemd watchdog is
fed only after a round in which all answered and the supervisor has not
given up, so a wedged actor gets the process restarted.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import socket
from typing import Any

import aiohttp
import orjson
from aiohttp import web

from ticketd.actors import ActorRef, Liveness, Supervisor
from ticketd.actors.feed_scan import FeedScanActor, FeedScanClient
from ticketd.actors.ingestion import IngestionConfig
from ticketd.actors.notifier import NotifierActor, NotifierConfig, Wake, make_breaker
from ticketd.actors.rate_limiter import (
    LimiterPermits,
    RateLimiterActor,
    SharedBudget,
    make_windows,
)
from ticketd.actors.sync_scheduler import SyncConfig, SyncSchedulerActor
from ticketd.aio import cancel_and_wait
from ticketd.app import HealthChecks, IngestionCommands, NotificationAdmin, TenantQueries
from ticketd.app.health import LIVENESS_TIMEOUT_SECONDS
from ticketd.clock import Clock, SystemClock
from ticketd.daemon.sdnotify import SystemdNotifier
from ticketd.daemon.shutdown import ShutdownError, ShutdownStack
from ticketd.domain.backoff import Backoff
from ticketd.errors import InvalidInput
from ticketd.external import ProviderClient
from ticketd.http import make_app
from ticketd.http.server import ServiceRunner
from ticketd.metrics import Metrics
from ticketd.settings import Settings
from ticketd.store import Store, make_store
from ticketd.store.records import JobRecord

__all__ = ["Daemon", "check_bind_address"]

log = logging.getLogger(__name__)

LIVENESS_INTERVAL_SECONDS = 10.0  # ping round period when no watchdog asks for one


def check_bind_address(settings: Settings) -> None:
    """Refuse a non-loopback address when no token is configured, unless
    ``insecure`` is set: an open API must not face the network by accident."""
    if settings.tokens or settings.insecure:
        return
    try:
        loopback = ipaddress.ip_address(settings.host).is_loopback
    except ValueError:
        loopback = settings.host == "localhost"
    if not loopback:
        raise InvalidInput(
            f"refusing to listen on {settings.host} without auth tokens: set TICKETD_AUTH_TOKENS "
            "or pass --insecure to serve the API unauthenticated"
        )


class Daemon:
    """One ticketd process. ``start()``, then ``wait()``, then ``stop()``.

    ``serve_http=False`` and ``deliver_notifications=False`` give the
    one-shot ``ticketd ingest`` the same wiring without a listener or a
    notifier (queued notifications stay in the outbox for the daemon).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        serve_http: bool = True,
        deliver_notifications: bool = True,
    ) -> None:
        self.settings = settings
        self.serve_http = serve_http
        self.deliver_notifications = deliver_notifications
        self.clock = clock or SystemClock()
        self.metrics = Metrics()
        self.systemd = SystemdNotifier()
        self._shutdown = asyncio.Event()
        self._stack = ShutdownStack()
        self._liveness_task: asyncio.Task[None] | None = None
        self.last_liveness: Liveness | None = None
        self.supervisor: Supervisor | None = None
        self.port: int | None = None
        self.started = False  # start() returned: stop() has something to drain
        # Set by start(): what it wired, for the commands and the tests.
        self.store: Store | None = None
        self.provider: ProviderClient | None = None
        self.rate_limiter: ActorRef | None = None
        self.notifier: ActorRef | None = None
        self.feed_scan: ActorRef | None = None
        self.scheduler: ActorRef | None = None
        self.ingestion: IngestionCommands | None = None
        self.queries: TenantQueries | None = None
        self.notifications: NotificationAdmin | None = None
        self.health: HealthChecks | None = None

    def request_shutdown(self) -> None:
        """Ask the daemon to drain and stop (signal handlers call this)."""
        self._shutdown.set()

    def force_shutdown(self) -> None:
        """Cut a drain short (a second SIGINT or SIGTERM): actors are cancelled rather
        than drained, but running jobs still end and release their leases,
        and the store is still closed."""
        self._shutdown.set()
        self._stack.force()

    @property
    def forced(self) -> bool:
        return self._stack.forced

    async def start(self) -> None:
        """Bring everything up; on failure, tear down what was started and
        re-raise."""
        s = self.settings
        if self.serve_http:
            check_bind_address(s)
        try:
            store = make_store(s.db, clock=self.clock, timeout_seconds=s.db_timeout_seconds)
            self.store = store
            await store.open()
            self._stack.push_callback("store", store.close)
            interrupted = await store.interrupt_orphaned_jobs()
            if interrupted:
                log.warning("marked orphaned jobs interrupted", extra={"job_ids": interrupted})

            session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=64, limit_per_host=32),
                json_serialize=lambda obj: orjson.dumps(obj).decode(),
            )
            self._stack.push_callback("http client", session.close)

            supervisor = Supervisor(
                max_restarts=s.restart_max,
                within_seconds=s.restart_window_seconds,
                clock=self.clock,
            )
            self.supervisor = supervisor
            self._stack.push("actors left", self._stop_actor_step(None), weight=0.5)
            windows = make_windows(
                s.rate_limit_per_minute, s.notify_rate_limit_per_minute, s.rate_limit_window_seconds
            )
            limiter = await supervisor.start_child(
                "rate-limiter",
                lambda: RateLimiterActor(
                    clock=self.clock,
                    calls_per_minute=s.rate_limit_per_minute,
                    notify_calls_per_minute=s.notify_rate_limit_per_minute,
                    window_seconds=s.rate_limit_window_seconds,
                    windows=windows,
                    shared=SharedBudget.for_window(store, s.rate_limit_window_seconds),
                ),
            )
            self._stack.push("rate limiter", self._stop_actor_step("rate-limiter"))
            self.rate_limiter = limiter
            provider = self.provider = ProviderClient(
                session,
                s.external_url,
                permits=LimiterPermits(limiter),
                clock=self.clock,
                backoff=Backoff(),
                timeout=s.provider_timeout_seconds,
                max_attempts=s.provider_max_attempts,
                page_size=s.page_size,
                tenant_filter=s.provider_tenant_filter,
                metrics=self.metrics,
            )
            # Runs active at the same time share one pass over the mixed
            # feed; a provider that filters by tenant is read per tenant.
            feed_scan = None
            if not s.provider_tenant_filter:
                feed_scan = await supervisor.start_child(
                    "feed-scan", lambda: FeedScanActor(provider)
                )
                self._stack.push("feed scan", self._stop_actor_step("feed-scan"))
            self.feed_scan = feed_scan
            notifier = None
            if self.deliver_notifications:
                config = notifier_config(s, store, provider, self)
                breaker = make_breaker(config)  # outlives the notifier's restarts
                notifier = await supervisor.start_child(
                    "notifier", lambda: NotifierActor(config, breaker=breaker)
                )
                self._stack.push("notifier", self._stop_actor_step("notifier"), weight=2)
            self.notifier = notifier
            queries = self.queries = TenantQueries(store, self.clock)
            ingestion = self.ingestion = IngestionCommands(
                supervisor=supervisor,
                config=ingestion_config(s, self, queries),
                stall_seconds=s.stall_seconds,
            )
            self.notifications = NotificationAdmin(store, notifier)
            self.health = HealthChecks(store, provider, supervisor)
            self._register_gauges()
            self._stack.push("tenant actors", self._stop_tenants, weight=3)
            if not self.serve_http:
                self.started = True
                return

            runner = ServiceRunner(
                make_app(
                    s,
                    ingestion=ingestion,
                    queries=queries,
                    notifications=self.notifications,
                    health=self.health,
                    metrics=self.metrics,
                ),
                handle_signals=False,
                access_log=None,
                shutdown_timeout=5,
                keepalive_timeout=s.http_keepalive_seconds,
            )
            await runner.setup()
            self._stack.push("http server", _once(runner.cleanup), weight=2)
            site = web.TCPSite(runner, s.host, s.port, reuse_address=True)
            try:
                await site.start()
            except OSError as exc:  # a busy port or an address not on this host
                reason = os.strerror(exc.errno) if exc.errno else str(exc)
                raise InvalidInput(f"cannot listen on {s.host}:{s.port}: {reason}") from None
            self.port = _bound_port(runner)
            if s.sync_interval_seconds > 0:
                self.scheduler = ingestion.scheduler = await supervisor.start_child(
                    "sync-scheduler", lambda: SyncSchedulerActor(sync_config(s, self))
                )
                self._stack.push("sync scheduler", self._stop_actor_step("sync-scheduler"))
            elif s.sync_tenants.strip():
                log.warning(
                    "TICKETD_SYNC_TENANTS is set but TICKETD_SYNC_INTERVAL_SECONDS is 0:"
                    " scheduled sync is off",
                    extra={"sync_tenants": s.sync_tenants},
                )
        except BaseException:
            for error in await self._teardown():
                log.error("cleanup after failed start", exc_info=error)
            raise
        self.started = True
        log.info("ticketd ready", extra={"host": s.host, "port": self.port})
        self.systemd.ready(f"listening on {s.host}:{self.port}")
        self._liveness_task = asyncio.create_task(self._liveness_loop(), name="liveness")
        self._stack.push_callback("liveness", self._stop_liveness)

    async def wait(self) -> None:
        """Return when shutdown is requested; raise ``RestartIntensityExceeded``
        if the supervisor gave up first."""
        assert self.supervisor is not None
        failed = asyncio.create_task(self.supervisor.wait_failed())
        shutdown = asyncio.create_task(self._shutdown.wait())
        try:
            await asyncio.wait({failed, shutdown}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            await cancel_and_wait([shutdown, failed])
        if self.supervisor.failure is not None:
            raise self.supervisor.failure

    async def stop(self) -> list[BaseException]:
        """Drain and close everything in reverse start order within the
        shutdown budget; returns the errors met on the way (logged together
        as one ``ShutdownError``)."""
        log.info("ticketd stopping")
        self.systemd.stopping()
        errors = await self._teardown()
        log.info("ticketd stopped", extra={"errors": len(errors), "forced": self.forced})
        return errors

    async def _teardown(self) -> list[BaseException]:
        try:
            await self._stack.close(self.settings.shutdown_timeout_seconds)
        except ShutdownError as error:
            log.error("errors during shutdown", exc_info=error)
            return list(error.exceptions)
        return []

    def _stop_actor_step(self, name: str | None):
        """A shutdown step stopping the permanent actor ``name`` (None:
        whatever is still running) within its share; forced, it cancels."""

        async def step(seconds: float, forced: bool) -> list[BaseException]:
            assert self.supervisor is not None
            self.supervisor.close()
            timeout = min(seconds, 0.1) if forced else seconds
            if name is None:
                return await self.supervisor.stop_all(timeout=timeout)
            return await self.supervisor.stop_child(name, timeout=timeout)

        return step

    async def _stop_tenants(self, seconds: float, forced: bool) -> list[BaseException]:
        assert self.supervisor is not None
        timeout = min(seconds, 0.1) if forced else seconds
        return await self.supervisor.stop_transient(timeout=timeout)

    # -- liveness ------------------------------------------------------------
    async def liveness(self) -> Liveness:
        """One ping round over the permanent actors (see module doc)."""
        assert self.supervisor is not None
        liveness = await self.supervisor.ping_permanent(timeout=LIVENESS_TIMEOUT_SECONDS)
        self.last_liveness = liveness
        return liveness

    async def _liveness_loop(self) -> None:
        interval = self.systemd.watchdog_interval or LIVENESS_INTERVAL_SECONDS
        was_alive = True
        while True:
            liveness = await self.liveness()
            if liveness.alive:
                self.systemd.watchdog()
                if not was_alive:
                    self.systemd.status(f"listening on {self.settings.host}:{self.port}")
            else:
                down = {n: a["error"] for n, a in liveness.actors.items() if a["status"] != "up"}
                log.error(
                    "liveness round failed; not feeding the watchdog",
                    extra={"supervisor": liveness.supervisor, "actors": down},
                )
                self.systemd.status(f"liveness failed: supervisor {liveness.supervisor}; {down}")
            was_alive = liveness.alive
            await asyncio.sleep(interval)

    async def _stop_liveness(self) -> None:
        if self._liveness_task is not None:
            for error in await cancel_and_wait([self._liveness_task]):
                log.error("liveness loop failed", exc_info=error)

    def _register_gauges(self) -> None:
        supervisor = self.supervisor
        assert supervisor is not None

        def mailboxes():
            # Tenant actors are summed under actor="tenant": /metrics may be
            # public, and tenant ids are not for every scraper to read.
            depths: dict[str, float] = {"tenant": 0.0}
            for name, ref in supervisor.refs().items():
                kind = "tenant" if name.startswith("tenant:") else name
                depths[kind] = depths.get(kind, 0.0) + ref.mailbox_depth
            for kind, depth in depths.items():
                yield {"actor": kind}, depth

        self.metrics.gauge(
            "ticketd_actor_mailbox_depth", "Messages waiting per actor", mailboxes, ("actor",)
        )
        self.metrics.gauge(
            "ticketd_actors", "Live actors", lambda: [({}, float(len(supervisor.refs())))]
        )
        queries = self.queries
        if queries is not None:
            self.metrics.gauge(
                "ticketd_stats_cache_entries",
                "Cached tenant stats results",
                lambda: [({}, float(queries.cache_size[0]))],
            )
        self.metrics.gauge(
            "ticketd_actor_restarts_total",
            "Actor restarts since start",
            lambda: [({}, float(supervisor.restarts_total))],
        )


def notifier_config(
    s: Settings, store: Any, provider: ProviderClient, daemon: Daemon
) -> NotifierConfig:
    return NotifierConfig(
        store=store,
        provider=provider,
        clock=daemon.clock,
        metrics=daemon.metrics,
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


def _once(close):
    """A shutdown step that runs ``close`` at most once (a forced rerun of
    a cancelled HTTP server cleanup must not start it again)."""
    started = False

    async def step(seconds: float, forced: bool) -> None:
        nonlocal started
        if not started:
            started = True
            await close()

    return step


def sync_config(s: Settings, daemon: Daemon) -> SyncConfig:
    store, ingestion = daemon.store, daemon.ingestion
    assert store is not None and ingestion is not None

    async def last_job(tenant_id: str) -> JobRecord | None:
        jobs = await store.recent_jobs(tenant_id, limit=1)
        return jobs[0] if jobs else None

    return SyncConfig(
        clock=daemon.clock,
        metrics=daemon.metrics,
        interval_seconds=s.sync_interval_seconds,
        tenants=s.scheduled_tenants,
        list_tenants=store.list_tenants,
        start_run=ingestion.start_run,
        last_job=last_job,
    )


def ingestion_config(s: Settings, daemon: Daemon, queries: TenantQueries) -> IngestionConfig:
    """What every tenant ingestion actor of the process is given."""
    assert daemon.store is not None and daemon.provider is not None

    async def wake_notifier() -> None:
        notifier = daemon.notifier
        if notifier is not None and notifier.alive:
            # A full mailbox already holds a wake-up: never block on it.
            await notifier.try_tell(Wake())

    return IngestionConfig(
        store=daemon.store,
        provider=daemon.provider,
        clock=daemon.clock,
        metrics=daemon.metrics,
        instance_id=s.instance_id,
        lease_ttl_seconds=s.lock_ttl_seconds,
        page_size=s.page_size,
        stall_seconds=s.stall_seconds,
        max_delete_fraction=s.max_delete_fraction,
        idle_seconds=s.tenant_idle_seconds,
        on_notifications=wake_notifier,
        on_write=queries.tenant_written,
        feed=FeedScanClient(daemon.feed_scan) if daemon.feed_scan is not None else None,
    )


def _bound_port(runner: web.AppRunner) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple):
            return int(address[1])
    raise RuntimeError("the HTTP site has no TCP address")


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago (for tests and the demo)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])
