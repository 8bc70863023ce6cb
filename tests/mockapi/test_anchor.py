"""The day anchor: the same seed serves the same tickets across restarts
on one UTC day, tickets dated later arrive over the day, and the data's
shape gives a readable 24-hour trend at any hour."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from ticketd.clock import FakeClock
from ticketd.mockapi.provider import MockProvider
from ticketd.mockapi.settings import MockSettings

SETTINGS = MockSettings(tickets=2000, seed=42, anchor="day", rate_limit=0)
DAY = datetime(2026, 3, 10, tzinfo=UTC)


def _served(provider: MockProvider) -> dict[str, dict]:
    tickets, page = [], 1
    while page:
        body = provider.feed.page(page, 100)
        tickets += body.tickets
        page = body.next_page
    return {t["id"]: t for t in tickets}


def test_restarts_on_one_day_serve_the_same_tickets():
    """1. Start at 09:00 and read the feed; start again at 15:30 (a restart).
    2. Every ticket of the first start is served unchanged by the second,
       except that a modification dated in between now shows.
    3. The second start also serves the tickets created in between."""
    morning = _served(MockProvider.create(SETTINGS, FakeClock(start=DAY + timedelta(hours=9))))
    later = DAY + timedelta(hours=15, minutes=30)
    afternoon = _served(MockProvider.create(SETTINGS, FakeClock(start=later)))
    assert set(morning) < set(afternoon)
    for ident, ticket in morning.items():
        again = afternoon[ident]
        assert {k: v for k, v in again.items() if k != "updated_at"} == {
            k: v for k, v in ticket.items() if k != "updated_at"
        }
        if again["updated_at"] != ticket["updated_at"]:
            assert ticket["updated_at"] == ticket["created_at"]  # not modified yet at 09:00
            assert ticket["created_at"] < again["updated_at"] <= "2026-03-10T15:30:00Z"
    for ident in set(afternoon) - set(morning):
        assert "2026-03-10T09:00:00Z" < afternoon[ident]["created_at"] <= "2026-03-10T15:30:00Z"


async def test_tickets_arrive_when_their_time_comes():
    clock = FakeClock(start=DAY + timedelta(hours=9))
    provider = MockProvider.create(SETTINGS, clock)
    before = provider.feed.page(1, 1).total_count
    await clock.advance(3 * 3600)
    after = provider.feed.page(1, 1).total_count
    assert after > before
    newest = provider.feed.page(after, 1).tickets[0]
    assert "2026-03-10T09:00:00Z" < newest["created_at"] <= "2026-03-10T12:00:00Z"


@pytest.mark.parametrize("hour", [0.5, 9, 17.5, 23.9])
def test_the_last_24_hours_hold_a_readable_trend_at_any_hour(hour):
    now = DAY + timedelta(hours=hour)
    served = _served(MockProvider.create(SETTINGS, FakeClock(start=now))).values()
    for tenant in SETTINGS.tenants:
        mine = [t for t in served if t["tenant_id"] == tenant]
        recent = [
            t
            for t in mine
            if t["created_at"] > (now - timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M:%SZ")
        ]
        hours = Counter(t["created_at"][:13] for t in recent)
        assert len(recent) >= 0.1 * len(mine), (tenant, len(recent), len(mine))
        assert len(hours) >= 18, (tenant, sorted(hours))
        assert max(hours.values()) >= 2 * min(hours.values())  # a working day, not flat
