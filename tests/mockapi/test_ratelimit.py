"""The sliding-window rate limit (src/ticketd/mockapi/ratelimit.py): the
limiter itself on a FakeClock, then the 429s of the real server."""

from __future__ import annotations

from tests.mockapi.helpers import get_json, notify
from ticketd.clock import FakeClock
from ticketd.mockapi.ratelimit import RateLimitStatus, SlidingWindowLimiter

LIST = "/external/support-tickets"


async def test_admits_up_to_the_limit_then_tells_the_wait():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(3, 60.0, clock)
    assert [limiter.try_acquire() for _ in range(3)] == [None, None, None]
    assert limiter.try_acquire() == 60
    await clock.advance(59.2)
    assert limiter.try_acquire() == 1  # rounded up to whole seconds


async def test_window_slides_one_call_at_a_time():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(2, 10.0, clock)
    assert limiter.try_acquire() is None  # t=0
    await clock.advance(4)
    assert limiter.try_acquire() is None  # t=4
    await clock.advance(5)
    assert limiter.try_acquire() == 1  # t=9: the t=0 call leaves at t=10
    await clock.advance(1)
    assert limiter.try_acquire() is None  # t=10: one slot freed
    assert limiter.try_acquire() == 4  # the t=4 call leaves at t=14


async def test_rejected_calls_do_not_count():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(1, 10.0, clock)
    assert limiter.try_acquire() is None
    for _ in range(50):
        await clock.advance(0.1)
        assert limiter.try_acquire() is not None
    await clock.advance(5)
    assert limiter.try_acquire() is None  # only the first call was in the window


async def test_zero_limit_admits_everything():
    limiter = SlidingWindowLimiter(0, 60.0, FakeClock())
    assert all(limiter.try_acquire() is None for _ in range(1000))
    assert limiter.status() == RateLimitStatus(0, 60.0, 0, 0, 0)


async def test_status_and_reset():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(2, 30.0, clock)
    assert limiter.status() == RateLimitStatus(2, 30.0, 0, 2, 0)
    limiter.try_acquire()
    await clock.advance(10)
    limiter.try_acquire()
    assert limiter.status() == RateLimitStatus(2, 30.0, 2, 0, 20)
    limiter.reset()
    assert limiter.status().remaining == 2


async def test_server_answers_429_with_integer_retry_after(start_mock, clock):
    client = await start_mock(rate_limit=5, rate_limit_window=60.0)
    for _ in range(5):
        await get_json(client, LIST)
    await clock.advance(12.5)
    response = await client.get(LIST)
    assert response.status == 429
    assert response.headers["Retry-After"] == "48"  # 47.5 s rounded up
    body = await response.json()
    assert body["error"]["code"] == "rate_limited"
    assert body["error"]["retry_after"] == 48


async def test_ticket_endpoints_share_one_budget(start_mock):
    client = await start_mock(rate_limit=3)
    await get_json(client, LIST)
    await get_json(client, f"{LIST}/ext-001")
    await get_json(client, "/external/deleted-tickets")
    for path in (LIST, f"{LIST}/ext-001", "/external/deleted-tickets"):
        assert (await client.get(path)).status == 429


async def test_window_slides_on_the_server(start_mock, clock):
    client = await start_mock(rate_limit=4, rate_limit_window=60.0)
    for _ in range(2):
        await get_json(client, LIST)  # t=0
    await clock.advance(30)
    for _ in range(2):
        await get_json(client, LIST)  # t=30
    assert (await client.get(LIST)).status == 429
    await clock.advance(30)  # the two t=0 calls leave the window
    await get_json(client, LIST)
    await get_json(client, LIST)
    response = await client.get(LIST)
    assert response.status == 429
    assert response.headers["Retry-After"] == "30"


async def test_throttled_calls_do_not_use_budget_and_are_counted(start_mock, clock):
    client = await start_mock(rate_limit=2, rate_limit_window=10.0)
    await get_json(client, LIST)
    await get_json(client, LIST)
    for _ in range(7):
        assert (await client.get(LIST)).status == 429
    await clock.advance(10)
    await get_json(client, LIST)
    await get_json(client, LIST)
    stats = await get_json(client, "/_control/stats")
    assert stats["calls"] == 4
    assert stats["throttled"] == 7
    assert stats["by_endpoint"]["list"] == {"calls": 4, "throttled": 7, "faults": 0}


async def test_health_control_and_notify_are_not_limited_by_default(start_mock):
    client = await start_mock(rate_limit=1, notify_fail_first=0)
    await get_json(client, LIST)
    assert (await client.get(LIST)).status == 429
    for _ in range(5):
        await get_json(client, "/health")
        await get_json(client, "/_control/stats")
        await get_json(client, "/notifications")
        await get_json(client, "/rate-limit/status")
        assert await notify(client, "ext-001") == 200


async def test_flag_extends_the_limit_to_notify(start_mock):
    client = await start_mock(rate_limit=2, rate_limit_notify=True, notify_fail_first=0)
    await get_json(client, LIST)
    assert await notify(client, "ext-001") == 200
    assert await notify(client, "ext-001") == 429
    assert (await client.get(LIST)).status == 429
    stats = await get_json(client, "/_control/stats")
    assert stats["by_endpoint"]["notify"]["throttled"] == 1
    # A refused notification never reached the sink.
    assert len((await get_json(client, "/notifications"))["notifications"]) == 1


async def test_rate_limit_status_endpoint(start_mock, clock):
    client = await start_mock(rate_limit=3, rate_limit_window=20.0)
    body = await get_json(client, "/rate-limit/status")
    assert body == {
        "limit": 3,
        "window_seconds": 20.0,
        "used": 0,
        "remaining": 3,
        "retry_after": 0,
        "applies_to": ["list", "ticket", "deleted"],
    }
    for _ in range(3):
        await get_json(client, LIST)
    await clock.advance(5)
    body = await get_json(client, "/rate-limit/status")
    assert (body["used"], body["remaining"], body["retry_after"]) == (3, 0, 15)


async def test_default_is_sixty_per_minute(start_mock, clock):
    client = await start_mock(rate_limit=60, tickets=1)
    for _ in range(60):
        await get_json(client, LIST)
    assert (await client.get(LIST)).status == 429
    await clock.advance(60)
    await get_json(client, LIST)
