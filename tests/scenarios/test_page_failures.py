"""A page that fails without retry (``tickets`` not a list, a 404, a
repeated page) ends the run ``failed``,
but only after the page read before it is stored and counted: the run
keeps what it stored and its report counts every call it made. Both with
the shared pass over the feed and with a run scanning alone.

The provider is a small aiohttp server on a loopback port whose page 2
can be made to fail; with the shared pass its deleted-ids call is held
until page 2 was answered, so the page failure reaches the pass while
the run still waits for the deleted ids holding page 1 (the order in
which page 1 used to be lost)."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest
from aiohttp import web

from tests.conftest import RunningDaemon
from ticketd.logs import JsonFormatter

TENANT, OTHER, PAGE_SIZE = "acme", "globex", 10


def provider_ticket(n: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"g-{n:04d}",
        "tenant_id": TENANT if n % 2 else OTHER,
        "source": "email",
        "customer_id": "c-1",
        "subject": f"Ticket {n} question",
        "message": "How do I export my data? thanks",
        "created_at": "2026-11-01T10:00:00Z",
        "updated_at": "2026-11-01T10:00:00Z",
        "status": "open",
        **fields,
    }


class GlitchProvider:
    """40 tickets, two tenants; ``fault`` breaks page 2."""

    def __init__(self) -> None:
        self.tickets = [provider_ticket(n) for n in range(1, 41)]
        self.fault: str | None = None
        self.fault_once = False  # page 2 fails once, then answers
        self.hold_deleted = False  # the deleted-ids call waits for page 2's answer
        self.page2_answered = asyncio.Event()
        self.calls: list[str] = []
        self.url = ""

    def page(self, number: int, tenant: str | None) -> dict[str, Any]:
        feed = [t for t in self.tickets if tenant is None or t["tenant_id"] == tenant]
        chunk = feed[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        more = number * PAGE_SIZE < len(feed)
        return {
            "tickets": chunk,
            "next_page": number + 1 if more else None,
            "total_count": len(feed),
        }

    async def list_pages(self, request: web.Request) -> web.StreamResponse:
        number = int(request.query.get("page", "1"))
        tenant = request.query.get("tenant_id")
        self.calls.append(f"page {number}")
        if number != 2 or self.fault is None:
            return web.json_response(self.page(number, tenant))
        self.page2_answered.set()
        fault = self.fault
        if self.fault_once:
            self.fault = None
        match fault:
            case "badjson":
                return web.Response(text='{"tickets": [ {"id": ', content_type="application/json")
            case "html":
                return web.Response(text="<html>oops</html>", content_type="text/html")
            case "notlist":
                return web.json_response({"tickets": {"a": 1}, "next_page": 3, "total_count": 40})
            case "404":
                return web.json_response({"error": "not found"}, status=404)
            case "repeat":
                body = self.page(1, tenant)
                body["next_page"] = 3
                return web.json_response(body)
        raise AssertionError(fault)

    async def deleted(self, request: web.Request) -> web.StreamResponse:
        self.calls.append("deleted")
        if self.hold_deleted:
            await self.page2_answered.wait()
        return web.json_response({"deleted_ids": []})

    async def health(self, request: web.Request) -> web.StreamResponse:
        return web.json_response({"status": "ok"})


@pytest.fixture
async def glitch() -> AsyncIterator[GlitchProvider]:
    provider = GlitchProvider()
    app = web.Application()
    app.router.add_get("/external/support-tickets", provider.list_pages)
    app.router.add_get("/external/deleted-tickets", provider.deleted)
    app.router.add_get("/health", provider.health)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    provider.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        yield provider
    finally:
        provider.page2_answered.set()
        await runner.cleanup()


async def run_and_wait(daemon: RunningDaemon) -> dict[str, Any]:
    _, body = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": TENANT, "wait": "true"}, status=200
    )
    return body


@pytest.mark.parametrize("shared_pass", [True, False], ids=["shared-pass", "alone"])
@pytest.mark.parametrize("fault", ["notlist", "404", "repeat"])
async def test_a_page_failing_without_retry_keeps_the_page_read_before_it(
    glitch, start_daemon, fault, shared_pass
):
    """1. A baseline run stores the tenant's 20 tickets (4 pages of 10).
    2. g-0001 (page 1) gets a new subject; page 2 fails (``fault``).
    3. The run ends failed with page 1 stored and counted: the new subject
       is stored, the report says 1 page, 10 fetched, 1 updated, and
       counts the 3 calls made (deleted ids, page 1, page 2)."""
    daemon = await start_daemon(
        external_url=glitch.url, page_size=PAGE_SIZE, provider_tenant_filter=not shared_pass
    )
    baseline = await run_and_wait(daemon)
    assert baseline["status"] == "completed", baseline

    glitch.tickets[0] = provider_ticket(
        1, subject="Round lawyer", updated_at="2026-11-02T10:00:00Z"
    )
    glitch.fault = fault
    glitch.hold_deleted = shared_pass
    glitch.calls.clear()
    failed = await run_and_wait(daemon)

    assert failed["status"] == "failed", failed
    assert failed["error"].startswith("provider: "), failed
    counts = failed["counts"]
    assert counts["pages"] == 1, counts
    assert counts["fetched"] == PAGE_SIZE, counts
    assert counts["updated"] == 1, counts
    assert sorted(glitch.calls) == ["deleted", "page 1", "page 2"]
    assert counts["api_calls"] == 3, counts
    stored = await daemon.get("/tickets/g-0001", tenant_id=TENANT)
    assert stored["subject"] == "Round lawyer"


@pytest.mark.parametrize("shared_pass", [True, False], ids=["shared-pass", "alone"])
@pytest.mark.parametrize("fault", ["badjson", "html"])
async def test_a_page_whose_body_is_not_json_once_is_retried(
    glitch, start_daemon, fault, shared_pass
):
    """Page 2 answers 200 with a body cut short or an HTML page once: the
    attempt is retried as a 5xx would be and the run completes with all
    20 tickets of the tenant (it failed at once before)."""
    daemon = await start_daemon(
        external_url=glitch.url, page_size=PAGE_SIZE, provider_tenant_filter=not shared_pass
    )
    glitch.fault, glitch.fault_once = fault, True
    report = await run_and_wait(daemon)
    assert report["status"] == "completed", report
    assert report["counts"]["retries"] == 1, report["counts"]
    assert glitch.calls.count("page 2") == 2, glitch.calls
    assert report["counts"]["created"] == 20, report["counts"]


async def test_the_shared_pass_logs_no_single_runs_context(glitch, start_daemon):
    """Two runs share the pass and page 2 breaks it: the pass's 'feed scan
    failed' line concerns both, so it carries neither run's job or request
    id (it carried those of the run whose message started the pass)."""
    daemon = await start_daemon(
        external_url=glitch.url, page_size=PAGE_SIZE, provider_tenant_filter=False
    )
    glitch.fault = "notlist"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    scan_log = logging.getLogger("ticketd.actors.feed_scan")
    scan_log.addHandler(handler)

    async def run(tenant: str) -> dict[str, Any]:
        async with daemon.session.post(
            f"{daemon.url}/ingest/run",
            params={"tenant_id": tenant, "wait": "true"},
            headers={"X-Request-Id": f"request-of-{tenant}"},
        ) as resp:
            return await resp.json()

    try:
        reports = await asyncio.gather(run(TENANT), run(OTHER))
    finally:
        scan_log.removeHandler(handler)
    assert [r["status"] for r in reports] == ["failed", "failed"], reports
    entries = [orjson.loads(line) for line in stream.getvalue().splitlines()]
    failed = [e for e in entries if e["message"] == "feed scan failed"]
    assert failed, entries
    for entry in failed:
        assert not {"tenant_id", "job_id", "request_id"} & entry.keys(), entry
