"""The notifier's settings, and what outlives one incarnation of it: its
circuit breaker and what it holds in the outbox (both passed to each
incarnation by whoever restarts it)."""

from __future__ import annotations

from typing import Any

import attrs

from ticketd.actors.notifier_holds import HeldEntries
from ticketd.clock import Clock
from ticketd.domain.backoff import Backoff
from ticketd.domain.breaker import CircuitBreaker
from ticketd.metrics import Metrics
from ticketd.store import Store

__all__ = ["NotifierConfig", "make_breaker", "make_held_entries"]


@attrs.frozen
class NotifierConfig:
    store: Store
    provider: Any  # ticketd.external.ProviderClient (notify)
    clock: Clock
    metrics: Metrics
    owner: str  # claim owner: this process
    concurrency: int = 16
    max_attempts: int = 12
    max_age_seconds: float = 86400.0
    poll_seconds: float = 5.0
    timeout_seconds: float = 5.0  # a slower delivery counts as a failure
    backoff: Backoff = attrs.field(factory=lambda: Backoff(base=1.0, cap=60.0))
    # between attempts to record an accepted delivery
    bookkeeping_backoff: Backoff = attrs.field(factory=lambda: Backoff(base=0.25, cap=5.0))
    breaker_window: int = 10
    breaker_failures: int = 5
    breaker_open_seconds: float = 30.0


def make_breaker(config: NotifierConfig) -> CircuitBreaker:
    """The notifier's circuit breaker. Whoever restarts the notifier passes
    the same breaker to each incarnation, so a crash while it is open does
    not close it (as the rate limiter's windows outlive a crash)."""
    return CircuitBreaker(
        clock=config.clock,
        window=config.breaker_window,
        failures=config.breaker_failures,
        open_seconds=config.breaker_open_seconds,
    )


def make_held_entries(config: NotifierConfig) -> HeldEntries:
    """What the notifier holds in the outbox. Passed to each incarnation
    like the breaker, so deliveries accepted but not recorded yet are
    still recorded (not sent again) after a crash of the notifier."""
    return HeldEntries(config.store, config.clock, config.owner, config.timeout_seconds)
