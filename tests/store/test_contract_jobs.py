"""Store contract: ingestion jobs and their audit log, and the startup
sweep that marks orphaned runs ``interrupted``. Runs on every backend."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import attrs
import pytest

from ticketd.errors import InvalidInput, TicketdError
from ticketd.store import JobRecord
from ticketd.store.records import ORPHAN_MESSAGE

from .conftest import START

pytestmark = pytest.mark.timeout(30)


def job(job_id="job-1", tenant_id="acme", owner="replica-a", started_at=START):
    return JobRecord(
        job_id=job_id, tenant_id=tenant_id, owner=owner, status="running", started_at=started_at
    )


async def test_create_and_get_job(store):
    record = job()
    await store.create_job(record)

    assert await store.get_job("job-1") == record
    assert await store.get_job("job-404") is None
    [line] = await store.job_logs("job-1")
    assert line["job_id"] == "job-1" and line["status"] == "running"


async def test_update_job_records_progress(store, clock):
    await store.create_job(job())
    await clock.advance(5)

    await store.update_job(
        "job-1", total_pages=10, processed_pages=3, metrics={"fetched": 300, "created": 290}
    )

    stored = await store.get_job("job-1")
    assert (stored.status, stored.total_pages, stored.processed_pages) == ("running", 10, 3)
    assert stored.metrics == {"fetched": 300, "created": 290}
    assert stored.updated_at == clock.now()
    assert stored.ended_at is None


async def test_cancel_request_reaches_the_running_job_through_update_job(store):
    await store.create_job(job())
    progress = {"total_pages": 3, "processed_pages": 1, "metrics": {"pages": 1}}
    assert await store.update_job("job-1", **progress) is False
    assert await store.request_cancel("job-1") is True
    assert (await store.get_job("job-1")).cancel_requested is True
    assert await store.update_job("job-1", **progress) is True  # the job learns of it
    await store.finish_job("job-1", status="cancelled", metrics={}, error=None)
    assert await store.request_cancel("job-1") is False  # finished
    assert await store.request_cancel("job-404") is False  # unknown


async def test_what_a_running_job_waits_for_is_noted_apart_from_its_progress(store):
    """A running job's wait goes into its metrics without moving its
    progress time; a progress write drops it; a finished or unknown job
    is left alone; anything but a known wait is refused."""
    await store.create_job(job())
    await store.update_job("job-1", total_pages=3, processed_pages=1, metrics={"pages": 1})
    before = await store.get_job("job-1")
    assert await store.note_job_waiting("job-1", "retry_after") is True
    noted = await store.get_job("job-1")
    assert noted.metrics == {"pages": 1, "waiting": "retry_after"}
    assert (noted.updated_at, noted.processed_pages) == (before.updated_at, 1)
    assert await store.note_job_waiting("job-1", None) is True
    assert (await store.get_job("job-1")).metrics == {"pages": 1, "waiting": None}
    await store.note_job_waiting("job-1", "budget")
    await store.update_job("job-1", total_pages=3, processed_pages=2, metrics={"pages": 2})
    assert (await store.get_job("job-1")).metrics == {"pages": 2}
    with pytest.raises(InvalidInput):
        await store.note_job_waiting("job-1", "coffee")
    await store.finish_job("job-1", status="completed", metrics={"pages": 3}, error=None)
    assert await store.note_job_waiting("job-1", "budget") is False
    assert (await store.get_job("job-1")).metrics == {"pages": 3}
    assert await store.note_job_waiting("job-404", "budget") is False


@pytest.mark.parametrize("status", ["interrupted", "completed", "failed"])
async def test_a_run_stopped_after_a_cancel_request_ends_cancelled(store, status):
    """An operator asked to cancel the run (on another replica), then its
    own daemon stopped before it saw the request: the run ends cancelled as
    asked, not interrupted (its audit line says so too). A run that ended
    on its own (completed, failed) keeps its status."""
    await store.create_job(job())
    assert await store.request_cancel("job-1") is True
    error = None if status == "completed" else "the daemon stopped before the run finished"
    await store.finish_job("job-1", status=status, metrics={"pages": 1}, error=error)
    ended = await store.get_job("job-1")
    expected = "cancelled" if status == "interrupted" else status
    assert (ended.status, ended.error) == (expected, None if expected == "cancelled" else error)
    assert ended.metrics == {"pages": 1}
    assert (await store.job_logs("job-1"))[-1]["status"] == expected


async def test_finishing_a_job_can_release_its_lease_in_the_same_write(store):
    await store.acquire_lease("acme", "replica-a", 60)
    await store.acquire_lease("other", "replica-a", 60)
    await store.create_job(job("job-1", "acme"))
    await store.create_job(job("job-2", "other"))
    await store.finish_job("job-1", status="completed", metrics={}, error=None, release_lease=True)
    await store.finish_job("job-2", status="completed", metrics={}, error=None)
    assert (await store.lease_status("acme")).locked is False
    assert (await store.lease_status("other")).locked is True  # not asked to


async def test_finishing_an_already_final_job_still_frees_its_lease(store):
    """The job was marked interrupted meanwhile (another daemon's start-up
    sweep) but its owner still holds the lease: finishing frees it."""
    await store.acquire_lease("acme", "replica-a", 60)
    await store.create_job(job("job-1", "acme"))
    await store.finish_job("job-1", status="interrupted", metrics={}, error="swept")
    await store.finish_job("job-1", status="completed", metrics={}, error=None, release_lease=True)
    assert (await store.get_job("job-1")).status == "interrupted"  # first final status wins
    assert (await store.lease_status("acme")).locked is False


async def test_finish_job_sets_final_status_and_appends_to_the_log(store, clock):
    await store.create_job(job())
    await store.update_job("job-1", total_pages=2, processed_pages=1, metrics={"fetched": 1})
    await clock.advance(30)
    metrics = {"fetched": 150, "created": 100, "updated": 50, "duration_seconds": 30.5}

    await store.finish_job("job-1", status="failed", metrics=metrics, error="provider down")

    stored = await store.get_job("job-1")
    assert stored == attrs.evolve(
        job(),
        status="failed",
        ended_at=clock.now(),
        total_pages=2,
        processed_pages=1,
        metrics=metrics,
        error="provider down",
        updated_at=stored.updated_at,
    )
    logs = await store.job_logs("job-1")
    assert len(logs) == 2
    assert [line["status"] for line in logs] == ["running", "failed"]
    assert all(line["job_id"] == "job-1" for line in logs)


async def test_only_a_running_job_can_be_finished(store, clock):
    await store.create_job(job())
    await store.finish_job("job-1", status="completed", metrics={"fetched": 1}, error=None)
    await clock.advance(10)

    with contextlib.suppress(TicketdError):
        await store.finish_job("job-1", status="failed", metrics={}, error="late")

    stored = await store.get_job("job-1")
    assert (stored.status, stored.error, stored.metrics) == ("completed", None, {"fetched": 1})
    assert stored.ended_at == START
    assert [line["status"] for line in await store.job_logs("job-1")] == ["running", "completed"]


async def test_recent_jobs_newest_first_limited_and_scoped(store, clock):
    for n in range(4):
        await store.create_job(job(f"job-{n}", started_at=START + timedelta(minutes=n)))
    await store.create_job(job("other", tenant_id="globex", started_at=START + timedelta(hours=1)))

    recent = await store.recent_jobs("acme", limit=3)

    assert [j.job_id for j in recent] == ["job-3", "job-2", "job-1"]
    assert [j.job_id for j in await store.recent_jobs("globex", limit=10)] == ["other"]
    assert await store.recent_jobs("nobody", limit=10) == []


async def test_job_logs_are_per_job(store):
    await store.create_job(job("job-1"))
    await store.create_job(job("job-2"))
    await store.finish_job("job-2", status="cancelled", metrics={}, error=None)
    assert len(await store.job_logs("job-1")) == 1
    assert [line["status"] for line in await store.job_logs("job-2")] == ["running", "cancelled"]
    assert await store.job_logs("job-404") == []


async def test_interrupt_orphaned_jobs(store, clock):
    # alive: its owner holds the tenant's lease
    assert await store.acquire_lease("acme", "replica-a", 60)
    await store.create_job(job("alive", "acme", "replica-a"))
    # expired: its owner's lease ran out
    assert await store.acquire_lease("globex", "replica-b", 10)
    await store.create_job(job("expired", "globex", "replica-b"))
    # never leased at all
    await store.create_job(job("unleased", "initech", "replica-c"))
    # the tenant is leased, but by someone else (the lease was taken over)
    await store.create_job(job("taken-over", "acme", "replica-dead"))
    # finished runs are left alone
    await store.create_job(job("done", "initech", "replica-c"))
    await store.finish_job("done", status="completed", metrics={}, error=None)
    await clock.advance(30)

    interrupted = await store.interrupt_orphaned_jobs()

    assert sorted(interrupted) == ["expired", "taken-over", "unleased"]
    for job_id in interrupted:
        stored = await store.get_job(job_id)
        assert (stored.status, stored.ended_at) == ("interrupted", clock.now())
        assert (await store.job_logs(job_id))[-1]["status"] == "interrupted"
    assert (await store.get_job("alive")).status == "running"
    assert (await store.get_job("done")).status == "completed"
    assert await store.interrupt_orphaned_jobs() == []

    await clock.advance(60)  # now replica-a's lease lapses too
    assert await store.interrupt_orphaned_jobs() == ["alive"]


@pytest.mark.parametrize("cancel", [False, True])
async def test_a_run_that_ended_before_its_sweep_records_its_own_end(store, clock, cancel):
    """The run failed (its database refused writes, its end too); its lease
    expired and a sweep ended the job with its presumption. Once the run's
    end can be written, carrying the time it ended, it replaces the
    sweep's; an end from after the sweep does not."""
    await store.acquire_lease("acme", "replica-a", 10)
    await store.create_job(job("job-1", "acme"))
    await store.acquire_lease("other", "replica-a", 10)
    await store.create_job(job("job-2", "other"))
    if cancel:
        await store.request_cancel("job-1")
    ended = clock.now()
    await clock.advance(11)
    assert await store.interrupt_orphaned_jobs() == ["job-1", "job-2"]
    await clock.advance(1)

    error = "sqlite: database or disk is full"
    await store.finish_job(
        "job-1", status="failed", metrics={"pages": 1}, error=error, ended_at=ended
    )
    await store.finish_job("job-2", status="failed", metrics={}, error=error)  # after the sweep

    first, second = await store.get_job("job-1"), await store.get_job("job-2")
    assert (first.status, first.error, first.metrics) == ("failed", error, {"pages": 1})
    assert first.ended_at == ended
    assert (second.status, second.error) == ("interrupted", ORPHAN_MESSAGE)
    assert [line["status"] for line in await store.job_logs("job-1")][-1] == "failed"
