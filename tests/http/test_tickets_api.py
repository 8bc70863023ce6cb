"""The tenant API over HTTP: ``/tickets``, ``/tickets/urgent``,
``/tickets/{id}``, its history and ``/tenants/{t}/stats``, on a live daemon
that ingested a fixed data file from the real mock provider.

Stats are compared with numbers computed here from the data file's
windows and the tickets read back (their classification comes from the
classifier, which this test does not restate)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest

from tests.conftest import RunningDaemon

END = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)  # the stats window's to_date
H = timedelta(hours=1)
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

REFUND = ("Refund now", "I want a refund immediately, this is unacceptable")
OUTAGE = ("Production outage", "Our whole site is down, urgent!")
THANKS = ("Thanks", "Thanks for the quick help, great service")
QUESTION = ("Question", "How do I export a report?")
SLOW = ("Slow sync", "Loading takes minutes, very slow")
LAWYER = ("Lawyer", "I will contact my lawyer about this charge")

# id, tenant, created (before END), status, source, customer, (subject, message)
ROWS = [
    ("a-01", "acme", 0 * H, "open", "email", "c1", REFUND),  # exactly at to_date
    ("a-02", "acme", 0.5 * H, "open", "web", "c2", OUTAGE),
    ("a-03", "acme", 0.5 * H, "pending", "chat", "c1", SLOW),  # same created_at as a-02
    ("a-04", "acme", 2 * H, "closed", "email", "c3", THANKS),
    ("a-05", "acme", 3.25 * H, "open", "api", "c3", QUESTION),
    ("a-06", "acme", 5 * H, "open", "email", "c4", LAWYER),
    ("a-07", "acme", 9 * H, "pending", "web", "c2", REFUND),
    ("a-08", "acme", 12 * H, "closed", "chat", "c5", THANKS),
    ("a-09", "acme", 20 * H, "open", "email", "c1", OUTAGE),  # exactly at from_date
    ("a-10", "acme", 23.5 * H, "open", "web", "c6", SLOW),  # before from_date
    ("a-11", "acme", 30 * H, "closed", "api", "c1", REFUND),  # before from_date
    ("a-12", "acme", -1 * H, "open", "email", "c2", OUTAGE),  # after to_date
    ("a-13", "acme", 1 * H, "open", "chat", "c7", LAWYER),  # deleted after ingestion
    ("g-01", "globex", 1 * H, "open", "email", "c1", REFUND),
    ("g-02", "globex", 2 * H, "pending", "web", "c1", LAWYER),
    ("g-03", "globex", 4 * H, "open", "chat", "c2", OUTAGE),
]
FROM_DATE = END - 20 * H
DELETED = "a-13"
EDITED = "a-08"


def iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture
async def api(start_provider, start_daemon, tmp_path) -> RunningDaemon:
    """A daemon that ingested the data file for acme and globex, after which
    the provider deleted ``a-13``, edited the subject of ``a-08``, and acme
    was ingested again."""
    data = [
        {
            "id": ident,
            "tenant_id": tenant,
            "source": source,
            "customer_id": customer,
            "subject": subject,
            "message": message,
            "created_at": iso(END - before),
            "status": status,
        }
        for ident, tenant, before, status, source, customer, (subject, message) in ROWS
    ]
    path = tmp_path / "tickets.json"
    path.write_bytes(orjson.dumps(data))
    provider = await start_provider(data=str(path))
    daemon = await start_daemon(external_url=provider.url)
    for tenant in ("acme", "globex"):
        await run_and_wait(daemon, tenant)
    edit = {"id": EDITED, "subject": "Thanks again"}
    await provider.post("/_control/mutate", {"delete": [DELETED], "modify": [edit]})
    report = await run_and_wait(daemon, "acme")
    assert (report["counts"]["deleted"], report["counts"]["updated"]) == (1, 1)
    return daemon


async def run_and_wait(daemon: RunningDaemon, tenant: str) -> dict[str, Any]:
    _, view = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": tenant, "wait": "true"}, status=200
    )
    assert view["status"] == "completed"
    return view


async def fetch(
    daemon: RunningDaemon, path: str, params: dict[str, Any], *, status: int = 200
) -> Any:
    """GET with query ``params`` (which may hold a ``status`` filter)."""
    return (await daemon.request("GET", path, params=params, status=status))[1]


async def every_page(daemon: RunningDaemon, path: str, **params: Any) -> list[dict[str, Any]]:
    tickets: list[dict[str, Any]] = []
    page = 1
    while True:
        body = await fetch(daemon, path, {**params, "page": page, "page_size": 4})
        assert set(body) == {"tickets", "total", "page", "page_size", "next_cursor"}
        assert (body["page"], body["page_size"]) == (page, 4)
        tickets += body["tickets"]
        if page * 4 >= body["total"]:
            assert len(tickets) == body["total"]
            return tickets
        page += 1


def acme_ids(*, deleted: bool = False) -> set[str]:
    return {r[0] for r in ROWS if r[1] == "acme" and (deleted or r[0] != DELETED)}


async def expect_error(daemon: RunningDaemon, path: str, status: int, **params: Any) -> str:
    body = await fetch(daemon, path, params, status=status)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]["code"]


# -- GET /tickets --------------------------------------------------------------


async def test_list_is_the_tenants_live_tickets_newest_first_over_every_page(api):
    tickets = await every_page(api, "/tickets", tenant_id="acme")

    ids = [t["external_id"] for t in tickets]
    # newest first; a-02 and a-03 share created_at; a-13 is deleted
    assert ids[:2] == ["a-12", "a-01"] and set(ids[2:4]) == {"a-02", "a-03"}
    assert ids[4:] == ["a-04", "a-05", "a-06", "a-07", "a-08", "a-09", "a-10", "a-11"]
    assert {t["tenant_id"] for t in tickets} == {"acme"}
    assert all(t["deleted_at"] is None for t in tickets)
    created = [t["created_at"] for t in tickets]
    assert created == sorted(created, reverse=True)
    for ticket in tickets:
        assert set(ticket) == {
            "external_id", "tenant_id", "subject", "message", "status", "source",
            "customer_id", "created_at", "updated_at", "urgency", "sentiment",
            "requires_action", "matched", "ruleset_version", "deleted_at",
        }  # fmt: skip
        assert TIMESTAMP.match(ticket["created_at"]) and TIMESTAMP.match(ticket["updated_at"])
        assert isinstance(ticket["external_id"], str)


async def test_default_paging_and_total(api):
    body = await api.get("/tickets", tenant_id="acme")

    assert (body["page"], body["page_size"], body["total"]) == (1, 20, len(acme_ids()))
    beyond = await api.get("/tickets", tenant_id="acme", page=9, page_size=100)
    assert beyond["tickets"] == [] and beyond["total"] == len(acme_ids())


@pytest.mark.parametrize(
    "filters",
    [
        {"status": "open"},
        {"status": "closed"},
        {"source": "email"},
        {"urgency": "high"},
        {"urgency": "low"},
        {"sentiment": "negative"},
        {"sentiment": "positive"},
        {"requires_action": "true"},
        {"requires_action": "false"},
        {"status": "open", "source": "email", "urgency": "high"},
    ],
)
async def test_filters_select_exactly_the_matching_tickets(api, filters):
    everything = await every_page(api, "/tickets", tenant_id="acme")

    selected = await every_page(api, "/tickets", tenant_id="acme", **filters)

    def wanted(ticket: dict[str, Any]) -> bool:
        return all(str(ticket[name]).lower() == value for name, value in filters.items())

    assert selected == [t for t in everything if wanted(t)]


async def test_an_empty_filter_value_means_no_filter(api):
    everything = await api.get("/tickets", tenant_id="acme")

    same = await fetch(api, "/tickets", {"tenant_id": "acme", "status": "", "urgency": ""})
    assert same == everything


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"tenant_id": "acme", "page_size": "101"}, 422, "unprocessable"),
        ({"tenant_id": "acme", "page_size": "0"}, 422, "unprocessable"),
        ({"tenant_id": "acme", "page": "0"}, 422, "unprocessable"),
        ({"tenant_id": "acme", "page": "9" * 30}, 422, "unprocessable"),  # digits, too big
        ({"tenant_id": "acme", "page": "two"}, 400, "invalid_input"),
        ({"tenant_id": "acme", "status": "reopened"}, 400, "invalid_input"),
        ({"tenant_id": "acme", "urgency": "HIGH"}, 400, "invalid_input"),
        ({"tenant_id": "acme", "source": "fax machine"}, 400, "invalid_input"),
        ({"tenant_id": "acme", "requires_action": "maybe"}, 400, "invalid_input"),
        ({"tenant_id": "acme", "status": '{"$ne": null}'}, 400, "invalid_input"),
        ({"tenant_id": "acme", "status": "$ne"}, 400, "invalid_input"),
        ({"tenant_id": '{"$ne": null}'}, 400, "invalid_input"),
        ({"tenant_id": "bad tenant"}, 400, "invalid_input"),
        ({"tenant_id": "_acme"}, 400, "invalid_input"),
        ({"tenant_id": "acme\n"}, 400, "invalid_input"),
        ({"tenant_id": "a" * 65}, 400, "invalid_input"),
        ({}, 422, "unprocessable"),
        ({"tenant_id": ""}, 422, "unprocessable"),
    ],
)
async def test_bad_list_parameters_are_rejected(api, params, status, code):
    body = await fetch(api, "/tickets", params, status=status)
    assert body["error"]["code"] == code and body["error"]["message"]


async def test_operator_shaped_parameter_names_are_not_filters(api):
    everything = await api.get("/tickets", tenant_id="acme")

    # qs-style "status[$ne]=closed" is an unknown parameter, never an operator
    _, body = await api.request("GET", "/tickets?tenant_id=acme&status[$ne]=closed", status=200)

    assert body == everything


async def test_a_repeated_parameter_is_rejected(api):
    _, body = await api.request("GET", "/tickets?tenant_id=acme&status=open&status=closed")
    assert body["error"]["code"] == "invalid_input"


# -- GET /tickets/urgent -------------------------------------------------------


async def test_urgent_lists_the_high_urgency_tickets_in_the_same_shape(api):
    everything = await every_page(api, "/tickets", tenant_id="acme")

    urgent = await every_page(api, "/tickets/urgent", tenant_id="acme")

    assert urgent == [t for t in everything if t["urgency"] == "high"]
    assert urgent  # the data set has high-urgency tickets
    assert await expect_error(api, "/tickets/urgent", 422) == "unprocessable"
    assert await expect_error(api, "/tickets/urgent", 400, tenant_id="no way") == "invalid_input"
    assert (
        await expect_error(api, "/tickets/urgent", 422, tenant_id="acme", page_size=101)
        == "unprocessable"
    )


# -- GET /tickets/{external_id} and its history ------------------------------


async def test_get_returns_the_listed_ticket(api):
    listed = {t["external_id"]: t for t in await every_page(api, "/tickets", tenant_id="acme")}

    for external_id, ticket in listed.items():
        assert await api.get(f"/tickets/{external_id}", tenant_id="acme") == ticket


@pytest.mark.parametrize(
    ("external_id", "tenant"),
    [
        ("a-99", "acme"),  # absent
        (DELETED, "acme"),  # soft-deleted
        ("g-01", "acme"),  # another tenant's
        ("a-01", "globex"),  # another tenant's, the other way round
        ("a-01", "nobody"),
    ],
)
async def test_get_is_404_for_absent_deleted_and_other_tenants_tickets(api, external_id, tenant):
    code = await expect_error(api, f"/tickets/{external_id}", 404, tenant_id=tenant)
    assert code == "not_found"


async def test_get_validates_its_parameters(api):
    assert await expect_error(api, "/tickets/a-01", 422) == "unprocessable"
    assert await expect_error(api, "/tickets/a-01", 400, tenant_id="x y") == "invalid_input"
    # "-a" is a valid id (absent here); an id ingestion would refuse is 400
    assert await expect_error(api, "/tickets/-a", 404, tenant_id="acme") == "not_found"
    too_long = "x" * 257
    assert await expect_error(api, f"/tickets/{too_long}", 400, tenant_id="acme") == "invalid_input"
    assert await expect_error(api, "/tickets/a%01b", 400, tenant_id="acme") == "invalid_input"


async def test_history_is_newest_first_and_scoped_to_the_tenant(api):
    created = await api.get("/tickets/a-01/history", tenant_id="acme")
    assert set(created) == {"ticket_id", "tenant_id", "history"}
    assert created["ticket_id"] == "a-01"
    assert [r["action"] for r in created["history"]] == ["created"]
    assert TIMESTAMP.match(created["history"][0]["recorded_at"])

    edited = await api.get(f"/tickets/{EDITED}/history", tenant_id="acme")
    assert [r["action"] for r in edited["history"]] == ["updated", "created"]
    assert edited["history"][0]["changes"]["subject"] == {"old": "Thanks", "new": "Thanks again"}

    deleted = await api.get(f"/tickets/{DELETED}/history", tenant_id="acme")
    assert [r["action"] for r in deleted["history"]] == ["deleted", "created"]
    times = [r["recorded_at"] for r in deleted["history"]]
    assert times == sorted(times, reverse=True)

    limited = await api.get(f"/tickets/{DELETED}/history", tenant_id="acme", limit=1)
    assert [r["action"] for r in limited["history"]] == ["deleted"]

    for external_id, tenant in (("g-01", "acme"), ("a-01", "globex"), ("a-99", "acme")):
        path = f"/tickets/{external_id}/history"
        assert await expect_error(api, path, 404, tenant_id=tenant) == "not_found"
    path = "/tickets/a-01/history"
    assert await expect_error(api, path, 422, tenant_id="acme", limit=501) == "unprocessable"
    assert await expect_error(api, path, 400, tenant_id="acme", limit="x") == "invalid_input"


# -- GET /tenants/{tenant_id}/stats --------------------------------------------


def expected_stats(tickets: list[dict[str, Any]], start: datetime, end: datetime) -> dict:
    """The stats numbers of the tickets created in [start, end]."""
    window = [t for t in tickets if start <= parse(t["created_at"]) <= end]
    total = len(window)
    last_hour = end.replace(minute=0, second=0, microsecond=0)
    hours = [last_hour - (23 - i) * H for i in range(24)]
    keywords = Counter(k for t in window for k in t["matched"]["keywords"])
    risky: dict[str, Counter[str]] = {}
    for t in window:
        if t["sentiment"] == "negative" or t["urgency"] == "high":
            risk = risky.setdefault(t["customer_id"], Counter())
            risk["negative"] += t["sentiment"] == "negative"
            risk["high_urgency"] += t["urgency"] == "high"
            risk["tickets"] += 1
    return {
        "total_tickets": total,
        "by_status": dict(Counter(t["status"] for t in window)),
        "by_urgency": dict(Counter(t["urgency"] for t in window)),
        "by_sentiment": dict(Counter(t["sentiment"] for t in window)),
        "by_source": dict(Counter(t["source"] for t in window)),
        "urgency_high_ratio": pytest.approx(sum(t["urgency"] == "high" for t in window) / total),
        "negative_sentiment_ratio": pytest.approx(
            sum(t["sentiment"] == "negative" for t in window) / total
        ),
        "requires_action_count": sum(t["requires_action"] for t in window),
        "hourly_trend": [
            {
                "hour": hour.strftime("%Y-%m-%dT%H:00:00.000Z"),
                "count": sum(hour <= parse(t["created_at"]) < hour + H for t in window),
            }
            for hour in hours
        ],
        "top_keywords": [
            {"keyword": k, "count": n}
            for k, n in sorted(keywords.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        ],
        "at_risk_customers": [
            {"customer_id": c, **{f: r[f] for f in ("negative", "high_urgency", "tickets")}}
            for c, r in sorted(risky.items(), key=lambda cr: (-cr[1]["tickets"], cr[0]))[:10]
        ],
    }


async def test_stats_equal_the_numbers_computed_from_the_data_set(api):
    tickets = await every_page(api, "/tickets", tenant_id="acme")
    assert {t["external_id"] for t in tickets} == acme_ids()

    stats = await api.get("/tenants/acme/stats", from_date=iso(FROM_DATE), to_date=iso(END))

    assert set(stats) == {
        "tenant_id", "from_date", "to_date", "total_tickets", "by_status", "by_urgency",
        "by_sentiment", "by_source", "urgency_high_ratio", "negative_sentiment_ratio",
        "requires_action_count", "hourly_trend", "top_keywords", "at_risk_customers",
        "at_risk_total", "generated_at",
    }  # fmt: skip
    assert stats["tenant_id"] == "acme"
    assert (stats["from_date"], stats["to_date"]) == (
        "2026-01-31T16:00:00.000Z",
        "2026-02-01T12:00:00.000Z",
    )
    assert TIMESTAMP.match(stats["generated_at"])
    assert all(TIMESTAMP.match(b["hour"]) for b in stats["hourly_trend"])
    assert len(stats["hourly_trend"]) == 24
    expected = expected_stats(tickets, FROM_DATE, END)
    assert {k: stats[k] for k in expected} == expected
    # From the data file alone: a-01 (at to_date) to a-09 (at from_date),
    # without the deleted a-13, a-10 and a-11 (before) and a-12 (after).
    assert stats["total_tickets"] == 9
    assert stats["by_status"] == {"open": 5, "pending": 2, "closed": 2}
    assert stats["by_source"] == {"email": 4, "web": 2, "chat": 2, "api": 1}
    assert {b["hour"][:13]: b["count"] for b in stats["hourly_trend"] if b["count"]} == {
        "2026-01-31T16": 1,  # a-09, exactly at from_date
        "2026-02-01T00": 1,
        "2026-02-01T03": 1,
        "2026-02-01T07": 1,
        "2026-02-01T08": 1,  # a-05 at 08:45
        "2026-02-01T10": 1,
        "2026-02-01T11": 2,  # a-02 and a-03
        "2026-02-01T12": 1,  # a-01, exactly at to_date: the last bucket
    }


async def test_stats_without_a_window_count_everything_up_to_now(api):
    tickets = await every_page(api, "/tickets", tenant_id="acme")

    stats = await api.get("/tenants/acme/stats")

    assert stats["from_date"] is None
    assert stats["total_tickets"] == len(tickets) == len(acme_ids())
    assert len(stats["hourly_trend"]) == 24
    now = datetime.now(UTC)
    assert abs(parse(stats["to_date"]) - now) < timedelta(minutes=1)
    expected = expected_stats(tickets, datetime(1970, 1, 1, tzinfo=UTC), parse(stats["to_date"]))
    assert {k: stats[k] for k in expected} == expected


async def test_stats_of_another_tenant_and_of_an_unknown_one(api):
    globex = await api.get("/tenants/globex/stats", to_date=iso(END))
    assert globex["total_tickets"] == 3
    assert set(globex["by_status"]) == {"open", "pending"}

    nobody = await api.get("/tenants/nobody/stats", to_date=iso(END))
    assert nobody["total_tickets"] == 0
    assert [b["count"] for b in nobody["hourly_trend"]] == [0] * 24
    assert nobody["top_keywords"] == nobody["at_risk_customers"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"from_date": "2026-02-02T00:00:00Z", "to_date": "2026-02-01T00:00:00Z"},
        {"from_date": "2026-02-02", "to_date": "2026-02-01"},
        {"from_date": "2099-01-01"},  # after to_date, which defaults to now
        {"from_date": "yesterday"},
        {"to_date": "2026-13-01"},
        {"to_date": "2026-02-30T00:00:00Z"},
        {"to_date": "0001-01-01T00:00:00+05:00"},  # would overflow on conversion
        {"to_date": "9999-12-31T23:00:00-05:00"},
        {"from_date": "20260201T000000Z"},  # basic format: not accepted
        {"to_date": '{"$gt": ""}'},
    ],
)
async def test_bad_stats_windows_are_400(api, params):
    code = await expect_error(api, "/tenants/acme/stats", 400, **params)
    assert code == "invalid_input"


async def test_stats_accept_dates_offsets_and_naive_times(api):
    by_date = await api.get("/tenants/acme/stats", from_date="2026-01-31", to_date="2026-02-01")
    assert by_date["from_date"] == "2026-01-31T00:00:00.000Z"
    assert by_date["to_date"] == "2026-02-01T23:59:59.999Z"  # the end of that day

    offset = await api.get("/tenants/acme/stats", to_date="2026-02-01T13:00:00+01:00")
    naive = await api.get("/tenants/acme/stats", to_date="2026-02-01T12:00")
    assert offset["to_date"] == naive["to_date"] == "2026-02-01T12:00:00.000Z"
    assert offset["total_tickets"] == naive["total_tickets"]


async def test_a_date_alone_as_to_date_includes_that_whole_day(api):
    """from_date=to_date=2026-02-01 is "the 1st": every ticket created that
    UTC day, none of the day before or after; the trend ends with its last
    hour."""
    tickets = await every_page(api, "/tickets", tenant_id="acme")
    that_day = [t for t in tickets if t["created_at"].startswith("2026-02-01")]
    assert that_day and len(that_day) < len(tickets)

    stats = await api.get("/tenants/acme/stats", from_date="2026-02-01", to_date="2026-02-01")

    assert stats["total_tickets"] == len(that_day)
    assert (stats["from_date"], stats["to_date"]) == (
        "2026-02-01T00:00:00.000Z",
        "2026-02-01T23:59:59.999Z",
    )
    assert stats["hourly_trend"][-1]["hour"].startswith("2026-02-01T23:00")
    assert sum(b["count"] for b in stats["hourly_trend"]) == len(that_day)
    start = expect_error(
        api, "/tenants/acme/stats", 400, from_date="2026-02-02", to_date="2026-02-01"
    )
    assert await start == "invalid_input"


async def test_stats_validate_the_tenant(api):
    assert await expect_error(api, "/tenants/bad%20tenant/stats", 400) == "invalid_input"
    assert await expect_error(api, "/tenants/_x/stats", 400) == "invalid_input"
