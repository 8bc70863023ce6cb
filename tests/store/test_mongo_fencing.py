"""A MongoDB writer frozen at any point of a fenced write, while another
replica takes the tenant over, lands nothing of that write, and does not
hold the new holder up.

The writer runs in a thread of its own, with its own event loop and client;
a command listener freezes it just before it sends its N-th command (a
SIGSTOP between two round trips: its transaction, if open, stays open on
the server). While it is frozen the lease expires, another replica takes
the tenant over (ending the frozen writer's transaction) and writes the
same tickets. Then the writer resumes: its write raises ``LeaseLost`` and
the tenant is exactly as the new holder left it (tickets, history, outbox,
rollups, the job's progress). Every N is tried, from the first command of
the write to past its last, so each gap between two round trips is
covered, whatever the write sends. (The simple cases, on both backends, are
in ``test_contract_leases.py``; a writer killed inside its transaction, a
real process, in ``test_mongo_killed_writer.py``.)
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import attrs
import pytest
from pymongo import monitoring

from ticketd.errors import LeaseLost
from ticketd.store import ApplyResult, JobProgress, JobRecord, Lease, TicketFilter
from ticketd.store.mongo import MongoStore

from .conftest import START, TEST_DEADLINE_SECONDS

pytestmark = pytest.mark.timeout(240)

TTL = 30
WAIT = 60  # seconds any step of the test may take before it fails
# Commands of the write itself, not the driver's monitoring and handshakes.
_SESSION_COMMANDS = {"hello", "ismaster", "isMaster", "ping", "endSessions", "buildInfo"}


class Freezer(monitoring.CommandListener):
    """Blocks the writer's thread just before its ``at``-th command (from
    0) until ``resume`` is set; ``stopped`` is set then, or when the writer
    ends without reaching that command."""

    def __init__(self, at: int) -> None:
        self.at = at
        self.armed = False  # set once the store is open: count the write only
        self.sent: list[str] = []
        self.stopped = threading.Event()
        self.resume = threading.Event()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if not self.armed or event.command_name in _SESSION_COMMANDS:
            return
        collection = event.command.get(event.command_name)
        self.sent.append(f"{event.command_name} {collection}")
        if len(self.sent) - 1 == self.at:
            self.stopped.set()
            self.resume.wait(WAIT)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


Write = Callable[[MongoStore, Lease], Awaitable[Any]]


async def write_frozen_at(mongo_url: str, clock: Any, at: int, tenant: str, write: Write):
    """In a thread of its own, on its own store: take ``tenant``'s lease as
    replica-a, then run ``write`` frozen before its ``at``-th command;
    returns (freezer, the thread's future, the lease once taken)."""
    freezer = Freezer(at)
    taken: asyncio.Future[Lease] = asyncio.get_running_loop().create_future()
    loop = asyncio.get_running_loop()

    async def run() -> None:
        store = MongoStore.from_url(
            mongo_url,
            clock=clock,
            lease_clock="injected",
            event_listeners=[freezer],
            timeout_seconds=TEST_DEADLINE_SECONDS,
        )
        await store.open()
        try:
            lease = await store.acquire_lease(tenant, "replica-a", TTL)
            assert lease is not None
            loop.call_soon_threadsafe(taken.set_result, lease)
            freezer.armed = True
            await write(store, lease)
        finally:
            await store.close()

    def in_thread() -> BaseException | None:
        try:
            asyncio.run(run())
        except BaseException as exc:  # handed back to the test
            return exc
        finally:
            freezer.stopped.set()
        return None

    writer = asyncio.ensure_future(asyncio.to_thread(in_thread))
    await asyncio.wait_for(asyncio.shield(taken), WAIT)
    return freezer, writer, taken.result()


async def tenant_state(store: MongoStore, tenant: str, job_id: str) -> dict[str, Any]:
    """Everything a write of ``tenant`` may change, read through the store."""
    page = await store.list_tickets(tenant, TicketFilter(), page=1, page_size=100)
    history = {
        ext: [(h.action, h.job_id) for h in await store.ticket_history(tenant, ext, limit=10)]
        for ext in ("ext-001", "ext-002")
    }
    stats = await store.tenant_stats(tenant, from_date=None, to_date=START)
    job = await store.get_job(job_id)
    return {
        "tickets": sorted((t.external_id, t.status, t.urgency) for t in page.tickets),
        "history": history,
        "outbox": [
            e.external_id for e in await store.list_outbox(tenant, status="pending", limit=10)
        ],
        "stats": attrs.evolve(stats, generated_at=None),
        "job": (job.processed_pages, job.total_pages, job.metrics),
    }


def _page(tenant: str, make_ticket, *, status: str) -> list:
    """ext-001 changed (an update) and ext-002 new and urgent (a creation
    with an outbox entry)."""
    later = START - timedelta(minutes=30)
    return [
        make_ticket("ext-001", tenant_id=tenant, status=status, updated_at=later),
        make_ticket("ext-002", tenant_id=tenant, urgency="high", sentiment="negative"),
    ]


@attrs.frozen
class Outcome:
    frozen_before: str  # the command the writer was frozen before
    error: BaseException | None  # what the write raised


async def run_every_freeze_point(mongo_store, mongo_url, clock, make_ticket, write: Write):
    """For N = 0, 1, ...: a fresh tenant whose ``ext-001`` replica-a
    stored, replica-a's ``write`` frozen before its N-th command, a
    takeover by replica-b (this test's store) that writes the same tickets
    at once, the resume. Stops once the write sends fewer than N + 1
    commands; returns the outcomes."""
    outcomes: list[Outcome] = []
    for at in range(100):
        tenant = f"acme-{at}"
        job_id = f"job-{at}"
        await mongo_store.create_job(JobRecord(job_id, tenant, "replica-a", "running", START))
        await mongo_store.apply_tickets(
            tenant, [make_ticket("ext-001", tenant_id=tenant)], job_id=job_id
        )
        before = await tenant_state(mongo_store, tenant, job_id)

        freezer, writer, _ = await write_frozen_at(mongo_url, clock, at, tenant, write)
        assert await asyncio.to_thread(freezer.stopped.wait, WAIT)
        if writer.done():  # ended before its at-th command: every gap is covered
            assert await writer is None
            break
        frozen_before = freezer.sent[at]
        try:
            await clock.advance(TTL + 1)  # frozen past its lease
            assert await mongo_store.interrupt_orphaned_jobs(tenant) == [job_id]
            new = await mongo_store.acquire_lease(tenant, "replica-b", TTL)
            assert new is not None, frozen_before
            state = await tenant_state(mongo_store, tenant, job_id)
            assert state["tickets"] == before["tickets"], f"frozen before {frozen_before}"
            assert state["history"] == before["history"], f"frozen before {frozen_before}"
            assert state["stats"] == before["stats"], f"frozen before {frozen_before}"
            # The frozen writer holds nothing the new holder needs.
            await mongo_store.apply_tickets(
                tenant,
                _page(tenant, make_ticket, status="pending"),
                job_id="job-b",
                fence=new,
            )
            after_takeover = await tenant_state(mongo_store, tenant, job_id)
        finally:
            freezer.resume.set()
        error = await asyncio.wait_for(writer, WAIT)
        assert isinstance(error, LeaseLost), (frozen_before, error)
        assert await tenant_state(mongo_store, tenant, job_id) == after_takeover, (
            f"frozen before {frozen_before}: the stale write landed"
        )
        outcomes.append(Outcome(frozen_before, error))
    return outcomes


async def test_a_frozen_page_write_lands_nothing_and_holds_nothing_after_a_takeover(
    mongo_store, mongo_url, clock, make_ticket
):
    """A page of the scan (an update, a creation queuing a notification,
    rollups, the job's progress) by a writer frozen before each of its
    commands in turn."""

    async def page_write(store: MongoStore, fence: Lease) -> None:
        job_id = f"job-{fence.tenant_id.removeprefix('acme-')}"

        def progress(result: ApplyResult) -> JobProgress:
            return JobProgress(job_id, 5, 1, {"created": float(result.count("created"))})

        await store.apply_tickets(
            fence.tenant_id,
            _page(fence.tenant_id, make_ticket, status="closed"),
            job_id=job_id,
            fence=fence,
            progress=progress,
        )

    outcomes = await run_every_freeze_point(mongo_store, mongo_url, clock, make_ticket, page_write)
    sent = [o.frozen_before for o in outcomes]
    assert len(outcomes) >= 8, sent  # the write's round trips were all tried
    assert sent[0] == "update locks" and "commitTransaction 1" in sent, sent


async def test_a_frozen_deletion_lands_nothing_and_holds_nothing_after_a_takeover(
    mongo_store, mongo_url, clock, make_ticket
):
    """A soft deletion (the ticket, its history line, the rollups) by a
    writer frozen before each of its commands in turn."""

    async def deletion(store: MongoStore, fence: Lease) -> None:
        job_id = f"job-{fence.tenant_id.removeprefix('acme-')}"
        await store.soft_delete(fence.tenant_id, ["ext-001"], job_id=job_id, fence=fence)

    outcomes = await run_every_freeze_point(mongo_store, mongo_url, clock, make_ticket, deletion)
    sent = [o.frozen_before for o in outcomes]
    assert len(outcomes) >= 5, sent
    assert "commitTransaction 1" in sent, sent


async def test_the_holders_renewal_waits_for_its_write_which_runs_once(
    mongo_store, mongo_url, clock, make_ticket
):
    """The holder renews its lease while its page write is open (as its
    renewal task does every third of the TTL): the renewal waits for the
    write, which commits on its first try, and then extends the lease."""

    async def page_write(store: MongoStore, fence: Lease) -> None:
        await store.apply_tickets(
            fence.tenant_id,
            _page(fence.tenant_id, make_ticket, status="closed"),
            job_id=None,
            fence=fence,
        )

    # Frozen after the fence statement and the planning read.
    freezer, writer, lease = await write_frozen_at(mongo_url, clock, 2, "acme-0", page_write)
    assert await asyncio.to_thread(freezer.stopped.wait, WAIT)
    assert freezer.sent == ["update locks", "find tickets", freezer.sent[2]]
    await clock.advance(TTL / 3)
    renewal = asyncio.ensure_future(mongo_store.renew_lease("acme-0", lease, TTL))
    try:
        done, _ = await asyncio.wait({renewal}, timeout=0.5)
        assert not done  # it waits for the open write
    finally:
        freezer.resume.set()
    assert await asyncio.wait_for(writer, WAIT) is None
    assert (await asyncio.wait_for(renewal, WAIT)).token == lease.token
    assert freezer.sent.count("find tickets") == 1, freezer.sent
