"""Call counters (src/ticketd/mockapi/counters.py)."""

from __future__ import annotations

from ticketd.mockapi.counters import COUNTED_ENDPOINTS, CallCounters


def test_totals_cover_provider_calls_not_probes():
    counters = CallCounters()
    for endpoint in ("list", "list", "ticket", "notify", "health", "rate_limit_status"):
        counters.served(endpoint)
    counters.throttled("list")
    counters.faulted("deleted")
    body = counters.to_json()
    assert (body["calls"], body["throttled"], body["faults"]) == (4, 1, 1)
    assert set(body["by_endpoint"]) == set(COUNTED_ENDPOINTS)
    assert body["by_endpoint"]["list"] == {"calls": 2, "throttled": 1, "faults": 0}
    assert body["by_endpoint"]["health"]["calls"] == 1
    counters.reset()
    assert counters.to_json()["calls"] == 0
