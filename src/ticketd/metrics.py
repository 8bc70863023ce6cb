"""Prometheus metrics of one daemon, on its own registry (no globals).

Counters and histograms are updated where things happen; gauges that
describe current state (mailbox depths, breaker state, outbox depth) are
read at scrape time from callbacks registered by their owners.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

__all__ = ["CONTENT_TYPE", "Metrics"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

GaugeReader = Callable[[], Iterable[tuple[dict[str, str], float]]]


class _CallbackCollector(Collector):
    def __init__(self) -> None:
        self._gauges: dict[str, tuple[str, tuple[str, ...], GaugeReader]] = {}

    def add(
        self, name: str, documentation: str, labels: tuple[str, ...], read: GaugeReader
    ) -> None:
        self._gauges[name] = (documentation, labels, read)

    def collect(self) -> Iterable[GaugeMetricFamily]:
        for name, (documentation, labels, read) in self._gauges.items():
            family = GaugeMetricFamily(name, documentation, labels=list(labels))
            for label_values, value in read():
                family.add_metric([label_values[label] for label in labels], value)
            yield family


class Metrics:
    """All of ticketd's metrics, named ``ticketd_*``."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._gauges = _CallbackCollector()
        self.registry.register(self._gauges)
        r = self.registry
        self.http_requests = Counter(
            "ticketd_http_requests",
            "HTTP requests handled",
            ["route", "method", "status"],
            registry=r,
        )
        self.http_latency = Histogram(
            "ticketd_http_request_seconds",
            "HTTP request latency",
            ["route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=r,
        )
        self.ingestion_runs = Counter(
            "ticketd_ingestion_runs", "Finished ingestion runs", ["status"], registry=r
        )
        self.ingestion_sweeps = Counter(
            "ticketd_ingestion_sweeps",
            "Sweeps for runs left running by a dead replica, by outcome (completed, failed)",
            ["outcome"],
            registry=r,
        )
        self.ingestion_runs_swept = Counter(
            "ticketd_ingestion_runs_swept",
            "Runs of other processes ended (interrupted, or cancelled) by this daemon's sweeps",
            registry=r,
        )
        self.ingestion_tickets = Counter(
            "ticketd_ingestion_tickets", "Tickets processed by outcome", ["action"], registry=r
        )
        self.provider_calls = Counter(
            "ticketd_provider_calls", "Outbound provider calls", ["endpoint", "outcome"], registry=r
        )
        self.provider_throttled = Counter(
            "ticketd_provider_throttled_seconds", "Seconds spent waiting out 429s", registry=r
        )
        self.scheduled_runs = Counter(
            "ticketd_scheduled_runs",
            "Scheduled sync attempts per tenant by outcome (started, skipped, failed)",
            ["outcome"],
            registry=r,
        )
        self.notify_deliveries = Counter(
            "ticketd_notify_deliveries",
            "Notification delivery attempts by result (delivered, failed, rejected, dead)",
            ["result"],
            registry=r,
        )

    def gauge(
        self, name: str, documentation: str, read: GaugeReader, labels: tuple[str, ...] = ()
    ) -> None:
        """Register a gauge read at scrape time; ``read`` yields
        ``(labels, value)`` pairs."""
        self._gauges.add(name, documentation, labels, read)

    def render(self) -> bytes:
        return generate_latest(self.registry)
