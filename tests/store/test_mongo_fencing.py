"""A MongoDB writer frozen at any point of a fenced write, while another
replica takes the tenant over, lands nothing of that write.

The writer runs in a thread of its own, with its own event loop and client;
a command listener freezes it just before it sends its N-th command (a
SIGSTOP between two round trips). While it is frozen the lease expires and
another replica tries to take the tenant over. Then the writer resumes.
Every N is tried, from the first command of the write to past its last, so
each gap between two round trips is covered, whatever the write sends.

Two outcomes are correct: the takeover succeeded while the writer was
frozen, and then the write raises ``LeaseLost`` and the tenant is exactly
as before it (tickets, history, outbox, rollups, the job's progress); or
the takeover was refused (the write was committing), and then the write
lands whole and the takeover succeeds after it. (The simple cases, on both
backends, are in ``test_contract_leases.py``.)
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
from ticketd.store import ApplyResult, JobProgress, JobRecord, Lease
from ticketd.store.mongo import MongoStore

from .conftest import START

pytestmark = pytest.mark.timeout(120)

TTL = 30
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
            self.resume.wait(60)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@attrs.frozen
class Outcome:
    frozen_before: str | None  # the command the writer was frozen before
    error: BaseException | None  # what the write raised


Write = Callable[[MongoStore, Lease], Awaitable[Any]]


async def write_frozen_at(mongo_url: str, clock: Any, at: int, fence: Lease, write: Write):
    """Run ``write`` in a thread of its own on its own store, frozen before
    its ``at``-th command; returns (freezer, the thread's future)."""
    freezer = Freezer(at)

    async def run() -> None:
        store = MongoStore.from_url(
            mongo_url, clock=clock, lease_clock="injected", event_listeners=[freezer]
        )
        await store.open()
        freezer.armed = True
        try:
            await write(store, fence)
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

    return freezer, asyncio.ensure_future(asyncio.to_thread(in_thread))


async def tenant_state(store: MongoStore, tenant: str, job_id: str) -> dict[str, Any]:
    """Everything a write of ``tenant`` may change, read through the store."""
    page = await store.list_tickets(tenant, _no_filter(), page=1, page_size=100)
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


def _no_filter() -> Any:
    from ticketd.store import TicketFilter

    return TicketFilter()


async def run_every_freeze_point(mongo_store, mongo_url, clock, make_ticket, write: Write) -> list:
    """For N = 0, 1, ...: a fresh tenant whose ``ext-001`` the old holder
    stored, the old holder's ``write`` frozen before its N-th command, a
    takeover, the resume. Stops once the write sends fewer than N + 1
    commands; returns the outcomes."""
    outcomes: list[Outcome] = []
    for at in range(100):
        tenant = f"acme-{at}"
        job_id = f"job-{at}"
        old = await mongo_store.acquire_lease(tenant, "replica-a", TTL)
        await mongo_store.create_job(JobRecord(job_id, tenant, "replica-a", "running", START))
        await mongo_store.apply_tickets(
            tenant, [make_ticket("ext-001", tenant_id=tenant)], job_id=job_id, fence=old
        )
        before = await tenant_state(mongo_store, tenant, job_id)

        freezer, writer = await write_frozen_at(mongo_url, clock, at, old, write)
        await asyncio.to_thread(freezer.stopped.wait)
        if writer.done():  # ended before its at-th command: every gap is covered
            assert await writer is None
            break
        frozen_before = freezer.sent[at]
        await clock.advance(TTL + 1)  # frozen past its lease
        new = await mongo_store.acquire_lease(tenant, "replica-b", TTL)
        freezer.resume.set()
        error = await writer
        after = await tenant_state(mongo_store, tenant, job_id)
        if new is not None:
            assert isinstance(error, LeaseLost), (frozen_before, error, after)
            assert after == before, f"frozen before {frozen_before}: the stale write landed"
        else:  # refused: the write was committing, so it lands whole first
            assert error is None, (frozen_before, error)
            assert after != before
            await clock.advance(TTL + 1)
            assert await mongo_store.acquire_lease(tenant, "replica-b", TTL) is not None
        outcomes.append(Outcome(frozen_before, error))
    return outcomes


def _page(tenant: str, make_ticket) -> list:
    """ext-001 changed (an update) and ext-002 new and urgent (a creation
    with an outbox entry)."""
    later = START - timedelta(minutes=30)
    return [
        make_ticket("ext-001", tenant_id=tenant, status="closed", updated_at=later),
        make_ticket("ext-002", tenant_id=tenant, urgency="high", sentiment="negative"),
    ]


async def test_a_frozen_page_write_lands_nothing_after_a_takeover(
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
            _page(fence.tenant_id, make_ticket),
            job_id=job_id,
            fence=fence,
            progress=progress,
        )

    outcomes = await run_every_freeze_point(mongo_store, mongo_url, clock, make_ticket, page_write)
    assert len(outcomes) >= 4, outcomes  # the write's round trips were all tried
    assert any(isinstance(o.error, LeaseLost) for o in outcomes)


async def test_a_frozen_deletion_lands_nothing_after_a_takeover(
    mongo_store, mongo_url, clock, make_ticket
):
    """A soft deletion (the ticket, its history line, the rollups) by a
    writer frozen before each of its commands in turn."""

    async def deletion(store: MongoStore, fence: Lease) -> None:
        job_id = f"job-{fence.tenant_id.removeprefix('acme-')}"
        await store.soft_delete(fence.tenant_id, ["ext-001"], job_id=job_id, fence=fence)

    outcomes = await run_every_freeze_point(mongo_store, mongo_url, clock, make_ticket, deletion)
    assert len(outcomes) >= 3, outcomes
    assert any(isinstance(o.error, LeaseLost) for o in outcomes)
