"""MongoDB writes made of several writes without a transaction, stopped
between them: a feed page published without its scan record must not block
the shared pass. (A page of tickets is one transaction, its progress
included: ``test_mongo_page_transaction.py``.)"""

from __future__ import annotations

from ticketd.store.feed_records import PublishedPage
from ticketd.store.mongo_feed import _page_id

KEY = "http://provider#100"


def page(number: int) -> PublishedPage:
    return PublishedPage(number, number + 1, False, b'{"tickets": []}', calls=(1, 0, 0, 0.0, 0.0))


async def leave_half_a_publish(store, seq: int, token: int) -> None:
    """The page write of a publish whose scan-record write never happened."""
    await store._feed_collection("feed_pages").insert_one(
        {
            "_id": _page_id(KEY, seq), "seq": seq, "pass_id": 1, "token": token, "number": 99,
            "next_page": None, "end": True, "error": None, "body": b"", "calls": [1, 0, 0, 0, 0],
        }
    )  # fmt: skip


async def read_numbers(store) -> list[int]:
    view = await store.follow_feed(KEY, "reader", member=None, ttl_seconds=10, read_seq=0, limit=10)
    return [p.number for p in view.pages]


async def test_a_half_done_publish_does_not_block_the_pass(mongo_store, clock):
    """The page of seq 2 was written, the scan record was not (a driver
    error, a kill): the page is never read, and the next publish at seq 2,
    by the same holder or by the replica that took the lease over, writes
    over it. Before, every later publish hit the page's key, was taken for
    a lost lease, and the pass stalled for good."""
    first = await mongo_store.claim_feed(KEY, "a", 10)
    await mongo_store.publish_feed_page(first, page(1), cursor=2, ttl_seconds=10)
    await leave_half_a_publish(mongo_store, 2, first.token)
    assert await read_numbers(mongo_store) == [1]

    published = await mongo_store.publish_feed_page(first, page(2), cursor=3, ttl_seconds=10)
    assert published.seq == 2
    assert await read_numbers(mongo_store) == [1, 2]

    await leave_half_a_publish(mongo_store, 3, first.token)
    await clock.advance(11)  # the fetcher died; another replica takes over
    second = await mongo_store.claim_feed(KEY, "b", 10)
    assert second is not None and second.token > first.token
    published = await mongo_store.publish_feed_page(second, page(3), cursor=4, ttl_seconds=10)
    assert published.seq == 3
    assert await read_numbers(mongo_store) == [1, 2, 3]
