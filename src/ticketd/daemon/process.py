"""The daemon process: wires settings, store, actors, the application
layer (``ticketd.app``) and the HTTP server, and shuts them down in reverse
order. The configuration each part gets is built in ``ticketd.daemon.wiring``.

Start order: store (schema, orphaned jobs marked interrupted), HTTP client
session, supervisor with the rate limiter, the feed scan (no tenant
filter) and the notifier, the application layer, the job sweeper (orphaned
jobs marked interrupted every quarter of the lease TTL), HTTP site, the
sync scheduler (when a schedule is set), then READY=1 and the liveness
loop. Shutdown is a stack (``ShutdownStack``) with one overall budget,
``shutdown_timeout_seconds``: STOPPING=1, liveness loop, sync scheduler
(no new scheduled run), HTTP site (no new requests), job sweeper, tenant
actors (running jobs checkpoint and release their leases), notifier, feed
scan, rate limiter, HTTP client session, store; errors are gathered rather
than stopping at the first.

Liveness: every watchdog interval (or ``LIVENESS_INTERVAL_SECONDS`` without
a watchdog) the daemon pings every permanent actor; the systemd watchdog is
fed only after a round in which all answered and the supervisor has not
given up, so a wedged actor gets the process restarted.
"""

from __future__ import annotations

import asyncio
import logging
import socket

import aiohttp
import orjson
from aiohttp import web

from ticketd.actors import ActorRef, Liveness, Supervisor
from ticketd.actors.feed_scan import FEED_LEASE_SECONDS, FeedScanActor
from ticketd.actors.job_sweeper import JobSweeperActor, SweeperConfig
from ticketd.actors.notifier import NotifierActor, make_breaker, make_held_entries
from ticketd.actors.rate_limiter import (
    LimiterPermits,
    RateLimiterActor,
    SharedBudget,
    make_windows,
)
from ticketd.actors.sync_scheduler import SyncSchedulerActor
from ticketd.aio import cancel_and_wait
from ticketd.app import HealthChecks, IngestionCommands, NotificationAdmin, TenantQueries
from ticketd.app.health import LIVENESS_TIMEOUT_SECONDS
from ticketd.clock import Clock, SystemClock
from ticketd.daemon.listening import bound_port, check_bind_address, listening_sockets
from ticketd.daemon.sdnotify import SystemdNotifier
from ticketd.daemon.shutdown import ShutdownError, ShutdownStack, once
from ticketd.daemon.wiring import (
    ingestion_config,
    notifier_config,
    register_gauges,
    sync_config,
)
from ticketd.domain.backoff import Backoff
from ticketd.external import ProviderClient
from ticketd.http import make_app
from ticketd.http.server import ServiceRunner
from ticketd.metrics import Metrics
from ticketd.settings import Settings
from ticketd.store import Store, make_store

__all__ = ["Daemon"]

log = logging.getLogger(__name__)

LIVENESS_INTERVAL_SECONDS = 10.0  # ping round period when no watchdog asks for one


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
        sockets: list[socket.socket] = []
        if self.serve_http:
            check_bind_address(s)
            sockets = listening_sockets(s.host, s.port)
        try:
            self._stack.push_callback("listening sockets", lambda: _close(sockets))
            store = make_store(s.db, clock=self.clock, timeout_seconds=s.db_timeout_seconds)
            self.store = store
            await store.open()
            self._stack.push_callback("store", store.close)
            interrupted = await store.interrupt_orphaned_jobs()
            self.metrics.ingestion_sweeps.labels("completed").inc()
            if interrupted:
                self.metrics.ingestion_runs_swept.inc(len(interrupted))
                log.warning("ended orphaned runs", extra={"job_ids": interrupted})

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
                max_pages=s.max_pages_per_scan,
                tenant_filter=s.provider_tenant_filter,
                metrics=self.metrics,
            )
            # Runs active at the same time, on every replica of the
            # database, share one pass over the mixed feed; a provider that
            # filters by tenant is read per tenant.
            feed_scan = None
            if not s.provider_tenant_filter:
                feed_scan = await supervisor.start_child(
                    "feed-scan",
                    lambda: FeedScanActor(
                        provider,
                        store,
                        clock=self.clock,
                        instance_id=s.instance_id,
                        lease_seconds=min(s.lock_ttl_seconds, FEED_LEASE_SECONDS),
                        gather_seconds=s.feed_gather_seconds,
                    ),
                )
                self._stack.push("feed scan", self._stop_actor_step("feed-scan"))
            self.feed_scan = feed_scan
            notifier = None
            if self.deliver_notifications:
                config = notifier_config(
                    s, store=store, provider=provider, clock=self.clock, metrics=self.metrics
                )
                breaker = make_breaker(config)  # outlives the notifier's restarts
                held = make_held_entries(config)  # so do its unrecorded deliveries
                notifier = await supervisor.start_child(
                    "notifier", lambda: NotifierActor(config, breaker=breaker, held=held)
                )
                self._stack.push("notifier", self._stop_actor_step("notifier"), weight=2)
            self.notifier = notifier
            queries = self.queries = TenantQueries(store, self.clock)
            ingestion = self.ingestion = IngestionCommands(
                supervisor=supervisor,
                config=ingestion_config(
                    s,
                    store=store,
                    provider=provider,
                    clock=self.clock,
                    metrics=self.metrics,
                    queries=queries,
                    notifier=notifier,
                    feed_scan=feed_scan,
                ),
            )
            self.notifications = NotificationAdmin(store, notifier)
            self.health = HealthChecks(store, provider, supervisor)
            register_gauges(self.metrics, supervisor, queries)
            self._stack.push("tenant actors", self._stop_tenants, weight=3)
            # Runs left running by a replica that died are ended here, every
            # quarter of the lease TTL, not only at the next start.
            await supervisor.start_child(
                "job-sweeper",
                lambda: JobSweeperActor(
                    SweeperConfig(
                        store=store,
                        clock=self.clock,
                        metrics=self.metrics,
                        lease_ttl_seconds=s.lock_ttl_seconds,
                    )
                ),
            )
            self._stack.push("job sweeper", self._stop_actor_step("job-sweeper"))
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
            self._stack.push("http server", once(runner.cleanup), weight=2)
            for sock in sockets:
                await web.SockSite(runner, sock).start()
            self.port = bound_port(runner)
            if s.sync_interval_seconds > 0:
                self.scheduler = ingestion.scheduler = await supervisor.start_child(
                    "sync-scheduler",
                    lambda: SyncSchedulerActor(
                        sync_config(
                            s,
                            store=store,
                            ingestion=ingestion,
                            clock=self.clock,
                            metrics=self.metrics,
                        )
                    ),
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


async def _close(sockets: list[socket.socket]) -> None:
    """Close the listening sockets (the HTTP server closes the ones it
    took; closing again is harmless)."""
    for sock in sockets:
        sock.close()
