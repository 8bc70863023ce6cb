"""The MongoDB backend's queries over the wire: the list and stats queries
are served by an index (``explain()``), and lists, history and stats answer
exactly as the SQLite backend's on the same tickets."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from typing import Any

import pytest

from tests.store.conftest import START, TEST_DEADLINE_SECONDS, printer_ticket
from ticketd.clock import FakeClock
from ticketd.domain.ticket import Ticket
from ticketd.store.mongo import MongoStore
from ticketd.store.mongo_queries import (
    TICKET_LIST_SORT,
    stats_pipeline,
    ticket_after_queries,
    ticket_list_query,
)
from ticketd.store.records import TicketFilter, TicketKey
from ticketd.store.sqlite import SqliteStore


# -- explain() of the queries the store runs ---------------------------------------------------
@pytest.fixture
async def real_store(mongo_store: MongoStore) -> MongoStore:
    """The store with 300 tickets in each of two tenants."""
    store = mongo_store
    tickets = [
        printer_ticket(
            f"t-{n:04d}",
            tenant_id=tenant,
            created_at=START - timedelta(minutes=n),
            updated_at=START - timedelta(minutes=n),
            urgency=("high", "medium", "low")[n % 3],
            keywords=("refund",) if n % 5 == 0 else (),
        )
        for tenant in ("acme", "globex")
        for n in range(300)
    ]
    for tenant in ("acme", "globex"):
        own = [t for t in tickets if t.tenant_id == tenant]
        for start in range(0, len(own), 100):  # the provider's largest page
            await store.apply_tickets(tenant, own[start : start + 100], job_id="j")
    return store


def _plan_stages(explain: dict[str, Any]) -> str:
    return json.dumps(explain, default=str)


@pytest.mark.parametrize(
    "filters",
    [
        TicketFilter(),
        *(
            pytest.param(filters, marks=pytest.mark.secantus_gap("eq_not_indexed"))
            for filters in (
                TicketFilter(urgency="high"),
                TicketFilter(status="open", source="email"),
                TicketFilter(requires_action=True),
            )
        ),
    ],
)
async def test_list_query_uses_an_index(real_store: MongoStore, filters: TicketFilter) -> None:
    database = real_store.database
    explain = await (
        database["tickets"]
        .find(ticket_list_query("acme", filters))
        .sort(TICKET_LIST_SORT)
        .limit(20)
    ).explain()
    plan = _plan_stages(explain["queryPlanner"]["winningPlan"])
    assert "IXSCAN" in plan and "COLLSCAN" not in plan


async def test_list_after_a_position_seeks_in_the_list_index(real_store: MongoStore) -> None:
    """Keyset paging: both queries (the position's ties, then older
    tickets) are an equality and a range on the list index."""
    after = TicketKey(START - timedelta(minutes=150), "t-0150")
    for query in ticket_after_queries(ticket_list_query("acme", TicketFilter()), after):
        explain = await (
            real_store.database["tickets"].find(query).sort(TICKET_LIST_SORT).limit(20)
        ).explain()
        plan = _plan_stages(explain["queryPlanner"]["winningPlan"])
        assert "IXSCAN" in plan and "COLLSCAN" not in plan, plan


async def test_stats_pipeline_uses_an_index(real_store: MongoStore) -> None:
    database = real_store.database
    explain = await database.command(
        {
            "explain": {
                "aggregate": "tickets",
                "pipeline": stats_pipeline("acme", START - timedelta(days=1), START),
                "cursor": {},
            },
            "verbosity": "queryPlanner",
        }
    )
    plan = _plan_stages(explain)
    assert "IXSCAN" in plan and "COLLSCAN" not in plan


# -- same answers as the SQLite backend ---------------------------------------------------------
def _mixed_tickets(tenant_id: str, count: int, seed: int) -> list[Ticket]:
    rng = random.Random(seed)
    words = ("refund", "broken", "legal", "slow", "thanks", "gdpr")
    tickets = []
    for n in range(count):
        # Microseconds, exact hour boundaries and the window's edges on purpose.
        offset = timedelta(minutes=rng.randrange(0, 30 * 60), microseconds=rng.randrange(10**6))
        if n % 17 == 0:
            offset = timedelta(hours=rng.randrange(0, 30))
        created = START - offset
        tickets.append(
            printer_ticket(
                f"ext-{n:03d}",
                tenant_id=tenant_id,
                created_at=created,
                updated_at=created,
                status=rng.choice(("open", "pending", "closed")),
                source=rng.choice(("email", "web", "chat", "api")),
                customer_id=f"cust-{rng.randrange(8)}",
                urgency=rng.choice(("high", "medium", "low")),
                sentiment=rng.choice(("negative", "neutral", "positive")),
                requires_action=rng.random() < 0.4,
                keywords=tuple(rng.sample(words, rng.randrange(3))),
            )
        )
    return tickets


async def test_stats_and_lists_equal_the_sqlite_backend(
    clock: FakeClock, tmp_path: Any, mongo_url: str
) -> None:
    sqlite = SqliteStore(tmp_path / "ticketd.db", clock=clock)
    mongo = MongoStore.from_url(mongo_url, clock=clock, timeout_seconds=TEST_DEADLINE_SECONDS)
    stores = (sqlite, mongo)
    for store in stores:
        await store.open()
        for tenant, seed in (("acme", 1), ("globex", 2)):
            await store.apply_tickets(tenant, _mixed_tickets(tenant, 240, seed), job_id="j1")
        await store.soft_delete("acme", [f"ext-{n:03d}" for n in range(0, 240, 9)], job_id="j2")
    windows = [
        (None, None),
        (START - timedelta(hours=5), None),
        (None, START - timedelta(hours=2, minutes=30)),
        (START - timedelta(hours=20), START - timedelta(hours=3)),
        (START - timedelta(hours=29), START - timedelta(hours=6, microseconds=500)),
    ]
    try:
        for from_date, to_date in windows:
            first, second = [
                await store.tenant_stats("acme", from_date=from_date, to_date=to_date)
                for store in stores
            ]
            assert first == second
            assert first.total_tickets > 0
        for filters in (
            TicketFilter(),
            TicketFilter(urgency="high"),
            TicketFilter(requires_action=True),
        ):
            for page in (1, 3):
                first, second = [
                    await store.list_tickets("acme", filters, page=page, page_size=25)
                    for store in stores
                ]
                assert first == second
        first, second = [await store.live_external_ids("acme") for store in stores]
        assert first == second
        first, second = [await store.ticket_history("acme", "ext-009", limit=5) for store in stores]
        assert first == second
    finally:
        for store in stores:
            await store.close()
