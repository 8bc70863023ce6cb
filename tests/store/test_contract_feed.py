"""The records of the feed pass replicas share, on both backends: one
fetcher at a time (fenced by its token), pages published in sequence,
followers reading them, and published pages deleted once read."""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any

import pymongo
import pytest

from ticketd.domain.feed_pass import SubscriberMark
from ticketd.errors import LeaseLost
from ticketd.store.feed_records import (
    DEAD_MEMBER_KEEP_SECONDS,
    FRONTIER,
    FeedMember,
    PublishedPage,
)

KEY = "http://provider#100"


def page(number: int, *, end: bool = False) -> PublishedPage:
    return PublishedPage(
        number, None if end else number + 1, end, b'{"tickets": []}', calls=(1, 0, 0, 0.0, 0.0)
    )


def member(name: str, read_seq: int, *marks: SubscriberMark) -> FeedMember:
    return FeedMember(name, read_seq, marks or (SubscriberMark(),))


async def stored(request: pytest.FixtureRequest, table: str, field: str) -> list[Any]:
    """``field`` of every row of ``table`` as the database holds it, read
    over a connection of the test's own (what ``follow_feed`` shows is
    filtered: expired members, pages past the last published one)."""
    if request.node.callspec.params["store"] == "sqlite":
        path = request.getfixturevalue("tmp_path") / "ticketd.db"
        with contextlib.closing(sqlite3.connect(path)) as conn:
            return sorted(row[0] for row in conn.execute(f"SELECT {field} FROM {table}"))
    client: Any = pymongo.AsyncMongoClient(request.getfixturevalue("mongo_url"))
    try:
        docs = client.get_default_database()[table].find({}, projection={field: True})
        return sorted([doc[field] async for doc in docs])
    finally:
        await client.close()


async def test_one_fetcher_at_a_time_and_a_stale_one_publishes_nothing(store, clock):
    first = await store.claim_feed(KEY, "a", 10)
    assert first is not None
    assert await store.claim_feed(KEY, "b", 10) is None
    again = await store.claim_feed(KEY, "a", 10)
    assert again == first  # extended, same token
    published = await store.publish_feed_page(first, page(1), cursor=2, ttl_seconds=10)
    assert (published.seq, published.pass_id) == (1, 1)
    await clock.advance(11)  # a frozen fetcher's lease runs out
    second = await store.claim_feed(KEY, "b", 10)
    assert second is not None and second.token > first.token
    with pytest.raises(LeaseLost):
        await store.publish_feed_page(first, page(2), cursor=3, ttl_seconds=10)
    with pytest.raises(LeaseLost):
        await store.publish_feed_deleted(
            first, ids=("x",), error=None, started_at=0.0, calls=(1, 0, 0, 0.0, 0.0)
        )
    view = await store.follow_feed(
        KEY, "b", member=member("b", 0), ttl_seconds=10, read_seq=0, limit=10
    )
    assert view.scan.cursor == 2  # the new fetcher continues where the pass stood
    assert [p.number for p in view.pages] == [1]


async def test_followers_read_pages_in_order_and_read_pages_are_collected(store):
    lease = await store.claim_feed(KEY, "a", 10)
    joined = await store.follow_feed(
        KEY, "b", member=member("b", FRONTIER), ttl_seconds=10, read_seq=FRONTIER, limit=10
    )
    assert joined.read_seq == 0
    for number in (1, 2):
        await store.publish_feed_page(lease, page(number), cursor=number + 1, ttl_seconds=10)
    await store.publish_feed_page(lease, page(3, end=True), cursor=1, ttl_seconds=10)
    view = await store.follow_feed(KEY, "b", member=None, ttl_seconds=10, read_seq=0, limit=2)
    assert [(p.seq, p.number) for p in view.pages] == [(1, 1), (2, 2)]
    assert [m.number for m in view.marks] == [1, 2, 3]
    assert view.scan.pass_id == 2 and view.scan.cursor == 1  # the end starts the next pass
    assert view.pages[0].body == b'{"tickets": []}'
    assert view.pages[0].calls == (1, 0, 0, 0.0, 0.0)
    # b read two pages: they are collected; the third stays until read.
    view = await store.follow_feed(
        KEY, "b", member=member("b", 2), ttl_seconds=10, read_seq=2, limit=10
    )
    assert [p.number for p in view.pages] == [3]
    assert [m.number for m in view.marks] == [3]
    later = await store.follow_feed(KEY, "c", member=None, ttl_seconds=10, read_seq=0, limit=10)
    assert [p.seq for p in later.pages] == [3]


async def test_members_expire_and_leave(store, clock):
    await store.follow_feed(KEY, "a", member=member("a", 0), ttl_seconds=5, read_seq=0, limit=1)
    await store.follow_feed(KEY, "b", member=member("b", 0), ttl_seconds=50, read_seq=0, limit=1)
    view = await store.follow_feed(KEY, "a", member=None, ttl_seconds=5, read_seq=0, limit=1)
    assert sorted(m.member_id for m in view.members) == ["a", "b"]
    await clock.advance(6)
    view = await store.follow_feed(KEY, "b", member=None, ttl_seconds=5, read_seq=0, limit=1)
    assert [m.member_id for m in view.members] == ["b"]
    await store.leave_feed(KEY, "b")
    view = await store.follow_feed(KEY, "b", member=None, ttl_seconds=5, read_seq=0, limit=1)
    assert view.members == ()


async def test_release_with_restart_starts_the_next_pass_at_page_1(store):
    lease = await store.claim_feed(KEY, "a", 10)
    await store.publish_feed_page(lease, page(1), cursor=2, ttl_seconds=10)
    await store.publish_feed_deleted(
        lease, ids=("x", "y"), error=None, started_at=123.0, calls=(1, 0, 0, 0.0, 0.0)
    )
    await store.release_feed(lease, restart=True)
    view = await store.follow_feed(KEY, "b", member=None, ttl_seconds=10, read_seq=0, limit=10)
    assert (view.scan.owner, view.scan.cursor, view.scan.pass_id) == (None, 1, 2)
    assert view.scan.deleted_ids == ("x", "y") and view.scan.deleted_started_at == 123.0
    assert view.pages == ()  # nobody followed: collected
    assert await store.claim_feed(KEY, "b", 10) is not None


async def test_the_records_of_members_that_died_are_deleted(store, clock, request):
    """A replica that died never leaves: its member record expires and is
    deleted by a member's write (whatever feed it followed) once it expired
    ``DEAD_MEMBER_KEEP_SECONDS`` ago, not kept for ever. Not sooner: a
    replica whose clock runs ahead sees a live replica's record expired
    and must not delete it (liveness comes from reading the records)."""
    for key, name in ((KEY, "dead"), ("http://other#50", "dead-elsewhere")):
        await store.follow_feed(
            key, name, member=member(name, 0), ttl_seconds=5, read_seq=0, limit=1
        )
    await store.follow_feed(
        KEY, "alive", member=member("alive", 0), ttl_seconds=50, read_seq=0, limit=1
    )
    assert await stored(request, "feed_members", "member_id") == ["alive", "dead", "dead-elsewhere"]
    await clock.advance(6)  # "dead" expired 1 s ago (or is alive, this clock being ahead)
    view = await store.follow_feed(
        KEY, "alive", member=member("alive", 0), ttl_seconds=50, read_seq=0, limit=1
    )
    assert [m.member_id for m in view.members] == ["alive"]
    assert await stored(request, "feed_members", "member_id") == ["alive", "dead", "dead-elsewhere"]
    await clock.advance(DEAD_MEMBER_KEEP_SECONDS)
    await store.follow_feed(
        KEY, "alive", member=member("alive", 0), ttl_seconds=400, read_seq=0, limit=1
    )
    assert await stored(request, "feed_members", "member_id") == ["alive"]


async def test_published_pages_are_deleted_once_every_member_left(store, request):
    """Both followers of a pass leave before reading its last pages: the
    pages nobody will read are deleted with the last member's record."""
    lease = await store.claim_feed(KEY, "a", 10)
    for name in ("a", "b"):
        await store.follow_feed(
            KEY, name, member=member(name, 0), ttl_seconds=10, read_seq=0, limit=1
        )
    for number in (1, 2):
        await store.publish_feed_page(lease, page(number), cursor=number + 1, ttl_seconds=10)
    await store.release_feed(lease, restart=True)  # a's runs left; b still follows
    assert len(await stored(request, "feed_pages", "number")) == 2
    await store.leave_feed(KEY, "a")
    assert len(await stored(request, "feed_pages", "number")) == 2  # b has not read them
    await store.leave_feed(KEY, "b")
    assert await stored(request, "feed_pages", "number") == []
    assert await stored(request, "feed_members", "member_id") == []


async def test_what_the_holders_call_waits_for_is_shown_until_it_publishes(store, clock):
    """The holder notes what its call waits for; followers read it in the
    scan record. A publication, a release or a new holder clears it, and
    a holder that lost the lease notes nothing."""

    async def shown() -> str | None:
        view = await store.follow_feed(KEY, "f", member=None, ttl_seconds=10, read_seq=0, limit=4)
        return view.scan.waiting

    lease = await store.claim_feed(KEY, "a", 10)
    await store.note_feed_waiting(lease, "retry_after")
    assert await shown() == "retry_after"
    assert await store.claim_feed(KEY, "a", 10) == lease  # a renewal keeps it
    assert await shown() == "retry_after"
    await store.publish_feed_page(lease, page(1), cursor=2, ttl_seconds=10)
    assert await shown() is None
    await store.note_feed_waiting(lease, "budget")
    await store.release_feed(lease, restart=False)
    assert await shown() is None

    lease = await store.claim_feed(KEY, "a", 10)
    await store.note_feed_waiting(lease, "backoff")
    await clock.advance(11)  # the holder froze; another replica takes over
    taken = await store.claim_feed(KEY, "b", 10)
    assert taken is not None and await shown() is None
    await store.note_feed_waiting(lease, "backoff")  # the stale holder: nothing
    assert await shown() is None
