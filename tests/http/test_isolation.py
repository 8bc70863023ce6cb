"""Tenant isolation as a property of the read side the routes call.

For random tickets of several tenants (the same external ids and customer
ids reused across tenants, some tickets soft-deleted), applied through the
Store API on a real SQLite file and on MongoStore over the wire, every
``TenantQueries`` call for tenant A (list with and without filters at
every page, the urgent list, get, history, stats), rendered by the
presenters the routes use, returns and counts exactly A's live tickets:
never one of another tenant, never a deleted one.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pymongo
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.mongo_server import database_url, unique_database_name
from ticketd.app import TenantQueries
from ticketd.clock import FakeClock
from ticketd.domain.ticket import SENTIMENTS, SOURCES, STATUSES, URGENCIES, Ticket
from ticketd.errors import NotFound
from ticketd.http.presenters import history_json, stats_json, ticket_json, ticket_page_json
from ticketd.store import Store, TicketFilter
from ticketd.store.mongo import MongoStore
from ticketd.store.sqlite import SqliteStore

START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)
TENANTS = ("acme", "globex", "initech")
EXTERNAL_IDS = tuple(f"ext-{n}" for n in range(6))  # shared by all tenants
CUSTOMERS = ("c1", "c2", "c3")  # shared by all tenants
KEYWORDS = ("refund", "outage", "slow", "thanks")

pytestmark = pytest.mark.timeout(120)

TICKET = st.fixed_dictionaries(
    {
        "tenant": st.sampled_from(TENANTS),
        "external_id": st.sampled_from(EXTERNAL_IDS),
        "status": st.sampled_from(STATUSES),
        "source": st.sampled_from(SOURCES),
        "urgency": st.sampled_from(URGENCIES),
        "sentiment": st.sampled_from(SENTIMENTS),
        "requires_action": st.booleans(),
        "half_hours_ago": st.integers(0, 60),  # ties on created_at happen
        "keywords": st.lists(st.sampled_from(KEYWORDS), max_size=2, unique=True),
        "customer": st.sampled_from(CUSTOMERS),
        "deleted": st.booleans(),
    }
)
DATA_SET = st.lists(TICKET, max_size=36, unique_by=lambda t: (t["tenant"], t["external_id"]))
FILTERS = st.lists(
    st.builds(
        TicketFilter,
        status=st.none() | st.sampled_from(STATUSES),
        urgency=st.none() | st.sampled_from(URGENCIES),
        sentiment=st.none() | st.sampled_from(SENTIMENTS),
        source=st.none() | st.sampled_from(SOURCES),
        requires_action=st.none() | st.booleans(),
    ),
    min_size=1,
    max_size=4,
)


def to_ticket(spec: dict[str, Any]) -> Ticket:
    created = START - spec["half_hours_ago"] * H / 2
    return Ticket(
        tenant_id=spec["tenant"],
        external_id=spec["external_id"],
        # The tenant in the text: a leak shows up in any body that carries it.
        subject=f"subject of {spec['tenant']}/{spec['external_id']}",
        message=f"message of {spec['tenant']}",
        status=spec["status"],
        source=spec["source"],
        customer_id=spec["customer"],
        created_at=created,
        updated_at=created,
        urgency=spec["urgency"],
        sentiment=spec["sentiment"],
        requires_action=spec["requires_action"],
        rules=tuple(f"rule.{k}" for k in spec["keywords"]),
        keywords=tuple(spec["keywords"]),
        ruleset_version="v1",
    )


def matches(spec: dict[str, Any], filters: TicketFilter) -> bool:
    return all(
        wanted is None or spec[field] == wanted
        for field, wanted in (
            ("status", filters.status),
            ("urgency", filters.urgency),
            ("sentiment", filters.sentiment),
            ("source", filters.source),
            ("requires_action", filters.requires_action),
        )
    )


def expected_stats(live: list[dict[str, Any]]) -> dict[str, Any]:
    """The tenant stats of ``live`` (to_date = START), computed here in
    Python, independently of either backend."""
    total = len(live)
    first_hour = START - 23 * H
    trend = Counter(
        int((to_ticket(s).created_at - first_hour) / H)
        for s in live
        if to_ticket(s).created_at >= first_hour
    )
    keywords = Counter(k for s in live for k in s["keywords"])
    risky: dict[str, Counter[str]] = {}
    for s in live:
        if s["sentiment"] == "negative" or s["urgency"] == "high":
            risk = risky.setdefault(s["customer"], Counter())
            risk["negative"] += s["sentiment"] == "negative"
            risk["high_urgency"] += s["urgency"] == "high"
            risk["tickets"] += 1
    high = sum(s["urgency"] == "high" for s in live)
    negative = sum(s["sentiment"] == "negative" for s in live)
    return {
        "total_tickets": total,
        "by_status": dict(Counter(s["status"] for s in live)),
        "by_urgency": dict(Counter(s["urgency"] for s in live)),
        "by_sentiment": dict(Counter(s["sentiment"] for s in live)),
        "by_source": dict(Counter(s["source"] for s in live)),
        "urgency_high_ratio": pytest.approx(high / total if total else 0.0),
        "negative_sentiment_ratio": pytest.approx(negative / total if total else 0.0),
        "requires_action_count": sum(s["requires_action"] for s in live),
        "hourly_trend": [trend[i] for i in range(24)],
        "top_keywords": [
            {"keyword": k, "count": n}
            for k, n in sorted(keywords.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        ],
        "at_risk_customers": [
            {"customer_id": c, **{f: risk[f] for f in ("negative", "high_urgency", "tickets")}}
            for c, risk in sorted(risky.items(), key=lambda cr: (-cr[1]["tickets"], cr[0]))[:10]
        ],
    }


class JsonReads:
    """The read model as the routes present it: each call, then its
    presenter."""

    def __init__(self, queries: TenantQueries) -> None:
        self._queries = queries

    async def list_tickets(
        self, tenant: str, filters: TicketFilter, *, page: int, page_size: int
    ) -> dict[str, Any]:
        result = await self._queries.list_tickets(tenant, filters, page=page, page_size=page_size)
        return ticket_page_json(result, page=page, page_size=page_size, next_cursor=None)

    async def get_ticket(self, tenant: str, external_id: str) -> dict[str, Any]:
        return ticket_json(await self._queries.get_ticket(tenant, external_id))

    async def history(self, tenant: str, external_id: str, *, limit: int) -> dict[str, Any]:
        records = await self._queries.history(tenant, external_id, limit=limit)
        return history_json(tenant, external_id, records)

    async def stats(self, tenant: str, **window: Any) -> dict[str, Any]:
        return stats_json(await self._queries.stats(tenant, **window))


async def all_pages(
    queries: JsonReads, tenant: str, filters: TicketFilter, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    """Every page of one listing; checks each page's own numbers."""
    tickets: list[dict[str, Any]] = []
    page = 1
    while True:
        body = await queries.list_tickets(tenant, filters, page=page, page_size=page_size)
        assert (body["page"], body["page_size"]) == (page, page_size)
        assert len(body["tickets"]) <= page_size
        tickets += body["tickets"]
        if page * page_size >= body["total"]:
            # one page past the end is empty, with the same total
            after = await queries.list_tickets(tenant, filters, page=page + 1, page_size=page_size)
            assert after["tickets"] == [] and after["total"] == body["total"]
            return tickets, body["total"]
        page += 1


async def check_tenant(
    queries: JsonReads,
    tenant: str,
    data: list[dict[str, Any]],
    filters: list[TicketFilter],
    page_size: int,
) -> None:
    mine = {s["external_id"]: s for s in data if s["tenant"] == tenant}
    live = [s for s in mine.values() if not s["deleted"]]
    others = [t for t in TENANTS if t != tenant]

    for wanted in [TicketFilter(), TicketFilter(urgency="high"), *filters]:
        tickets, total = await all_pages(queries, tenant, wanted, page_size)
        expected = {s["external_id"] for s in live if matches(s, wanted)}
        ids = [t["external_id"] for t in tickets]
        assert len(ids) == len(set(ids)) == total == len(expected), (wanted, ids, expected)
        assert set(ids) == expected
        assert {t["tenant_id"] for t in tickets} <= {tenant}
        assert all(t["deleted_at"] is None for t in tickets)
        assert all(t["subject"] == f"subject of {tenant}/{t['external_id']}" for t in tickets)
        created = [t["created_at"] for t in tickets]
        assert created == sorted(created, reverse=True)  # newest first across pages

    for external_id in EXTERNAL_IDS:
        spec = mine.get(external_id)
        if spec is None or spec["deleted"]:
            with pytest.raises(NotFound):
                await queries.get_ticket(tenant, external_id)
        else:
            ticket = await queries.get_ticket(tenant, external_id)
            assert ticket["tenant_id"] == tenant
            assert (ticket["status"], ticket["urgency"], ticket["customer_id"]) == (
                spec["status"],
                spec["urgency"],
                spec["customer"],
            )
        if spec is None:
            with pytest.raises(NotFound):
                await queries.history(tenant, external_id, limit=50)
        else:
            history = await queries.history(tenant, external_id, limit=50)
            actions = [r["action"] for r in history["history"]]
            assert actions == (["deleted", "created"] if spec["deleted"] else ["created"])
            text = orjson.dumps(history).decode()
            assert not any(f"of {other}" in text for other in others), text

    stats = await queries.stats(tenant, from_date=None, to_date=START)
    expected = expected_stats(live)
    trend = [bucket["count"] for bucket in stats["hourly_trend"]]
    assert {**stats, "hourly_trend": trend} == {**stats, **expected}


async def check_isolation(
    store: Store, data: list[dict[str, Any]], filters: list[TicketFilter], page_size: int
) -> None:
    await store.open()
    try:
        for tenant in TENANTS:
            batch = [to_ticket(s) for s in data if s["tenant"] == tenant]
            if batch:
                await store.apply_tickets(tenant, batch, job_id="job-1")
            deleted = [s["external_id"] for s in data if s["tenant"] == tenant and s["deleted"]]
            if deleted:
                assert await store.soft_delete(tenant, deleted, job_id="job-2") == len(deleted)
        queries = JsonReads(TenantQueries(store, FakeClock(start=START)))
        for tenant in TENANTS:
            await check_tenant(queries, tenant, data, filters, page_size)
    finally:
        await store.close()


def sqlite_store(directory: Path) -> tuple[Store, Callable[[], None]]:
    return SqliteStore(directory / "ticketd.db", clock=FakeClock(start=START)), lambda: None


def mongo_store(server_url: str) -> tuple[Store, Callable[[], None]]:
    """MongoStore over the wire on a database of its own, and its drop."""
    name = unique_database_name()
    store = MongoStore.from_url(database_url(server_url, name), clock=FakeClock(start=START))

    def drop() -> None:
        with pymongo.MongoClient(server_url) as client:
            client.drop_database(name)

    return store, drop


@pytest.mark.parametrize("backend", ["sqlite", "mongodb"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=DATA_SET, filters=FILTERS, page_size=st.integers(1, 5))
def test_reads_for_one_tenant_never_show_another_tenants_tickets(
    request, backend, data, filters, page_size
):
    with tempfile.TemporaryDirectory() as directory:
        if backend == "sqlite":
            store, drop = sqlite_store(Path(directory))
        else:
            store, drop = mongo_store(request.getfixturevalue("mongo_server").url)
        try:
            asyncio.run(check_isolation(store, data, filters, page_size))
        finally:
            drop()


class CountingStore:
    """A store that counts ``tenant_stats`` calls (everything else passes
    through to the real store)."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.stats_calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def tenant_stats(self, tenant_id: str, **window: Any) -> Any:
        self.stats_calls[tenant_id] += 1
        await asyncio.sleep(0.01)  # let the other requests arrive meanwhile
        return await self.inner.tenant_stats(tenant_id, **window)


async def test_concurrent_stats_requests_share_one_query_per_tenant_and_never_mix(tmp_path):
    store, _ = sqlite_store(tmp_path)
    await store.open()
    try:
        specs = [
            {**spec, "tenant": tenant, "external_id": f"{tenant}-{n}", "deleted": False}
            for n, spec in enumerate(
                [
                    {"status": "open", "source": "email", "urgency": "high"},
                    {"status": "closed", "source": "web", "urgency": "low"},
                ]
            )
            for tenant in TENANTS[:2]
        ]
        for spec in specs:
            spec.update(
                sentiment="negative", requires_action=True, half_hours_ago=1, keywords=[],
                customer="c1",
            )  # fmt: skip
            await store.apply_tickets(spec["tenant"], [to_ticket(spec)], job_id=None)
        counting = CountingStore(store)
        queries = TenantQueries(counting, FakeClock(start=START))

        answers = await asyncio.gather(
            *(queries.stats(tenant, from_date=None, to_date=START) for tenant in TENANTS[:2] * 20)
        )

        assert [a.tenant_id for a in answers] == list(TENANTS[:2] * 20)
        assert all(a.total_tickets == 2 for a in answers)
        assert counting.stats_calls == {TENANTS[0]: 1, TENANTS[1]: 1}
        queries.tenant_written(TENANTS[0])  # a write: the next request computes anew
        await queries.stats(TENANTS[0], from_date=None, to_date=START)
        assert counting.stats_calls[TENANTS[0]] == 2
    finally:
        await store.close()
