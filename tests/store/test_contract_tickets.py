"""Store contract: applying, reading, listing, deleting and restoring
tickets, their history, and tenant isolation. Runs on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from ticketd.domain.changes import idempotency_key
from ticketd.domain.ticket import format_datetime
from ticketd.store import TicketFilter

from .conftest import START

pytestmark = pytest.mark.timeout(30)


async def history_count(store, tenant_id, external_ids):
    return sum([len(await store.ticket_history(tenant_id, e, limit=1000)) for e in external_ids])


async def test_lifecycle_ping_and_reopen_are_safe(store):
    await store.ping()
    await store.open()  # schema creation is idempotent
    await store.ping()


async def test_apply_creates_ticket_and_get_returns_it(store, clock, make_ticket):
    ticket = make_ticket("ext-001", urgency="medium", keywords=("slow",), rules=("perf.slow",))

    result = await store.apply_tickets("acme", [ticket], job_id="job-1")

    assert [(o.external_id, o.action) for o in result.outcomes] == [("ext-001", "created")]
    assert result.count("created") == 1
    stored = await store.get_ticket("acme", "ext-001")
    assert stored == attrs.evolve(ticket, ingested_at=clock.now(), last_seen_job="job-1")
    [created] = await store.ticket_history("acme", "ext-001", limit=10)
    assert (created.action, created.job_id, created.recorded_at) == ("created", "job-1", START)
    assert created.tenant_id == "acme" and created.external_id == "ext-001"


async def test_apply_empty_batch_is_a_no_op(store):
    result = await store.apply_tickets("acme", [], job_id=None)
    assert result.outcomes == ()
    assert await store.list_tenants() == []


async def test_reapplying_the_same_batch_writes_nothing(store, clock, make_ticket):
    batch = [
        make_ticket("ext-001"),
        make_ticket("ext-002", urgency="high", sentiment="negative", requires_action=True),
        make_ticket("ext-003", status="closed"),
    ]
    await store.apply_tickets("acme", batch, job_id="job-1")
    before = [await store.get_ticket("acme", t.external_id) for t in batch]
    outbox_before = await store.outbox_summary()
    clock_before = clock.now()
    await clock.advance(300)

    for _ in range(3):
        result = await store.apply_tickets("acme", batch, job_id="job-2")
        assert [o.action for o in result.outcomes] == ["unchanged"] * 3
        assert result.notifications_queued == 0

    after = [await store.get_ticket("acme", t.external_id) for t in batch]
    assert after == before  # not even ingested_at / last_seen_job moved
    assert all(t.ingested_at == clock_before and t.last_seen_job == "job-1" for t in after)
    assert await history_count(store, "acme", [t.external_id for t in batch]) == 3
    assert await store.outbox_summary() == outbox_before
    assert (await store.list_tickets("acme", TicketFilter(), page=1, page_size=10)).total == 3


async def test_sub_millisecond_timestamps_do_not_cause_rewrites(store, make_ticket):
    """Stored precision is milliseconds (BSON dates); a provider sending
    microseconds must still see a re-apply as unchanged."""
    ticket = make_ticket(
        "ext-001",
        created_at=datetime(2026, 3, 1, 10, 0, 0, 123456, tzinfo=UTC),
        updated_at=datetime(2026, 3, 1, 10, 5, 0, 987654, tzinfo=UTC),
    )
    await store.apply_tickets("acme", [ticket], job_id=None)
    result = await store.apply_tickets("acme", [ticket], job_id=None)
    assert [o.action for o in result.outcomes] == ["unchanged"]
    stored = await store.get_ticket("acme", "ext-001")
    assert stored.updated_at == datetime(2026, 3, 1, 10, 5, 0, 987000, tzinfo=UTC)
    # and within one batch: the repeat is compared with the row just planned
    again = attrs.evolve(ticket, external_id="ext-002")
    result = await store.apply_tickets("acme", [again, again], job_id=None)
    assert [o.action for o in result.outcomes] == ["created", "unchanged"]
    assert (await store.get_ticket("acme", "ext-002")).created_at == stored.created_at


async def test_a_ticket_created_and_updated_in_one_batch_has_its_history_in_order(
    store, make_ticket
):
    """Created, then updated by a newer version later in the same batch,
    among other new tickets: the ticket's history reads updated (newest
    first), then created; each new ticket has its created record."""
    first = make_ticket("ext-001", subject="printer broken")
    newer = attrs.evolve(
        first, subject="printer on fire", updated_at=first.updated_at + timedelta(minutes=5)
    )
    others = [make_ticket(f"ext-{n:03d}") for n in range(2, 5)]
    result = await store.apply_tickets(
        "acme", [others[0], first, others[1], newer, others[2]], job_id="job-1"
    )
    assert [o.action for o in result.outcomes] == [
        "created",
        "created",
        "created",
        "updated",
        "created",
    ]
    updated, created = await store.ticket_history("acme", "ext-001", limit=10)
    assert (updated.action, created.action) == ("updated", "created")
    assert updated.changes == {
        "subject": {"old": "printer broken", "new": "printer on fire"},
        "updated_at": {
            "old": format_datetime(first.updated_at),
            "new": format_datetime(newer.updated_at),
        },
    }
    assert created.changes == {} and created.job_id == updated.job_id == "job-1"
    for other in others:
        [record] = await store.ticket_history("acme", other.external_id, limit=10)
        assert (record.action, record.job_id) == ("created", "job-1")
    assert (await store.get_ticket("acme", "ext-001")).subject == "printer on fire"


async def test_same_external_id_in_two_tenants_stays_two_tickets(store, make_ticket):
    acme = make_ticket("ext-001", tenant_id="acme", subject="acme's")
    globex = make_ticket("ext-001", tenant_id="globex", subject="globex's", status="closed")

    assert (await store.apply_tickets("acme", [acme], job_id=None)).count("created") == 1
    assert (await store.apply_tickets("globex", [globex], job_id=None)).count("created") == 1

    assert (await store.get_ticket("acme", "ext-001")).subject == "acme's"
    assert (await store.get_ticket("globex", "ext-001")).subject == "globex's"
    newer = attrs.evolve(acme, subject="acme v2", updated_at=acme.updated_at + timedelta(1))
    await store.apply_tickets("acme", [newer], job_id=None)
    assert (await store.get_ticket("globex", "ext-001")).subject == "globex's"
    assert len(await store.ticket_history("globex", "ext-001", limit=10)) == 1
    assert len(await store.ticket_history("acme", "ext-001", limit=10)) == 2
    assert await store.list_tenants() == ["acme", "globex"]
    assert await store.live_external_ids("acme") == {"ext-001"}


async def test_update_writes_exactly_the_changed_fields(store, clock, make_ticket):
    original = make_ticket("ext-001", status="open", subject="printer broken")
    await store.apply_tickets("acme", [original], job_id="job-1")
    await clock.advance(60)
    updated = attrs.evolve(
        original,
        status="closed",
        subject="printer fixed",
        updated_at=original.updated_at + timedelta(minutes=5),
    )

    result = await store.apply_tickets("acme", [updated], job_id="job-2")

    [outcome] = result.outcomes
    assert outcome.action == "updated"
    assert set(outcome.changed_fields) == {"status", "subject", "updated_at"}
    assert await store.get_ticket("acme", "ext-001") == attrs.evolve(
        updated, ingested_at=clock.now(), last_seen_job="job-2"
    )
    newest, oldest = await store.ticket_history("acme", "ext-001", limit=10)
    assert (newest.action, oldest.action) == ("updated", "created")
    assert newest.job_id == "job-2" and newest.recorded_at == clock.now()
    assert newest.changes == {
        "status": {"old": "open", "new": "closed"},
        "subject": {"old": "printer broken", "new": "printer fixed"},
        "updated_at": {
            "old": format_datetime(original.updated_at),
            "new": format_datetime(updated.updated_at),
        },
    }
    assert await store.ticket_history("acme", "ext-001", limit=1) == [newest]


async def test_flappy_updated_at_with_same_content_is_unchanged(store, make_ticket):
    ticket = make_ticket("ext-001")
    await store.apply_tickets("acme", [ticket], job_id=None)
    later = attrs.evolve(ticket, updated_at=ticket.updated_at + timedelta(minutes=3))
    earlier = attrs.evolve(ticket, updated_at=ticket.updated_at - timedelta(minutes=3))

    result = await store.apply_tickets("acme", [later, earlier], job_id=None)

    assert [o.action for o in result.outcomes] == ["unchanged", "unchanged"]
    assert (await store.get_ticket("acme", "ext-001")).updated_at == ticket.updated_at
    assert len(await store.ticket_history("acme", "ext-001", limit=10)) == 1


async def test_older_updated_at_never_overwrites(store, make_ticket):
    ticket = make_ticket("ext-001", status="closed")
    await store.apply_tickets("acme", [ticket], job_id=None)
    stale = attrs.evolve(ticket, status="open", updated_at=ticket.updated_at - timedelta(hours=1))

    result = await store.apply_tickets("acme", [stale], job_id=None)

    assert [o.action for o in result.outcomes] == ["unchanged"]
    assert (await store.get_ticket("acme", "ext-001")).status == "closed"


async def test_ticket_repeated_in_one_batch_is_stored_once(store, make_ticket):
    first = make_ticket("ext-001", status="open")
    second = attrs.evolve(first, status="pending", updated_at=first.updated_at + timedelta(1))

    result = await store.apply_tickets("acme", [first, first, second], job_id=None)

    assert [o.action for o in result.outcomes] == ["created", "unchanged", "updated"]
    assert (await store.get_ticket("acme", "ext-001")).status == "pending"
    assert (await store.list_tickets("acme", TicketFilter(), page=1, page_size=10)).total == 1


async def test_soft_deleted_tickets_vanish_and_come_back_restored(store, clock, make_ticket):
    batch = [
        make_ticket("ext-001", urgency="high", keywords=("refund",)),
        make_ticket("ext-002"),
        make_ticket("ext-003"),
    ]
    await store.apply_tickets("acme", batch, job_id="job-1")
    await store.apply_tickets("globex", [make_ticket("ext-001", tenant_id="globex")], job_id=None)
    await clock.advance(60)
    deleted_at = clock.now()

    assert await store.soft_delete("acme", ["ext-001", "ext-002", "ext-404"], job_id="job-2") == 2

    assert await store.get_ticket("acme", "ext-001") is None
    assert await store.get_ticket("globex", "ext-001") is not None  # other tenant untouched
    assert await store.live_external_ids("acme") == {"ext-003"}
    page = await store.list_tickets("acme", TicketFilter(), page=1, page_size=10)
    assert ([t.external_id for t in page.tickets], page.total) == (["ext-003"], 1)
    stats = await store.tenant_stats("acme", from_date=None, to_date=None)
    assert stats.total_tickets == 1 and stats.top_keywords == ()
    assert (
        await store.list_tickets("acme", TicketFilter(urgency="high"), page=1, page_size=10)
    ).total == 0
    deleted = (await store.ticket_history("acme", "ext-001", limit=10))[0]
    assert (deleted.action, deleted.job_id, deleted.recorded_at) == ("deleted", "job-2", deleted_at)
    assert deleted.changes == {"deleted_at": {"old": None, "new": format_datetime(deleted_at)}}
    # deleting again changes nothing
    assert await store.soft_delete("acme", ["ext-001", "ext-002"], job_id="job-3") == 0
    assert len(await store.ticket_history("acme", "ext-001", limit=10)) == 2

    await clock.advance(60)
    result = await store.apply_tickets("acme", batch[:2], job_id="job-4")

    assert [o.action for o in result.outcomes] == ["restored", "restored"]
    assert all("deleted_at" in o.changed_fields for o in result.outcomes)
    restored = await store.get_ticket("acme", "ext-001")
    assert restored.deleted_at is None and restored.last_seen_job == "job-4"
    assert await store.live_external_ids("acme") == {"ext-001", "ext-002", "ext-003"}
    record = (await store.ticket_history("acme", "ext-001", limit=10))[0]
    assert record.action == "restored"
    assert record.changes["deleted_at"] == {"old": format_datetime(deleted_at), "new": None}
    assert (await store.tenant_stats("acme", from_date=None, to_date=None)).total_tickets == 3


async def test_soft_delete_is_scoped_to_the_tenant(store, make_ticket):
    await store.apply_tickets("acme", [make_ticket("ext-001")], job_id=None)
    await store.apply_tickets("globex", [make_ticket("ext-001", tenant_id="globex")], job_id=None)
    assert await store.soft_delete("globex", ["ext-001"], job_id=None) == 1
    assert await store.get_ticket("acme", "ext-001") is not None
    assert await store.soft_delete("other", ["ext-001"], job_id=None) == 0
    assert await store.list_tenants() == ["acme", "globex"]  # stored rows, deleted or not


async def test_get_ticket_of_another_tenant_is_none(store, make_ticket):
    await store.apply_tickets("acme", [make_ticket("ext-001")], job_id=None)
    assert await store.get_ticket("globex", "ext-001") is None
    assert await store.get_ticket("acme", "ext-404") is None
    assert await store.ticket_history("globex", "ext-001", limit=10) == []


@pytest.fixture
async def listed(store, make_ticket):
    """Seven acme tickets with varied fields (two share a created_at), plus
    one of globex; returns the acme tickets by id."""
    base = START - timedelta(days=1)
    spec = [
        ("ext-001", 1, "open", "email", "high", "negative", True),
        ("ext-002", 2, "closed", "web", "low", "positive", False),
        ("ext-003", 3, "open", "chat", "medium", "neutral", False),
        ("ext-004", 4, "pending", "email", "high", "neutral", True),
        ("ext-005", 4, "open", "api", "low", "negative", True),
        ("ext-006", 6, "open", "email", "low", "neutral", False),
        ("ext-007", 7, "closed", "email", "medium", "negative", True),
    ]
    tickets = {}
    for ext, hours, status, source, urgency, sentiment, action in spec:
        tickets[ext] = make_ticket(
            ext,
            created_at=base + timedelta(hours=hours),
            status=status,
            source=source,
            urgency=urgency,
            sentiment=sentiment,
            requires_action=action,
        )
    await store.apply_tickets("acme", list(tickets.values()), job_id=None)
    await store.apply_tickets(
        "globex", [make_ticket("ext-100", tenant_id="globex", urgency="high")], job_id=None
    )
    return tickets


async def ids(store, filters, page=1, page_size=20, tenant_id="acme"):
    result = await store.list_tickets(tenant_id, filters, page=page, page_size=page_size)
    return [t.external_id for t in result.tickets], result.total


async def test_list_is_newest_first_with_ties_by_external_id(store, listed):
    order = ["ext-007", "ext-006", "ext-004", "ext-005", "ext-003", "ext-002", "ext-001"]
    assert await ids(store, TicketFilter()) == (order, 7)
    page = await store.list_tickets("acme", TicketFilter(), page=1, page_size=1)
    assert page.tickets[0] == await store.get_ticket("acme", "ext-007")


async def test_list_pages(store, listed):
    assert await ids(store, TicketFilter(), page=1, page_size=3) == (
        ["ext-007", "ext-006", "ext-004"],
        7,
    )
    assert await ids(store, TicketFilter(), page=2, page_size=3) == (
        ["ext-005", "ext-003", "ext-002"],
        7,
    )
    assert await ids(store, TicketFilter(), page=3, page_size=3) == (["ext-001"], 7)
    assert await ids(store, TicketFilter(), page=4, page_size=3) == ([], 7)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (TicketFilter(status="open"), ["ext-006", "ext-005", "ext-003", "ext-001"]),
        (TicketFilter(status="pending"), ["ext-004"]),
        (TicketFilter(urgency="high"), ["ext-004", "ext-001"]),
        (TicketFilter(sentiment="negative"), ["ext-007", "ext-005", "ext-001"]),
        (TicketFilter(source="email"), ["ext-007", "ext-006", "ext-004", "ext-001"]),
        (TicketFilter(requires_action=True), ["ext-007", "ext-004", "ext-005", "ext-001"]),
        (TicketFilter(requires_action=False), ["ext-006", "ext-003", "ext-002"]),
        (TicketFilter(status="open", source="email"), ["ext-006", "ext-001"]),
        (
            TicketFilter(status="open", urgency="high", sentiment="negative", requires_action=True),
            ["ext-001"],
        ),
        (TicketFilter(status="open", urgency="medium", source="email"), []),
    ],
)
async def test_list_filters(store, listed, filters, expected):
    assert await ids(store, filters) == (expected, len(expected))


@pytest.mark.parametrize(
    "value",
    [
        "{'$ne': None}",
        '{"$ne": null}',
        "$ne",
        "open' OR '1'='1",
        "%",
        "*",
        "open; DROP TABLE tickets",
    ],
)
async def test_filter_values_that_look_like_operators_are_plain_values(store, listed, value):
    for field in ("status", "urgency", "sentiment", "source"):
        assert await ids(store, TicketFilter(**{field: value})) == ([], 0)
    assert (await ids(store, TicketFilter()))[1] == 7


async def test_operator_looking_stored_values_match_only_themselves(store, make_ticket):
    odd = make_ticket("ext-001", source="{'$ne': None}")
    await store.apply_tickets("acme", [odd, make_ticket("ext-002", source="web")], job_id=None)
    assert await ids(store, TicketFilter(source="{'$ne': None}")) == (["ext-001"], 1)
    assert await store.get_ticket("acme", "{'$ne': None}") is None


async def test_list_is_scoped_to_the_tenant(store, listed):
    assert await ids(store, TicketFilter(), tenant_id="globex") == (["ext-100"], 1)
    assert await ids(store, TicketFilter(urgency="high"), tenant_id="globex") == (["ext-100"], 1)
    assert await ids(store, TicketFilter(), tenant_id="nobody") == ([], 0)
    assert await store.live_external_ids("globex") == {"ext-100"}
    assert await store.list_tenants() == ["acme", "globex"]


async def test_history_is_newest_first_with_a_limit(store, clock, make_ticket):
    ticket = make_ticket("ext-001")
    await store.apply_tickets("acme", [ticket], job_id="job-0")
    for step in range(1, 5):
        await clock.advance(10)
        ticket = attrs.evolve(
            ticket, message=f"message {step}", updated_at=ticket.updated_at + timedelta(minutes=1)
        )
        await store.apply_tickets("acme", [ticket], job_id=f"job-{step}")

    history = await store.ticket_history("acme", "ext-001", limit=3)

    assert [h.job_id for h in history] == ["job-4", "job-3", "job-2"]
    assert [h.recorded_at for h in history] == [
        clock.now() - timedelta(seconds=s) for s in (0, 10, 20)
    ]
    assert history[0].changes["message"] == {"old": "message 3", "new": "message 4"}
    assert len(await store.ticket_history("acme", "ext-001", limit=100)) == 5


async def test_reclassification_by_a_new_ruleset_updates_the_verdict_only(store, make_ticket):
    ticket = make_ticket("ext-001", urgency="low", ruleset_version="v1")
    await store.apply_tickets("acme", [ticket], job_id=None)
    # same updated_at, different text (ignored) and a new verdict (kept)
    reclassified = attrs.evolve(
        ticket, subject="drifted", urgency="medium", rules=("r.x",), ruleset_version="v2"
    )

    [outcome] = (await store.apply_tickets("acme", [reclassified], job_id=None)).outcomes

    assert outcome.action == "updated"
    stored = await store.get_ticket("acme", "ext-001")
    assert (stored.subject, stored.urgency, stored.rules, stored.ruleset_version) == (
        ticket.subject,
        "medium",
        ("r.x",),
        "v2",
    )


async def test_outcomes_report_queued_notifications(store, make_ticket):
    high = make_ticket("ext-001", urgency="high")
    result = await store.apply_tickets("acme", [high, make_ticket("ext-002")], job_id=None)
    assert [o.notification_queued for o in result.outcomes] == [True, False]
    assert result.notifications_queued == 1
    [entry] = await store.list_outbox("acme", status="pending", limit=10)
    assert entry.idempotency_key == idempotency_key(high)
