"""The feed's changes over time (src/ticketd/mockapi/feed.py): mutations,
reset, the flappy updated_at mode and the timed evolution."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from ticketd.clock import FakeClock
from ticketd.domain.ticket import parse_datetime
from ticketd.errors import Unprocessable
from ticketd.mockapi.data import generate_tickets
from ticketd.mockapi.feed import TicketFeed, UnknownTickets
from ticketd.mockapi.settings import DEFAULT_TENANTS


def _feed(clock: FakeClock, count: int = 20, **options) -> TicketFeed:
    data = generate_tickets(count, 42, DEFAULT_TENANTS, clock.now())
    return TicketFeed(data, clock=clock, tenants=DEFAULT_TENANTS, seed=42, **options)


def _all(feed: TicketFeed, **filters) -> list[dict]:
    return feed.page(1, 100, **filters).tickets


async def test_modify_by_id_moves_status_appends_and_bumps_updated_at():
    clock = FakeClock()
    feed = _feed(clock)
    before = feed.get("ext-004")
    await clock.advance(3600)
    result = feed.mutate(modify=["ext-004"])
    assert result.modified == ("ext-004",)
    after = feed.get("ext-004")
    assert after["status"] != before["status"]
    assert after["message"].startswith(before["message"])
    assert len(after["message"]) > len(before["message"])
    assert parse_datetime(after["updated_at"]) == clock.now().replace(microsecond=0)
    assert after["created_at"] == before["created_at"]


async def test_modify_twice_in_one_second_still_moves_updated_at_forward():
    feed = _feed(FakeClock())
    feed.mutate(modify=["ext-020"])
    first = parse_datetime(feed.get("ext-020")["updated_at"])
    feed.mutate(modify=["ext-020"])
    assert parse_datetime(feed.get("ext-020")["updated_at"]) > first


def test_modify_with_fields_sets_them():
    feed = _feed(FakeClock())
    feed.mutate(
        modify=[
            {
                "id": "ext-002",
                "subject": "Issue ext-002: Refund now",
                "status": "closed",
                "tenant_id": "tenant_z",
            }
        ]
    )
    ticket = feed.get("ext-002")
    assert (ticket["subject"], ticket["status"], ticket["tenant_id"]) == (
        "Issue ext-002: Refund now",
        "closed",
        "tenant_z",
    )


@pytest.mark.parametrize(
    "item",
    [
        {"subject": "no id"},
        {"id": "ext-001", "created_at": "x"},
        {"id": "ext-001", "status": "solved"},
        {"id": "ext-001", "source": "fax"},
        {"id": "ext-001", "message": 3},
        7,
        "",
    ],
)
def test_bad_modify_items(item):
    with pytest.raises(Unprocessable):
        _feed(FakeClock()).mutate(modify=[item])


def test_unknown_ids_change_nothing():
    feed = _feed(FakeClock())
    before = _all(feed)
    with pytest.raises(UnknownTickets) as caught:
        feed.mutate(modify=["ext-001"], delete=["ext-002", "ext-404"], restore=["zzz"], add=2)
    assert caught.value.ids == ("ext-404", "zzz")
    assert _all(feed) == before
    assert feed.deleted_ids() == []


def test_delete_restore_and_add():
    feed = _feed(FakeClock())
    result = feed.mutate(delete=["ext-003", "ext-005"], add=2)
    assert result.deleted == ("ext-003", "ext-005")
    assert result.added == ("ext-021", "ext-022")
    assert feed.get("ext-003") is None
    assert feed.deleted_ids() == ["ext-003", "ext-005"]
    assert feed.size == 20
    # Repeats are not reported: nothing changed.
    assert feed.mutate(delete=["ext-003"], restore=["ext-001"]).to_json() == {
        "modified": [],
        "deleted": [],
        "restored": [],
        "added": [],
    }
    assert feed.mutate(restore=["ext-003"]).restored == ("ext-003",)
    assert feed.get("ext-003") is not None
    added = feed.get("ext-022")
    assert added["subject"].startswith("Issue ext-022: ")
    assert added["created_at"] == added["updated_at"]


def test_reset_restores_the_initial_data():
    feed = _feed(FakeClock())
    before = _all(feed)
    feed.mutate(modify=["ext-001"], delete=["ext-002"], add=3)
    feed.reset()
    assert _all(feed) == before
    assert feed.mutate(add=1).added == ("ext-021",)


def test_mutations_are_deterministic():
    one, two = _feed(FakeClock()), _feed(FakeClock())
    for feed in (one, two):
        feed.mutate(modify=["ext-001", "ext-007"], add=3)
    assert _all(one) == _all(two)


def test_flappy_redraws_updated_at_of_modified_tickets_only():
    feed = _feed(FakeClock(), count=60, flappy=True)
    reads = [_all(feed) for _ in range(3)]
    plain = _all(_feed(FakeClock(), count=60))
    varied = 0
    for index, ticket in enumerate(plain):
        served = [read[index]["updated_at"] for read in reads]
        if ticket["updated_at"] == ticket["created_at"]:
            assert set(served) == {ticket["created_at"]}
            continue
        created = parse_datetime(ticket["created_at"])
        for value in served:
            delta = parse_datetime(value) - created
            assert timedelta(hours=1) <= delta <= timedelta(hours=48)
        varied += len(set(served)) > 1
    assert varied > 5


async def test_evolution_applies_one_change_per_interval():
    clock = FakeClock()
    feed = _feed(clock, evolve_every=10.0)
    before = _all(feed, include_deleted=True)
    await clock.advance(9)
    assert _all(feed, include_deleted=True) == before
    await clock.advance(41)  # 50 s: five steps
    after = _all(feed, include_deleted=True)
    assert after != before
    changed = {t["id"] for t in after} ^ {t["id"] for t in before}
    changed |= {a["id"] for a, b in zip(after, before, strict=False) if a != b}
    assert 1 <= len(changed) + len(feed.deleted_ids()) <= 10
    twin_clock = FakeClock()
    twin = _feed(twin_clock, evolve_every=10.0)
    await twin_clock.advance(50)
    assert _all(twin, include_deleted=True) == after


@pytest.mark.parametrize("include_deleted", [False, True])
def test_a_page_costs_the_page_not_the_feed(include_deleted):
    """Counted work, not time: once a view is listed, each further page
    looks at its own tickets only, whatever the feed's size; a change lists
    the view again, once."""
    examined = {}
    for count in (1000, 10000):
        feed = _feed(FakeClock(), count)
        feed.mutate(delete=["ext-003"])
        feed.page(1, 50, include_deleted=include_deleted)
        before = feed.rows_examined
        for page in range(2, 12):
            feed.page(page, 50, include_deleted=include_deleted, tenant_id=None)
        examined[count] = feed.rows_examined - before
    assert examined == {1000: 10 * 50, 10000: 10 * 50}


def test_pages_follow_changes_made_between_them():
    feed = _feed(FakeClock(), 30)
    first = [t["id"] for t in feed.page(1, 10).tickets]
    feed.mutate(delete=[first[0]], add=1)
    ids = [t["id"] for page in (1, 2, 3) for t in feed.page(page, 10).tickets]
    assert first[0] not in ids and len(ids) == 30 and len(set(ids)) == 30
    feed.mutate(restore=[first[0]])
    assert feed.page(1, 10).tickets[0]["id"] == first[0]
    assert feed.page(1, 100, include_deleted=True).total_count == 31


async def test_modify_of_a_ticket_whose_modification_is_still_to_come_serves_now():
    """Day-anchored feed: a ticket whose generated modification is dated
    after now is served with updated_at = created_at. Modifying it must
    serve updated_at = now; it stayed at created_at (the floor was the
    future date), so ticketd never saw the change."""
    clock = FakeClock()
    data = generate_tickets(200, 7, DEFAULT_TENANTS, clock.now() + timedelta(hours=12))
    feed = TicketFeed(data, clock=clock, tenants=DEFAULT_TENANTS, seed=7, arrivals=True)
    now = clock.now()
    pending = [t.id for t in data.tickets if t.created <= now < t.updated]
    assert pending, "the data set has no modification dated after now"
    assert all(feed.get(ident)["updated_at"] == feed.get(ident)["created_at"] for ident in pending)
    await clock.advance(1)
    feed.mutate(modify=pending)
    for ident in pending:
        served = parse_datetime(feed.get(ident)["updated_at"])
        assert served == clock.now().replace(microsecond=0), ident


@pytest.mark.parametrize("generated", ["still to come", "served"])
async def test_each_of_several_modifies_in_one_second_is_served_later(generated):
    """Day-anchored feed, three control-API modifies of one ticket within a
    second: each is served with a later updated_at than the one before (the
    second was dated a second ahead, taken for a generated modification
    still to come and served as created_at; the third went back a second),
    so a consumer comparing updated_at sees every one."""
    clock = FakeClock()
    data = generate_tickets(200, 7, DEFAULT_TENANTS, clock.now() + timedelta(hours=12))
    feed = TicketFeed(data, clock=clock, tenants=DEFAULT_TENANTS, seed=7, arrivals=True)
    now = clock.now()
    if generated == "still to come":
        ident = next(t.id for t in data.tickets if t.created <= now < t.updated)
    else:
        ident = next(t.id for t in data.tickets if t.updated <= now)
    await clock.advance(1)
    served = [parse_datetime(feed.get(ident)["updated_at"])]
    for _ in range(3):
        feed.mutate(modify=[ident])
        served.append(parse_datetime(feed.get(ident)["updated_at"]))
    assert all(later > earlier for earlier, later in itertools.pairwise(served)), served
