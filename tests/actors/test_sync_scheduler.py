"""The sync scheduler: ticks on the interval with jitter, resolves `*` to
the store's tenants, counts skipped ticks, answers the next due time."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

import pytest

from ticketd.actors import Supervisor
from ticketd.actors.sync_scheduler import NextSync, SyncConfig, SyncSchedulerActor
from ticketd.clock import FakeClock
from ticketd.errors import Conflict
from ticketd.metrics import Metrics
from ticketd.store.sqlite import SqliteStore

INTERVAL = 60.0


class Runs:
    """The scheduler's ``start_run``: records each start; a tenant in
    ``busy`` answers Conflict, as a tenant running on another replica."""

    def __init__(self) -> None:
        self.started: list[tuple[float, str]] = []
        self.busy: set[str] = set()
        self.tick = asyncio.Event()
        self.clock: FakeClock | None = None

    async def start_run(self, tenant_id: str) -> None:
        self.tick.set()
        if tenant_id in self.busy:
            raise Conflict(f"{tenant_id} is running elsewhere")
        assert self.clock is not None
        self.started.append((self.clock.monotonic(), tenant_id))


@pytest.fixture
async def schedule(tmp_path):
    clock = FakeClock()
    store = SqliteStore(tmp_path / "ticketd.db", clock=clock)
    await store.open()
    supervisor = Supervisor(clock=clock)
    metrics = Metrics()

    async def start(tenants):
        runs = Runs()
        runs.clock = clock
        config = SyncConfig(
            clock=clock,
            metrics=metrics,
            interval_seconds=INTERVAL,
            tenants=tenants,
            list_tenants=store.list_tenants,
            start_run=runs.start_run,
            rng=random.Random(1),
        )
        ref = await supervisor.start_child("sync", lambda: SyncSchedulerActor(config))
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
    assert await ref.ask(NextSync("anyone")) is not None

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
