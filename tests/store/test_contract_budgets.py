"""The shared provider budget: one record per budget that every process
on the database takes slices from (both backends)."""

from __future__ import annotations

from ticketd.store import Store

SLICE = {"limit": 5, "span_seconds": 10.0, "hold_seconds": 1.0}


async def test_slices_never_exceed_the_limit_within_the_span(store: Store, clock):
    first = await store.take_permits("tickets", want=3, **SLICE)
    second = await store.take_permits("tickets", want=3, **SLICE)
    assert (first.granted, second.granted) == (3, 2)
    third = await store.take_permits("tickets", want=1, **SLICE)
    assert third.granted == 0 and third.wait_seconds == 11.0  # hold + span
    await clock.advance(11.0)
    assert (await store.take_permits("tickets", want=9, **SLICE)).granted == 5


async def test_permits_given_back_can_be_taken_again(store: Store, clock):
    """A slice's unused permits given back leave the record at once; other
    slices' entries, and the budget of another name, stay."""
    first = await store.take_permits("tickets", want=3, **SLICE)
    await clock.advance(0.5)
    second = await store.take_permits("tickets", want=2, **SLICE)
    await store.take_permits("notify", want=5, **SLICE)
    assert first.stamp != second.stamp
    await store.give_back_permits("tickets", stamp=first.stamp, count=2)
    await store.give_back_permits("notify", stamp=first.stamp, count=0)  # nothing
    await store.give_back_permits("unknown", stamp=first.stamp, count=1)  # no record
    assert (await store.take_permits("tickets", want=5, **SLICE)).granted == 2
    assert (await store.take_permits("notify", want=1, **SLICE)).granted == 0


async def test_budgets_are_separate(store: Store):
    assert (await store.take_permits("tickets", want=5, **SLICE)).granted == 5
    assert (await store.take_permits("notify", want=5, **SLICE)).granted == 5


async def test_a_pause_stops_every_taker_until_it_ends(store: Store, clock):
    await store.pause_budget("tickets", 30.0)
    await store.pause_budget("tickets", 5.0)  # ends earlier: ignored
    paused = await store.take_permits("tickets", want=2, **SLICE)
    assert paused.granted == 0 and paused.paused_seconds == 30.0
    await clock.advance(30.0)
    assert (await store.take_permits("tickets", want=2, **SLICE)).granted == 2


async def test_a_second_store_on_the_same_database_shares_the_record(store: Store, clock, request):
    """Two processes are two store instances on one file or database."""
    other = _second_store(store, clock, request)
    await other.open()
    try:
        assert (await store.take_permits("tickets", want=4, **SLICE)).granted == 4
        assert (await other.take_permits("tickets", want=4, **SLICE)).granted == 1
        await other.pause_budget("tickets", 20.0)
        await clock.advance(12.0)
        assert (await store.take_permits("tickets", want=1, **SLICE)).paused_seconds == 8.0
    finally:
        await other.close()


def _second_store(store, clock, request):
    from ticketd.store.sqlite import SqliteStore

    if isinstance(store, SqliteStore):
        tmp_path = request.getfixturevalue("tmp_path")
        return SqliteStore(tmp_path / "ticketd.db", clock=clock)
    from ticketd.store.mongo import MongoStore

    # The same clock as ``store``: the contract suite's, not the server's.
    url = request.getfixturevalue("mongo_url")
    return MongoStore.from_url(url, clock=clock, lease_clock="injected")
