"""Scenarios on MongoDB over the wire (SecantusDB, or the mongod of
``TICKETD_TEST_MONGO_URL``): the same answers as SQLite for one feed, two
daemons sharing one database, and primary trouble (a step-down, "not
primary" errors) during ingestion and delivery. The scenarios that run on
both backends (``scenario_db``) are beside the others in this folder."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from typing import Any

import pymongo
import pytest

from tests.conftest import RunningDaemon, RunningProvider
from tests.scenarios.test_notifications import (
    FAST_NOTIFIER,
    succeeded,
    urgent_ids,
    wait_all_delivered,
)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
async def provider_process(start_provider_process) -> RunningProvider:
    """The real mock provider as a process, with a generous budget."""
    return await start_provider_process("--tickets", "300", "--seed", "11", "--rate-limit", "6000")


async def run(daemon: RunningDaemon, tenant: str) -> dict[str, Any]:
    _, view = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": tenant, "wait": "true"}, status=200
    )
    return view


async def every_ticket(daemon: RunningDaemon, tenant: str) -> list[dict[str, Any]]:
    tickets, page = [], 1
    while True:
        body = await daemon.get("/tickets", tenant_id=tenant, page=page, page_size=100)
        tickets += body["tickets"]
        if page * 100 >= body["total"]:
            return tickets
        page += 1


async def count_documents(mongo_url: str, collection: str) -> int:
    client: Any = pymongo.AsyncMongoClient(mongo_url)
    try:
        return int(await client.get_default_database()[collection].count_documents({}))
    finally:
        await client.close()


async def test_mongodb_answers_like_sqlite_for_the_same_feed(
    start_daemon, provider_process, mongo_url, tmp_path
):
    """1. The mock provider runs as a process; one daemon ingests tenant_a
       into SQLite, another into MongoDB.
    2. Reports, stats (same window), every listed ticket and a ticket's
       history are the same on both.
    3. A re-run on MongoDB changes nothing and writes no document."""
    sqlite = await start_daemon(
        db=f"sqlite:///{tmp_path}/same.db", external_url=provider_process.url
    )
    mongo = await start_daemon(db=mongo_url, external_url=provider_process.url)
    reports = [await run(daemon, "tenant_a") for daemon in (sqlite, mongo)]
    counts = [
        {k: v for k, v in r["counts"].items() if not k.endswith("_seconds") and k != "api_calls"}
        for r in reports
    ]
    assert counts[0] == counts[1] and counts[0]["created"] > 0
    window = {"from_date": "2000-01-01T00:00:00Z", "to_date": "2100-01-01T00:00:00Z"}
    stats = [await d.get("/tenants/tenant_a/stats", **window) for d in (sqlite, mongo)]
    for body in stats:
        body.pop("generated_at")
    assert stats[0] == stats[1] and stats[0]["total_tickets"] == counts[0]["created"]
    tickets = [await every_ticket(d, "tenant_a") for d in (sqlite, mongo)]
    assert tickets[0] == tickets[1]
    sample = tickets[0][0]["external_id"]
    histories = [
        [
            {k: v for k, v in h.items() if k not in ("recorded_at", "job_id")}
            for h in (await d.get(f"/tickets/{sample}/history", tenant_id="tenant_a"))["history"]
        ]
        for d in (sqlite, mongo)
    ]
    assert histories[0] == histories[1]

    before = {
        name: await count_documents(mongo_url, name)
        for name in ("tickets", "ticket_history", "notification_outbox")
    }
    again = (await run(mongo, "tenant_a"))["counts"]
    assert again["unchanged"] == counts[0]["created"]
    assert again["created"] + again["updated"] + again["deleted"] + again["restored"] == 0
    after = {name: await count_documents(mongo_url, name) for name in before}
    assert after == before


async def test_two_daemons_on_one_database_deliver_each_notification_once(
    start_daemon, start_provider, mongo_url
):
    """1. Two daemons share one MongoDB database; /notify refuses every
       ticket's first two attempts (the reference pattern).
    2. One ingests tenant_a; both notifiers claim from the one outbox.
    3. Every urgent ticket gets exactly one successful delivery, under one
       idempotency key, and the outbox drains."""
    provider = await start_provider(notify_fail_first=2, notify_outage_after=0)
    options = {"db": mongo_url, "external_url": provider.url, **FAST_NOTIFIER}
    first, second = await start_daemon(**options), await start_daemon(**options)
    await run(first, "tenant_a")
    expected = await urgent_ids(second, "tenant_a")
    assert expected
    attempts = await wait_all_delivered(provider, "tenant_a", expected, seconds=60)
    assert set(attempts) == expected
    for ticket_id, tries in attempts.items():
        assert len(succeeded(tries)) == 1, (ticket_id, tries)
        assert len({a["idempotency_key"] for a in tries}) == 1
    for daemon in (first, second):
        for _ in range(200):
            if (await daemon.get("/circuit/notify/status"))["outbox"]["pending"] == 0:
                break
            await asyncio.sleep(0.05)
        assert (await daemon.get("/circuit/notify/status"))["outbox"]["pending"] == 0


async def fail_point(admin: Any, mode: Any, commands: list[str], **data: Any) -> None:
    await admin.admin.command(
        {
            "configureFailPoint": "failCommand",
            "mode": mode,
            "data": {"failCommands": commands, **data},
        }
    )


@pytest.fixture
async def admin(mongo_server) -> AsyncIterator[Any]:
    """A client of the test's own; at teardown the fail point is off and
    the server is primary again, so later tests find it as it was."""
    client: Any = pymongo.AsyncMongoClient(mongo_server.url, directConnection=True)
    yield client
    for _ in range(600):
        if (await client.admin.command("hello")).get("isWritablePrimary"):
            break
        await asyncio.sleep(0.05)
    await fail_point(client, "off", [])
    await client.close()


async def check_nothing_lost_or_duplicated(
    daemon: RunningDaemon, provider: RunningProvider, tenant: str
) -> None:
    """Every ticket of the feed stored once with one ``created`` record;
    every urgent ticket delivered exactly once."""
    feed = sorted(t["id"] for t in await provider.feed(tenant))
    stored = sorted(t["external_id"] for t in await every_ticket(daemon, tenant))
    assert stored == feed
    for ticket_id in feed:
        history = (await daemon.get(f"/tickets/{ticket_id}/history", tenant_id=tenant))["history"]
        assert [h["action"] for h in history] == ["created"], (ticket_id, history)
    expected = await urgent_ids(daemon, tenant)
    attempts = await wait_all_delivered(provider, tenant, expected, seconds=60)
    for ticket_id, tries in attempts.items():
        assert len(succeeded(tries)) == 1, (ticket_id, tries)


async def progress(daemon: RunningDaemon, job_id: str) -> dict[str, Any]:
    """The job's progress; while there is no primary the API answers 503
    (which is right) and this waits for the next answer."""
    for _ in range(600):
        status, body = await daemon.request("GET", f"/ingest/progress/{job_id}")
        if status == 200:
            return body
        assert status == 503, body
        await asyncio.sleep(0.05)
    raise AssertionError(f"no progress of {job_id}")


async def test_not_primary_errors_during_ingestion_and_delivery_are_retried(
    start_daemon, start_provider, mongo_url, admin
):
    """1. While a tenant ingests and its notifications go out, a write or a
       claim fails with "not primary" (NotWritablePrimary, labelled
       retryable, as a primary stepping down answers) after each of the
       first pages.
    2. The driver retries it once it sees the primary again (at its next
       heartbeat: 500 ms here, the URL's ``heartbeatFrequencyMS``): the run
       completes.
    3. Nothing is lost or duplicated: each ticket stored once with one
       history record, each urgent ticket delivered once."""
    provider = await start_provider(notify_fail_first=0, notify_outage_after=0)
    daemon = await start_daemon(
        db=mongo_url + "?heartbeatFrequencyMS=500",
        external_url=provider.url,
        page_size=20,
        **FAST_NOTIFIER,
    )
    writes = ["insert", "update", "findAndModify"]
    labelled = {"errorCode": 10107, "errorLabels": ["RetryableWriteError"]}
    _, accepted = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_b"}, status=202
    )
    job_id = accepted["job_id"]
    view: dict[str, Any] = {}
    armed_at = -1
    for _ in range(1200):
        view = await progress(daemon, job_id)
        if view["status"] != "running":
            break
        if view["processed_pages"] > armed_at and armed_at < 3:
            armed_at = view["processed_pages"]
            await fail_point(admin, {"times": 1}, writes, **labelled)
        await asyncio.sleep(0.05)
    await fail_point(admin, "off", [])
    assert view["status"] == "completed", view
    await check_nothing_lost_or_duplicated(daemon, provider, "tenant_b")


@pytest.mark.skipif(
    os.environ.get("TICKETD_TEST_MONGO_URL", "") != "",
    reason="steps down the session's server: only on the suite's own SecantusDB",
)
async def test_a_step_down_during_ingestion_loses_and_duplicates_nothing(
    start_daemon, start_provider, mongo_url, admin
):
    """1. A tenant ingests slowly; its urgent tickets are being delivered.
    2. The primary steps down (replSetStepDown) in the middle of the run.
    3. The run rides it out or fails cleanly (503 from the database); a
       run after the primary is back completes.
    4. Nothing is lost or duplicated: each ticket stored once with one
       history record, each urgent ticket delivered once."""
    provider = await start_provider(notify_fail_first=0, notify_outage_after=0)
    daemon = await start_daemon(
        db=mongo_url + "?heartbeatFrequencyMS=500",
        external_url=provider.url,
        page_size=10,
        rate_limit_per_minute=20,
        rate_limit_window_seconds=1.0,
        **FAST_NOTIFIER,
    )
    _, accepted = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_c"}, status=202
    )
    job_id = accepted["job_id"]
    for _ in range(400):
        if (await progress(daemon, job_id))["processed_pages"] >= 2:
            break
        await asyncio.sleep(0.05)
    await admin.admin.command({"replSetStepDown": 2, "force": True})
    view: dict[str, Any] = {}
    for _ in range(1200):
        view = await progress(daemon, job_id)
        if view["status"] != "running":
            break
        await asyncio.sleep(0.05)
    assert view["status"] in ("completed", "failed"), view
    for _ in range(600):  # until the primary is back and a run completes (else 503)
        status, body = await daemon.request(
            "POST", "/ingest/run", params={"tenant_id": "tenant_c", "wait": "true"}
        )
        if status == 200 and body["status"] == "completed":
            break
        await asyncio.sleep(0.1)
    assert body["status"] == "completed", body
    await check_nothing_lost_or_duplicated(daemon, provider, "tenant_c")
