"""Store contract: the argument checks and shared rules of
``ticketd.store.contract``, which both backends go through. Each case here
once had the two backends answer differently (or both let a caller's
mistake through to the database). Runs on every backend."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from ticketd.domain.ticket import MAX_TICKET_TEXT_BYTES
from ticketd.errors import Conflict, InvalidInput, LeaseLost
from ticketd.store import JobRecord, TicketFilter

from .conftest import START

pytestmark = pytest.mark.timeout(30)


def job(job_id: str = "job-1", tenant_id: str = "acme", status: str = "running") -> JobRecord:
    return JobRecord(job_id, tenant_id, "replica-a", status, started_at=START)


async def two_of_everything(store, make_ticket):
    """Two history lines of one ticket, two jobs, two pending outbox
    entries, two dead ones: enough rows for a limit to show."""
    urgent = {"urgency": "high", "sentiment": "negative", "requires_action": True}
    tickets = [make_ticket(f"ext-{n}", **urgent) for n in range(4)]
    await store.apply_tickets("acme", tickets, job_id="job-1")
    await store.apply_tickets("acme", [make_ticket("ext-0", subject="new", **urgent)], job_id=None)
    await store.create_job(job("job-1"))
    await store.create_job(job("job-2"))
    for entry in await store.claim_notifications("n", limit=2, lease_seconds=60):
        await store.mark_dead(entry.entry_id, "n", error="gone")


async def test_a_negative_limit_is_refused_and_a_zero_limit_reads_nothing(store, make_ticket):
    """SQLite read every row for ``limit=-1`` (its ``LIMIT -1``), MongoDB
    none."""
    await two_of_everything(store, make_ticket)
    reads = {
        "ticket_history": lambda limit: store.ticket_history("acme", "ext-0", limit=limit),
        "recent_jobs": lambda limit: store.recent_jobs("acme", limit=limit),
        "list_outbox pending": lambda limit: store.list_outbox(
            "acme", status="pending", limit=limit
        ),
        "list_outbox dead": lambda limit: store.list_outbox("acme", status="dead", limit=limit),
        "claim_notifications": lambda limit: store.claim_notifications(
            "n", limit=limit, lease_seconds=60
        ),
    }
    for name, read in reads.items():
        with pytest.raises(InvalidInput, match="limit must not be negative"):
            await read(-1)
        assert await read(0) == [], name
    for name, read in reads.items():
        assert len(await read(1)) == 1, name


async def test_finishing_a_job_with_a_status_that_is_not_final_is_refused(store):
    """SQLite stored ``status="bogus"`` (and ``"running"``, which left a
    finished job with an end time); MongoDB refused it."""
    await store.create_job(job())
    for status in ("bogus", "running", ""):
        with pytest.raises(InvalidInput, match="not a final job status"):
            await store.finish_job("job-1", status=status, metrics={}, error=None)
    stored = await store.get_job("job-1")
    assert (stored.status, stored.ended_at) == ("running", None)
    assert [line["event"] for line in await store.job_logs("job-1")] == ["started"]


async def test_a_job_is_created_running(store):
    for status in ("completed", "bogus"):
        with pytest.raises(InvalidInput, match="a job starts running"):
            await store.create_job(job(status=status))
    assert await store.recent_jobs("acme", limit=5) == []


async def test_a_job_id_used_twice_is_one_conflict(store):
    """SQLite answered with its constraint's text ("sqlite: UNIQUE
    constraint failed: ingestion_jobs.job_id"), MongoDB with the job id."""
    await store.create_job(job())
    with pytest.raises(Conflict) as refused:
        await store.create_job(job())
    assert str(refused.value) == "job job-1 already exists"
    assert len(await store.job_logs("job-1")) == 1


async def test_tickets_of_another_tenant_are_refused_with_one_message(store, make_ticket):
    """SQLite named the first foreign ticket and its tenant, MongoDB listed
    the foreign ids without their tenant: one message now, naming both."""
    batch = [make_ticket("ext-1"), make_ticket("ext-2", tenant_id="globex")]
    with pytest.raises(InvalidInput) as refused:
        await store.apply_tickets("acme", batch, job_id=None)
    assert str(refused.value) == ("1 ticket(s) do not belong to tenant 'acme': 'ext-2' of 'globex'")
    assert await store.list_tenants() == []  # nothing of the batch written


async def test_a_lease_on_another_tenant_fences_nothing(store, make_ticket):
    """Renewing tenant B with tenant A's lease raised ``InvalidInput`` on
    SQLite but renewed B's lease on MongoDB (same owner and token there);
    writes to B fenced by A's lease went through on both."""
    acme = await store.acquire_lease("acme", "replica-a", 60)
    globex = await store.acquire_lease("globex", "replica-a", 60)
    with pytest.raises(InvalidInput, match="does not fence writes to 'globex'"):
        await store.renew_lease("globex", acme, 120)
    ticket = make_ticket("ext-1", tenant_id="globex")
    with pytest.raises(InvalidInput, match="does not fence writes to 'globex'"):
        await store.apply_tickets("globex", [ticket], job_id=None, fence=acme)
    with pytest.raises(InvalidInput, match="does not fence writes to 'globex'"):
        await store.soft_delete("globex", ["ext-1"], job_id=None, fence=acme)
    assert (await store.lease_status("globex")).expires_at == globex.expires_at
    assert await store.get_ticket("globex", "ext-1") is None
    # The lease of the tenant itself still fences as before.
    await store.apply_tickets("globex", [ticket], job_id=None, fence=globex)
    await store.release_lease("globex", "replica-a")
    with pytest.raises(LeaseLost):
        await store.soft_delete("globex", ["ext-1"], job_id=None, fence=globex)


async def test_durations_must_be_positive(store):
    """A lease or claim of zero or negative seconds was granted already
    expired on both backends."""
    for seconds in (0, -5):
        with pytest.raises(InvalidInput, match="ttl_seconds must be more than 0"):
            await store.acquire_lease("acme", "replica-a", seconds)
        with pytest.raises(InvalidInput, match="lease_seconds must be more than 0"):
            await store.claim_notifications("n", limit=5, lease_seconds=seconds)
        with pytest.raises(InvalidInput, match="lease_seconds must be more than 0"):
            await store.extend_claims("n", ["x"], lease_seconds=seconds)
    assert (await store.lease_status("acme")).locked is False
    lease = await store.acquire_lease("acme", "replica-a", 60)
    with pytest.raises(InvalidInput, match="ttl_seconds must be more than 0"):
        await store.renew_lease("acme", lease, 0)


async def test_a_budget_needs_a_limit_and_a_span(store):
    """``limit=0`` failed inside the slice computation with an
    ``IndexError`` on both backends."""
    asks = [
        {"want": 1, "limit": 0, "span_seconds": 1.0, "hold_seconds": 0.0},
        {"want": -1, "limit": 5, "span_seconds": 1.0, "hold_seconds": 0.0},
        {"want": 1, "limit": 5, "span_seconds": 0.0, "hold_seconds": 0.0},
        {"want": 1, "limit": 5, "span_seconds": 1.0, "hold_seconds": -1.0},
    ]
    for ask in asks:
        with pytest.raises(InvalidInput):
            await store.take_permits("tickets", **ask)
    taken = await store.take_permits("tickets", want=1, limit=5, span_seconds=1.0, hold_seconds=0.0)
    assert taken.granted == 1
    for count, stamp in ((-1, taken.stamp), (1, float("nan")), (1, float("inf"))):
        with pytest.raises(InvalidInput):
            await store.give_back_permits("tickets", stamp=stamp, count=count)
    for seconds in (-1.0, float("nan"), float("inf")):
        with pytest.raises(InvalidInput):
            await store.pause_budget("tickets", seconds)


async def test_a_page_beyond_any_list_is_refused(store, make_ticket):
    """An offset past 64 bits raised ``OverflowError`` from the driver on
    both backends (not one of the store's errors)."""
    await store.apply_tickets("acme", [make_ticket("ext-1")], job_id=None)
    with pytest.raises(InvalidInput, match="beyond any ticket list"):
        await store.list_tickets("acme", TicketFilter(), page=2**62, page_size=100)
    page = await store.list_tickets("acme", TicketFilter(), page=2, page_size=100)
    assert (page.tickets, page.total) == ((), 1)


async def test_an_unknown_outbox_status_is_refused(store):
    """Both backends answered an empty list for a status that does not
    exist, as if the tenant had no such entries."""
    with pytest.raises(InvalidInput, match="not an outbox status"):
        await store.list_outbox("acme", status="bogus", limit=5)


async def test_datetimes_must_carry_a_timezone(store):
    """A naive datetime was read as the machine's local time by both."""
    naive = datetime(2026, 3, 1, 12, 0)
    with pytest.raises(InvalidInput, match="from_date must carry a timezone"):
        await store.tenant_stats("acme", from_date=naive, to_date=None)
    with pytest.raises(InvalidInput, match="to_date must carry a timezone"):
        await store.tenant_stats("acme", from_date=None, to_date=naive)
    with pytest.raises(InvalidInput, match="next_attempt_at must carry a timezone"):
        await store.schedule_retry("x", "n", next_attempt_at=naive, error="e")
    stats = await store.tenant_stats("acme", from_date=START - timedelta(days=1), to_date=None)
    assert stats.to_date == START


async def test_page_counts_of_a_job_are_not_negative(store):
    await store.create_job(job())
    with pytest.raises(InvalidInput, match="page counts"):
        await store.update_job("job-1", total_pages=None, processed_pages=-1, metrics={})
    with pytest.raises(InvalidInput, match="page counts"):
        await store.update_job("job-1", total_pages=-2, processed_pages=0, metrics={})
    assert (await store.get_job("job-1")).updated_at is None


async def test_a_ticket_over_the_text_limit_is_refused(store, make_ticket):
    """SQLite stored a ticket of any size, MongoDB refused one whose
    document passed its 15 MB budget: both now refuse a ticket whose
    subject and message are over the size a ticket may have, as ingestion
    already does, and write nothing of its batch."""
    huge = make_ticket("ext-big", message="x" * (MAX_TICKET_TEXT_BYTES + 1), urgency="high")
    with pytest.raises(InvalidInput, match="bytes a ticket may have"):
        await store.apply_tickets("acme", [make_ticket("ext-ok"), huge], job_id=None)
    assert await store.list_tenants() == []
    at_limit = make_ticket("ext-big", subject="", message="x" * MAX_TICKET_TEXT_BYTES)
    await store.apply_tickets("acme", [at_limit], job_id=None)
    assert (await store.get_ticket("acme", "ext-big")).message == at_limit.message


@pytest.mark.parametrize(
    "field, value",
    [("status", "bogus"), ("urgency", "URGENT"), ("sentiment", "")],
)
async def test_a_ticket_label_the_store_does_not_count_is_refused(store, make_ticket, field, value):
    """MongoDB stored the ticket and its history, then failed on the rollup
    (a raw KeyError): the ticket was listed but not counted. SQLite rolled
    back with the same raw error."""
    with pytest.raises(InvalidInput, match=f"{field} '{value}' is not one of"):
        await store.apply_tickets("acme", [make_ticket("ext-bad", **{field: value})], job_id=None)
    assert (await store.list_tickets("acme", TicketFilter(), page=1, page_size=10)).total == 0
    assert (await store.tenant_stats("acme", from_date=None, to_date=START)).total_tickets == 0


async def test_a_ticket_time_without_a_timezone_is_refused(store, make_ticket):
    """SQLite failed with a raw TypeError, MongoDB stored the naive time."""
    naive = datetime(2026, 1, 1, 12, 0)
    for field in ("created_at", "updated_at"):
        with pytest.raises(InvalidInput, match=f"{field} must carry a timezone"):
            await store.apply_tickets(
                "acme", [make_ticket("ext-naive", **{field: naive})], job_id=None
            )
    assert (await store.list_tickets("acme", TicketFilter(), page=1, page_size=10)).total == 0


async def test_a_limit_past_what_a_database_counts_reads_every_row(store, make_ticket):
    """A limit of 2**63 overflowed both databases' integers (a raw
    OverflowError)."""
    await two_of_everything(store, make_ticket)
    assert len(await store.recent_jobs("acme", limit=2**70)) == 2
    history = await store.ticket_history("acme", "ext-0", limit=100)
    assert await store.ticket_history("acme", "ext-0", limit=2**63) == history


async def test_following_the_feed_reads_at_least_one_page(store):
    """MongoDB read a limit of 0 as no limit (every published page),
    SQLite as none."""
    with pytest.raises(InvalidInput, match="limit must be at least 1"):
        await store.follow_feed("k", "m", member=None, ttl_seconds=30, read_seq=0, limit=0)
