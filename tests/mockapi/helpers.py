"""Shared helpers of the mock provider tests."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient

from ticketd.clock import FakeClock

REFERENCE_SEED = Path(__file__).resolve().parents[1] / "data" / "reference_seed.json"

# Small and instant: no notify latency, a modest data set, and no rate limit
# (the rate-limit tests switch it on).
TEST_DEFAULTS: dict[str, Any] = {
    "tickets": 30,
    "seed": 7,
    "notify_latency": (0.0, 0.0),
    "rate_limit": 0,
}

TICKET_FIELDS = {
    "id",
    "tenant_id",
    "source",
    "customer_id",
    "subject",
    "message",
    "created_at",
    "updated_at",
    "status",
}


async def get_json(client: TestClient, path: str, *, status: int = 200, **params: Any) -> Any:
    """GET ``path`` and return the decoded body, asserting the status."""
    response = await client.get(path, params={k: str(v) for k, v in params.items()})
    body = await response.json()
    assert response.status == status, body
    return body


async def post_json(client: TestClient, path: str, body: Any, *, status: int = 200) -> Any:
    """POST a JSON body and return the decoded answer, asserting the status."""
    response = await client.post(path, json=body)
    answer = await response.json()
    assert response.status == status, answer
    return answer


async def fetch_all(
    client: TestClient, *, page_size: int = 50, **params: Any
) -> list[dict[str, Any]]:
    """Page through the list endpoint as a client would; fails on a loop."""
    tickets: list[dict[str, Any]] = []
    page: int | None = 1
    seen_pages = set()
    while page is not None:
        assert page not in seen_pages, f"page {page} served twice"
        seen_pages.add(page)
        body = await get_json(
            client, "/external/support-tickets", page=page, page_size=page_size, **params
        )
        tickets.extend(body["tickets"])
        page = body["next_page"]
    return tickets


async def notify(
    client: TestClient, ticket_id: str, *, tenant_id: str = "tenant_a", key: str | None = None
) -> int:
    """Send one notification, return the status code."""
    body = {
        "ticket_id": ticket_id,
        "tenant_id": tenant_id,
        "urgency": "high",
        "reason": "refund demand",
    }
    if key is not None:
        body["idempotency_key"] = key
    response = await client.post("/notify", json=body)
    await response.read()
    return response.status


async def until_sleeping(clock: FakeClock, count: int = 1) -> None:
    """Let the server run until ``count`` handlers park on the fake clock
    (bounded: fails after about a second of real time)."""
    for _ in range(1000):
        if clock.sleepers >= count:
            return
        await asyncio.sleep(0.001)
    raise AssertionError("no handler parked on the clock")
