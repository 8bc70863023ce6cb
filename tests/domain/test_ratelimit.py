"""The sliding-window schedule of the outbound call budget."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ticketd.domain.ratelimit import DEFAULT_MARGIN, SlidingWindow
from ticketd.errors import InvalidInput


def schedule(window: SlidingWindow, arrivals: list[float]) -> list[float]:
    """Grant each request (in arrival order, first come first served) at
    the earliest time the window allows; return the grant times."""
    grants: list[float] = []
    now = float("-inf")
    for arrival in sorted(arrivals):
        now = max(now, arrival)
        while (wait := window.try_grant(now)) > 0:
            now += wait
        grants.append(now)
    return grants


def max_in_any_span(grants: list[float], span: float) -> int:
    """Most grants inside any half-open interval [t, t + span)."""
    best, start = 0, 0
    for end, time in enumerate(grants):
        while grants[start] <= time - span:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_a_burst_of_the_limit_goes_at_once() -> None:
    window = SlidingWindow(limit=60, window=60)
    for _ in range(60):
        assert window.next_free(0.0) == 0
        window.record(0.0)
    assert window.next_free(0.0) == pytest.approx(60 + DEFAULT_MARGIN)


def test_the_next_call_waits_for_the_oldest_to_leave() -> None:
    window = SlidingWindow(limit=60, window=60, margin=0.5)
    for second in range(60):
        window.record(float(second))
    assert window.next_free(59.0) == pytest.approx(1.5)
    assert window.next_free(60.4) == pytest.approx(0.1)
    assert window.next_free(60.5) == 0
    window.record(60.5)
    # The second-oldest grant (t=1) leaves at 61.5.
    assert window.next_free(60.5) == pytest.approx(1.0)


def test_hundred_calls_take_one_window_not_a_hundred_seconds() -> None:
    grants = schedule(SlidingWindow(limit=60, window=60), [0.0] * 100)
    assert grants[:60] == [0.0] * 60
    assert grants[60:] == [pytest.approx(60.5)] * 40
    assert grants[-1] < 61  # a 1/s token bucket or pacing would need ~100 s


def test_pause_grants_nothing_before_the_retry_after() -> None:
    window = SlidingWindow(limit=60, window=60)
    window.record(0.0)
    window.pause_until(12.0)
    assert window.next_free(2.0) == pytest.approx(10.0)
    window.pause_until(5.0)  # an earlier pause does not shorten it
    assert window.paused_until == 12.0
    assert window.next_free(12.0) == 0
    assert window.try_grant(12.0) == 0


def test_pause_and_a_full_window_wait_for_the_later_of_both() -> None:
    window = SlidingWindow(limit=2, window=10, margin=0)
    window.record(0.0)
    window.record(1.0)
    window.pause_until(4.0)
    assert window.next_free(2.0) == pytest.approx(8.0)  # the window frees at 10
    window.pause_until(15.0)
    assert window.next_free(2.0) == pytest.approx(13.0)


def test_record_refuses_a_grant_the_window_does_not_allow() -> None:
    window = SlidingWindow(limit=1, window=10)
    window.record(0.0)
    with pytest.raises(ValueError):
        window.record(5.0)
    with pytest.raises(ValueError):
        window.record(-1.0)


def test_in_window_counts_live_grants() -> None:
    window = SlidingWindow(limit=5, window=10, margin=0)
    for t in (0.0, 1.0, 2.0):
        window.record(t)
    assert window.in_window(5.0) == 3
    assert window.in_window(11.0) == 1


@pytest.mark.parametrize("kwargs", [{"limit": 0}, {"window": 0}, {"window": -1}, {"margin": -0.1}])
def test_rejects_nonsense_settings(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInput):
        SlidingWindow(**kwargs)


@settings(max_examples=200, deadline=None)
@given(
    limit=st.integers(min_value=1, max_value=20),
    window_seconds=st.floats(min_value=0.5, max_value=60),
    margin=st.floats(min_value=0, max_value=2),
    arrivals=st.lists(st.floats(min_value=0, max_value=300), max_size=200),
)
def test_never_more_than_limit_in_any_window(
    limit: int, window_seconds: float, margin: float, arrivals: list[float]
) -> None:
    window = SlidingWindow(limit=limit, window=window_seconds, margin=margin)
    grants = schedule(window, arrivals)
    assert len(grants) == len(arrivals)
    # The provider's rule, with room to spare for latency: the margin.
    assert max_in_any_span(grants, window_seconds + margin - 1e-6) <= limit
    # Nothing waits longer than needed: each grant goes at its arrival (or
    # the previous grant) or exactly when the grant `limit` places earlier
    # leaves the window.
    ordered = sorted(arrivals)
    for index, grant in enumerate(grants):
        earliest = max(ordered[index], grants[index - 1] if index else ordered[0])
        if grant > earliest + 1e-6:
            assert index >= limit
            assert grant == pytest.approx(grants[index - limit] + window_seconds + margin)


@settings(max_examples=100, deadline=None)
@given(
    arrivals=st.lists(st.floats(min_value=0, max_value=200), min_size=1, max_size=150),
    pauses=st.lists(
        st.tuples(st.integers(min_value=0, max_value=149), st.floats(min_value=0, max_value=30)),
        max_size=5,
    ),
)
def test_pauses_keep_the_limit_and_are_honoured(
    arrivals: list[float], pauses: list[tuple[int, float]]
) -> None:
    window = SlidingWindow(limit=10, window=10, margin=0.5)
    pause_after = dict(pauses)
    grants: list[float] = []
    pause_ends: list[tuple[int, float]] = []  # (grants before the pause, its end)
    now = 0.0
    for index, arrival in enumerate(sorted(arrivals)):
        now = max(now, arrival)
        while (wait := window.try_grant(now)) > 0:
            now += wait
        grants.append(now)
        if index in pause_after:
            end = now + pause_after[index]
            window.pause_until(end)
            pause_ends.append((len(grants), end))
    assert max_in_any_span(grants, 10.5 - 1e-6) <= 10
    for granted_before, end in pause_ends:
        assert all(g >= end - 1e-6 for g in grants[granted_before:])
