"""The provider's base URL: its credentials never shown, its query string
kept on every request, and a 2xx body that is not JSON retried as a 5xx.
Against real aiohttp servers on loopback."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
import pytest
from aiohttp import web

from ticketd.domain.backoff import Backoff
from ticketd.errors import ProviderError
from ticketd.external import CallStats, ProviderClient
from ticketd.metrics import Metrics
from ticketd.urls import hide_secrets, shown_url

from .conftest import RecordingClock, free_port, ticket

MakeClient = Callable[..., ProviderClient]
Provider = Callable[..., Awaitable[str]]
FEED = "/external/support-tickets"
SECRETS = ("puser", "pwSECRET1", "SECRET2")


def json_response(body: Any, status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(body), status=status, content_type="application/json")


def seeded_delays(count: int) -> list[float]:
    backoff = Backoff(rng=random.Random(42))
    return [backoff.delay(n) for n in range(count)]


# How the URL is shown


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "http://puser:pwSECRET1@127.0.0.1:19378/?api_key=SECRET2",
            "http://***:***@127.0.0.1:19378/?api_key=***",
        ),
        ("https://TOKEN@api.example/v1", "https://***@api.example/v1"),
        (
            "http://h/?region=eu&access_token=x1&Signature=x2&sig=x3&page=1",
            "http://h/?region=eu&access_token=***&Signature=***&sig=***&page=1",
        ),
        (
            "mongodb://ticketd:hunter2@db1,db2/ticketd?authSource=admin",
            "mongodb://***:***@db1,db2/ticketd?authSource=admin",
        ),
        # Found by a cold review: shown raw before.
        (
            "http://h/?access=a1&jwt=a2&hash=a3&hmac=a4&x_bearer=a5",
            "http://h/?access=***&jwt=***&hash=***&hmac=***&x_bearer=***",
        ),
        ("http://127.0.0.1:9000", "http://127.0.0.1:9000"),
        ("http://[::1/x?key=v", "http://***"),  # unparseable: only the scheme
    ],
)
def test_shown_url_masks_userinfo_and_secret_query_values(url: str, shown: str) -> None:
    assert shown_url(url) == shown


def test_hide_secrets_masks_the_urls_credentials_in_any_text() -> None:
    url = "http://puser:pw%21SECRET1@h/?api_key=SECRET2"
    text = "InvalidURL: http://puser:pw!SECRET1@h/?api_key=SECRET2 (puser, pw%21SECRET1)"
    hidden = hide_secrets(text, url)
    assert not any(s in hidden for s in ("puser", "SECRET1", "SECRET2")), hidden


async def test_health_problem_shows_no_credentials(make_client: MakeClient) -> None:
    base = f"http://puser:pwSECRET1@127.0.0.1:{free_port()}/?api_key=SECRET2"
    problem = await make_client(base).health_problem()
    assert problem is not None and problem.startswith("GET http://***:***@127.0.0.1:"), problem
    assert "/health?api_key=***" in problem, problem
    assert not any(s in problem for s in SECRETS), problem


async def test_feed_key_shows_no_credentials_but_tells_keys_apart(make_client: MakeClient) -> None:
    first = make_client("http://u:pwSECRET1@h:1/?api_key=SECRET2").feed_key
    second = make_client("http://u:pwSECRET1@h:1/?api_key=OTHER").feed_key
    assert not any(s in first for s in SECRETS), first
    assert first != second
    plain = make_client("http://h:1/").feed_key
    assert plain == "http://h:1/external/support-tickets?page_size=100"


# A base URL with a query string


async def test_the_base_urls_query_is_sent_on_every_request(
    provider: Provider, make_client: MakeClient
) -> None:
    seen: list[str] = []

    async def record(request: web.Request) -> web.Response:
        seen.append(request.path_qs)
        if request.path == FEED:
            return json_response({"tickets": [ticket(1)], "next_page": None, "total_count": 1})
        if request.path == "/external/deleted-tickets":
            return json_response({"deleted_ids": []})
        if request.path.startswith(FEED + "/"):
            return json_response(ticket(1))
        return json_response({"status": "ok"})

    base = await provider(
        {
            ("GET", FEED): record,
            ("GET", FEED + "/{id}"): record,
            ("GET", "/external/deleted-tickets"): record,
            ("GET", "/health"): record,
            ("POST", "/notify"): record,
        }
    )
    client = make_client(base + "/?api_key=abc", tenant_filter=True)
    stats = CallStats()
    pages = [page async for page in client.iter_pages("acme", stats)]
    assert [t.external_id for t in pages[0].tickets] == ["ext-001"]
    assert await client.get_ticket("ext-001", "acme", stats) is not None
    assert await client.deleted_ids("acme", stats) == []
    assert await client.health_problem() is None
    await client.notify({"x": 1}, "key-1")
    assert seen == [
        f"{FEED}?api_key=abc&page=1&page_size=100&tenant_id=acme",
        f"{FEED}/ext-001?api_key=abc",
        "/external/deleted-tickets?api_key=abc&tenant_id=acme",
        "/health?api_key=abc",
        "/notify?api_key=abc",
    ]


# A 2xx body that is not JSON


@pytest.mark.parametrize(
    "broken",
    [
        web.Response(text='{"tickets": [ {"id": ', content_type="application/json"),
        web.Response(text="<html>oops</html>", content_type="text/html"),
    ],
    ids=["truncated-json", "html"],
)
async def test_a_page_whose_body_is_not_json_once_is_retried(
    provider: Provider, make_client: MakeClient, clock: RecordingClock, broken: web.Response
) -> None:
    answers = [broken]

    async def handler(request: web.Request) -> web.Response:
        if answers:
            return answers.pop()
        return json_response({"tickets": [ticket(1)], "next_page": None, "total_count": 1})

    client = make_client(await provider({("GET", FEED): handler}))
    stats = CallStats()
    pages = [page async for page in client.iter_pages("acme", stats)]
    assert [t.external_id for t in pages[0].tickets] == ["ext-001"]
    assert (stats.api_calls, stats.retries) == (2, 1)
    assert clock.sleeps == seeded_delays(1)  # the back-off of a 5xx


async def test_a_ticket_whose_body_is_not_json_once_is_retried(
    provider: Provider, make_client: MakeClient
) -> None:
    answers = [web.Response(text="<html>oops</html>", content_type="text/html")]

    async def handler(request: web.Request) -> web.Response:
        return answers.pop() if answers else json_response(ticket(7))

    client = make_client(await provider({("GET", FEED + "/{id}"): handler}))
    stats = CallStats()
    found = await client.get_ticket("ext-007", "acme", stats)
    assert found is not None and found.external_id == "ext-007"
    assert stats.retries == 1


async def test_a_body_that_is_never_json_fails_after_max_attempts(
    provider: Provider, make_client: MakeClient, clock: RecordingClock
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(text="<html>oops</html>", content_type="text/html")

    client = make_client(await provider({("GET", FEED): handler}), max_attempts=3)
    stats = CallStats()
    with pytest.raises(ProviderError, match="after 3 attempts: HTTP 200 with a body that is not"):
        [page async for page in client.iter_pages("acme", stats)]
    assert (stats.api_calls, stats.retries) == (3, 2)
    assert clock.sleeps == seeded_delays(2)


async def test_a_body_that_is_not_json_is_not_counted_as_ok(
    provider: Provider, make_client: MakeClient
) -> None:
    """A 200 whose body is not JSON is retried like a 5xx: the process
    metrics count that attempt by what it was, not as a success."""
    answers = [web.Response(text="<html>oops</html>", content_type="text/html")]

    async def handler(request: web.Request) -> web.Response:
        if answers:
            return answers.pop()
        return json_response({"tickets": [ticket(1)], "next_page": None, "total_count": 1})

    metrics = Metrics()
    client = make_client(await provider({("GET", FEED): handler}), metrics=metrics)
    [page async for page in client.iter_pages("acme", CallStats())]

    def calls(outcome: str) -> float | None:
        return metrics.registry.get_sample_value(
            "ticketd_provider_calls_total", {"endpoint": "list", "outcome": outcome}
        )

    assert (calls("ok"), calls("bad_body")) == (1.0, 1.0)


# A URL the settings would refuse, given to the client anyway


async def test_a_client_on_an_invalid_url_fails_its_calls_as_provider_errors(
    make_client: MakeClient, permits: Any
) -> None:
    """A port out of range made aiohttp raise ValueError from every call:
    the feed-scan actor crashed on each run until the supervisor gave up.
    Each call fails at once as a provider error (a run failure), no permit
    taken, and /health's probe names the problem."""
    client = make_client("http://user:pwSECRET1@127.0.0.1:70000/?api_key=SECRET2")
    with pytest.raises(ProviderError, match=r"port must be 1\.\.65535") as raised:
        await client.fetch_page(1, "acme", CallStats())
    assert not any(secret in raised.value.message for secret in SECRETS)
    with pytest.raises(ProviderError, match="POST /notify: the provider URL"):
        await client.notify({"ticket_id": "t1"}, "key-1")
    assert permits.acquired == []
    problem = await client.health_problem()
    assert problem is not None and "port must be 1..65535" in problem


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://1.2.3.999", "is not an IPv4 address"),
        ("http://127.1", "is not an IPv4 address"),
        ("http://999999999999", "is not an IPv4 address"),
        ("http://a..b", "is not a valid host name"),
        ("http://.", "is not a valid host name"),
    ],
)
async def test_a_host_no_lookup_can_use_fails_calls_as_provider_errors(
    make_client: MakeClient, permits: Any, url: str, problem: str
) -> None:
    """Digits and dots that are no IPv4 address, or a name IDNA cannot
    encode, passed the URL check: aiohttp raised InvalidUrlClientError or
    UnicodeError from every call and the feed-scan actor crashed on each
    run (serve exited 70 once its supervisor gave up)."""
    client = make_client(url)
    with pytest.raises(ProviderError, match=problem):
        await client.fetch_page(1, "acme", CallStats())
    assert permits.acquired == []


async def test_a_redirect_to_an_unusable_url_fails_the_call_without_showing_it(
    provider: Provider, make_client: MakeClient
) -> None:
    """A 302 to a URL no request can use was reported as the configured
    provider URL's fault, with the redirect's query (a token) in the
    message."""

    async def redirect(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": "http://[::1/next?token=SECRETTOKEN"})

    client = make_client(await provider({("GET", FEED): redirect}))
    with pytest.raises(ProviderError, match="redirected to a URL that cannot be used") as raised:
        await client.fetch_page(1, "acme", CallStats())
    assert "SECRETTOKEN" not in raised.value.message
    assert "the provider URL" not in raised.value.message
