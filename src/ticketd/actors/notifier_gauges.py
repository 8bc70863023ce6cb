"""The notifier's gauges: its breaker's state and the outbox summary it
keeps (read when ``/metrics`` is scraped)."""

from __future__ import annotations

from collections.abc import Callable

from ticketd.clock import Clock
from ticketd.domain.breaker import CircuitBreaker
from ticketd.metrics import Metrics
from ticketd.store import OutboxSummary

__all__ = ["register_gauges"]

_STATE_VALUE = {"closed": 0.0, "half_open": 1.0, "open": 2.0}


def register_gauges(
    metrics: Metrics,
    clock: Clock,
    breaker: CircuitBreaker,
    summary: Callable[[], OutboxSummary],
) -> None:
    """Register the breaker state and outbox gauges; ``summary`` gives the
    notifier's latest outbox summary."""
    metrics.gauge(
        "ticketd_notify_breaker_state",
        "Breaker state: 0 closed, 1 half-open, 2 open",
        lambda: [({}, _STATE_VALUE[breaker.state])],
    )
    metrics.gauge(
        "ticketd_outbox_entries",
        "Outbox entries by status",
        lambda: [
            ({"status": "pending"}, float(summary().pending)),
            ({"status": "dead"}, float(summary().dead)),
            ({"status": "delivered"}, float(summary().delivered)),
        ],
        ("status",),
    )

    def oldest_age():
        oldest = summary().oldest_pending_at
        age = 0.0 if oldest is None else (clock.now() - oldest).total_seconds()
        yield {}, max(0.0, age)

    metrics.gauge(
        "ticketd_outbox_oldest_pending_seconds", "Age of the oldest pending entry", oldest_age
    )
