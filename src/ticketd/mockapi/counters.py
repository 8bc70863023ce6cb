"""Per-endpoint counters of the mock, served by ``GET /_control/stats``."""

from __future__ import annotations

from collections import Counter
from typing import Any

__all__ = ["COUNTED_ENDPOINTS", "CallCounters"]

# Endpoint names as they appear under "by_endpoint".
COUNTED_ENDPOINTS = ("list", "ticket", "deleted", "notify", "health", "rate_limit_status")
# Endpoints summed into the top-level totals: the provider calls a client
# pays for. Health and rate-limit status probes are counted per endpoint only.
_BILLED = ("list", "ticket", "deleted", "notify")


class CallCounters:
    """Calls served, calls refused with 429 by the rate limit, and calls hit
    by an injected error or 429 fault, per endpoint."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Every counter back to zero."""
        self._calls: Counter[str] = Counter()
        self._throttled: Counter[str] = Counter()
        self._faults: Counter[str] = Counter()

    def served(self, endpoint: str) -> None:
        self._calls[endpoint] += 1

    def throttled(self, endpoint: str) -> None:
        self._throttled[endpoint] += 1

    def faulted(self, endpoint: str) -> None:
        self._faults[endpoint] += 1

    def to_json(self) -> dict[str, Any]:
        """``{"calls", "throttled", "faults", "by_endpoint": {name: {...}}}``."""
        return {
            "calls": sum(self._calls[name] for name in _BILLED),
            "throttled": sum(self._throttled[name] for name in _BILLED),
            "faults": sum(self._faults[name] for name in _BILLED),
            "by_endpoint": {
                name: {
                    "calls": self._calls[name],
                    "throttled": self._throttled[name],
                    "faults": self._faults[name],
                }
                for name in COUNTED_ENDPOINTS
            },
        }
