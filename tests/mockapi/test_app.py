"""The provider endpoints of the mock (src/ticketd/mockapi/app.py),
against the real server on a loopback port."""

from __future__ import annotations

from datetime import timedelta

import orjson
import pytest

from tests.mockapi.helpers import (
    REFERENCE_SEED,
    TICKET_FIELDS,
    fetch_all,
    get_json,
    post_json,
)
from ticketd.clock import FakeClock
from ticketd.domain.ticket import format_datetime, parse_datetime
from ticketd.mockapi import MockSettings, make_app

LIST = "/external/support-tickets"


@pytest.mark.parametrize("page_size", [1, 7, 30, 50, 100])
async def test_pagination_serves_every_ticket_exactly_once_and_ends(start_mock, page_size):
    client = await start_mock(tickets=95)
    tickets = await fetch_all(client, page_size=page_size)
    ids = [t["id"] for t in tickets]
    assert ids == [f"ext-{n:03d}" for n in range(1, 96)]


async def test_list_shape_and_default_page_size(start_mock):
    client = await start_mock(tickets=120)
    first = await get_json(client, LIST)
    assert set(first) == {"tickets", "next_page", "total_count"}
    assert len(first["tickets"]) == 50
    assert first["next_page"] == 2
    assert first["total_count"] == 120
    assert all(set(t) == TICKET_FIELDS for t in first["tickets"])
    last = await get_json(client, LIST, page=3)
    assert len(last["tickets"]) == 20
    assert last["next_page"] is None


async def test_page_past_the_end_is_empty_and_final(start_mock):
    client = await start_mock(tickets=10)
    body = await get_json(client, LIST, page=5, page_size=10)
    assert body == {"tickets": [], "next_page": None, "total_count": 10}


async def test_exact_multiple_of_page_size_has_no_extra_page(start_mock):
    client = await start_mock(tickets=20)
    body = await get_json(client, LIST, page=2, page_size=10)
    assert len(body["tickets"]) == 10
    assert body["next_page"] is None


async def test_empty_feed(start_mock):
    client = await start_mock(tickets=0)
    assert await get_json(client, LIST) == {"tickets": [], "next_page": None, "total_count": 0}


async def test_include_deleted_lists_deleted_tickets_too(start_mock):
    client = await start_mock(tickets=40, deleted=5)
    deleted = (await get_json(client, "/external/deleted-tickets"))["deleted_ids"]
    assert len(deleted) == 5
    live = await fetch_all(client)
    assert len(live) == 35
    assert not {t["id"] for t in live} & set(deleted)
    everything = await fetch_all(client, include_deleted="true")
    assert [t["id"] for t in everything] == [f"ext-{n:03d}" for n in range(1, 41)]
    assert {t["id"] for t in everything if t.get("deleted")} == set(deleted)
    assert (await get_json(client, LIST, include_deleted="false"))["total_count"] == 35


async def test_tenant_filter(start_mock):
    client = await start_mock(tickets=80)
    everything = await fetch_all(client)
    for tenant in ("tenant_a", "tenant_b", "tenant_c", "tenant_d"):
        mine = await fetch_all(client, page_size=7, tenant_id=tenant)
        assert mine == [t for t in everything if t["tenant_id"] == tenant]
        assert mine
    assert await fetch_all(client, tenant_id="nobody") == []


async def test_updated_since_filter(start_mock, clock):
    client = await start_mock(tickets=60)
    everything = await fetch_all(client)
    since = clock.now() - timedelta(days=10)
    recent = await fetch_all(client, updated_since=since.isoformat())
    expected = [t for t in everything if parse_datetime(t["updated_at"]) >= since]
    assert recent == expected
    assert 0 < len(recent) < len(everything)
    both = await fetch_all(client, updated_since=since.isoformat(), tenant_id="tenant_b")
    assert both == [t for t in expected if t["tenant_id"] == "tenant_b"]


async def test_unknown_parameters_are_ignored(start_mock):
    client = await start_mock(tickets=12)
    assert await get_json(client, LIST, foo="bar") == await get_json(client, LIST)


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("page", "0"),
        ("page", "-1"),
        ("page", "two"),
        ("page_size", "0"),
        ("page_size", "101"),
        ("page_size", "1.5"),
        ("include_deleted", "maybe"),
        ("updated_since", "yesterday"),
        ("tenant_id", ""),
    ],
)
async def test_bad_parameters_get_a_clear_422(start_mock, param, value):
    client = await start_mock()
    body = await get_json(client, LIST, status=422, **{param: value})
    error = body["error"]
    assert error["code"] == "invalid_parameter"
    assert error["parameter"] == param
    assert error["value"] == value
    assert param in error["message"]


async def test_single_ticket(start_mock):
    client = await start_mock(tickets=15)
    listed = (await get_json(client, LIST))["tickets"]
    for ticket in listed:
        assert await get_json(client, f"{LIST}/{ticket['id']}") == ticket


async def test_single_ticket_404_for_unknown_and_deleted(start_mock):
    client = await start_mock(tickets=15, deleted=1)
    gone = (await get_json(client, "/external/deleted-tickets"))["deleted_ids"][0]
    for ident in (gone, "ext-999", "nope"):
        body = await get_json(client, f"{LIST}/{ident}", status=404)
        assert body["error"]["code"] == "not_found"


async def test_deleted_tickets_empty_by_default(start_mock):
    client = await start_mock()
    assert await get_json(client, "/external/deleted-tickets") == {"deleted_ids": []}


async def test_health(start_mock, clock):
    client = await start_mock(tickets=12, deleted=2)
    body = await get_json(client, "/health")
    assert body["status"] == "ok"
    assert body["tickets"] == 10
    assert body["notify_outage"] is False
    assert body["time"] == format_datetime(clock.now())


async def test_unknown_route_and_method_answer_json(start_mock):
    client = await start_mock()
    missing = await get_json(client, "/nowhere", status=404)
    assert missing["error"]["code"] == "not_found"
    response = await client.delete(LIST)
    assert response.status == 405
    assert (await response.json())["error"]["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


async def test_same_seed_same_feed(aiohttp_client):
    start = FakeClock()
    first = await aiohttp_client(make_app(MockSettings(tickets=70, seed=3), clock=start))
    second = await aiohttp_client(make_app(MockSettings(tickets=70, seed=3), clock=FakeClock()))
    other = await aiohttp_client(make_app(MockSettings(tickets=70, seed=4), clock=FakeClock()))
    assert await fetch_all(first) == await fetch_all(second)
    assert await fetch_all(first) != await fetch_all(other)


async def test_reference_seed_file_is_served_identically(aiohttp_client):
    reference = orjson.loads(REFERENCE_SEED.read_bytes())
    assert len(reference) >= 20
    client = await aiohttp_client(
        make_app(MockSettings(data=str(REFERENCE_SEED)), clock=FakeClock())
    )
    served = await fetch_all(client, page_size=6)
    assert served == [{**t, "updated_at": t["created_at"]} for t in reference]
    for ticket in reference:
        one = await get_json(client, f"{LIST}/{ticket['id']}")
        assert {k: one[k] for k in ticket} == ticket
    tenants = {t["tenant_id"] for t in reference}
    for tenant in tenants:
        mine = await fetch_all(client, tenant_id=tenant)
        assert [t["id"] for t in mine] == [t["id"] for t in reference if t["tenant_id"] == tenant]


async def test_data_file_keeps_updated_at_extra_fields_and_deleted(aiohttp_client, tmp_path):
    path = tmp_path / "tickets.json"
    rows = [
        {
            "id": "T-1",
            "tenant_id": "acme",
            "source": "email",
            "customer_id": "c1",
            "subject": "Hello",
            "message": "World",
            "created_at": "2024-05-01T10:00:00+00:00",
            "updated_at": "2024-05-02T10:00:00+00:00",
            "status": "open",
            "priority": 3,
        },
        {
            "id": "T-2",
            "tenant_id": "acme",
            "source": "web",
            "customer_id": "c2",
            "subject": "Gone",
            "message": "Bye",
            "created_at": "2024-05-01T11:00:00Z",
            "status": "closed",
            "deleted": True,
        },
    ]
    path.write_bytes(orjson.dumps(rows))
    client = await aiohttp_client(make_app(MockSettings(data=str(path)), clock=FakeClock()))
    served = await fetch_all(client)
    assert served == [rows[0]]
    assert (await get_json(client, "/external/deleted-tickets"))["deleted_ids"] == ["T-2"]
    added = await post_json(client, "/_control/mutate", {"add": 1})
    assert added["added"] == ["ext-001"]
