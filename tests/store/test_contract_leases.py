"""Store contract: the per-tenant ingestion lease (one atomic acquire or
refresh, fencing tokens, expiry, release by the owner only). Runs on every
backend."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from ticketd.errors import LeaseLost
from ticketd.store import ApplyResult, Lease, LeaseStatus, TicketOutcome

from .conftest import START

pytestmark = pytest.mark.timeout(30)


async def test_free_lease_is_acquired(store, clock):
    lease = await store.acquire_lease("acme", "replica-a", 60)

    assert isinstance(lease, Lease)
    assert (lease.tenant_id, lease.owner, lease.expires_at) == (
        "acme", "replica-a", START + timedelta(seconds=60),
    )  # fmt: skip
    assert isinstance(lease.token, int) and lease.token > 0
    assert await store.lease_status("acme") == LeaseStatus(
        locked=True, owner="replica-a", expires_at=lease.expires_at, token=lease.token
    )


async def test_refresh_by_the_holder_extends_and_keeps_the_token(store, clock):
    lease = await store.acquire_lease("acme", "replica-a", 60)
    await clock.advance(45)

    refreshed = await store.acquire_lease("acme", "replica-a", 60)

    assert refreshed == Lease("acme", "replica-a", lease.token, clock.now() + timedelta(seconds=60))
    await clock.advance(45)  # past the first expiry, inside the refreshed one
    assert (await store.lease_status("acme")).owner == "replica-a"
    assert await store.acquire_lease("acme", "replica-b", 60) is None


async def test_held_lease_is_refused_to_others(store, clock):
    await store.acquire_lease("acme", "replica-a", 60)
    await clock.advance(59)
    assert await store.acquire_lease("acme", "replica-b", 60) is None
    assert (await store.lease_status("acme")).owner == "replica-a"


async def test_expired_lease_is_taken_over_with_a_larger_token(store, clock):
    old = await store.acquire_lease("acme", "replica-a", 60)
    await clock.advance(60)
    assert await store.lease_status("acme") == LeaseStatus(False, None, None, None)

    new = await store.acquire_lease("acme", "replica-b", 60)

    assert new is not None and new.owner == "replica-b"
    assert new.token > old.token
    # the old holder's refresh and release now fail; the new holder keeps it
    assert await store.acquire_lease("acme", "replica-a", 60) is None
    assert await store.release_lease("acme", "replica-a") is False
    status = await store.lease_status("acme")
    assert (status.locked, status.owner, status.token) == (True, "replica-b", new.token)


async def test_release_only_by_the_owner(store, clock):
    first = await store.acquire_lease("acme", "replica-a", 60)

    assert await store.release_lease("acme", "replica-b") is False
    assert (await store.lease_status("acme")).owner == "replica-a"
    assert await store.release_lease("acme", "replica-a") is True

    assert await store.lease_status("acme") == LeaseStatus(False, None, None, None)
    assert await store.release_lease("acme", "replica-a") is False
    second = await store.acquire_lease("acme", "replica-b", 60)
    assert second is not None and second.token > first.token
    third_owner = await store.acquire_lease("acme", "replica-c", 60)
    assert third_owner is None


async def test_unknown_tenant_reads_as_unlocked(store):
    assert await store.lease_status("nobody") == LeaseStatus(False, None, None, None)
    assert await store.release_lease("nobody", "replica-a") is False


async def test_leases_are_per_tenant(store, clock):
    acme = await store.acquire_lease("acme", "replica-a", 60)
    globex = await store.acquire_lease("globex", "replica-b", 60)
    assert acme is not None and globex is not None
    assert (await store.lease_status("globex")).owner == "replica-b"
    assert await store.release_lease("globex", "replica-a") is False
    assert await store.release_lease("acme", "replica-a") is True
    assert (await store.lease_status("globex")).locked


async def test_two_concurrent_acquirers_exactly_one_wins(store, clock):
    """200 rounds of two owners racing for one tenant's lease under asyncio
    concurrency: every round has exactly one winner, and tokens only grow."""
    tokens = []
    for round_ in range(200):
        owners = ("replica-a", "replica-b") if round_ % 2 else ("replica-b", "replica-a")
        results = await asyncio.gather(*(store.acquire_lease("acme", o, 60) for o in owners))
        winners = [lease for lease in results if lease is not None]
        assert len(winners) == 1, f"round {round_}: {results}"
        tokens.append(winners[0].token)
        assert await store.release_lease("acme", winners[0].owner) is True
    assert tokens == sorted(set(tokens))


async def test_many_concurrent_acquirers_of_fresh_tenants(store, clock):
    """Racing on tenants with no lock record yet (the insert path)."""
    for round_ in range(50):
        tenant = f"tenant-{round_}"
        results = await asyncio.gather(
            *(store.acquire_lease(tenant, f"replica-{n}", 60) for n in range(5))
        )
        assert sum(r is not None for r in results) == 1, f"round {round_}: {results}"


async def test_writes_fenced_by_a_lost_lease_are_refused(store, clock, make_ticket):
    """A writer whose lease expired and was taken over writes nothing."""
    old = await store.acquire_lease("acme", "replica-a", 30)
    result = await store.apply_tickets("acme", [make_ticket("ext-001")], job_id="a", fence=old)
    assert result.count("created") == 1
    await clock.advance(31)
    new = await store.acquire_lease("acme", "replica-b", 30)
    assert new is not None and new.token > old.token
    with pytest.raises(LeaseLost):
        await store.apply_tickets("acme", [make_ticket("ext-002")], job_id="a", fence=old)
    with pytest.raises(LeaseLost):
        await store.soft_delete("acme", ["ext-001"], job_id="a", fence=old)
    assert await store.live_external_ids("acme") == {"ext-001"}  # nothing written
    assert await store.apply_tickets(
        "acme", [make_ticket("ext-002")], job_id="b", fence=new
    ) == ApplyResult((TicketOutcome("ext-002", "created"),))


async def test_an_expired_fence_is_refused_even_with_nobody_else(store, clock, make_ticket):
    lease = await store.acquire_lease("acme", "replica-a", 30)
    await clock.advance(31)
    with pytest.raises(LeaseLost):
        await store.apply_tickets("acme", [make_ticket("ext-001")], job_id="a", fence=lease)


async def test_renewal_by_the_holder_extends_and_keeps_the_token(store, clock):
    lease = await store.acquire_lease("acme", "replica-a", 60)
    await clock.advance(45)

    renewed = await store.renew_lease("acme", lease, 60)

    assert renewed == Lease("acme", "replica-a", lease.token, clock.now() + timedelta(seconds=60))
    await clock.advance(45)  # past the first expiry, inside the renewed one
    assert (await store.lease_status("acme")).owner == "replica-a"


async def test_renewal_of_an_expired_lease_is_lease_lost(store, clock):
    lease = await store.acquire_lease("acme", "replica-a", 30)
    await clock.advance(31)
    with pytest.raises(LeaseLost, match="lease lost"):
        await store.renew_lease("acme", lease, 30)
    assert not (await store.lease_status("acme")).locked  # and nothing was acquired


async def test_renewal_after_a_finished_takeover_is_lease_lost(store, clock):
    """A (token 1) freezes past its lease; B takes over, finishes and
    releases. A's renewal must not come back as a fresh acquisition."""
    old = await store.acquire_lease("acme", "replica-a", 30)
    await clock.advance(31)
    usurper = await store.acquire_lease("acme", "replica-b", 30)
    assert usurper is not None
    assert await store.release_lease("acme", "replica-b") is True

    with pytest.raises(LeaseLost):
        await store.renew_lease("acme", old, 30)
    assert await store.lease_status("acme") == LeaseStatus(False, None, None, None)
    # the same owner name with a newer token is a different lease, too
    again = await store.acquire_lease("acme", "replica-a", 30)
    assert again is not None and again.token > usurper.token
    with pytest.raises(LeaseLost):
        await store.renew_lease("acme", old, 30)


async def test_a_stale_write_after_a_finished_takeover_changes_nothing(store, clock, make_ticket):
    """A stores two tickets, freezes past its lease; B takes over, updates
    one, soft-deletes the other, finishes. A's stale page (the old versions)
    is refused and leaves B's state and the history as B left them."""
    old = await store.acquire_lease("acme", "replica-a", 30)
    first = [make_ticket("ext-001"), make_ticket("ext-002")]
    await store.apply_tickets("acme", first, job_id="job-a", fence=old)
    await clock.advance(31)
    new = await store.acquire_lease("acme", "replica-b", 30)
    newer = make_ticket("ext-001", status="closed", updated_at=START + timedelta(minutes=5))
    await store.apply_tickets("acme", [newer], job_id="job-b", fence=new)
    assert await store.soft_delete("acme", ["ext-002"], job_id="job-b", fence=new) == 1
    await store.release_lease("acme", "replica-b")
    await clock.advance(1)

    with pytest.raises(LeaseLost):
        await store.apply_tickets("acme", first, job_id="job-a", fence=old)
    with pytest.raises(LeaseLost):
        await store.soft_delete("acme", ["ext-001"], job_id="job-a", fence=old)

    assert (await store.get_ticket("acme", "ext-001")).status == "closed"
    assert await store.get_ticket("acme", "ext-002") is None
    assert await store.live_external_ids("acme") == {"ext-001"}
    for external_id in ("ext-001", "ext-002"):
        history = await store.ticket_history("acme", external_id, limit=10)
        assert [h.job_id for h in history] == ["job-b", "job-a"]


async def test_a_write_under_a_lost_lease_leaves_no_trace(store, clock, make_ticket):
    """After a takeover, the old holder's page (an update, an urgent new
    ticket, the job's progress) and deletion are refused whole: no ticket,
    history line, outbox entry, rollup change or progress of theirs lands.
    (A writer frozen at any point inside its write, on MongoDB:
    test_mongo_fencing.py.)"""
    from ticketd.store import JobProgress, JobRecord, TicketFilter

    old = await store.acquire_lease("acme", "replica-a", 30)
    await store.create_job(JobRecord("job-a", "acme", "replica-a", "running", START))
    await store.apply_tickets("acme", [make_ticket("ext-001")], job_id="job-a", fence=old)

    async def state() -> dict:
        page = await store.list_tickets("acme", TicketFilter(), page=1, page_size=10)
        stats = await store.tenant_stats("acme", from_date=None, to_date=START)
        return {
            "tickets": [(t.external_id, t.status) for t in page.tickets],
            "history": [
                [h.action for h in await store.ticket_history("acme", ext, limit=5)]
                for ext in ("ext-001", "ext-002")
            ],
            "outbox": await store.list_outbox("acme", status="pending", limit=5),
            "stats": (stats.total_tickets, stats.by_status, stats.by_urgency),
            "job": (await store.get_job("job-a")).processed_pages,
        }

    before = await state()
    await clock.advance(31)
    assert await store.acquire_lease("acme", "replica-b", 30) is not None
    page = [
        make_ticket("ext-001", status="closed", updated_at=START),
        make_ticket("ext-002", urgency="high", sentiment="negative"),
    ]
    with pytest.raises(LeaseLost):
        await store.apply_tickets(
            "acme",
            page,
            job_id="job-a",
            fence=old,
            progress=lambda result: JobProgress("job-a", 3, 2, {"created": 1.0}),
        )
    with pytest.raises(LeaseLost):
        await store.soft_delete("acme", ["ext-001"], job_id="job-a", fence=old)
    assert await state() == before
