"""The provider client against real aiohttp servers on loopback."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from datetime import timedelta
from email.utils import format_datetime as http_date
from typing import Any

import orjson
import pytest
from aiohttp import web

from ticketd.clock import FakeClock, SystemClock
from ticketd.domain.backoff import Backoff
from ticketd.errors import ProviderError
from ticketd.external import CallStats, Page, ProviderClient

from .conftest import RecordingClock, RecordingPermits, free_port, ticket

MakeClient = Callable[..., ProviderClient]
Provider = Callable[..., Awaitable[str]]

FEED = "/external/support-tickets"


def json_response(body: Any, status: int = 200, **headers: str) -> web.Response:
    return web.Response(
        body=orjson.dumps(body), status=status, content_type="application/json", headers=headers
    )


def paged_feed(
    tickets: list[Any], *, total: int | None = None
) -> tuple[Callable[[web.Request], Awaitable[web.Response]], list[dict[str, str]]]:
    """A well-behaved list handler over ``tickets``; records the queries."""
    queries: list[dict[str, str]] = []

    async def handler(request: web.Request) -> web.Response:
        queries.append(dict(request.query))
        page = int(request.query.get("page", "1"))
        size = int(request.query.get("page_size", "50"))
        chunk = tickets[(page - 1) * size : page * size]
        more = page * size < len(tickets)
        return json_response(
            {
                "tickets": chunk,
                "next_page": page + 1 if more else None,
                "total_count": len(tickets) if total is None else total,
            }
        )

    return handler, queries


async def collect(client: ProviderClient, stats: CallStats, tenant: str = "acme") -> list[Page]:
    return [page async for page in client.iter_pages(tenant, stats)]


def seeded_delays(count: int) -> list[float]:
    """The delays the client's seeded backoff draws for its first retries."""
    backoff = Backoff(rng=random.Random(42))
    return [backoff.delay(n) for n in range(count)]


# Paging and its termination


async def test_pages_until_next_page_is_null(
    provider: Provider, make_client: MakeClient, permits: RecordingPermits
) -> None:
    handler, queries = paged_feed([ticket(n) for n in range(1, 8)])
    client = make_client(await provider({("GET", FEED): handler}), page_size=3)
    stats = CallStats()
    pages = await collect(client, stats)
    assert [p.number for p in pages] == [1, 2, 3]
    assert [t.external_id for p in pages for t in p.tickets] == [
        f"ext-{n:03d}" for n in range(1, 8)
    ]
    assert pages[-1].next_page is None
    assert all(p.total_count == 7 for p in pages)
    assert queries == [{"page": str(n), "page_size": "3"} for n in (1, 2, 3)]
    assert stats.api_calls == 3 and stats.retries == 0
    assert permits.acquired == ["acme"] * 3


async def test_tenant_filter_adds_the_parameter_when_enabled(
    provider: Provider, make_client: MakeClient
) -> None:
    handler, queries = paged_feed([ticket(1), ticket(2, tenant_id="other")])
    base_url = await provider({("GET", FEED): handler})
    plain = await collect(make_client(base_url), CallStats())
    filtered = await collect(make_client(base_url, tenant_filter=True), CallStats())
    assert "tenant_id" not in queries[0]
    assert queries[1]["tenant_id"] == "acme"
    # The reference ignores the filter: the same pages either way.
    assert plain == filtered


async def test_stops_on_an_empty_page(provider: Provider, make_client: MakeClient) -> None:
    async def handler(request: web.Request) -> web.Response:
        page = int(request.query["page"])
        tickets = [ticket(page)] if page <= 2 else []
        return json_response({"tickets": tickets, "next_page": page + 1, "total_count": 99})

    client = make_client(await provider({("GET", FEED): handler}))
    stats = CallStats()
    pages = await collect(client, stats)
    # the empty page 3 ends the loop; it is yielded last, with its total_count
    assert [(p.number, len(p.record_ids)) for p in pages] == [(1, 1), (2, 1), (3, 0)]
    assert pages[-1].total_count == 99
    assert stats.api_calls == 3


async def test_an_empty_feed_yields_one_empty_page(
    provider: Provider, make_client: MakeClient
) -> None:
    handler, _ = paged_feed([])
    client = make_client(await provider({("GET", FEED): handler}))
    (page,) = await collect(client, CallStats())
    assert (page.number, page.record_ids, page.total_count) == (1, (), 0)


async def test_next_page_pointing_back_fails(provider: Provider, make_client: MakeClient) -> None:
    async def handler(request: web.Request) -> web.Response:
        page = int(request.query["page"])
        # Page 2 sends other records but points back at page 2 itself.
        return json_response({"tickets": [ticket(page)], "next_page": 2, "total_count": 50})

    client = make_client(await provider({("GET", FEED): handler}))
    seen: list[int] = []
    with pytest.raises(ProviderError, match="points back"):
        async for page in client.iter_pages("acme", CallStats()):
            seen.append(page.number)
    assert seen == [1]


async def test_a_repeated_page_fails(provider: Provider, make_client: MakeClient) -> None:
    async def handler(request: web.Request) -> web.Response:
        page = int(request.query["page"])
        # Ignores `page`: always the same records, next_page counting up.
        return json_response(
            {"tickets": [ticket(1), ticket(2)], "next_page": page + 1, "total_count": 50}
        )

    client = make_client(await provider({("GET", FEED): handler}))
    with pytest.raises(ProviderError, match="repeats the previous page"):
        await collect(client, CallStats())


async def test_an_endless_provider_fails_past_its_total_count(
    provider: Provider, make_client: MakeClient
) -> None:
    calls = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        page = int(request.query["page"])
        records = [ticket(page * 10), ticket(page * 10 + 1)]
        return json_response({"tickets": records, "next_page": page + 1, "total_count": 10})

    client = make_client(await provider({("GET", FEED): handler}))
    with pytest.raises(ProviderError, match=r"declared 10 tickets \(5 pages of 2"):
        await collect(client, CallStats())
    assert calls == 5 + 3 + 1  # the implied pages, the margin, then the one too many


async def test_an_endless_provider_without_total_hits_the_hard_cap(
    provider: Provider, make_client: MakeClient
) -> None:
    async def handler(request: web.Request) -> web.Response:
        page = int(request.query["page"])
        return json_response({"tickets": [ticket(page)], "next_page": page + 1})

    client = make_client(await provider({("GET", FEED): handler}), max_pages=20)
    with pytest.raises(
        ProviderError, match="the scan stopped early: the feed went on past 20 pages"
    ):
        await collect(client, CallStats())


async def test_bad_records_are_counted_with_their_ids_and_the_run_goes_on(
    provider: Provider, make_client: MakeClient
) -> None:
    records = [
        ticket(1),
        ticket(2, status="exploded"),
        ticket(3, created_at="yesterday"),
        "not an object",
        {"tenant_id": "acme", "status": "open"},  # no id
        ticket(4),
    ]
    handler, _ = paged_feed(records)
    client = make_client(await provider({("GET", FEED): handler}), page_size=3)
    pages = await collect(client, CallStats())
    assert [t.external_id for p in pages for t in p.tickets] == ["ext-001", "ext-004"]
    errors = [e.line for p in pages for e in p.errors]
    assert len(errors) == 4
    assert "'ext-002'" in errors[0] and "exploded" in errors[0]
    assert "'ext-003'" in errors[1]
    assert "page 2, record 1: ticket None" in errors[2]  # no id to name
    assert "page 2, record 2: ticket None" in errors[3]


async def test_a_malformed_page_fails(provider: Provider, make_client: MakeClient) -> None:
    async def handler(request: web.Request) -> web.Response:
        return json_response({"items": []})

    client = make_client(await provider({("GET", FEED): handler}))
    with pytest.raises(ProviderError, match="no 'tickets' list"):
        await collect(client, CallStats())


# Retries


async def test_5xx_is_retried_with_backoff(
    provider: Provider, make_client: MakeClient, clock: RecordingClock, permits: RecordingPermits
) -> None:
    statuses = [500, 503]

    async def handler(request: web.Request) -> web.Response:
        if statuses:
            return web.Response(status=statuses.pop(0))
        return json_response({"tickets": [ticket(1)], "next_page": None, "total_count": 1})

    client = make_client(await provider({("GET", FEED): handler}))
    stats = CallStats()
    pages = await collect(client, stats)
    assert [t.external_id for t in pages[0].tickets] == ["ext-001"]
    assert (stats.api_calls, stats.retries) == (3, 2)
    assert clock.sleeps == seeded_delays(2)
    assert permits.acquired == ["acme"] * 3  # a permit for every attempt


async def test_5xx_fails_after_max_attempts(
    provider: Provider, make_client: MakeClient, clock: RecordingClock
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=502)

    client = make_client(await provider({("GET", FEED): handler}), max_attempts=4)
    stats = CallStats()
    with pytest.raises(ProviderError, match="after 4 attempts: HTTP 502"):
        await collect(client, stats)
    assert (stats.api_calls, stats.retries) == (4, 3)
    assert clock.sleeps == seeded_delays(3)


async def test_a_time_out_is_retried(provider: Provider, make_client: MakeClient) -> None:
    release = asyncio.Event()
    calls = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            await release.wait()  # longer than the client's time-out
        return json_response({"tickets": [ticket(1)], "next_page": None, "total_count": 1})

    client = make_client(await provider({("GET", FEED): handler}), timeout=0.2)
    stats = CallStats()
    try:
        pages = await collect(client, stats)
    finally:
        release.set()
    assert len(pages) == 1
    assert (stats.api_calls, stats.retries) == (2, 1)


async def test_a_connect_error_is_retried(
    provider: Provider, make_client: MakeClient, clock: RecordingClock
) -> None:
    port = free_port()
    handler, _ = paged_feed([ticket(1)])

    async def start_provider(seconds: float) -> None:
        if len(clock.sleeps) == 1:  # nobody listened on the first attempt
            await provider({("GET", FEED): handler}, port=port)

    clock.on_sleep = start_provider
    client = make_client(f"http://127.0.0.1:{port}")
    stats = CallStats()
    pages = await collect(client, stats)
    assert [t.external_id for t in pages[0].tickets] == ["ext-001"]
    assert (stats.api_calls, stats.retries) == (2, 1)


async def test_a_provider_that_never_listens_fails(
    make_client: MakeClient, clock: RecordingClock
) -> None:
    client = make_client(f"http://127.0.0.1:{free_port()}", max_attempts=3)
    stats = CallStats()
    with pytest.raises(ProviderError, match="after 3 attempts"):
        await collect(client, stats)
    assert (stats.api_calls, stats.retries) == (3, 2)
    assert len(clock.sleeps) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
async def test_4xx_is_not_retried(
    provider: Provider, make_client: MakeClient, clock: RecordingClock, status: int
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status)

    client = make_client(await provider({("GET", FEED): handler}))
    stats = CallStats()
    with pytest.raises(ProviderError, match=f"HTTP {status}"):
        await collect(client, stats)
    assert (stats.api_calls, stats.retries) == (1, 0)
    assert clock.sleeps == []


# 429


async def test_429_waits_out_retry_after(
    provider: Provider, make_client: MakeClient, clock: RecordingClock, permits: RecordingPermits
) -> None:
    throttles = 2

    async def handler(request: web.Request) -> web.Response:
        nonlocal throttles
        if throttles:
            throttles -= 1
            return json_response({"error": "slow down"}, status=429, **{"Retry-After": "7"})
        return json_response({"tickets": [ticket(1)], "next_page": None, "total_count": 1})

    client = make_client(await provider({("GET", FEED): handler}), max_attempts=1)
    stats = CallStats()
    pages = await collect(client, stats)  # 429s use up no attempt
    assert len(pages) == 1
    assert permits.throttled_for == [7.0, 7.0]
    assert permits.throttled_keys == ["acme", "acme"]
    assert clock.sleeps == [7.0, 7.0]
    assert (stats.api_calls, stats.retries, stats.throttled) == (3, 0, 2)
    assert stats.throttled_seconds == 14.0
    assert permits.acquired == ["acme"] * 3


@pytest.mark.parametrize(
    ("retry_afters", "error"),
    [
        # A day, at once: not waited for at all.
        (
            ["86400"],
            r"Retry-After 86400 s \(until .*Z\), more than the 300 s a call waits "
            r"out Retry-After in all; not retried",
        ),
        # 200 s waited out, then 200 s more than the 100 s left.
        (["200", "200"], r"Retry-After 200 s .*, 100 s of them left; not retried"),
    ],
)
async def test_a_call_waits_out_at_most_300_s_of_retry_after(
    provider: Provider,
    make_client: MakeClient,
    clock: RecordingClock,
    permits: RecordingPermits,
    retry_afters: list[str],
    error: str,
) -> None:
    """A 429 asking for more than what is left of the call's 300 s fails
    the call at once; the budget pauses for at most 300 s, and the client
    remembers until when the provider asked us to wait."""
    answers = list(retry_afters)

    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=429, headers={"Retry-After": answers.pop(0)})

    client = make_client(await provider({("GET", FEED): handler}))
    stats = CallStats()
    with pytest.raises(ProviderError, match=error):
        await collect(client, stats)
    assert clock.sleeps == [float(s) for s in retry_afters[:-1]]
    assert permits.throttled_for == [min(float(s), 300.0) for s in retry_afters]
    assert stats.throttled == len(retry_afters)
    throttle = client.throttle()
    assert throttle is not None and throttle.retry_after_seconds == float(retry_afters[-1])
    assert throttle.until > clock.now() + timedelta(seconds=float(retry_afters[-1]) - 1)


async def test_429_with_an_http_date(
    provider: Provider, make_client: MakeClient, clock: RecordingClock, permits: RecordingPermits
) -> None:
    throttled = False

    async def handler(request: web.Request) -> web.Response:
        nonlocal throttled
        if not throttled:
            throttled = True
            when = http_date(
                clock.now().replace(microsecond=0) + timedelta(seconds=30), usegmt=True
            )
            return web.Response(status=429, headers={"Retry-After": when})
        return json_response({"tickets": [], "next_page": None, "total_count": 0})

    client = make_client(await provider({("GET", FEED): handler}))
    await collect(client, CallStats())
    assert permits.throttled_for == [30.0]


@pytest.mark.parametrize("past", ["-5", "-0.5", "date"])
async def test_429_with_a_retry_after_in_the_past_waits_as_without_one(
    provider: Provider, make_client: MakeClient, clock: RecordingClock, past: str
) -> None:
    """The outside tester: Retry-After -5 or an HTTP date in the past gave
    20 throttled attempts in 0.3-0.6 s with no pause. Taken as missing:
    the client's own second, each time."""
    throttled = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal throttled
        if throttled < 3:
            throttled += 1
            value = past
            if past == "date":
                value = http_date(clock.now() - timedelta(hours=1), usegmt=True)
            return web.Response(status=429, headers={"Retry-After": value})
        return json_response({"tickets": [], "next_page": None, "total_count": 0})

    await collect(make_client(await provider({("GET", FEED): handler})), CallStats())
    assert clock.sleeps == [1.0, 1.0, 1.0]


async def test_429_without_retry_after_waits_a_second(
    provider: Provider, make_client: MakeClient, clock: RecordingClock
) -> None:
    throttled = False

    async def handler(request: web.Request) -> web.Response:
        nonlocal throttled
        if not throttled:
            throttled = True
            return web.Response(status=429)
        return json_response({"tickets": [], "next_page": None, "total_count": 0})

    await collect(make_client(await provider({("GET", FEED): handler})), CallStats())
    assert clock.sleeps == [1.0]


async def test_endless_429s_fail(
    provider: Provider, make_client: MakeClient, permits: RecordingPermits
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=429, headers={"Retry-After": "1"})

    client = make_client(await provider({("GET", FEED): handler}), max_throttled=6)
    stats = CallStats()
    with pytest.raises(ProviderError, match="6 429 answers in a row"):
        await collect(client, stats)
    assert stats.api_calls == 6
    assert len(permits.throttled_for) == 5


# Single tickets and deletions


async def test_get_ticket(provider: Provider, make_client: MakeClient) -> None:
    async def handler(request: web.Request) -> web.Response:
        if request.match_info["id"] == "ext-001":
            return json_response(ticket(1))
        return json_response({"error": "not found"}, status=404)

    client = make_client(await provider({("GET", FEED + "/{id}"): handler}))
    stats = CallStats()
    found = await client.get_ticket("ext-001", "acme", stats)
    assert found is not None and found.external_id == "ext-001"
    assert await client.get_ticket("ext-404", "acme", stats) is None
    assert stats.api_calls == 2


async def test_deleted_ids(
    provider: Provider, make_client: MakeClient, permits: RecordingPermits
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return json_response({"deleted_ids": ["ext-003", "ext-009"]})

    client = make_client(await provider({("GET", "/external/deleted-tickets"): handler}))
    stats = CallStats()
    assert await client.deleted_ids("acme", stats) == ["ext-003", "ext-009"]
    assert stats.api_calls == 1
    assert permits.acquired == ["acme"]


# Notify and health


async def test_notify_sends_the_body_and_the_idempotency_key(
    provider: Provider, make_client: MakeClient, permits: RecordingPermits
) -> None:
    received: list[tuple[str | None, Any]] = []

    async def handler(request: web.Request) -> web.Response:
        received.append((request.headers.get("Idempotency-Key"), await request.json()))
        return json_response({"status": "ok"})

    client = make_client(await provider({("POST", "/notify"): handler}), clock=SystemClock())
    payload = {"ticket_id": "ext-001", "tenant_id": "acme", "urgency": "high", "reason": "refund"}
    await client.notify(payload, "acme:ext-001:1")
    assert received == [("acme:ext-001:1", payload)]
    assert permits.acquired == ["notify"]


async def test_notify_makes_one_attempt_only(provider: Provider, make_client: MakeClient) -> None:
    calls = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        return web.Response(status=503)

    client = make_client(await provider({("POST", "/notify"): handler}), clock=SystemClock())
    with pytest.raises(ProviderError, match="HTTP 503"):
        await client.notify({"ticket_id": "ext-001"}, "key")
    assert calls == 1


async def test_notify_time_out_is_a_provider_error(
    provider: Provider, make_client: MakeClient
) -> None:
    release = asyncio.Event()

    async def handler(request: web.Request) -> web.Response:
        await release.wait()
        return web.Response()

    client = make_client(
        await provider({("POST", "/notify"): handler}), timeout=0.2, clock=SystemClock()
    )
    try:
        with pytest.raises(ProviderError, match="time-out"):
            await client.notify({"ticket_id": "ext-001"}, "key")
    finally:
        release.set()


async def test_a_freeze_while_the_notify_post_is_out_is_not_a_time_out(
    provider: Provider, make_client: MakeClient
) -> None:
    """1. /notify has the request and answers once the test lets it.
    2. The process "freezes" for 60 s (the clock jumps; every timer of
       the call fires late, the answer is let out at the same moment).
    3. The answer is taken, not cut off by the 1 s time-out.
    4. A call left unanswered across such a freeze still times out after
       1 s of running time (the clock advanced while the process runs),
       not before: the freeze does not count, and time advanced right
       after it is not taken for more of it."""
    clock = FakeClock()
    arrived, answer = asyncio.Event(), asyncio.Event()

    async def handler(request: web.Request) -> web.Response:
        arrived.set()
        await answer.wait()
        return json_response({"status": "ok"})

    client = make_client(await provider({("POST", "/notify"): handler}), clock=clock)
    call = asyncio.ensure_future(client.notify({"ticket_id": "ext-001"}, "key"))
    await asyncio.wait_for(arrived.wait(), 5)
    answer.set()
    clock.freeze(60)
    await asyncio.wait_for(call, 5)  # answered: no ProviderError

    arrived.clear()
    answer.clear()
    call = asyncio.ensure_future(client.notify({"ticket_id": "ext-002"}, "key"))
    await asyncio.wait_for(arrived.wait(), 5)
    clock.freeze(60)  # not counted
    await clock.advance(0.99)
    assert not call.done()
    await clock.advance(0.02)
    with pytest.raises(ProviderError, match="time-out"):
        await asyncio.wait_for(call, 5)
    answer.set()


async def test_notify_429_pauses_the_permits(
    provider: Provider, make_client: MakeClient, permits: RecordingPermits
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=429, headers={"Retry-After": "3"})

    client = make_client(await provider({("POST", "/notify"): handler}), clock=SystemClock())
    with pytest.raises(ProviderError, match="HTTP 429"):
        await client.notify({"ticket_id": "ext-001"}, "key")
    assert permits.throttled_for == [3.0]
    assert permits.throttled_keys == ["notify"]  # pauses the notify budget only


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (429, True), (503, False)])
async def test_health(
    provider: Provider,
    make_client: MakeClient,
    permits: RecordingPermits,
    status: int,
    healthy: bool,
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status)

    client = make_client(await provider({("GET", "/health"): handler}))
    assert await client.health() is healthy
    assert permits.acquired == []  # probes take no permit


async def test_health_of_a_provider_that_is_not_there(make_client: MakeClient) -> None:
    assert await make_client(f"http://127.0.0.1:{free_port()}").health() is False
