"""The job sweeper: every quarter of the lease TTL it marks interrupted the
runs whose lease ran out unrenewed (a dead replica's), leaves renewing runs
alone, survives a store outage, and its task ends with it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.sqlite_lock_holder import write_lock_held
from ticketd.actors import Supervisor
from ticketd.actors.job_sweeper import JobSweeperActor, SweeperConfig, sweep_interval
from ticketd.clock import FakeClock
from ticketd.metrics import Metrics
from ticketd.store.records import JobRecord
from ticketd.store.sqlite import SqliteStore

pytestmark = pytest.mark.timeout(30)

TTL = 60.0
INTERVAL = sweep_interval(TTL)


class Sweeps:
    """The sweeper's observer: each sweep's outcome (ids or None), in order."""

    def __init__(self) -> None:
        self.outcomes: asyncio.Queue[list[str] | None] = asyncio.Queue()

    def record(self, swept: list[str] | None) -> None:
        self.outcomes.put_nowait(swept)

    async def next(self, clock: FakeClock) -> list[str] | None:
        """Move the clock one interval on and return that sweep's outcome."""
        await clock.advance(INTERVAL)
        return await asyncio.wait_for(self.outcomes.get(), 10)


@pytest.fixture
async def sweeper(tmp_path) -> AsyncIterator[Any]:
    """A running sweeper on a SQLite file (a 0.2 s wait for the write lock)
    with a fake clock: (clock, store, metrics, sweeps, supervisor)."""
    clock = FakeClock()
    store = SqliteStore(tmp_path / "ticketd.db", clock=clock, busy_timeout=0.2)
    await store.open()
    metrics = Metrics()
    sweeps = Sweeps()
    supervisor = Supervisor(clock=clock)
    config = SweeperConfig(
        store=store, clock=clock, metrics=metrics, lease_ttl_seconds=TTL, on_sweep=sweeps.record
    )
    await supervisor.start_child("job-sweeper", lambda: JobSweeperActor(config))
    yield clock, store, metrics, sweeps, supervisor
    assert await supervisor.stop_all(timeout=5) == []
    await store.close()


async def start_run(store: SqliteStore, clock: FakeClock, tenant_id: str, job_id: str):
    owner = f"replica/{job_id}"
    lease = await store.acquire_lease(tenant_id, owner, TTL)
    assert lease is not None
    await store.create_job(JobRecord(job_id, tenant_id, owner, "running", clock.now()))
    return lease


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


async def test_a_dead_runs_job_is_interrupted_by_the_first_sweep_after_its_lease_ran_out(
    sweeper,
):
    """1. Two runs lease their tenants at T for 60 s; one keeps renewing
       (every 20 s, as a live run does), the other's process is gone.
    2. The sweeper sweeps every 15 s (a quarter of the TTL), with nobody
       starting a run.
    3. The sweeps before T + 60 s interrupt nothing; the one at T + 60 s
       interrupts the dead run (within 1.25 x TTL of its last renewal);
       the renewing run stays running throughout. Metrics count them."""
    clock, store, metrics, sweeps, _ = sweeper
    alive = await start_run(store, clock, "acme", "job-alive")
    await start_run(store, clock, "globex", "job-dead")

    outcomes = []
    for n in range(1, 9):  # T + 15 s ... T + 120 s
        outcomes.append(await sweeps.next(clock))
        if n % 4 in (0, 2) and n < 8:  # renew at T + 30, 60, 90 s
            alive = await store.renew_lease("acme", alive, TTL)

    assert outcomes == [[], [], [], ["job-dead"], [], [], [], []]
    dead = await store.get_job("job-dead")
    assert dead.status == "interrupted"
    assert (dead.ended_at - dead.started_at).total_seconds() == TTL
    assert (await store.get_job("job-alive")).status == "running"
    assert sample(metrics, "ticketd_ingestion_sweeps_total", outcome="completed") == 8
    assert sample(metrics, "ticketd_ingestion_runs_swept_total") == 1


async def test_a_store_outage_during_a_sweep_is_logged_and_retried_next_interval(
    sweeper, tmp_path, caplog
):
    """1. A run's lease runs out (its process died).
    2. Another process holds the database's write lock through the sweep
       at T + 60 s, when the lease has run out: the sweep fails, is
       logged and counted, the actor lives on.
    3. The lock is released: the following sweep interrupts the run."""
    clock, store, metrics, sweeps, supervisor = sweeper
    await start_run(store, clock, "globex", "job-dead")
    assert [await sweeps.next(clock) for _ in range(3)] == [[], [], []]  # T + 45 s

    with caplog.at_level(logging.WARNING, logger="ticketd.actors.job_sweeper"):
        async with write_lock_held(str(tmp_path / "ticketd.db")):
            assert await sweeps.next(clock) is None

    assert [r.getMessage() for r in caplog.records] == [
        "orphaned-run sweep failed, retrying next interval"
    ]
    assert sample(metrics, "ticketd_ingestion_sweeps_total", outcome="failed") == 1
    assert supervisor.get("job-sweeper") is not None
    assert await sweeps.next(clock) == ["job-dead"]
    assert (await store.get_job("job-dead")).status == "interrupted"


async def test_stopping_the_sweeper_cancels_and_awaits_its_sweep_task(sweeper):
    """The sweep task belongs to the actor: stopping the actor ends it (no
    task left parked on the clock), and no sweep happens after."""
    clock, store, _, sweeps, supervisor = sweeper
    assert clock.sleepers == 1  # the sweep task, waiting for its interval
    assert await supervisor.stop_child("job-sweeper", timeout=5) == []

    assert clock.sleepers == 0
    await start_run(store, clock, "globex", "job-dead")
    await clock.advance(2 * TTL)
    assert sweeps.outcomes.empty()
    assert (await store.get_job("job-dead")).status == "running"


async def test_a_sweeper_that_fell_behind_sweeps_at_once_not_an_interval_later(sweeper, tmp_path):
    """1. A dead run's lease (60 s) is in the database.
    2. The process is suspended for two TTLs (the clock jumps) while its
       sweep at T + 15 s waits on a write lock another process holds: the
       sweep fails after the jump.
    3. The lock is released. With no further clock move, the sweeper sweeps
       again at once (it is behind; the lease ran out meanwhile) and
       interrupts the run, instead of waiting another interval."""
    clock, store, _, sweeps, _ = sweeper
    await start_run(store, clock, "globex", "job-dead")
    async with write_lock_held(str(tmp_path / "ticketd.db")):
        await clock.advance(2 * TTL)
        outcomes = [await asyncio.wait_for(sweeps.outcomes.get(), 10)]
        assert outcomes == [None]

    while outcomes[-1] != ["job-dead"]:  # no further clock move
        outcomes.append(await asyncio.wait_for(sweeps.outcomes.get(), 10))
        assert outcomes[-1] in (None, ["job-dead"]), outcomes
    assert (await store.get_job("job-dead")).status == "interrupted"
