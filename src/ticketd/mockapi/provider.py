"""The mock provider's state as one object the handlers share: the feed,
the rate limit, the notify sink, the armed faults and the counters."""

from __future__ import annotations

import math

from aiohttp import web

from ticketd.clock import Clock
from ticketd.errors import RateLimited, Unavailable
from ticketd.mockapi.counters import CallCounters
from ticketd.mockapi.data import day_anchor, generate_tickets, load_tickets
from ticketd.mockapi.faults import FaultInjector
from ticketd.mockapi.feed import TicketFeed
from ticketd.mockapi.notify import NotifySink
from ticketd.mockapi.ratelimit import SlidingWindowLimiter
from ticketd.mockapi.settings import MockSettings

__all__ = ["PROVIDER", "InjectedFault", "MockProvider"]


class InjectedFault(Unavailable):
    """An armed error fault hit this request; answered with ``http_status``."""

    code = "injected_fault"

    def __init__(self, http_status: int, fault_id: int) -> None:
        super().__init__(f"injected fault {fault_id}: simulated HTTP {http_status}")
        self.http_status = http_status


class MockProvider:
    """Everything the mock knows. Build it with ``MockProvider.create``."""

    def __init__(
        self,
        settings: MockSettings,
        clock: Clock,
        feed: TicketFeed,
        limiter: SlidingWindowLimiter,
        notify: NotifySink,
        faults: FaultInjector,
        counters: CallCounters,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.feed = feed
        self.limiter = limiter
        self.notify = notify
        self.faults = faults
        self.counters = counters

    @classmethod
    def create(cls, settings: MockSettings, clock: Clock) -> MockProvider:
        """Generate (or load, with ``settings.data``) the data set, ending at
        ``clock.now()`` or, with ``anchor="day"``, at the end of the UTC
        day (later tickets arrive over the day); arm the faults the
        settings ask for. Raises ``InvalidInput`` for an unreadable or
        malformed data file."""
        arrivals = False
        if settings.data is not None:
            data = load_tickets(settings.data)
        else:
            arrivals = settings.anchor == "day"
            end = day_anchor(clock.now()) if arrivals else clock.now()
            data = generate_tickets(
                settings.tickets,
                settings.seed,
                settings.tenants,
                end,
                deleted=settings.deleted,
                shaped=arrivals,
            )
        feed = TicketFeed(
            data,
            clock=clock,
            tenants=settings.tenants,
            seed=settings.seed,
            flappy=settings.flappy_updated_at,
            evolve_every=settings.evolve_every,
            arrivals=arrivals,
        )
        provider = cls(
            settings=settings,
            clock=clock,
            feed=feed,
            limiter=SlidingWindowLimiter(settings.rate_limit, settings.rate_limit_window, clock),
            notify=NotifySink(settings, clock),
            faults=FaultInjector(settings.hang_seconds),
            counters=CallCounters(),
        )
        provider.arm_configured_faults()
        return provider

    def arm_configured_faults(self) -> None:
        """Arm the one-shot page faults of ``--fail-page``/``--timeout-page``."""
        self.faults.arm(
            [{"kind": "error", "endpoint": "list", "page": p} for p in self.settings.fail_pages]
            + [
                {"kind": "timeout", "endpoint": "list", "page": p}
                for p in self.settings.timeout_pages
            ]
        )

    @property
    def rate_limited_endpoints(self) -> tuple[str, ...]:
        """Endpoints sharing the sliding-window budget."""
        base = ("list", "ticket", "deleted")
        return (*base, "notify") if self.settings.rate_limit_notify else base

    async def admit(self, endpoint: str, *, page: int | None = None) -> None:
        """Let one request through: apply a matching armed fault (a time-out
        fault delays, then the request goes on), then the rate limit, then
        count it as served. Raises ``InjectedFault`` or ``RateLimited``."""
        fault = self.faults.take(endpoint, page)
        if fault is not None and fault.kind == "timeout":
            await self.clock.sleep(fault.seconds)
        elif fault is not None:
            self.counters.faulted(endpoint)
            if fault.kind == "error":
                raise InjectedFault(fault.status, fault.id)
            raise RateLimited(
                f"injected fault {fault.id}: simulated 429", retry_after=math.ceil(fault.seconds)
            )
        if endpoint in self.rate_limited_endpoints:
            wait = self.limiter.try_acquire()
            if wait is not None:
                self.counters.throttled(endpoint)
                raise RateLimited(
                    f"rate limit of {self.settings.rate_limit} calls per "
                    f"{self.settings.rate_limit_window:g} s exceeded; retry in {wait} s",
                    retry_after=wait,
                )
        self.counters.served(endpoint)

    def reset(self, *, data: bool = False) -> None:
        """Counters, notification record and attempts, outage, rate-limit
        window and armed faults back to the start; the tickets too with
        ``data``. Faults from the settings are armed again."""
        self.counters.reset()
        self.notify.reset()
        self.limiter.reset()
        self.faults.clear()
        self.arm_configured_faults()
        if data:
            self.feed.reset()


PROVIDER = web.AppKey("ticketd.mockapi.provider", MockProvider)
