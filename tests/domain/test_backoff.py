"""Exponential backoff with full jitter."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketd.domain.backoff import Backoff
from ticketd.errors import InvalidInput


def test_ceiling_grows_exponentially_up_to_the_cap() -> None:
    backoff = Backoff(base=0.5, factor=2, cap=60)
    assert [backoff.ceiling(n) for n in range(9)] == [0.5, 1, 2, 4, 8, 16, 32, 60, 60]
    assert backoff.ceiling(10_000) == 60


def test_same_seed_same_delays() -> None:
    first = Backoff(rng=random.Random(7))
    second = Backoff(rng=random.Random(7))
    assert [first.delay(n) for n in range(10)] == [second.delay(n) for n in range(10)]


def test_delays_are_jittered_over_the_whole_range() -> None:
    backoff = Backoff(base=1, factor=2, cap=60, rng=random.Random(1))
    delays = [backoff.delay(3) for _ in range(2000)]
    assert all(0 <= d <= 8 for d in delays)
    assert min(delays) < 0.5 and max(delays) > 7.5  # full jitter, not +-10 %


@given(
    attempt=st.integers(min_value=0, max_value=5000),
    base=st.floats(min_value=0.001, max_value=10),
    factor=st.floats(min_value=1, max_value=10),
    cap=st.floats(min_value=0.001, max_value=3600),
    seed=st.integers(),
)
def test_delay_within_zero_and_the_ceiling(
    attempt: int, base: float, factor: float, cap: float, seed: int
) -> None:
    backoff = Backoff(base=base, factor=factor, cap=cap, rng=random.Random(seed))
    assert 0 <= backoff.delay(attempt) <= min(cap, backoff.ceiling(attempt))


@pytest.mark.parametrize("kwargs", [{"base": 0}, {"base": -1}, {"cap": 0}, {"factor": 0.5}])
def test_rejects_nonsense_settings(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInput):
        Backoff(**kwargs)


def test_negative_attempt_is_a_bug() -> None:
    with pytest.raises(ValueError):
        Backoff().delay(-1)
