"""Store contract: tenant analytics on a hand-built data set, compared with
hand-computed numbers, identically on every backend.

The data set (``START`` is 2026-03-01T12:00Z; hours are UTC clock hours):

| id | created             | status  | source | urgency | sentiment | act | keywords      | cust |
| t1 | 11:30               | open    | email  | high    | negative  | yes | refund,       | c1   |
|    |                     |         |        |         |           |     | chargeback    |      |
| t2 | 11:10               | open    | web    | high    | neutral   | yes | refund        | c2   |
| t3 | 09:00 exactly       | pending | chat   | medium  | negative  | yes | slow          | c1   |
| t4 | 09:59:59            | closed  | email  | low     | positive  | no  |               | c3   |
| t5 | 02-28 13:00         | closed  | api    | low     | neutral   | no  | thanks        | c3   |
| t6 | 02-28 06:00 (-30 h) | open    | email  | medium  | negative  | yes | refund, slow  | c4   |
| t9 | 12:00 = START       | open    | web    | low     | positive  | no  | thanks        | c2   |
| t8 | 13:00 (after START) | open    | chat   | high    | negative  | yes | refund        | c5   |
| t7 | 11:00, soft-deleted | open    | email  | high    | negative  | yes | refund        | c5   |

plus tenant ``globex`` with negative high-urgency ``refund`` tickets of
customer ``c1`` in the same hours, which must never show up under acme.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ticketd.domain.ticket import format_datetime

from .conftest import START

pytestmark = pytest.mark.timeout(30)

H = timedelta(hours=1)

ROWS = [
    # id, created, status, source, urgency, sentiment, action, keywords, customer
    ("t1", START - timedelta(minutes=30), "open", "email", "high", "negative", True,
     ("refund", "chargeback"), "c1"),
    ("t2", START - timedelta(minutes=50), "open", "web", "high", "neutral", True, ("refund",),
     "c2"),
    ("t3", START - 3 * H, "pending", "chat", "medium", "negative", True, ("slow",), "c1"),
    ("t4", START - 2 * H - timedelta(seconds=1), "closed", "email", "low", "positive", False, (),
     "c3"),
    ("t5", START - 23 * H, "closed", "api", "low", "neutral", False, ("thanks",), "c3"),
    ("t6", START - 30 * H, "open", "email", "medium", "negative", True, ("refund", "slow"), "c4"),
    ("t9", START, "open", "web", "low", "positive", False, ("thanks",), "c2"),
    ("t8", START + H, "open", "chat", "high", "negative", True, ("refund",), "c5"),
    ("t7", START - H, "open", "email", "high", "negative", True, ("refund",), "c5"),
]  # fmt: skip


@pytest.fixture
async def dataset(store, make_ticket):
    tickets = [
        make_ticket(
            ident,
            created_at=created,
            status=status,
            source=source,
            urgency=urgency,
            sentiment=sentiment,
            requires_action=action,
            keywords=keywords,
            rules=tuple(f"rule.{k}" for k in keywords),
            customer_id=customer,
        )
        for ident, created, status, source, urgency, sentiment, action, keywords, customer in ROWS
    ]
    await store.apply_tickets("acme", tickets, job_id="job-1")
    assert await store.soft_delete("acme", ["t7"], job_id="job-1") == 1
    noise = [
        make_ticket(
            f"g{n}",
            tenant_id="globex",
            created_at=START - timedelta(minutes=10 * n),
            urgency="high",
            sentiment="negative",
            requires_action=True,
            keywords=("refund", "lawyer"),
            customer_id="c1",
            status="pending",
            source="api",
        )
        for n in range(6)
    ]
    await store.apply_tickets("globex", noise, job_id=None)


def hours_ending_at(last_hour):
    return [format_datetime(last_hour - (23 - i) * H) for i in range(24)]


def trend(stats):
    return {bucket["hour"]: bucket["count"] for bucket in stats.hourly_trend if bucket["count"]}


async def test_stats_over_everything_up_to_a_given_time(store, clock, dataset):
    await clock.advance(3 * 3600)  # "now" is later than to_date: to_date decides

    stats = await store.tenant_stats("acme", from_date=None, to_date=START)

    assert stats.tenant_id == "acme"
    assert (stats.from_date, stats.to_date, stats.generated_at) == (None, START, clock.now())
    assert stats.total_tickets == 7  # t1-t6 and t9 (t9 at to_date counts; t8 later; t7 deleted)
    assert stats.by_status == {"open": 4, "pending": 1, "closed": 2}
    assert stats.by_source == {"email": 3, "web": 2, "chat": 1, "api": 1}
    assert stats.by_urgency == {"high": 2, "medium": 2, "low": 3}
    assert stats.by_sentiment == {"negative": 3, "neutral": 2, "positive": 2}
    assert stats.urgency_high_ratio == pytest.approx(2 / 7)
    assert stats.negative_sentiment_ratio == pytest.approx(3 / 7)
    assert stats.requires_action_count == 4
    assert [b["hour"] for b in stats.hourly_trend] == hours_ending_at(START)
    assert trend(stats) == {
        "2026-02-28T13:00:00.000Z": 1,  # t5, the first bucket's very start
        "2026-03-01T09:00:00.000Z": 2,  # t3 at 09:00:00, t4 at 09:59:59
        "2026-03-01T11:00:00.000Z": 2,  # t1, t2 (not the deleted t7)
        "2026-03-01T12:00:00.000Z": 1,  # t9, exactly at to_date
    }
    assert sum(b["count"] for b in stats.hourly_trend) == 6  # t6 is older than 24 h
    assert list(stats.top_keywords) == [
        {"keyword": "refund", "count": 3},
        {"keyword": "slow", "count": 2},
        {"keyword": "thanks", "count": 2},
        {"keyword": "chargeback", "count": 1},
    ]
    assert list(stats.at_risk_customers) == [
        {"customer_id": "c1", "negative": 2, "high_urgency": 1, "tickets": 2},
        {"customer_id": "c2", "negative": 0, "high_urgency": 1, "tickets": 1},
        {"customer_id": "c4", "negative": 1, "high_urgency": 0, "tickets": 1},
    ]


async def test_stats_window_has_inclusive_bounds(store, dataset):
    stats = await store.tenant_stats("acme", from_date=START - 3 * H, to_date=START)

    # t3 sits exactly on from_date and t9 exactly on to_date: both count
    assert stats.from_date == START - 3 * H
    assert stats.total_tickets == 5  # t1, t2, t3, t4, t9
    assert stats.by_status == {"open": 3, "pending": 1, "closed": 1}
    assert stats.by_source == {"email": 2, "web": 2, "chat": 1}
    assert stats.by_urgency == {"high": 2, "medium": 1, "low": 2}
    assert stats.by_sentiment == {"negative": 2, "neutral": 1, "positive": 2}
    assert stats.urgency_high_ratio == pytest.approx(2 / 5)
    assert stats.negative_sentiment_ratio == pytest.approx(2 / 5)
    assert stats.requires_action_count == 3
    assert trend(stats) == {
        "2026-03-01T09:00:00.000Z": 2,
        "2026-03-01T11:00:00.000Z": 2,
        "2026-03-01T12:00:00.000Z": 1,
    }
    assert list(stats.top_keywords) == [
        {"keyword": "refund", "count": 2},
        {"keyword": "chargeback", "count": 1},
        {"keyword": "slow", "count": 1},
        {"keyword": "thanks", "count": 1},
    ]
    assert list(stats.at_risk_customers) == [
        {"customer_id": "c1", "negative": 2, "high_urgency": 1, "tickets": 2},
        {"customer_id": "c2", "negative": 0, "high_urgency": 1, "tickets": 1},
    ]


async def test_stats_last_24_hours(store, dataset):
    stats = await store.tenant_stats("acme", from_date=START - 24 * H, to_date=START)

    assert stats.total_tickets == 6  # all but t6
    assert list(stats.top_keywords) == [
        {"keyword": "refund", "count": 2},
        {"keyword": "thanks", "count": 2},
        {"keyword": "chargeback", "count": 1},
        {"keyword": "slow", "count": 1},
    ]


async def test_to_date_defaults_to_now(store, clock, dataset):
    await clock.advance(3.5 * 3600)  # now = 15:30

    stats = await store.tenant_stats("acme", from_date=None, to_date=None)

    assert stats.to_date == clock.now() == stats.generated_at
    assert stats.total_tickets == 8  # t8 (13:00) is in the past now
    assert stats.by_urgency == {"high": 3, "medium": 2, "low": 3}
    assert [b["hour"] for b in stats.hourly_trend] == hours_ending_at(START + 3 * H)
    assert trend(stats) == {
        "2026-03-01T09:00:00.000Z": 2,
        "2026-03-01T11:00:00.000Z": 2,
        "2026-03-01T12:00:00.000Z": 1,
        "2026-03-01T13:00:00.000Z": 1,
    }  # t5 (02-28 13:00) has left the 24 h trend
    assert stats.at_risk_customers[0] == {
        "customer_id": "c1", "negative": 2, "high_urgency": 1, "tickets": 2,
    }  # fmt: skip
    assert {"customer_id": "c5", "negative": 1, "high_urgency": 1, "tickets": 1} in (
        stats.at_risk_customers
    )


async def test_trend_buckets_are_clock_hours_ending_with_the_one_holding_to_date(store, dataset):
    stats = await store.tenant_stats(
        "acme", from_date=None, to_date=START - timedelta(minutes=20)
    )  # 11:40: t1 (11:30) and t2 (11:10) are in, t9 (12:00) is out

    assert [b["hour"] for b in stats.hourly_trend] == hours_ending_at(START - H)
    assert stats.hourly_trend[-1] == {"hour": "2026-03-01T11:00:00.000Z", "count": 2}
    assert stats.total_tickets == 6


async def test_stats_of_an_empty_tenant(store, clock, dataset):
    stats = await store.tenant_stats("nobody", from_date=None, to_date=None)

    assert stats.total_tickets == 0
    assert stats.by_status == stats.by_urgency == stats.by_sentiment == stats.by_source == {}
    assert (stats.urgency_high_ratio, stats.negative_sentiment_ratio) == (0.0, 0.0)
    assert stats.requires_action_count == 0
    assert [b["hour"] for b in stats.hourly_trend] == hours_ending_at(START)
    assert all(b["count"] == 0 for b in stats.hourly_trend)
    assert stats.top_keywords == () and stats.at_risk_customers == ()


async def test_stats_exclude_other_tenants(store, dataset):
    stats = await store.tenant_stats("globex", from_date=None, to_date=START)

    assert stats.total_tickets == 6
    assert stats.by_status == {"pending": 6}
    assert stats.urgency_high_ratio == 1.0
    assert list(stats.top_keywords) == [
        {"keyword": "lawyer", "count": 6},
        {"keyword": "refund", "count": 6},
    ]
    assert list(stats.at_risk_customers) == [
        {"customer_id": "c1", "negative": 6, "high_urgency": 6, "tickets": 6}
    ]


async def test_top_keywords_and_at_risk_customers_keep_the_ten_largest(store, make_ticket):
    tickets = []
    for n in range(12):  # keyword kw-00 on 12 tickets, kw-01 on 11, ... kw-11 on 1
        for copy in range(12 - n):
            tickets.append(
                make_ticket(
                    f"k{n:02d}-{copy:02d}",
                    keywords=(f"kw-{n:02d}",),
                    sentiment="negative",
                    customer_id=f"cust-{n:02d}",
                )
            )
    await store.apply_tickets("acme", tickets, job_id=None)

    stats = await store.tenant_stats("acme", from_date=None, to_date=None)

    assert [k["keyword"] for k in stats.top_keywords] == [f"kw-{n:02d}" for n in range(10)]
    assert [k["count"] for k in stats.top_keywords] == list(range(12, 2, -1))
    assert [c["customer_id"] for c in stats.at_risk_customers] == [
        f"cust-{n:02d}" for n in range(10)
    ]
    assert stats.at_risk_total == 12  # all of them, not only the ten listed
    assert stats.at_risk_customers[0] == {
        "customer_id": "cust-00", "negative": 12, "high_urgency": 0, "tickets": 12,
    }  # fmt: skip


async def test_restored_tickets_count_again(store, dataset, make_ticket):
    before = await store.tenant_stats("acme", from_date=None, to_date=START)
    t7 = make_ticket(
        "t7",
        created_at=START - H,
        urgency="high",
        sentiment="negative",
        requires_action=True,
        keywords=("refund",),
        rules=("rule.refund",),
        customer_id="c5",
    )
    [outcome] = (await store.apply_tickets("acme", [t7], job_id=None)).outcomes
    assert outcome.action == "restored"

    after = await store.tenant_stats("acme", from_date=None, to_date=START)

    assert after.total_tickets == before.total_tickets + 1
    assert after.by_urgency["high"] == before.by_urgency["high"] + 1
    assert trend(after)["2026-03-01T11:00:00.000Z"] == 3


async def test_sub_millisecond_bounds_compare_with_the_stored_millisecond(store, make_ticket):
    """Ticket times are stored to the millisecond. The outside tester: a
    ticket created at 23:59:59.999999 was counted in the window
    23:59:59.9999 .. 23:59:59.99999, which holds no stored time. Bounds are
    taken at the stored precision (from_date up, to_date down), the same
    answer on every backend."""
    second = datetime(2026, 11, 25, 23, 59, 59, tzinfo=UTC)
    at = second.replace(microsecond=999_999)
    await store.apply_tickets("acme", [make_ticket("t1", created_at=at)], job_id=None)

    def us(micro: int) -> datetime:
        return second.replace(microsecond=micro)

    for start, end, expected in [
        (us(999_900), us(999_990), 0),  # no whole millisecond inside
        (us(999_001), us(999_999), 0),  # from_date rounds up past .999
        (us(999_000), us(999_000), 1),  # the stored time itself
        (us(998_001), us(999_999), 1),
        (us(999_999), None, 0),  # from .999999 on: the stored .999 is before
    ]:
        stats = await store.tenant_stats(
            "acme", from_date=start, to_date=end or at + timedelta(days=1)
        )
        assert stats.total_tickets == expected, (start, end)
