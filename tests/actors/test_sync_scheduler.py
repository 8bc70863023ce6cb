"""The sync scheduler: ticks on the interval with jitter, resolves `*` to
the store's tenants, counts skipped ticks, answers the next due time."""

from __future__ import annotations

import asyncio
import itertools
import random
import uuid
from datetime import timedelta

import pytest

from ticketd.actors import Supervisor
from ticketd.actors.sync_scheduler import NextSync, SyncConfig, SyncSchedulerActor
from ticketd.clock import FakeClock
from ticketd.errors import Conflict
from ticketd.metrics import Metrics
from ticketd.store.records import JobRecord
from ticketd.store.sqlite import SqliteStore

INTERVAL = 60.0


class Runs:
    """The scheduler's ``start_run``: records each start, and a job record
    in the store (started and finished at once, as a quick run); a tenant
    in ``busy`` answers Conflict, as a tenant running on another replica.
    ``tick`` is set after each of the scheduler's ticks."""

    def __init__(self, clock: FakeClock, store: SqliteStore) -> None:
        self.started: list[tuple[float, str]] = []
        self.busy: set[str] = set()
        self.tick = asyncio.Event()
        self.clock = clock
        self.store = store

    async def start_run(self, tenant_id: str) -> None:
        if tenant_id in self.busy:
            raise Conflict(f"{tenant_id} is running elsewhere")
        self.started.append((self.clock.monotonic(), tenant_id))
        job_id = uuid.uuid4().hex
        job = JobRecord(job_id, tenant_id, "me", "running", started_at=self.clock.now())
        await self.store.create_job(job)
        await self.store.finish_job(job_id, status="completed", metrics={}, error=None)

    async def last_job(self, tenant_id: str) -> JobRecord | None:
        jobs = await self.store.recent_jobs(tenant_id, limit=1)
        return jobs[0] if jobs else None


@pytest.fixture
async def schedule(tmp_path):
    clock = FakeClock()
    store = SqliteStore(tmp_path / "ticketd.db", clock=clock)
    await store.open()
    supervisor = Supervisor(clock=clock)
    metrics = Metrics()

    names = itertools.count()

    async def start(tenants, seed=1):
        runs = Runs(clock, store)
        config = SyncConfig(
            clock=clock,
            metrics=metrics,
            interval_seconds=INTERVAL,
            tenants=tenants,
            list_tenants=store.list_tenants,
            start_run=runs.start_run,
            last_job=runs.last_job,
            rng=random.Random(seed),
            on_tick=runs.tick.set,
        )
        name = f"sync-{next(names)}"
        ref = await supervisor.start_child(name, lambda: SyncSchedulerActor(config))
        return ref, runs

    yield clock, store, metrics, start
    await supervisor.stop_all(timeout=1)
    await store.close()


async def next_tick(clock: FakeClock, runs: Runs, due) -> None:
    runs.tick.clear()
    # Datetimes carry microseconds; a hair more reaches the monotonic deadline.
    await clock.advance((due - clock.now()).total_seconds() + 0.001)
    await asyncio.wait_for(runs.tick.wait(), 5)


async def test_runs_start_every_interval_plus_jitter(schedule):
    clock, _, metrics, start = schedule
    ref, runs = await start(("tenant_a", "tenant_b"))
    first = await ref.ask(NextSync("tenant_a"))
    assert timedelta(seconds=INTERVAL) <= first - clock.now() <= timedelta(seconds=INTERVAL * 1.1)
    assert await ref.ask(NextSync("tenant_z")) is None  # not on the schedule
    runs.busy.add("tenant_b")
    await next_tick(clock, runs, first)
    second = await ref.ask(NextSync("tenant_a"))
    assert [t for _, t in runs.started] == ["tenant_a"]
    # The next tick is planned from the previous deadline, not from now.
    gap = (second - first).total_seconds()
    assert INTERVAL <= gap <= INTERVAL * 1.1
    await next_tick(clock, runs, second)
    assert [t for _, t in runs.started] == ["tenant_a", "tenant_a"]
    text = metrics.render().decode()
    assert 'ticketd_scheduled_runs_total{outcome="started"} 2.0' in text
    assert 'ticketd_scheduled_runs_total{outcome="skipped"} 2.0' in text


async def test_every_tenant_means_the_tenants_in_the_store_at_each_tick(schedule, tmp_path):
    from ticketd.domain.ticket import Ticket

    clock, store, _, start = schedule
    ref, runs = await start(None)
    # Not in the store: no tick would sync it, so no next run is shown.
    assert await ref.ask(NextSync("anyone")) is None

    def ticket(tenant: str) -> Ticket:
        at = clock.now()
        return Ticket(
            tenant_id=tenant, external_id="ext-1", subject="s", message="m", status="open",
            source="email", customer_id="c", created_at=at, updated_at=at, urgency="low",
            sentiment="neutral", requires_action=False, rules=(), keywords=(), ruleset_version="v1",
        )  # fmt: skip

    await store.apply_tickets("acme", [ticket("acme")], job_id=None)
    await next_tick(clock, runs, await ref.ask(NextSync("acme")))
    await store.apply_tickets("globex", [ticket("globex")], job_id=None)
    await next_tick(clock, runs, await ref.ask(NextSync("acme")))
    assert [t for _, t in runs.started] == ["acme", "acme", "globex"]


async def test_two_schedulers_on_one_store_sync_each_tenant_once_per_interval(schedule):
    """Two replicas' schedulers on one store, one clock: the lease alone
    let each replica sync the tenant once per interval; a tick now skips
    a tenant whose last run (by either) started within the interval less
    its jitter."""
    clock, store, metrics, start = schedule
    a = await start(("tenant_a", "tenant_b"), seed=1)
    b = await start(("tenant_a", "tenant_b"), seed=2)
    for _, runs in (a, b):
        runs.busy.add("tenant_b")  # always Conflict: its NextSync is the raw tick time
    begin = clock.monotonic()
    while clock.monotonic() - begin < 8 * INTERVAL:
        dues = [await ref.ask(NextSync("tenant_b")) for ref, _ in (a, b)]
        target = min(dues)
        for _, runs in (a, b):
            runs.tick.clear()
        await clock.advance((target - clock.now()).total_seconds() + 0.001)
        for due, (_, runs) in zip(dues, (a, b), strict=True):
            if due <= clock.now():
                await asyncio.wait_for(runs.tick.wait(), 5)
        # Right after a run anywhere, neither replica shows it due within
        # the interval less the jitter.
        last = (await store.recent_jobs("tenant_a", limit=1))[0].started_at
        for ref, _ in (a, b):
            shown = await ref.ask(NextSync("tenant_a"))
            assert shown - last >= timedelta(seconds=INTERVAL * 0.9)
    starts = sorted(at for _, runs in (a, b) for at, t in runs.started if t == "tenant_a")
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert all(gap >= INTERVAL * 0.9 for gap in gaps), gaps
    assert 6 <= len(starts) <= 9
    text = metrics.render().decode()
    skipped = [ln for ln in text.splitlines() if 'outcome="skipped"' in ln]
    # tenant_b on every tick of both, and tenant_a on the ticks it was fresh.
    assert float(skipped[0].split()[-1]) > 16 + 2


async def test_a_long_run_does_not_make_the_next_tick_skip(schedule):
    """A run that took most of the interval ended recently, but started an
    interval ago: the next tick still starts the tenant."""
    clock, store, _, start = schedule
    ref, runs = await start(("tenant_a",))
    await next_tick(clock, runs, await ref.ask(NextSync("tenant_a")))
    long_run = JobRecord(uuid.uuid4().hex, "tenant_a", "me", "running", started_at=clock.now())
    await store.create_job(long_run)
    await clock.advance(INTERVAL * 0.7)
    await store.finish_job(long_run.job_id, status="completed", metrics={}, error=None)

    await next_tick(clock, runs, await ref.ask(NextSync("tenant_a")))

    assert [t for _, t in runs.started] == ["tenant_a", "tenant_a"]
