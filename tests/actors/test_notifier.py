"""The notifier actor against a real store, a real client and a loopback
/notify: what counts as a failure, what does not."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import aiohttp
import pytest
from aiohttp import web

from ticketd.actors import Supervisor
from ticketd.actors.notifier import BreakerStatus, NotifierActor, NotifierConfig
from ticketd.clock import FakeClock, SystemClock
from ticketd.domain.backoff import Backoff
from ticketd.domain.breaker import CircuitBreaker
from ticketd.domain.ticket import Ticket
from ticketd.external import ProviderClient
from ticketd.metrics import Metrics
from ticketd.store import make_store


class SlowPermits:
    """Grants each permit only after ``delay`` seconds (a busy budget)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    async def acquire(self, key: str) -> float:
        await asyncio.sleep(self.delay)
        return 0.0

    def throttled(self, key: str, retry_after: float) -> None:
        pass


def loopback_client(session, server, clock) -> ProviderClient:
    """A client of the loopback ``server`` (its /notify), every permit
    granted at once."""
    return ProviderClient(
        session, str(server.make_url("")).rstrip("/"), permits=SlowPermits(0),
        clock=clock, backoff=Backoff(),
    )  # fmt: skip


class MarkedStore:
    """The real store; ``all_marked`` is set once ``expected`` deliveries
    were recorded delivered."""

    def __init__(self, store, expected: int) -> None:
        self._store = store
        self.expected = expected
        self.all_marked = asyncio.Event()

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    async def mark_delivered(self, *args, **kwargs) -> bool:
        written = await self._store.mark_delivered(*args, **kwargs)
        self.expected -= 1
        if self.expected <= 0:
            self.all_marked.set()
        return written


def urgent(n: int) -> Ticket:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return Ticket(
        tenant_id="acme", external_id=f"ext-{n}", subject="refund", message="refund now",
        status="open", source="email", customer_id="c1", created_at=at, updated_at=at,
        urgency="high", sentiment="negative", requires_action=True, rules=("refund_demand",),
    )  # fmt: skip


@pytest.fixture
async def notify_server(aiohttp_server):
    received: list[str] = []

    async def notify(request: web.Request) -> web.Response:
        received.append((await request.json())["ticket_id"])
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/notify", notify)
    server = await aiohttp_server(app)
    return str(server.make_url("")).rstrip("/"), received


async def test_waiting_for_a_permit_is_not_a_failure(tmp_path, notify_server):
    """1. The budget makes every delivery wait longer than the delivery
       time-out before it may go.
    2. Every notification is still delivered, and the breaker counts no
       failure: a busy budget is not a slow provider."""
    url, received = notify_server
    clock = SystemClock()
    store = make_store(f"sqlite:///{tmp_path}/n.db", clock=clock)
    await store.open()
    await store.apply_tickets("acme", [urgent(n) for n in range(3)], job_id=None)
    marked = MarkedStore(store, expected=3)
    supervisor = Supervisor()
    async with aiohttp.ClientSession() as session:
        client = ProviderClient(
            session, url, permits=SlowPermits(0.15), clock=clock, backoff=Backoff()
        )
        config = NotifierConfig(
            store=marked, provider=client, clock=clock, metrics=Metrics(), owner="me",
            timeout_seconds=0.05, poll_seconds=0.05,
        )  # fmt: skip
        notifier = await supervisor.start_child("notifier", lambda: NotifierActor(config))
        await asyncio.wait_for(marked.all_marked.wait(), 10)
        status = await notifier.ask(BreakerStatus())
        await supervisor.stop_all(timeout=2)
    await store.close()
    assert sorted(received) == ["ext-0", "ext-1", "ext-2"]
    assert status["failures"] == 0 and status["state"] == "closed"


class GatedPermits:
    """Holds every permit until ``grant`` is set; counts the waits in
    progress and signals ``all_waiting`` once ``expected`` are waiting."""

    def __init__(self, expected: int) -> None:
        self.grant = asyncio.Event()
        self.all_waiting = asyncio.Event()
        self.expected = expected
        self.waiting = 0

    async def acquire(self, key: str) -> float:
        self.waiting += 1
        if self.waiting >= self.expected:
            self.all_waiting.set()
        try:
            await self.grant.wait()
            return 0.0
        finally:
            self.waiting -= 1

    def throttled(self, key: str, retry_after: float) -> None:
        pass


async def test_no_delivery_outlives_the_notifier(tmp_path, notify_server):
    """1. Three deliveries wait for a permit the budget never grants.
    2. The notifier is stopped.
    3. Once stop returns, no delivery is still waiting (each was cancelled
       with the actor), nothing reached the provider, and the entries are
       pending again for the next process."""
    url, received = notify_server
    clock = SystemClock()
    store = make_store(f"sqlite:///{tmp_path}/n.db", clock=clock)
    await store.open()
    await store.apply_tickets("acme", [urgent(n) for n in range(3)], job_id=None)
    permits = GatedPermits(expected=3)
    supervisor = Supervisor()
    async with aiohttp.ClientSession() as session:
        client = ProviderClient(session, url, permits=permits, clock=clock, backoff=Backoff())
        config = NotifierConfig(
            store=store, provider=client, clock=clock, metrics=Metrics(), owner="me",
            timeout_seconds=0.05, poll_seconds=60,
        )  # fmt: skip
        await supervisor.start_child("notifier", lambda: NotifierActor(config))
        await asyncio.wait_for(permits.all_waiting.wait(), 5)
        assert await supervisor.stop_all(timeout=5) == []
        assert permits.waiting == 0
        permits.grant.set()
        summary = await store.outbox_summary()
    await store.close()
    assert received == []
    assert summary.pending == 3


class RenewalSignal(MarkedStore):
    """The real store, signalling each time a claim renewal finished (and
    once one delivery was recorded)."""

    def __init__(self, store) -> None:
        super().__init__(store, expected=1)
        self.renewed = asyncio.Event()

    async def extend_claims(self, *args, **kwargs) -> int:
        try:
            return await self._store.extend_claims(*args, **kwargs)
        finally:
            self.renewed.set()


async def test_a_delivery_waiting_for_a_permit_keeps_its_claim(tmp_path, notify_server):
    """1. A delivery waits a minute for a permit, three times its claim's
       lease (time-out 5 s plus a 15 s margin).
    2. Its claim is renewed meanwhile: another replica claims nothing.
    3. The permit comes; the notification is delivered once."""
    url, received = notify_server
    clock = FakeClock()
    store = make_store(f"sqlite:///{tmp_path}/n.db", clock=clock)
    await store.open()
    await store.apply_tickets("acme", [urgent(0)], job_id=None)
    renewals = RenewalSignal(store)
    permits = GatedPermits(expected=1)
    supervisor = Supervisor()
    async with aiohttp.ClientSession() as session:
        client = ProviderClient(session, url, permits=permits, clock=clock, backoff=Backoff())
        config = NotifierConfig(
            store=renewals, provider=client, clock=clock, metrics=Metrics(), owner="me",
            timeout_seconds=5, poll_seconds=600,
        )  # fmt: skip
        await supervisor.start_child("notifier", lambda: NotifierActor(config))
        await asyncio.wait_for(permits.all_waiting.wait(), 5)
        for _ in range(12):  # 60 s in renewal steps
            renewals.renewed.clear()
            await clock.advance(5)
            await asyncio.wait_for(renewals.renewed.wait(), 5)
        taken = await store.claim_notifications("other-replica", limit=10, lease_seconds=20)
        permits.grant.set()
        await asyncio.wait_for(renewals.all_marked.wait(), 10)
        assert await supervisor.stop_all(timeout=5) == []
    await store.close()
    assert taken == []
    assert received == ["ext-0"]


class SignallingBreaker(CircuitBreaker):
    """The real breaker; sets ``failed`` once a failure is recorded."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.failed = asyncio.Event()

    def record_failure(self) -> None:
        super().record_failure()
        self.failed.set()


async def test_a_restart_does_not_close_an_open_breaker(tmp_path, aiohttp_server):
    """1. /notify fails; one failure opens the breaker for an hour.
    2. The notifier crashes and its supervisor restarts it; the factory
       passes every incarnation the same breaker, as the daemon does.
    3. The new incarnation reports the breaker still open, and makes no
       call to /notify."""
    calls: list[str] = []

    async def notify(request: web.Request) -> web.Response:
        calls.append((await request.json())["ticket_id"])
        return web.json_response({"error": "down"}, status=500)

    app = web.Application()
    app.router.add_post("/notify", notify)
    server = await aiohttp_server(app)
    clock = SystemClock()
    store = make_store(f"sqlite:///{tmp_path}/n.db", clock=clock)
    await store.open()
    await store.apply_tickets("acme", [urgent(n) for n in range(3)], job_id=None)
    supervisor = Supervisor(restart_delay=0)
    async with aiohttp.ClientSession() as session:
        client = loopback_client(session, server, clock)
        config = NotifierConfig(
            store=store, provider=client, clock=clock, metrics=Metrics(), owner="me",
            poll_seconds=0.05, breaker_window=1, breaker_failures=1,
            breaker_open_seconds=3600, concurrency=1,
        )  # fmt: skip
        breaker = SignallingBreaker(clock=clock, window=1, failures=1, open_seconds=3600)
        notifier = await supervisor.start_child(
            "notifier", lambda: NotifierActor(config, breaker=breaker)
        )
        await asyncio.wait_for(breaker.failed.wait(), 5)
        assert (await notifier.ask(BreakerStatus()))["state"] == "open"
        calls_before = len(calls)
        notifier.crash(RuntimeError("drill"))
        status = await notifier.ask(BreakerStatus())  # answered after the restart
        restarts = supervisor.restarts_total
        await supervisor.stop_all(timeout=2)
    await store.close()
    assert restarts == 1
    assert status["state"] == "open"
    assert len(calls) == calls_before


class CancellationLostOnce:
    """A real store whose ``outbox_summary`` loses the first cancellation
    that reaches it: it returns its result instead, as Python 3.11's
    ``asyncio.wait_for`` does inside the database driver when the awaited
    operation completes at the moment the caller is cancelled."""

    def __init__(self, store) -> None:
        self._store = store
        self.entered = asyncio.Event()
        self.lost = False

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    async def outbox_summary(self):
        summary = await self._store.outbox_summary()
        if self.lost:
            return summary
        self.entered.set()
        try:
            await asyncio.get_running_loop().create_future()  # until cancelled
        except asyncio.CancelledError:
            self.lost = True
        return summary


async def test_a_lost_cancellation_does_not_hold_up_the_stop(tmp_path):
    """1. The delivery loop is inside a database call when the notifier is
       stopped, and the call loses the cancellation that ends the
       incarnation.
    2. The notifier still stops within its budget: the loop ends on the
       stop itself rather than living on until the stop times out."""
    clock = SystemClock()
    real = make_store(f"sqlite:///{tmp_path}/n.db", clock=clock)
    await real.open()
    store = CancellationLostOnce(real)
    supervisor = Supervisor()
    async with aiohttp.ClientSession() as session:
        client = ProviderClient(
            session, "http://127.0.0.1:9", permits=GatedPermits(1), clock=clock, backoff=Backoff()
        )
        config = NotifierConfig(
            store=store, provider=client, clock=clock, metrics=Metrics(), owner="me",
            poll_seconds=60,
        )  # fmt: skip
        await supervisor.start_child("notifier", lambda: NotifierActor(config))
        await store.entered.wait()
        errors = await supervisor.stop_all(timeout=2)
    await real.close()
    assert store.lost
    assert errors == []
