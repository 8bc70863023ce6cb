"""The notify failure model and record (src/ticketd/mockapi/notify.py)."""

from __future__ import annotations

import asyncio

import pytest

from tests.mockapi.helpers import get_json, notify, post_json, until_sleeping
from ticketd.clock import FakeClock
from ticketd.errors import Unprocessable
from ticketd.mockapi import MockSettings
from ticketd.mockapi.notify import NotifyRequest, NotifySink


def _request(ticket_id: str, tenant_id: str = "tenant_a") -> NotifyRequest:
    return NotifyRequest(ticket_id, tenant_id, "high", "refund", None)


def _sink(clock: FakeClock, **settings) -> NotifySink:
    return NotifySink(MockSettings(**settings), clock)


async def test_first_k_attempts_per_ticket_fail():
    sink = _sink(FakeClock(), notify_fail_first=2)
    statuses = [sink.receive(_request("ext-001")).status_returned for _ in range(4)]
    assert statuses == [500, 500, 200, 200]
    # Attempts count per tenant and ticket.
    assert sink.receive(_request("ext-002")).attempt == 1
    assert sink.receive(_request("ext-001", "tenant_b")).attempt == 1


async def test_failure_rate_fails_later_attempts():
    never = _sink(FakeClock(), notify_fail_first=0, notify_failure_rate=0.0)
    always = _sink(FakeClock(), notify_fail_first=0, notify_failure_rate=1.0, notify_outage_after=0)
    assert {never.receive(_request(f"t{i}")).status_returned for i in range(50)} == {200}
    assert {always.receive(_request(f"t{i}")).status_returned for i in range(50)} == {500}
    half = _sink(FakeClock(), notify_fail_first=0, notify_failure_rate=0.5, notify_outage_after=0)
    failures = sum(half.receive(_request(f"t{i}")).status_returned == 500 for i in range(400))
    assert 140 < failures < 260


async def test_outage_after_consecutive_failures_then_recovery():
    clock = FakeClock()
    sink = _sink(clock, notify_fail_first=1, notify_outage_after=3, notify_outage_seconds=30)
    assert [sink.receive(_request(f"t{i}")).status_returned for i in range(3)] == [500] * 3
    assert sink.outage_remaining() == 30
    # Everything is refused during the outage, retries included.
    assert sink.receive(_request("t0")).status_returned == 503
    assert sink.receive(_request("new")).status_returned == 503
    await clock.advance(29.9)
    assert sink.receive(_request("t1")).status_returned == 503
    await clock.advance(0.1)
    assert sink.outage_remaining() == 0
    assert sink.receive(_request("t2")).status_returned == 200


async def test_success_resets_the_failure_streak():
    sink = _sink(FakeClock(), notify_fail_first=1, notify_outage_after=3)
    sink.receive(_request("a"))
    sink.receive(_request("b"))
    assert sink.receive(_request("a")).status_returned == 200
    sink.receive(_request("c"))
    sink.receive(_request("d"))
    assert sink.outage_remaining() == 0


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {"tenant_id": "tenant_a", "urgency": "high", "reason": "x"},
        {"ticket_id": "", "tenant_id": "tenant_a", "urgency": "high", "reason": "x"},
        {"ticket_id": "e", "tenant_id": "tenant_a", "urgency": "extreme", "reason": "x"},
        {"ticket_id": "e", "tenant_id": "tenant_a", "urgency": "high", "reason": 5},
        {
            "ticket_id": "e",
            "tenant_id": "tenant_a",
            "urgency": "high",
            "reason": "x",
            "idempotency_key": 7,
        },
    ],
)
async def test_request_validation(body):
    with pytest.raises(Unprocessable):
        NotifyRequest.from_json(body)


async def test_server_fails_first_two_attempts_then_delivers(start_mock):
    client = await start_mock()
    assert [await notify(client, "ext-001", key="k1") for _ in range(3)] == [500, 500, 200]
    response = await client.post(
        "/notify",
        json={"ticket_id": "ext-001", "tenant_id": "tenant_a", "urgency": "high", "reason": ""},
    )
    assert response.status == 200
    assert (await response.json())["attempt"] == 4


async def test_notification_record(start_mock, clock):
    client = await start_mock()
    await notify(client, "ext-001", tenant_id="tenant_a", key="tenant_a:ext-001:v1")
    await clock.advance(5)
    response = await client.post(
        "/notify",
        json={
            "ticket_id": "ext-002",
            "tenant_id": "tenant_b",
            "urgency": "medium",
            "reason": "legal threat",
        },
        headers={"Idempotency-Key": "from-header"},
    )
    assert response.status == 500
    records = (await get_json(client, "/notifications"))["notifications"]
    assert records == [
        {
            "ticket_id": "ext-001",
            "tenant_id": "tenant_a",
            "urgency": "high",
            "reason": "refund demand",
            "attempt": 1,
            "idempotency_key": "tenant_a:ext-001:v1",
            "status_returned": 500,
            "received_at": "2026-01-01T00:00:00.000Z",
        },
        {
            "ticket_id": "ext-002",
            "tenant_id": "tenant_b",
            "urgency": "medium",
            "reason": "legal threat",
            "attempt": 1,
            "idempotency_key": "from-header",
            "status_returned": 500,
            "received_at": "2026-01-01T00:00:05.000Z",
        },
    ]
    only_b = await get_json(client, "/notifications", tenant_id="tenant_b")
    assert only_b["notifications"] == records[1:]
    by_ticket = await get_json(client, "/notifications", ticket_id="ext-001")
    assert by_ticket["notifications"] == records[:1]


async def test_server_rejects_bad_bodies(start_mock):
    client = await start_mock()
    response = await client.post(
        "/notify", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    assert (await response.json())["error"]["code"] == "invalid_input"
    body = await post_json(client, "/notify", {"ticket_id": "ext-001"}, status=422)
    assert body["error"]["code"] == "unprocessable"
    assert "'urgency'" in body["error"]["message"]
    assert (await get_json(client, "/notifications"))["notifications"] == []


async def test_server_outage_answers_503_with_retry_after(start_mock, clock):
    client = await start_mock(notify_fail_first=1, notify_outage_after=3, notify_outage_seconds=30)
    assert [await notify(client, f"ext-00{i}") for i in range(1, 4)] == [500] * 3
    response = await client.post(
        "/notify",
        json={"ticket_id": "ext-001", "tenant_id": "tenant_a", "urgency": "high", "reason": "r"},
    )
    assert response.status == 503
    assert response.headers["Retry-After"] == "30"
    assert (await response.json())["error"]["code"] == "notify_outage"
    assert (await get_json(client, "/health"))["notify_outage"] is True
    await clock.advance(30)
    assert await notify(client, "ext-001") == 200  # its third attempt
    statuses = [
        r["status_returned"] for r in (await get_json(client, "/notifications"))["notifications"]
    ]
    assert statuses == [500, 500, 500, 503, 200]


async def test_latency_uses_the_clock(start_mock, clock):
    client = await start_mock(notify_latency=(2.0, 2.0), notify_fail_first=0)
    pending = asyncio.ensure_future(notify(client, "ext-001"))
    await until_sleeping(clock)
    assert not pending.done()
    await clock.advance(1.9)
    assert not pending.done()
    await clock.advance(0.1)
    assert await pending == 200


async def test_latency_range_is_respected():
    sink = _sink(FakeClock(), notify_latency=(0.1, 0.5))
    draws = [sink.latency() for _ in range(200)]
    assert all(0.1 <= d <= 0.5 for d in draws)
    assert max(draws) - min(draws) > 0.2
