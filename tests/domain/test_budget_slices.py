"""Slices of a shared sliding window: what one replica may take."""

from __future__ import annotations

from ticketd.domain.budget_slices import give_back, take_slice


def test_a_slice_takes_what_is_free_and_records_it_at_its_latest_use():
    taken = take_slice([], 0.0, now=100.0, want=4, limit=10, span=60.5, hold=1.0)
    assert taken.permits.granted == 4 and taken.permits.wait_seconds == 0.0
    assert taken.grants == (101.0,) * 4


def test_a_full_window_grants_nothing_and_says_when_the_oldest_leaves():
    log = [100.0] * 3 + [110.0] * 7
    taken = take_slice(log, 0.0, now=120.0, want=2, limit=10, span=60.5, hold=1.0)
    assert taken.permits.granted == 0
    assert taken.permits.wait_seconds == 40.5  # 100.0 + 60.5 - 120.0
    assert taken.grants == tuple(log)


def test_a_partial_slice_waits_for_the_rest():
    taken = take_slice([100.0] * 8, 0.0, now=120.0, want=5, limit=10, span=60.5, hold=1.0)
    assert taken.permits.granted == 2
    assert taken.permits.wait_seconds == 40.5


def test_entries_that_left_the_window_are_dropped():
    taken = take_slice([10.0, 50.0, 90.0], 0.0, now=111.0, want=1, limit=3, span=60.5, hold=0.5)
    assert taken.grants == (90.0, 111.5)


def test_a_pause_grants_nothing_until_it_ends():
    taken = take_slice([], 130.0, now=100.0, want=3, limit=10, span=60.5, hold=1.0)
    assert taken.permits.granted == 0
    assert taken.permits.wait_seconds == taken.permits.paused_seconds == 30.0
    after = take_slice([], 130.0, now=130.0, want=3, limit=10, span=60.5, hold=1.0)
    assert after.permits.granted == 3


def test_slices_taken_in_turn_never_put_more_than_limit_in_any_span():
    log: tuple[float, ...] = ()
    used: list[float] = []  # the latest moment each permit may be used
    now = 0.0
    while now < 300.0:
        taken = take_slice(log, 0.0, now=now, want=3, limit=7, span=10.0, hold=0.5)
        log = taken.grants
        used += [now + 0.5] * taken.permits.granted
        now += 0.25
    assert len(used) >= 7 * 25  # the budget is used, not starved
    for start in used:
        assert sum(1 for t in used if start <= t < start + 10.0) <= 7


def test_give_back_removes_only_that_many_entries_of_that_slice():
    log = (1.0, 2.0, 2.0, 2.0, 3.0)
    assert give_back(log, stamp=2.0, count=2) == (1.0, 2.0, 3.0)
    assert give_back(log, stamp=2.0, count=9) == (1.0, 3.0)
    assert give_back(log, stamp=4.0, count=1) == log
    taken = take_slice(log, 0.0, now=10.0, want=2, limit=10, span=60.0, hold=1.0)
    assert taken.permits.stamp == 11.0 and taken.grants[-2:] == (11.0, 11.0)
