"""Settings of the mock provider: one field per ``ticketd mock-api`` flag.

The defaults reproduce the reference provider: 60 ticket calls per 60 s
sliding window, ``/notify`` failing each ticket's first two attempts with a
500, answering in 0.1 to 0.5 s, and refusing everything with 503 for 30 s
after 10 consecutive failures.
"""

from __future__ import annotations

import re

import attrs

__all__ = [
    "DEFAULT_TENANTS",
    "MockSettings",
    "parse_latency",
    "parse_tenants",
]

DEFAULT_TENANTS = ("tenant_a", "tenant_b", "tenant_c", "tenant_d")
_TENANT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def parse_tenants(value: str) -> tuple[str, ...]:
    """Parse ``a,b,c`` into distinct tenant ids; raises ``ValueError``."""
    tenants = tuple(part.strip() for part in value.split(",") if part.strip())
    if not tenants:
        raise ValueError("at least one tenant id is required")
    for tenant in tenants:
        if not _TENANT_ID.match(tenant):
            raise ValueError(f"invalid tenant id {tenant!r}")
    if len(set(tenants)) != len(tenants):
        raise ValueError("tenant ids must be distinct")
    return tenants


def parse_latency(value: str) -> tuple[float, float]:
    """Parse ``MIN,MAX`` seconds (or one number for a fixed latency);
    raises ``ValueError``."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2:
        raise ValueError("expected MIN,MAX in seconds")
    low, high = (float(part) for part in parts)
    if not 0 <= low <= high:
        raise ValueError("expected 0 <= MIN <= MAX")
    return low, high


def _check_tenants(_instance: object, _attribute: object, value: tuple[str, ...]) -> None:
    parse_tenants(",".join(value))


def _check_latency(_instance: object, _attribute: object, value: tuple[float, float]) -> None:
    low, high = value
    if not 0 <= low <= high:
        raise ValueError(f"notify_latency must satisfy 0 <= min <= max, got {value!r}")


def _check_pages(_instance: object, _attribute: object, value: tuple[int, ...]) -> None:
    if any(page < 1 for page in value):
        raise ValueError(f"pages are numbered from 1, got {value!r}")


_non_negative = attrs.validators.ge(0)


@attrs.frozen
class MockSettings:
    """Everything the mock provider can be told, with the reference defaults.

    Construct it directly in tests (``MockSettings(tickets=20,
    notify_latency=(0, 0))``) or from the command line through
    ``ticketd.mockapi.cli``. Invalid values raise ``ValueError``.
    """

    host: str = "127.0.0.1"  # --host: interface to bind
    port: int = attrs.field(default=9000, validator=_non_negative)  # --port (0: any free)
    tickets: int = attrs.field(default=200, validator=_non_negative)  # --tickets N generated
    seed: int = 42  # --seed: same seed, same data set
    data: str | None = None  # --data FILE: load tickets instead of generating them
    # --anchor: "start" generates the 30 days before the start (timestamps
    # move with every start); "day" fixes the schedule to the end of the
    # current UTC day, so every start that day serves the same tickets, and
    # tickets dated after "now" arrive in the feed when their time comes.
    anchor: str = attrs.field(default="start", validator=attrs.validators.in_(("start", "day")))
    tenants: tuple[str, ...] = attrs.field(
        default=DEFAULT_TENANTS, converter=tuple, validator=_check_tenants
    )  # --tenants a,b,c: tenants of generated and added tickets
    deleted: int = attrs.field(default=0, validator=_non_negative)  # --deleted N start deleted
    rate_limit: int = attrs.field(default=60, validator=_non_negative)  # calls/window, 0: off
    rate_limit_window: float = attrs.field(default=60.0, validator=attrs.validators.gt(0))
    rate_limit_notify: bool = False  # --rate-limit-notify: /notify shares the budget
    notify_fail_first: int = attrs.field(default=2, validator=_non_negative)  # 500 on 1..K
    notify_failure_rate: float = attrs.field(
        default=0.0, validator=[_non_negative, attrs.validators.le(1.0)]
    )  # probability that any later attempt fails with 500
    notify_latency: tuple[float, float] = attrs.field(
        default=(0.1, 0.5), converter=tuple, validator=_check_latency
    )  # seconds, drawn uniformly per call
    notify_outage_after: int = attrs.field(default=10, validator=_non_negative)  # 0: never
    notify_outage_seconds: float = attrs.field(default=30.0, validator=_non_negative)
    flappy_updated_at: bool = False  # re-draw updated_at of modified tickets per request
    evolve_every: float = attrs.field(default=0.0, validator=_non_negative)  # 0: static feed
    fail_pages: tuple[int, ...] = attrs.field(
        default=(), converter=tuple, validator=_check_pages
    )  # list pages answering 503 once
    timeout_pages: tuple[int, ...] = attrs.field(
        default=(), converter=tuple, validator=_check_pages
    )  # list pages hanging once
    hang_seconds: float = attrs.field(default=30.0, validator=_non_negative)  # time-out faults
