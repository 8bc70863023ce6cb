"""One-shot faults for client tests: a page that answers 5xx, hangs past the
client's time-out, or answers 429, a given number of times.

Faults are armed with ``POST /_control/faults`` (or the ``--fail-page`` and
``--timeout-page`` flags) and consumed in arming order by the first
matching request.
"""

from __future__ import annotations

from typing import Any

import attrs

from ticketd.errors import Unprocessable

__all__ = ["FAULT_ENDPOINTS", "FAULT_KINDS", "Fault", "FaultInjector"]

FAULT_KINDS = ("error", "timeout", "rate_limit")
FAULT_ENDPOINTS = ("list", "ticket", "deleted", "notify", "health", "any")
_FIELDS = {"kind", "endpoint", "page", "status", "seconds", "times"}


def _int_field(
    body: dict[str, Any], key: str, default: int | None, low: int, high: int
) -> int | None:
    value = body.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Unprocessable(f"fault field {key!r} must be an integer in {low}..{high}")
    return value


@attrs.frozen
class Fault:
    """An armed fault and how many more requests it will hit."""

    id: int  # assigned when armed
    kind: str  # error, timeout or rate_limit
    endpoint: str  # list, ticket, deleted, notify, health or any
    page: int | None  # list page it hits; None: any page / not a list fault
    status: int  # HTTP status of an error fault
    seconds: float  # timeout: how long to hang; rate_limit: Retry-After
    times: int  # requests left to hit

    @classmethod
    def from_json(cls, body: Any, *, fault_id: int, hang_seconds: float) -> Fault:
        """Validate one fault object; raises ``Unprocessable``."""
        if not isinstance(body, dict):
            raise Unprocessable("a fault must be a JSON object")
        unknown = sorted(set(body) - _FIELDS)
        if unknown:
            raise Unprocessable(f"unknown fault field(s): {', '.join(unknown)}")
        kind = body.get("kind")
        if kind not in FAULT_KINDS:
            raise Unprocessable(f"fault 'kind' must be one of {', '.join(FAULT_KINDS)}")
        endpoint = body.get("endpoint", "list")
        if endpoint not in FAULT_ENDPOINTS:
            raise Unprocessable(f"fault 'endpoint' must be one of {', '.join(FAULT_ENDPOINTS)}")
        page = _int_field(body, "page", None, 1, 10**9)
        if page is not None and endpoint not in ("list", "any"):
            raise Unprocessable("fault 'page' applies only to the list endpoint")
        default_seconds = hang_seconds if kind == "timeout" else 1.0
        seconds = body.get("seconds", default_seconds)
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise Unprocessable("fault 'seconds' must be a number >= 0")
        return cls(
            id=fault_id,
            kind=kind,
            endpoint=endpoint,
            page=page,
            status=_int_field(body, "status", 503, 500, 599) or 503,
            seconds=float(seconds),
            times=_int_field(body, "times", 1, 1, 10**6) or 1,
        )

    def matches(self, endpoint: str, page: int | None) -> bool:
        if self.endpoint not in ("any", endpoint):
            return False
        return self.page is None or self.page == page

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


class FaultInjector:
    """The armed faults, consumed by matching requests in arming order."""

    def __init__(self, hang_seconds: float) -> None:
        self._hang_seconds = hang_seconds
        self._faults: list[Fault] = []
        self._next_id = 1

    def arm(self, specs: list[Any]) -> list[Fault]:
        """Validate every spec first, then arm them all; raises
        ``Unprocessable`` (arming nothing) on a bad one."""
        faults = [
            Fault.from_json(spec, fault_id=self._next_id + i, hang_seconds=self._hang_seconds)
            for i, spec in enumerate(specs)
        ]
        self._next_id += len(faults)
        self._faults.extend(faults)
        return faults

    def take(self, endpoint: str, page: int | None = None) -> Fault | None:
        """The first armed fault matching this request, counted as used."""
        for index, fault in enumerate(self._faults):
            if fault.matches(endpoint, page):
                if fault.times <= 1:
                    del self._faults[index]
                else:
                    self._faults[index] = attrs.evolve(fault, times=fault.times - 1)
                return fault
        return None

    def armed(self) -> list[Fault]:
        """Faults still armed, in arming order."""
        return list(self._faults)

    def clear(self) -> None:
        """Disarm everything."""
        self._faults.clear()
