"""Several SQLite stores or processes on one file: leases, outbox claims
and ticket batches stay exclusive, and list totals follow another store's
writes."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ticketd.clock import FakeClock
from ticketd.store import TicketFilter
from ticketd.store.sqlite import SqliteStore

from .conftest import START

pytestmark = pytest.mark.timeout(30)


@contextlib.asynccontextmanager
async def two_stores(db_path: Path, clock: FakeClock) -> AsyncIterator[tuple[SqliteStore, ...]]:
    first, second = SqliteStore(db_path, clock=clock), SqliteStore(db_path, clock=clock)
    await asyncio.gather(first.open(), second.open())  # concurrent schema creation is safe
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()


async def test_lease_is_exclusive_across_two_stores_on_one_file(db_path, clock):
    async with two_stores(db_path, clock) as (first, second):
        tokens = []
        for round_ in range(200):
            results = await asyncio.gather(
                first.acquire_lease("acme", "replica-a", 60),
                second.acquire_lease("acme", "replica-b", 60),
            )
            winners = [lease for lease in results if lease is not None]
            assert len(winners) == 1, f"round {round_}: {results}"
            tokens.append(winners[0].token)
            # each instance sees the winner
            assert (await first.lease_status("acme")).owner == winners[0].owner
            assert (await second.lease_status("acme")).owner == winners[0].owner
            loser_store = second if winners[0].owner == "replica-a" else first
            assert await loser_store.release_lease("acme", "replica-c") is False
            winner_store = first if winners[0].owner == "replica-a" else second
            assert await winner_store.release_lease("acme", winners[0].owner) is True
        assert tokens == sorted(set(tokens))


async def test_outbox_claims_are_exclusive_across_two_stores(db_path, clock, make_ticket):
    async with two_stores(db_path, clock) as (first, second):
        batch = [make_ticket(f"ext-{n:03d}", urgency="high") for n in range(40)]
        await first.apply_tickets("acme", batch, job_id=None)
        claims = await asyncio.gather(
            *(
                store.claim_notifications(f"notifier-{n}-{i}", limit=3, lease_seconds=30)
                for n in range(8)
                for i, store in enumerate((first, second))
            )
        )
        claimed = [e.entry_id for claim in claims for e in claim]
        assert len(claimed) == len(set(claimed)) == 40


async def test_concurrent_batches_from_two_stores_do_not_interleave(db_path, clock, make_ticket):
    """Two writers applying the same new tickets: each ticket is created once
    (BEGIN IMMEDIATE serialises the read-modify-write)."""
    async with two_stores(db_path, clock) as (first, second):
        batch = [make_ticket(f"ext-{n:03d}", urgency="high") for n in range(100)]
        results = await asyncio.gather(
            first.apply_tickets("acme", batch, job_id="a"),
            second.apply_tickets("acme", batch, job_id="b"),
        )
        assert sorted(r.count("created") for r in results) == [0, 100]
        assert sum(r.notifications_queued for r in results) == 100
        assert (await first.outbox_summary()).pending == 100
        history = await second.ticket_history("acme", "ext-000", limit=10)
        assert [h.action for h in history] == ["created"]


async def test_list_totals_follow_writes_from_another_store(db_path, clock, make_ticket):
    """List totals are cached per reader connection while the database's
    data_version is unchanged; a commit by another store (another process)
    invalidates them at once."""
    async with two_stores(db_path, clock) as (reader, writer):
        await writer.apply_tickets("acme", [make_ticket("ext-001")], job_id=None)
        high = TicketFilter(urgency="high")
        for _ in range(3):  # warm every reader thread's cache
            assert (
                await reader.list_tickets("acme", TicketFilter(), page=1, page_size=5)
            ).total == 1
            assert (await reader.list_tickets("acme", high, page=1, page_size=5)).total == 0
        await writer.apply_tickets("acme", [make_ticket("ext-002", urgency="high")], job_id=None)
        for _ in range(3):
            assert (
                await reader.list_tickets("acme", TicketFilter(), page=1, page_size=5)
            ).total == 2
            assert (await reader.list_tickets("acme", high, page=1, page_size=5)).total == 1
        await writer.soft_delete("acme", ["ext-002"], job_id=None)
        for _ in range(3):
            assert (await reader.list_tickets("acme", high, page=1, page_size=5)).total == 0


# Opens its store, says "ready", and takes the lease once told to go: the
# test waits on those lines and on the process's exit, not on a time budget
# (a loaded machine can take many seconds to start Python and import).
_ACQUIRE_SCRIPT = """
import asyncio, sys
from datetime import datetime
from ticketd.clock import FakeClock
from ticketd.store.sqlite import SqliteStore

async def main():
    clock = FakeClock(start=datetime.fromisoformat(sys.argv[2]))
    # No write waits out its lock under load: the race is over the lease,
    # not over the time a descheduled rival holds the write lock.
    store = SqliteStore(sys.argv[1], clock=clock, busy_timeout=3600)
    await store.open()
    try:
        print("ready", flush=True)
        sys.stdin.readline()
        lease = await store.acquire_lease(sys.argv[3], sys.argv[4], 60)
        print("refused" if lease is None else lease.token, flush=True)
    finally:
        await store.close()

asyncio.run(main())
"""


async def ready_process(db_path: Path, tenant_id: str, owner: str) -> asyncio.subprocess.Process:
    """A process with its store open on ``db_path``, about to acquire the
    lease on ``tenant_id`` as ``owner`` once ``acquire_in`` tells it to."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _ACQUIRE_SCRIPT,
        str(db_path),
        START.isoformat(),
        tenant_id,
        owner,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    ready = await process.stdout.readline()
    if ready != b"ready\n":
        _, err = await process.communicate()
        raise AssertionError(f"not ready ({ready!r}): {err.decode()}")
    return process


async def acquire_in(process: asyncio.subprocess.Process) -> str:
    """Tell a ready process to acquire; its answer: a token or 'refused'."""
    out, err = await process.communicate(b"go\n")
    assert process.returncode == 0, err.decode()
    return out.decode().strip()


async def acquire_in_process(db_path: Path, tenant_id: str, owner: str) -> str:
    return await acquire_in(await ready_process(db_path, tenant_id, owner))


# Only a guard against a hang: each step waits on a process's line or exit.
@pytest.mark.timeout(300)
async def test_lease_across_processes(sqlite_store, db_path):
    lease = await sqlite_store.acquire_lease("acme", "this-process", 60)
    assert lease is not None

    assert await acquire_in_process(db_path, "acme", "other-process") == "refused"

    assert await sqlite_store.release_lease("acme", "this-process")
    token = await acquire_in_process(db_path, "acme", "other-process")
    assert int(token) > lease.token
    assert (await sqlite_store.lease_status("acme")).owner == "other-process"
    assert await sqlite_store.acquire_lease("acme", "this-process", 60) is None


@pytest.mark.timeout(300)
async def test_processes_racing_for_a_fresh_lease_have_one_winner(sqlite_store, db_path):
    """Four processes, each with its store open, are told to acquire at
    once (however long each took to start): exactly one gets the lease."""
    processes = await asyncio.gather(
        *(ready_process(db_path, "initech", f"process-{n}") for n in range(4))
    )
    answers = await asyncio.gather(*(acquire_in(process) for process in processes))
    assert sorted(answers) == ["1", "refused", "refused", "refused"]
