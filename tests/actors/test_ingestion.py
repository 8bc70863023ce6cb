"""The tenant ingestion actor on its own: a real SQLite store, the mock
provider on a loopback port, the real rate-limiter actor."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import attrs
import pytest

from ticketd.actors import Supervisor
from ticketd.actors.ingestion import (
    CancelRun,
    GetProgress,
    IngestionConfig,
    RunAccepted,
    StartRun,
    TenantIngestionActor,
)
from ticketd.actors.ingestion_lease import LeaseAcquiring
from ticketd.actors.rate_limiter import LimiterPermits, RateLimiterActor
from ticketd.clock import SystemClock
from ticketd.domain.backoff import Backoff
from ticketd.errors import ActorStopped, Conflict
from ticketd.external import ProviderClient
from ticketd.metrics import Metrics
from ticketd.store import make_store
from ticketd.store.sqlite import SqliteStore

TENANT = "tenant_a"


class WatchedPermits:
    """The real limiter's permits, with events a test can wait on: the
    ``n``-th permit wait has begun, a 429 was reported."""

    def __init__(self, inner: LimiterPermits) -> None:
        self.inner = inner
        self.waits = 0
        self.wait_began: dict[int, asyncio.Event] = {}
        self.throttled_seen = asyncio.Event()

    def nth_wait(self, n: int) -> asyncio.Event:
        return self.wait_began.setdefault(n, asyncio.Event())

    async def acquire(self, key: str, wait: Any = None) -> float:
        self.waits += 1
        self.nth_wait(self.waits).set()
        return await self.inner.acquire(key, wait)

    def throttled(self, key: str, retry_after: float) -> None:
        self.throttled_seen.set()
        self.inner.throttled(key, retry_after)


class Harness:
    def __init__(self, supervisor, limiter, permits, store, config) -> None:
        self.supervisor = supervisor
        self.limiter = limiter
        self.permits = permits
        self.store = store
        self.config = config

    def tenant(self):
        return self.supervisor.get_or_spawn(
            f"tenant:{TENANT}", lambda: TenantIngestionActor(TENANT, self.config)
        )

    async def start_run(self) -> RunAccepted:
        return await self.tenant().ask(StartRun())


@pytest.fixture
async def harness(tmp_path, start_provider):
    """Build a harness over a provider started with the given settings and
    a limiter with the given budget (calls per minute)."""
    made: list[Any] = []

    async def build(*, calls_per_minute: int = 1000, **provider_settings: Any) -> Harness:
        provider = await start_provider(**provider_settings)
        clock = SystemClock()
        store = make_store(f"sqlite:///{tmp_path}/ingest.db", clock=clock)
        await store.open()
        session = aiohttp.ClientSession()
        supervisor = Supervisor(restart_delay=0)
        made.extend([store, session, supervisor])
        limiter = await supervisor.start_child(
            "rate-limiter",
            lambda: RateLimiterActor(
                clock=clock, calls_per_minute=calls_per_minute, notify_calls_per_minute=100
            ),
        )
        permits = WatchedPermits(LimiterPermits(limiter))
        client = ProviderClient(
            session, provider.url, permits=permits, clock=clock, backoff=Backoff(), page_size=20
        )
        config = IngestionConfig(
            store=store, provider=client, clock=clock, metrics=Metrics(), instance_id="test",
            lease_ttl_seconds=60, page_size=20, stall_seconds=60, idle_seconds=0.5,
        )  # fmt: skip
        return Harness(supervisor, limiter, permits, store, config)

    yield build
    for resource in reversed(made):
        if isinstance(resource, Supervisor):
            await resource.stop_all(timeout=5)
        else:
            await resource.close()


async def test_a_run_stores_the_tenants_tickets_and_frees_the_lease(harness):
    h = await harness(tickets=60)
    accepted = await h.start_run()
    view = await asyncio.wait_for(accepted.finished, 30)
    assert view.status == "completed" and view.error is None
    counts = view.report
    assert counts.created > 0 and counts.created + counts.skipped == 60
    assert counts.pages == 3
    assert not (await h.store.lease_status(TENANT)).locked
    job = await h.store.get_job(accepted.job_id)
    assert job is not None and job.status == "completed"


async def test_a_second_start_while_running_is_a_conflict(harness):
    h = await harness(tickets=60, calls_per_minute=1)
    accepted = await h.start_run()
    await asyncio.wait_for(h.permits.nth_wait(2).wait(), 10)  # waits on the budget
    with pytest.raises(Conflict):
        await h.start_run()
    await h.tenant().ask(CancelRun(accepted.job_id))
    await asyncio.wait_for(accepted.finished, 5)


async def test_cancel_while_waiting_for_a_permit_takes_effect_at_once(harness):
    """1. The budget is two calls a minute (page 1, then the deleted list):
       the run's second page waits.
    2. CancelRun while it waits: the progress view shows the request.
    3. The run ends cancelled at once (not after the minute), keeps the
       stored page and frees the lease."""
    h = await harness(tickets=60, calls_per_minute=2)
    accepted = await h.start_run()
    await asyncio.wait_for(h.permits.nth_wait(3).wait(), 10)
    view = await h.tenant().ask(CancelRun(accepted.job_id))
    final = await asyncio.wait_for(accepted.finished, 5)
    assert view.cancel_requested is True and view.status == "running"
    assert final.status == "cancelled"
    assert final.processed_pages == 1
    assert not (await h.store.lease_status(TENANT)).locked
    job = await h.store.get_job(accepted.job_id)
    assert job is not None and job.status == "cancelled"


async def test_cancel_while_waiting_out_a_retry_after_takes_effect_at_once(harness):
    """1. The provider allows one call per 300 s: the second call gets a
       429 with a long Retry-After and the client waits it out.
    2. CancelRun while it waits: the run ends cancelled at once, counting
       the time it waited, not the 300 s asked."""
    h = await harness(tickets=60, rate_limit=1, rate_limit_window=300.0)
    accepted = await h.start_run()
    await asyncio.wait_for(h.permits.throttled_seen.wait(), 10)
    await h.tenant().ask(CancelRun(accepted.job_id))
    final = await asyncio.wait_for(accepted.finished, 5)
    assert final.status == "cancelled"
    assert 0 <= final.report.throttled_seconds < 5


async def test_stopping_the_actor_interrupts_a_waiting_run_at_once(harness):
    h = await harness(tickets=60, calls_per_minute=1)
    accepted = await h.start_run()
    await asyncio.wait_for(h.permits.nth_wait(2).wait(), 10)
    assert await h.supervisor.stop_child(f"tenant:{TENANT}", timeout=5) == []
    final = await asyncio.wait_for(accepted.finished, 1)
    assert final.status == "interrupted"
    assert not (await h.store.lease_status(TENANT)).locked


async def test_a_limiter_crash_does_not_hang_the_run(harness):
    """1. The run (two pages, then the deleted ids) waits for its third
       permit (two calls a minute).
    2. The limiter crashes; its restart starts a fresh budget.
    3. The run asks the new limiter and completes."""
    h = await harness(tickets=40, calls_per_minute=2)
    accepted = await h.start_run()
    await asyncio.wait_for(h.permits.nth_wait(3).wait(), 10)
    await h.limiter.tell("not a message")  # crashes the limiter
    final = await asyncio.wait_for(accepted.finished, 10)
    assert final.status == "completed"


async def test_progress_of_a_job_it_does_not_run_is_none(harness):
    h = await harness(tickets=20)
    assert await h.tenant().ask(GetProgress("no-such-job")) is None


async def test_a_cancel_recorded_by_another_replica_ends_a_provider_wait(harness):
    """1. The run waits for its second permit (one call a minute).
    2. Another replica records the cancel in the job record (this actor
       is not told).
    3. The run notices within about a second and ends cancelled."""
    h = await harness(tickets=60, calls_per_minute=1)
    accepted = await h.start_run()
    await asyncio.wait_for(h.permits.nth_wait(2).wait(), 10)
    assert await h.store.request_cancel(accepted.job_id)
    final = await asyncio.wait_for(accepted.finished, 5)
    assert final.status == "cancelled"
    assert not (await h.store.lease_status(TENANT)).locked


class LeaseAnsweredLate(SqliteStore):
    """``acquire_lease`` commits, then its answer waits for the test (the
    start is cancelled while the lease is on its way back)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acquired = asyncio.Event()
        self.answer = asyncio.Event()

    async def acquire_lease(self, tenant_id, owner, ttl_seconds):
        lease = await super().acquire_lease(tenant_id, owner, ttl_seconds)
        self.acquired.set()
        await self.answer.wait()
        return lease


async def test_a_start_cancelled_while_the_lease_is_taken_gives_the_lease_back(harness, tmp_path):
    """The tenant actor is stopped (cancelled: a shutdown) while its start
    takes the lease: the acquire commits all the same, and the actor gives
    the lease back as it stops, so the next start is not refused for a
    whole TTL."""
    h = await harness(tickets=20)
    store = LeaseAnsweredLate(tmp_path / "ingest.db", clock=SystemClock())
    await store.open()
    try:
        config = attrs.evolve(h.config, store=store)
        ref = h.supervisor.get_or_spawn("tenant:late", lambda: TenantIngestionActor(TENANT, config))
        start = asyncio.ensure_future(ref.ask(StartRun()))
        await asyncio.wait_for(store.acquired.wait(), 5)
        stopping = asyncio.ensure_future(h.supervisor.stop_child("tenant:late", timeout=0))
        with pytest.raises(ActorStopped):
            await asyncio.wait_for(start, 5)  # the start was cancelled
        store.answer.set()
        await asyncio.wait_for(stopping, 5)
        assert not (await h.store.lease_status(TENANT)).locked
        accepted = await h.start_run()
        assert (await asyncio.wait_for(accepted.finished, 30)).status == "completed"
    finally:
        await store.close()


async def test_a_give_back_cancelled_again_still_releases_the_lease(harness, tmp_path):
    """The stop that gives the lease back is itself cancelled (a shutdown
    step past its share, then a forced shutdown) while the abandoned
    acquire is on its way back: the lease is still released. That cancel
    used to cancel the wait for the acquire, which had committed, so the
    lease stayed held for a whole TTL."""
    h = await harness(tickets=1)
    store = LeaseAnsweredLate(tmp_path / "ingest.db", clock=SystemClock())
    await store.open()
    try:
        config = attrs.evolve(h.config, store=store)
        acquiring = LeaseAcquiring()
        start = asyncio.ensure_future(acquiring.take(TENANT, "me/job1", config))
        await asyncio.wait_for(store.acquired.wait(), 5)
        start.cancel()
        await asyncio.wait([start])
        stopping = asyncio.ensure_future(acquiring.give_back(TENANT, config))
        cancelled = asyncio.Event()
        # Queued after the task's first step, so it lands while the give
        # back waits for the acquire.
        asyncio.get_running_loop().call_soon(lambda: (stopping.cancel(), cancelled.set()))
        await cancelled.wait()
        store.answer.set()
        await asyncio.wait([stopping], timeout=10)
        assert stopping.cancelled()
        assert not (await store.lease_status(TENANT)).locked
    finally:
        store.answer.set()
        await store.close()


class EndRecordedSlowly(SqliteStore):
    """``finish_job`` waits for the test (a slow database while the run
    records its end)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finishing = asyncio.Event()
        self.gate = asyncio.Event()

    async def finish_job(self, *args: Any, **kwargs: Any) -> Any:
        self.finishing.set()
        await self.gate.wait()
        return await super().finish_job(*args, **kwargs)


@pytest.mark.parametrize("cancel_the_stop", [False, True], ids=["deadline", "stop-cancelled"])
async def test_a_stop_past_its_deadline_returns_only_once_the_run_recorded_its_end(
    harness, tmp_path, cancel_the_stop
):
    """A shutdown step stops the tenant actor with a short deadline (or is
    itself cancelled: a forced shutdown) while the run records its end on a
    slow database: the stop returns only after the end is recorded and the
    lease released (a cancelled stop waits for them within its own
    deadline), so the daemon's next step (closing the store) cannot cut
    them off. It returned at the deadline with the run's wind-up left
    running unowned: the store closed under it, the job stayed `running`
    and the lease held for a whole TTL (cold review)."""
    h = await harness(tickets=60, calls_per_minute=1)
    store = EndRecordedSlowly(tmp_path / "ingest.db", clock=SystemClock())
    await store.open()
    try:
        config = attrs.evolve(h.config, store=store)
        ref = h.supervisor.get_or_spawn("tenant:slow", lambda: TenantIngestionActor(TENANT, config))
        accepted = await ref.ask(StartRun())
        await asyncio.wait_for(h.permits.nth_wait(2).wait(), 10)  # waits on the budget
        # A cancelled stop gives the actor the rest of its time (10 s).
        deadline = 10.0 if cancel_the_stop else 0.1
        stopping = asyncio.ensure_future(h.supervisor.stop_child("tenant:slow", timeout=deadline))
        await asyncio.wait_for(store.finishing.wait(), 5)
        if cancel_the_stop:
            stopping.cancel()
        await asyncio.wait([stopping], timeout=0.5)
        assert not stopping.done(), "the stop returned while the run's end was being recorded"
        store.gate.set()
        await asyncio.wait([stopping], timeout=10)
        if cancel_the_stop:
            assert stopping.cancelled()
        else:  # the deadline passed: reported, as a shutdown step's error
            assert [type(e) for e in stopping.result()] == [TimeoutError]
        job = await store.get_job(accepted.job_id)
        assert job is not None and job.status == "interrupted", job
        assert not (await store.lease_status(TENANT)).locked
    finally:
        store.gate.set()
        await store.close()
