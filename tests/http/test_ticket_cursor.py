"""Walking ``GET /tickets`` while ingestion writes: by page number (unstable,
as documented: an insert before a page repeats tickets, a deletion before it
skips some) and by cursor (every ticket live during the whole walk exactly
once), on a live daemon fed by the real mock provider."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.conftest import RunningDaemon

TENANT = "tenant_b"
SIZE = 10


@pytest.fixture
async def feed(start_provider, start_daemon):
    """A provider with 92 tickets of ``tenant_b`` and a daemon that ingested
    them (no scheduled sync: the test says when ingestion runs)."""
    provider = await start_provider(tickets=92, tenants=(TENANT,))
    daemon = await start_daemon(external_url=provider.url)
    await ingest(daemon)
    return provider, daemon


async def ingest(daemon: RunningDaemon) -> dict[str, Any]:
    _, view = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": TENANT, "wait": "true"}, status=200
    )
    assert view["status"] == "completed", view
    return view


async def live_ids(daemon: RunningDaemon) -> set[str]:
    body = await daemon.get("/tickets", tenant_id=TENANT, page_size=100)
    assert body["total"] <= 100
    return {t["external_id"] for t in body["tickets"]}


class Walks:
    """Two walks over the list, a page at a time each: by page number and by
    cursor."""

    def __init__(self, daemon: RunningDaemon) -> None:
        self.daemon = daemon
        self.by_number: list[str] = []
        self.by_cursor: list[str] = []
        self.page = 0
        self.cursor: str | None = None
        self.numbers_done = self.cursor_done = False

    async def step(self) -> None:
        if not self.numbers_done:
            self.page += 1
            body = await self.daemon.get(
                "/tickets", tenant_id=TENANT, page=self.page, page_size=SIZE
            )
            self.by_number += [t["external_id"] for t in body["tickets"]]
            self.numbers_done = not body["tickets"]
        if not self.cursor_done:
            params: dict[str, Any] = {"tenant_id": TENANT, "page_size": SIZE}
            if self.cursor is not None:
                params["cursor"] = self.cursor
            body = await self.daemon.get("/tickets", **params)
            self.by_cursor += [t["external_id"] for t in body["tickets"]]
            assert len(body["tickets"]) <= SIZE
            self.cursor = body["next_cursor"]
            self.cursor_done = self.cursor is None

    async def walk(self, pages: int, between: Callable[[], Awaitable[None]]) -> None:
        for _ in range(pages):
            await self.step()
        await between()
        while not (self.numbers_done and self.cursor_done):
            await self.step()


async def test_tickets_created_during_a_walk_repeat_pages_but_not_the_cursor_walk(feed):
    provider, daemon = feed
    before = await live_ids(daemon)
    assert len(before) == 92
    walks = Walks(daemon)

    async def twelve_arrive() -> None:
        added = await provider.post("/_control/mutate", {"add": 12})
        assert len(added["added"]) == 12
        assert (await ingest(daemon))["counts"]["created"] == 12

    await walks.walk(2, twelve_arrive)

    # By page number (documented as unstable): the 12 new tickets, newest,
    # pushed 12 already read tickets onto later pages.
    assert len(walks.by_number) == 104
    assert len(set(walks.by_number)) == 92
    assert set(walks.by_number) == before
    # By cursor: every ticket exactly once, none of the new ones (they sort
    # before the position the walk had reached).
    assert len(walks.by_cursor) == len(set(walks.by_cursor)) == 92
    assert set(walks.by_cursor) == before


async def test_tickets_deleted_during_a_walk_skip_pages_but_not_the_cursor_walk(feed):
    provider, daemon = feed
    before = await live_ids(daemon)
    walks = Walks(daemon)
    gone: list[str] = []

    async def four_deleted() -> None:
        gone.extend(walks.by_cursor[3:30:8])  # four tickets both walks have read
        assert set(gone) <= set(walks.by_number)
        await provider.post("/_control/mutate", {"delete": gone})
        assert (await ingest(daemon))["counts"]["deleted"] == 4

    await walks.walk(3, four_deleted)

    always_live = before - set(gone)
    missed = always_live - set(walks.by_number)
    assert len(missed) == 4  # by page number: 4 tickets live all along never returned
    assert len(walks.by_cursor) == len(set(walks.by_cursor)) == 92
    assert set(walks.by_cursor) == before  # the four were read before they went
    assert always_live <= set(walks.by_cursor)


async def listing(daemon: RunningDaemon, expect: int = 200, **params: Any) -> Any:
    """GET /tickets with ``params`` (which may hold a ``status`` filter)."""
    return (await daemon.request("GET", "/tickets", params=params, status=expect))[1]


async def test_a_cursor_of_another_list_an_altered_one_or_with_page_is_refused(feed):
    _, daemon = feed
    first = await listing(daemon, tenant_id=TENANT, status="open", page_size=5)
    cursor = first["next_cursor"]
    assert first["page"] == 1 and cursor is not None
    after = await listing(daemon, tenant_id=TENANT, status="open", cursor=cursor)
    assert after["page"] is None and after["total"] == first["total"]

    async def refused(**params: Any) -> str:
        body = await listing(daemon, 400, **params)
        assert body["error"]["code"] and body["error"]["message"]
        return body["error"]["message"]

    assert "another list" in await refused(tenant_id=TENANT, cursor=cursor)  # filters differ
    assert "another list" in await refused(tenant_id="tenant_a", status="open", cursor=cursor)
    assert "page" in await refused(tenant_id=TENANT, status="open", cursor=cursor, page=2)
    version, payload, check = cursor.split(".")
    altered = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB")
    for bad in (f"{version}.{altered}.{check}", cursor[:-3], "x" * 40, f"{cursor}.x"):
        assert "malformed or was altered" in await refused(
            tenant_id=TENANT, status="open", cursor=bad
        )
    # the urgent list pages the same way: its cursor is the urgency=high list's
    urgent = await daemon.get("/tickets/urgent", tenant_id=TENANT, page_size=1)
    assert urgent["total"] >= 2 and urgent["next_cursor"] is not None
    same = await daemon.get(
        "/tickets", tenant_id=TENANT, urgency="high", cursor=urgent["next_cursor"]
    )
    assert same["tickets"][0]["urgency"] == "high"
    assert same["tickets"][0]["external_id"] != urgent["tickets"][0]["external_id"]
