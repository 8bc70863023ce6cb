"""Store contract: the orphan sweep that live daemons run every quarter of
the lease TTL (``interrupt_orphaned_jobs``) against runs that renew their
lease, and two processes sweeping at once. Runs on every backend; the
renewal that lands after a sweep is SQLite's own case."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from ticketd.clock import FakeClock
from ticketd.errors import LeaseLost
from ticketd.store import JobRecord
from ticketd.store.sqlite import SqliteStore

from .conftest import START, opened_mongo_store

pytestmark = pytest.mark.timeout(60)

TTL = 10.0


def job(job_id: str, tenant_id: str, owner: str) -> JobRecord:
    return JobRecord(
        job_id=job_id, tenant_id=tenant_id, owner=owner, status="running", started_at=START
    )


@pytest.fixture
async def other_process(store, clock, request, tmp_path) -> AsyncIterator[Any]:
    """A second store of the same backend on the same database, as another
    replica's: its own connections (SQLite: its own writer thread and
    transactions on the same file)."""
    if isinstance(store, SqliteStore):
        other = SqliteStore(tmp_path / "ticketd.db", clock=clock)
        await other.open()
        try:
            yield other
        finally:
            await other.close()
        return
    async with opened_mongo_store(request.getfixturevalue("mongo_url"), clock) as other:
        yield other


async def start_run(store, tenant_id: str, owner: str, job_id: str):
    lease = await store.acquire_lease(tenant_id, owner, TTL)
    assert lease is not None
    await store.create_job(job(job_id, tenant_id, owner))
    return lease


async def test_a_sweep_takes_the_unrenewed_run_and_leaves_the_one_renewed_at_the_last_moment(
    store, clock
):
    """Two runs lease at START for 10 s. One renews 0.1 s before its lease
    runs out, the other does not: a sweep just past the first expiry
    interrupts only the unrenewed one; the renewed one is swept once its
    renewed lease (START + 19.9 s) runs out unrenewed."""
    renewing = await start_run(store, "acme", "replica-a/job-renewing", "job-renewing")
    await start_run(store, "globex", "replica-b/job-dead", "job-dead")
    await clock.advance(TTL - 0.1)
    await store.renew_lease("acme", renewing, TTL)
    await clock.advance(0.2)

    assert await store.interrupt_orphaned_jobs() == ["job-dead"]
    assert (await store.get_job("job-renewing")).status == "running"
    dead = await store.get_job("job-dead")
    assert (dead.status, dead.ended_at) == ("interrupted", clock.now())

    await clock.advance(TTL - 0.25)  # START + 19.85 s: still live
    assert await store.interrupt_orphaned_jobs() == []
    await clock.advance(0.1)  # START + 19.95 s: run out
    assert await store.interrupt_orphaned_jobs() == ["job-renewing"]


async def test_two_processes_sweeping_at_once_interrupt_each_run_exactly_once(
    store, other_process, clock
):
    """20 rounds: five runs whose leases expired, two processes sweep at the
    same moment. Each run is interrupted by exactly one of them, and its
    audit log has exactly one ``interrupted`` line."""
    for round_ in range(20):
        jobs = [f"job-{round_}-{n}" for n in range(5)]
        for n, job_id in enumerate(jobs):
            await start_run(store, f"tenant-{n}", f"dead-{round_}/{job_id}", job_id)
        await clock.advance(TTL)

        swept = await asyncio.gather(
            store.interrupt_orphaned_jobs(), other_process.interrupt_orphaned_jobs()
        )

        assert not set(swept[0]) & set(swept[1]), swept
        assert sorted(swept[0] + swept[1]) == jobs
        for job_id in jobs:
            events = [line["event"] for line in await store.job_logs(job_id)]
            assert events == ["started", "interrupted"], (job_id, events)
            assert (await store.get_job(job_id)).status == "interrupted"


async def test_a_renewal_reaching_the_database_after_a_sweep_is_lease_lost(
    sqlite_store, db_path, clock
):
    """SQLite reads a renewal's time before the renewal waits for the write
    lock, so it can reach the database after another process's sweep found
    the lease expired and interrupted the run, still carrying a time before
    the expiry. Such a renewal is refused: a swept run never renews (and so
    stops before its next write), and the tenant stays free for a new run.
    (On MongoDB the lease's time is the server's, taken when the renewal
    applies: tests/store/test_mongo_leases.py.)

    1. A run leases acme at START for 10 s; its renewal reads the time at
       START + 9 s (its clock, below) and is delayed.
    2. At START + 11 s another process sweeps: the run is interrupted.
    3. The renewal arrives: LeaseLost; the lease stays expired."""
    lease = await start_run(sqlite_store, "acme", "replica-a/job-1", "job-1")
    renewer_clock = FakeClock(start=START)
    await renewer_clock.advance(TTL - 1)
    async with contextlib.AsyncExitStack() as stack:
        renewer = SqliteStore(db_path, clock=renewer_clock)
        await renewer.open()
        stack.push_async_callback(renewer.close)
        await clock.advance(TTL + 1)
        assert await sqlite_store.interrupt_orphaned_jobs() == ["job-1"]

        with pytest.raises(LeaseLost):
            await renewer.renew_lease("acme", lease, TTL)

    assert (await sqlite_store.lease_status("acme")).locked is False
    assert await sqlite_store.acquire_lease("acme", "replica-b/job-2", TTL) is not None


@pytest.mark.parametrize("write", ["apply_tickets", "soft_delete"])
async def test_a_fenced_write_reaching_the_database_after_a_sweep_is_lease_lost(
    sqlite_store, db_path, clock, make_ticket, write
):
    """The same for a run's page write or soft delete: its time was read
    before it waited for the write lock, and another process's sweep
    interrupted the run meanwhile. The write is refused and stores nothing
    (it used to commit one more page under a job already interrupted)."""
    lease = await start_run(sqlite_store, "acme", "replica-a/job-1", "job-1")
    await sqlite_store.apply_tickets("acme", [make_ticket("ext-1")], job_id="job-1", fence=lease)
    writer_clock = FakeClock(start=START)
    await writer_clock.advance(TTL - 1)
    async with contextlib.AsyncExitStack() as stack:
        writer = SqliteStore(db_path, clock=writer_clock)
        await writer.open()
        stack.push_async_callback(writer.close)
        await clock.advance(TTL + 1)
        assert await sqlite_store.interrupt_orphaned_jobs() == ["job-1"]

        with pytest.raises(LeaseLost):
            if write == "apply_tickets":
                new = [make_ticket("ext-2"), make_ticket("ext-1", subject="changed")]
                await writer.apply_tickets("acme", new, job_id="job-1", fence=lease)
            else:
                await writer.soft_delete("acme", ["ext-1"], job_id="job-1", fence=lease)

    assert await sqlite_store.live_external_ids("acme") == {"ext-1"}
    assert (await sqlite_store.get_ticket("acme", "ext-1")).subject == make_ticket("ext-1").subject


async def test_an_owner_that_takes_its_expired_and_swept_lease_again_renews_it(store, clock):
    """An owner id used again after its lease expired and its run was swept
    takes a new lease (a new acquisition) and renews it: the
    swept job ended while the old lease was held, not this one."""
    await start_run(store, "acme", "replica-a", "job-1")
    await clock.advance(TTL + 1)
    assert await store.interrupt_orphaned_jobs() == ["job-1"]
    await clock.advance(1)
    again = await start_run(store, "acme", "replica-a", "job-2")
    await clock.advance(TTL / 2)
    assert (await store.renew_lease("acme", again, TTL)).token == again.token


async def test_a_renewal_is_refused_only_for_a_run_whose_job_has_ended(sqlite_store, clock):
    """The check a renewal makes concerns its owner's job that ended while
    the lease was held: a lease whose owner has a running job, no job yet,
    or only a job that ended before it took this lease, renews as before."""
    first = await start_run(sqlite_store, "acme", "replica-a", "job-1")
    no_job = await sqlite_store.acquire_lease("globex", "replica-a/job-2", TTL)
    await clock.advance(TTL / 2)
    assert (await sqlite_store.renew_lease("acme", first, TTL)).token == first.token
    assert (await sqlite_store.renew_lease("globex", no_job, TTL)).token == no_job.token
    await sqlite_store.finish_job(
        "job-1", status="completed", metrics={}, error=None, release_lease=True
    )
    await clock.advance(1)
    again = await start_run(sqlite_store, "acme", "replica-a", "job-3")  # owner id reused
    assert (await sqlite_store.renew_lease("acme", again, TTL)).token == again.token


async def test_a_swept_run_whose_cancel_was_requested_ends_cancelled(store, clock):
    """The run's process died after an operator asked to cancel it (the
    request is in the job record): the sweep ends it ``cancelled``, what
    the operator asked for, with a ``cancelled`` audit line; a run of
    another tenant swept at once without a cancel is ``interrupted``."""
    await start_run(store, "tenant-a", "dead/job-a", "job-a")
    await start_run(store, "tenant-b", "dead/job-b", "job-b")
    assert await store.request_cancel("job-a")
    await clock.advance(TTL)

    assert await store.interrupt_orphaned_jobs() == ["job-a", "job-b"]

    cancelled, interrupted = [await store.get_job(j) for j in ("job-a", "job-b")]
    assert (cancelled.status, cancelled.error) == ("cancelled", None)
    assert cancelled.ended_at is not None
    assert interrupted.status == "interrupted"
    lines = await store.job_logs("job-a")
    assert [(line["event"], line["status"]) for line in lines] == [
        ("started", "running"),
        ("cancelled", "cancelled"),
    ]
    assert "cancel" in str(lines[-1]["message"])


async def test_a_takeover_ends_the_orphan_whose_cancel_was_requested_cancelled(store, clock):
    """The next run of the tenant takes the dead run's expired lease: the
    job record's write ends the orphan ``cancelled`` too."""
    await start_run(store, "tenant-a", "dead/job-a", "job-a")
    assert await store.request_cancel("job-a")
    await clock.advance(TTL)
    await store.acquire_lease("tenant-a", "live/job-b", TTL)
    assert await store.create_job(job("job-b", "tenant-a", "live/job-b")) == ["job-a"]
    assert (await store.get_job("job-a")).status == "cancelled"


async def test_a_sweep_leaves_the_last_progress_write_of_the_job_it_ends(store, clock):
    """A run writes its progress 5 s after its start, then its process
    dies; an hour later a sweep ends it: ``ended_at`` is the sweep's,
    ``updated_at`` still its last progress write (the last moment it was
    known alive, where its duration ends)."""
    await start_run(store, "acme", "replica-b/job-dead", "job-dead")
    await clock.advance(5)
    await store.update_job("job-dead", total_pages=3, processed_pages=1, metrics={"pages": 1})
    written = (await store.get_job("job-dead")).updated_at
    assert written == clock.now()
    await clock.advance(3600)
    assert await store.interrupt_orphaned_jobs() == ["job-dead"]
    dead = await store.get_job("job-dead")
    assert (dead.status, dead.ended_at, dead.updated_at) == ("interrupted", clock.now(), written)
