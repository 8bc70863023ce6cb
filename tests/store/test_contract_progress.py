"""Store contract: a page's write records the run's progress too, and a
new job's record sweeps only its own tenant's orphaned runs. Runs on every
backend."""

from __future__ import annotations

import pytest

from ticketd.errors import LeaseLost
from ticketd.store import ApplyResult, JobProgress, JobRecord

from .conftest import START, printer_ticket

pytestmark = pytest.mark.timeout(30)


def job(job_id: str, tenant_id: str = "acme", owner: str = "replica-a") -> JobRecord:
    return JobRecord(
        job_id=job_id, tenant_id=tenant_id, owner=owner, status="running", started_at=START
    )


def progress_of(job_id: str, pages: int, seen: list[ApplyResult]):
    """A progress callback that counts the batch's created tickets."""

    def progress(result: ApplyResult) -> JobProgress:
        seen.append(result)
        return JobProgress(job_id, 4, pages, {"created": float(result.count("created"))})

    return progress


async def test_apply_records_the_jobs_progress_from_the_batchs_result(store, clock):
    lease = await store.acquire_lease("acme", "replica-a", 60)
    await store.create_job(job("job-1"))
    await clock.advance(5)
    seen: list[ApplyResult] = []

    result = await store.apply_tickets(
        "acme",
        [printer_ticket("T-1"), printer_ticket("T-2")],
        job_id="job-1",
        fence=lease,
        progress=progress_of("job-1", 1, seen),
    )

    assert [o.action for o in seen[0].outcomes] == ["created", "created"]
    assert result.count("created") == 2 and result.cancel_requested is False
    stored = await store.get_job("job-1")
    assert (stored.total_pages, stored.processed_pages) == (4, 1)
    assert stored.metrics == {"created": 2.0}
    assert stored.updated_at == clock.now()


async def test_an_empty_batch_with_progress_still_records_it(store):
    await store.create_job(job("job-1"))

    result = await store.apply_tickets(
        "acme", [], job_id="job-1", progress=progress_of("job-1", 2, [])
    )

    assert result.outcomes == ()
    assert (await store.get_job("job-1")).processed_pages == 2


async def test_apply_with_progress_reports_a_cancel_recorded_in_the_job(store):
    await store.create_job(job("job-1"))
    progress = progress_of("job-1", 1, [])
    first = await store.apply_tickets(
        "acme", [printer_ticket("T-1")], job_id="job-1", progress=progress
    )
    assert first.cancel_requested is False
    assert await store.request_cancel("job-1")  # say, by another replica

    second = await store.apply_tickets(
        "acme", [printer_ticket("T-2")], job_id="job-1", progress=progress
    )

    assert second.cancel_requested is True


async def test_a_refused_fence_records_no_progress(store, clock):
    stale = await store.acquire_lease("acme", "replica-a", 10)
    await store.create_job(job("job-1"))
    await clock.advance(11)
    assert await store.acquire_lease("acme", "replica-b", 60)  # taken over

    with pytest.raises(LeaseLost):
        await store.apply_tickets(
            "acme",
            [printer_ticket("T-1")],
            job_id="job-1",
            fence=stale,
            progress=progress_of("job-1", 1, []),
        )

    assert (await store.get_job("job-1")).processed_pages == 0
    assert await store.get_ticket("acme", "T-1") is None


async def test_a_new_jobs_record_interrupts_only_its_tenants_orphans(store, clock):
    """1. A run of acme and one of globex lose their leases (processes died).
    2. A new run of acme takes the lease and records its job.
    3. acme's orphan is marked interrupted by that write and returned;
       globex's is left to its own next run (or the next daemon start)."""
    assert await store.acquire_lease("acme", "dead-a", 10)
    await store.create_job(job("orphan-a", "acme", "dead-a"))
    assert await store.acquire_lease("globex", "dead-b", 10)
    await store.create_job(job("orphan-b", "globex", "dead-b"))
    await clock.advance(11)
    assert await store.acquire_lease("acme", "replica-a", 60)

    assert await store.create_job(job("new-a", "acme", "replica-a")) == ["orphan-a"]

    assert (await store.get_job("orphan-a")).status == "interrupted"
    assert (await store.job_logs("orphan-a"))[-1]["status"] == "interrupted"
    assert (await store.get_job("orphan-b")).status == "running"
    assert (await store.get_job("new-a")).status == "running"
    assert await store.interrupt_orphaned_jobs("acme") == []
    assert await store.interrupt_orphaned_jobs() == ["orphan-b"]


async def test_a_job_recorded_without_the_lease_sweeps_nothing(store):
    await store.create_job(job("first", "acme", "replica-a"))

    assert await store.create_job(job("second", "acme", "replica-b")) == []

    assert (await store.get_job("first")).status == "running"
