"""The feed pass on MongoDB is timed by the server's clock, over the wire:
a replica whose clock runs ahead neither takes a live fetch lease nor
deletes published pages a live member has not read, and one whose clock
lags is not taken for dead. (The feed records' contract itself, driven by
a FakeClock, is in ``test_contract_feed.py``.)"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.store.test_contract_feed import member, page
from ticketd.clock import utc_now
from ticketd.store.feed_records import FRONTIER
from ticketd.store.mongo import MongoStore

KEY = "http://provider#10"
SKEW = timedelta(minutes=2)  # far more than the records' 10 s
TTL = 10.0


async def follow(store: MongoStore, name: str, read_seq: int, *, write: bool = True):
    return await store.follow_feed(
        KEY,
        name,
        member=member(name, read_seq) if write else None,
        ttl_seconds=TTL,
        read_seq=read_seq,
        limit=10,
    )


async def publish_three(store: MongoStore, owner: str) -> None:
    lease = await store.claim_feed(KEY, owner, TTL)
    assert lease is not None
    for number in (1, 2, 3):
        await store.publish_feed_page(lease, page(number), cursor=number + 1, ttl_seconds=TTL)


@pytest.mark.parametrize("offset", [SKEW, -SKEW], ids=["ahead", "behind"])
async def test_pages_a_live_member_has_not_read_stay_whatever_the_clocks(stores, offset):
    """A follower joins the pass, then the fetcher publishes pages 1-3 and
    records that it has read them (which deletes what every live member has
    read). Whichever of the two replicas' clocks is off by two minutes,
    the follower is live and its pages stay."""
    fetcher = await stores(offset)
    follower = await stores(timedelta(0))
    if offset < timedelta(0):  # the lagging one follows, the right one fetches
        fetcher, follower = follower, fetcher
    joined = await follow(follower, "follower", FRONTIER)
    assert joined.read_seq == 0
    await publish_three(fetcher, "fetcher")
    seen = await follow(fetcher, "fetcher", 3)
    assert sorted(m.member_id for m in seen.members) == ["fetcher", "follower"]
    view = await follow(follower, "follower", 0, write=False)
    assert [p.number for p in view.pages] == [1, 2, 3]


async def test_a_replica_whose_clock_runs_ahead_does_not_take_a_live_fetch_lease(stores):
    right, ahead = await stores(timedelta(0)), await stores(SKEW)
    assert await right.claim_feed(KEY, "right", TTL) is not None
    assert await ahead.claim_feed(KEY, "ahead", TTL) is None
    view = await follow(ahead, "ahead", FRONTIER)
    assert view.scan.owner == "right"
    # What the view says "now" is the server's time, not the replica's.
    assert abs(view.now - utc_now().timestamp()) < SKEW.total_seconds() / 2
    assert view.scan.held_by_other("ahead", view.now)
