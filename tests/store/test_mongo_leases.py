"""Leases on MongoDB are timed by the server's clock, over the wire: a
replica whose clock is wrong can neither take a live lease early nor keep
writing on one that expired. (The lease contract itself, driven by a
FakeClock, is in ``test_contract_leases.py``.)"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from tests.store.conftest import SkewedClock
from ticketd.actors import Supervisor
from ticketd.actors.rate_limiter import LimiterPermits, RateLimiterActor, SharedBudget
from ticketd.clock import utc_now
from ticketd.domain.ticket import Ticket
from ticketd.errors import LeaseLost

SKEW = timedelta(minutes=2)


def _ticket(external_id: str, updated_at: datetime) -> Ticket:
    return Ticket(
        tenant_id="acme",
        external_id=external_id,
        subject="printer",
        message="it is broken",
        status="open",
        source="email",
        customer_id="cust-1",
        created_at=updated_at,
        updated_at=updated_at,
        urgency="low",
        sentiment="neutral",
        requires_action=False,
    )


async def test_a_replica_whose_clock_runs_ahead_cannot_take_a_live_lease(stores) -> None:
    """1. Replica A (a correct clock) takes the tenant's lease for 60 s.
    2. Replica B, its clock two minutes ahead, tries: refused, and it sees
       the tenant locked by A (the server's clock says the lease is live)."""
    honest = await stores(timedelta(0))
    ahead = await stores(SKEW)
    lease = await honest.acquire_lease("acme", "replica-a", 60)
    assert lease is not None
    assert await ahead.acquire_lease("acme", "replica-b", 60) is None
    status = await ahead.lease_status("acme")
    assert status.locked and status.owner == "replica-a"
    assert await ahead.interrupt_orphaned_jobs() == []


async def test_a_replica_whose_clock_lags_loses_its_expired_lease(stores) -> None:
    """1. Replica A, its clock two minutes behind, takes a 1 s lease.
    2. Once the server's clock passes its end (a replica with a correct
       clock sees the tenant unlocked), A can neither renew nor write
       fenced, however early its own clock says it is."""
    behind = await stores(-SKEW)
    honest = await stores(timedelta(0))
    lease = await behind.acquire_lease("acme", "replica-a", 1)
    assert lease is not None
    for _ in range(200):  # the server's clock passes the lease's end
        if not (await honest.lease_status("acme")).locked:
            break
        await asyncio.sleep(0.05)
    assert not (await honest.lease_status("acme")).locked
    assert not (await behind.lease_status("acme")).locked
    with pytest.raises(LeaseLost):
        await behind.renew_lease("acme", lease, 60)
    with pytest.raises(LeaseLost):
        await behind.apply_tickets("acme", [_ticket("t-1", utc_now())], job_id="late", fence=lease)
    assert await behind.get_ticket("acme", "t-1") is None
    taken = await honest.acquire_lease("acme", "replica-b", 60)
    assert taken is not None and taken.token > lease.token


async def test_lease_end_is_set_by_the_server(stores) -> None:
    """A lease taken by a replica two minutes ahead still ends 60 s after
    the server's now, not 60 s after the replica's."""
    ahead = await stores(SKEW)
    before = utc_now()
    lease = await ahead.acquire_lease("acme", "replica-b", 60)
    assert lease is not None
    assert before + timedelta(seconds=59) < lease.expires_at < utc_now() + timedelta(seconds=61)


async def test_a_replica_ahead_takes_no_more_of_the_shared_budget(stores):
    """The shared provider budget is judged by the server's clock, like the
    leases: a replica whose clock ran 61 s ahead took the others' grants of
    the last minute for expired and was granted a whole window more."""
    on_time = await stores(timedelta(0))
    ahead = await stores(timedelta(seconds=61))
    slice_of = {"want": 10, "limit": 10, "span_seconds": 60.0, "hold_seconds": 1.0}
    assert (await on_time.take_permits("tickets", **slice_of)).granted == 10
    assert (await ahead.take_permits("tickets", **slice_of)).granted == 0


@pytest.mark.parametrize("offset", [-60, 120], ids=["behind", "ahead"])
async def test_a_429_pause_a_replica_shares_lasts_its_retry_after_on_the_servers_clock(
    stores, offset
):
    """A replica whose clock is off by ``offset`` s gets a 429 with
    Retry-After: 30 and shares the pause: every replica then waits about
    30 s. (The pause's end was the replica's clock plus 30 s, judged by the
    server's: one 60 s behind paused nobody and the others went on calling
    into the 429s; one 120 s ahead paused everyone for 150 s.)"""
    skewed, on_time = await stores(timedelta(seconds=offset)), await stores(timedelta(0))
    clock = SkewedClock(timedelta(seconds=offset))  # the skewed replica's
    supervisor = Supervisor(clock=clock)
    shared = SharedBudget(skewed, hold_seconds=0.05, min_interval_seconds=0.02, retry_seconds=0.05)
    ref = await supervisor.start_child(
        "rate-limiter",
        lambda: RateLimiterActor(
            clock=clock,
            calls_per_minute=60,
            notify_calls_per_minute=60,
            window_seconds=60.0,
            shared=shared,
        ),
    )
    try:
        LimiterPermits(ref).throttled("tenant-a", 30.0)
        probe = {"want": 0, "limit": 60, "span_seconds": 60.0, "hold_seconds": 0.0}
        for _ in range(500):  # until the pause reaches the record
            if (seen := await on_time.take_permits("tickets", **probe)).paused_seconds > 0:
                break
            await asyncio.sleep(0.02)
        else:
            pytest.fail("the 429 pause never reached the shared record")
    finally:
        await supervisor.stop_all(timeout=2)
    assert 25 < seen.paused_seconds <= 30, seen
