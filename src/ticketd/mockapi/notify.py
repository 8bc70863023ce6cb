"""``POST /notify``: the provider's slow, unreliable notification sink.

Failure model, in the order it is applied to each attempt:

1. during an outage every attempt gets 503;
2. attempts 1..K of a ticket get 500 (``notify_fail_first``, default 2);
3. any later attempt fails with 500 with probability ``notify_failure_rate``;
4. otherwise 200.

``notify_outage_after`` consecutive 500s (default 10) start an outage of
``notify_outage_seconds`` (default 30 s) of clock time; a 200 resets the
streak. Every attempt, failed or not, is recorded with its attempt number
(counted per tenant and ticket, outage refusals included) and idempotency
key.
"""

from __future__ import annotations

import random
from collections import Counter, deque
from typing import Any

import attrs

from ticketd.clock import Clock
from ticketd.domain.ticket import URGENCIES, format_datetime
from ticketd.errors import Unprocessable
from ticketd.mockapi.settings import MockSettings

__all__ = ["NotificationRecord", "NotifyRequest", "NotifySink"]

_MAX_RECORDS = 100_000  # the record is for tests; keep memory bounded anyway


def _required_text(body: dict[str, Any], key: str, *, allow_empty: bool = False) -> str:
    value = body.get(key)
    if not isinstance(value, str) or (not value and not allow_empty):
        raise Unprocessable(
            f"field {key!r} is required and must be a non-empty string"
            if not allow_empty
            else f"field {key!r} must be a string"
        )
    return value


@attrs.frozen
class NotifyRequest:
    """A validated ``/notify`` body."""

    ticket_id: str
    tenant_id: str
    urgency: str  # high, medium or low
    reason: str
    idempotency_key: str | None  # body field, else the Idempotency-Key header

    @classmethod
    def from_json(cls, body: Any, header_key: str | None = None) -> NotifyRequest:
        """Validate a decoded JSON body; raises ``Unprocessable`` naming the
        first bad field."""
        if not isinstance(body, dict):
            raise Unprocessable("body must be a JSON object")
        urgency = _required_text(body, "urgency")
        if urgency not in URGENCIES:
            raise Unprocessable(f"field 'urgency' must be one of {', '.join(URGENCIES)}")
        key = body.get("idempotency_key", header_key)
        if key is not None and not isinstance(key, str):
            raise Unprocessable("field 'idempotency_key' must be a string")
        return cls(
            ticket_id=_required_text(body, "ticket_id"),
            tenant_id=_required_text(body, "tenant_id"),
            urgency=urgency,
            reason=_required_text(body, "reason", allow_empty=True),
            idempotency_key=key,
        )


@attrs.frozen
class NotificationRecord:
    """One received ``/notify`` attempt and what the mock answered."""

    ticket_id: str
    tenant_id: str
    urgency: str
    reason: str
    attempt: int  # 1 for the first attempt for this tenant and ticket
    idempotency_key: str | None
    status_returned: int  # 200, 500 or 503
    received_at: str  # ISO 8601 UTC with Z

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


class NotifySink:
    """Decides each attempt's answer, keeps the record, draws latencies."""

    def __init__(self, settings: MockSettings, clock: Clock) -> None:
        self._settings = settings
        self._clock = clock
        self._records: deque[NotificationRecord] = deque(maxlen=_MAX_RECORDS)
        self.reset()

    def reset(self) -> None:
        """Attempts, record, streak and outage back to zero."""
        self._records.clear()
        self._attempts: Counter[tuple[str, str]] = Counter()
        self._streak = 0
        self._outage_until: float | None = None
        self._failure_rng = random.Random(f"{self._settings.seed}:notify-failures")
        self._latency_rng = random.Random(f"{self._settings.seed}:notify-latency")

    def outage_remaining(self) -> float:
        """Seconds left in the current outage, 0 when there is none."""
        if self._outage_until is None:
            return 0.0
        return max(0.0, self._outage_until - self._clock.monotonic())

    def latency(self) -> float:
        """Seconds the next answer should take."""
        low, high = self._settings.notify_latency
        return low if low == high else self._latency_rng.uniform(low, high)

    def _decide(self, attempt: int) -> int:
        settings = self._settings
        if self.outage_remaining() > 0:
            return 503
        if attempt <= settings.notify_fail_first:
            return 500
        if settings.notify_failure_rate > 0 and (
            self._failure_rng.random() < settings.notify_failure_rate
        ):
            return 500
        return 200

    def receive(self, request: NotifyRequest) -> NotificationRecord:
        """Count, decide and record one attempt."""
        key = (request.tenant_id, request.ticket_id)
        self._attempts[key] += 1
        attempt = self._attempts[key]
        status = self._decide(attempt)
        if status == 500:
            self._streak += 1
            threshold = self._settings.notify_outage_after
            if threshold and self._streak >= threshold:
                self._outage_until = self._clock.monotonic() + self._settings.notify_outage_seconds
                self._streak = 0
        elif status == 200:
            self._streak = 0
        record = NotificationRecord(
            ticket_id=request.ticket_id,
            tenant_id=request.tenant_id,
            urgency=request.urgency,
            reason=request.reason,
            attempt=attempt,
            idempotency_key=request.idempotency_key,
            status_returned=status,
            received_at=format_datetime(self._clock.now()) or "",
        )
        self._records.append(record)
        return record

    def records(
        self, *, tenant_id: str | None = None, ticket_id: str | None = None
    ) -> list[NotificationRecord]:
        """Received attempts in arrival order, optionally filtered."""
        return [
            r
            for r in self._records
            if (tenant_id is None or r.tenant_id == tenant_id)
            and (ticket_id is None or r.ticket_id == ticket_id)
        ]
