"""One-shot fault injection (src/ticketd/mockapi/faults.py) through
``/_control/faults`` and the ``--fail-page``/``--timeout-page`` settings."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from tests.mockapi.helpers import get_json, notify, post_json, until_sleeping
from ticketd.errors import Unprocessable
from ticketd.mockapi.faults import Fault, FaultInjector

LIST = "/external/support-tickets"


def test_fault_defaults():
    fault = Fault.from_json({"kind": "error"}, fault_id=1, hang_seconds=30.0)
    assert fault == Fault(1, "error", "list", None, 503, 1.0, 1)
    hang = Fault.from_json({"kind": "timeout", "page": 2}, fault_id=2, hang_seconds=30.0)
    assert (hang.seconds, hang.page) == (30.0, 2)


@pytest.mark.parametrize(
    "spec",
    [
        "error",
        {"kind": "boom"},
        {"kind": "error", "endpoint": "elsewhere"},
        {"kind": "error", "status": 404},
        {"kind": "error", "page": 0},
        {"kind": "error", "endpoint": "notify", "page": 2},
        {"kind": "timeout", "seconds": -1},
        {"kind": "error", "times": 0},
        {"kind": "error", "colour": "red"},
    ],
)
def test_fault_validation(spec):
    with pytest.raises(Unprocessable):
        Fault.from_json(spec, fault_id=1, hang_seconds=30.0)


def test_injector_consumes_in_order_and_counts_times():
    injector = FaultInjector(hang_seconds=30.0)
    injector.arm([{"kind": "error", "page": 2, "times": 2}, {"kind": "rate_limit"}])
    assert injector.take("list", 1).kind == "rate_limit"
    assert injector.take("list", 1) is None
    assert injector.take("ticket") is None
    assert injector.take("list", 2).times == 2
    assert injector.take("list", 2).times == 1
    assert injector.take("list", 2) is None
    assert injector.armed() == []


def test_injector_arms_nothing_when_one_spec_is_bad():
    injector = FaultInjector(hang_seconds=30.0)
    with pytest.raises(Unprocessable):
        injector.arm([{"kind": "error"}, {"kind": "nope"}])
    assert injector.armed() == []


async def test_error_fault_hits_its_page_once(start_mock):
    client = await start_mock(tickets=30)
    armed = await post_json(
        client, "/_control/faults", {"kind": "error", "page": 2, "status": 502}, status=201
    )
    assert armed["armed"][0]["page"] == 2
    await get_json(client, LIST, page=1, page_size=10)
    body = await get_json(client, LIST, page=2, page_size=10, status=502)
    assert body["error"]["code"] == "injected_fault"
    second = await get_json(client, LIST, page=2, page_size=10)
    assert second["tickets"][0]["id"] == "ext-011"
    stats = await get_json(client, "/_control/stats")
    assert stats["by_endpoint"]["list"] == {"calls": 2, "throttled": 0, "faults": 1}


async def test_timeout_fault_outlasts_the_client_then_serves(start_mock, clock):
    client = await start_mock(hang_seconds=30.0)
    await post_json(client, "/_control/faults", {"kind": "timeout", "page": 1}, status=201)
    with pytest.raises(asyncio.TimeoutError):
        await client.get(LIST, timeout=aiohttp.ClientTimeout(total=0.2))
    await get_json(client, LIST)  # the fault was one-shot
    await clock.advance(30)  # release the abandoned handler


async def test_timeout_fault_delays_by_clock_time(start_mock, clock):
    client = await start_mock()
    await post_json(
        client,
        "/_control/faults",
        {"kind": "timeout", "endpoint": "ticket", "seconds": 5},
        status=201,
    )
    pending = asyncio.ensure_future(get_json(client, f"{LIST}/ext-003"))
    await until_sleeping(clock)
    await clock.advance(4)
    assert not pending.done()
    await clock.advance(1)
    assert (await pending)["id"] == "ext-003"


async def test_rate_limit_fault(start_mock):
    client = await start_mock()
    await post_json(
        client,
        "/_control/faults",
        {"kind": "rate_limit", "endpoint": "deleted", "seconds": 7},
        status=201,
    )
    response = await client.get("/external/deleted-tickets")
    assert response.status == 429
    assert response.headers["Retry-After"] == "7"
    await get_json(client, "/external/deleted-tickets")


async def test_faults_on_notify_and_any(start_mock):
    client = await start_mock(notify_fail_first=0)
    await post_json(
        client,
        "/_control/faults",
        [
            {"kind": "error", "endpoint": "notify"},
            {"kind": "error", "endpoint": "any", "status": 500},
        ],
        status=201,
    )
    assert await notify(client, "ext-001") == 503
    assert await notify(client, "ext-001") == 500
    assert await notify(client, "ext-001") == 200
    # Faulted requests never reached the sink.
    records = (await get_json(client, "/notifications"))["notifications"]
    assert [r["attempt"] for r in records] == [1]


async def test_list_and_clear_faults(start_mock):
    client = await start_mock()
    await post_json(
        client,
        "/_control/faults",
        {"faults": [{"kind": "error"}, {"kind": "timeout", "page": 3}]},
        status=201,
    )
    listed = (await get_json(client, "/_control/faults"))["faults"]
    assert [(f["id"], f["kind"]) for f in listed] == [(1, "error"), (2, "timeout")]
    response = await client.delete("/_control/faults")
    assert await response.json() == {"cleared": 2}
    assert (await get_json(client, "/_control/faults"))["faults"] == []


async def test_bad_fault_body_is_422(start_mock):
    client = await start_mock()
    body = await post_json(client, "/_control/faults", {"kind": "explode"}, status=422)
    assert "kind" in body["error"]["message"]


async def test_configured_page_faults_and_reset_rearms_them(start_mock):
    client = await start_mock(tickets=30, fail_pages=(2,))
    await get_json(client, LIST, page=2, page_size=10, status=503)
    await get_json(client, LIST, page=2, page_size=10)
    await post_json(client, "/_control/reset", {})
    await get_json(client, LIST, page=2, page_size=10, status=503)
