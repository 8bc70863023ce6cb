"""Bad records and bad answers from the provider: one bad record never
fails a page, a non-HTTP answer is a retried transport error, and every id
ingestion stores can be read back through the API."""

from __future__ import annotations

import logging
from urllib.parse import quote

import pytest
import yarl

from tests.scenarios.hostile_provider import HostileProvider, provider_ticket

pytestmark = pytest.mark.timeout(60)

ADDRESSABLE_IDS = [
    "with space",
    "a/b",
    "q?x=1",
    "h#1",
    "ünïcödé",
    "emoji-😀",
    "100%",
    "a%2Fb",
    "plus+sign",
    "semi;colon",
    "back\\slash",
    "...",
    "urgently",
    "x" * 256,
]
REFUSED_IDS = ["", "ctl\x01x", "nul\x00x", "del\x7fx", "x" * 257, "urgent", ".", ".."]


async def _run(daemon) -> dict:
    _, body = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "acme", "wait": "true"}, status=200
    )
    return body


async def _get_ticket(daemon, external_id: str, suffix: str = "") -> tuple[int, dict]:
    path = f"/tickets/{quote(external_id, safe='')}{suffix}?tenant_id=acme"
    async with daemon.session.get(yarl.URL(daemon.url + path, encoded=True)) as resp:
        return resp.status, await resp.json()


async def test_one_bad_record_is_counted_and_skipped(
    hostile_provider: HostileProvider, start_daemon
):
    """1. Page 1 of the feed carries a record whose subject is a lone
       surrogate escape (valid JSON text, not valid Unicode) among 20 good
       tickets.
    2. The run completes: the bad record counts in errors, the 20 others
       are stored."""
    hostile_provider.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(20)]
    hostile_provider.raw_records = [
        b'{"id": "bad-1", "tenant_id": "acme", "source": "email", "customer_id": "c",'
        b' "subject": "broken \\ud800 text", "message": "m", "status": "open",'
        b' "created_at": "2026-01-01T10:00:00Z", "updated_at": "2026-01-01T10:00:00Z"}'
    ]
    daemon = await start_daemon(external_url=hostile_provider.url, page_size=10)

    report = await _run(daemon)

    assert report["status"] == "completed", report["error"]
    assert (report["counts"]["created"], report["counts"]["errors"]) == (20, 1)
    assert (await daemon.get("/tickets", tenant_id="acme"))["total"] == 20
    status, _ = await _get_ticket(daemon, "bad-1")
    assert status == 404


def _rejected_logs(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.getMessage().startswith("provider record rejected")]


async def test_each_rejected_record_is_named_in_the_log_and_the_report(
    hostile_provider: HostileProvider, start_daemon, caplog
):
    """1. The feed holds 3 good tickets of acme and 6 of acme's records that
       fail validation (a bad created_at, a bad status, a subject that is a
       number, an empty id, a 5,000-character id, a 2 MB message starting
       'refund now!'), and one bad record of another tenant.
    2. The run completes; errors counts all 7.
    3. Each of acme's 6 is logged once, with its id (bounded, escaped) and
       the reason, and listed in the report's rejected; the other tenant's
       record is neither (it is its own runs' to name)."""
    long_id = "L" * 5_000
    hostile_provider.tickets = [provider_ticket(f"ext-{n}") for n in range(3)] + [
        provider_ticket("bad-date", created_at="yesterday"),
        provider_ticket("bad-status", status="weird\x1b[31m"),
        provider_ticket("bad-subject", subject=42),
        provider_ticket(""),
        provider_ticket(long_id),
        provider_ticket("huge", message="refund now! " + "x" * (2 * 1024 * 1024)),
        provider_ticket("other-bad", tenant_id="globex", status="weird"),
    ]
    daemon = await start_daemon(external_url=hostile_provider.url, page_size=20)
    caplog.set_level(logging.WARNING)

    report = await _run(daemon)

    assert report["status"] == "completed", report["error"]
    counts = report["counts"]
    assert (counts["created"], counts["errors"], counts["rejected_unlisted"]) == (3, 7, 0)
    shown_long = f"{'L' * 64!r}... (5000 characters)"
    expected = {
        "'bad-date'": "not an ISO 8601 timestamp: 'yesterday'",
        "'bad-status'": "unknown status 'weird\\x1b[31m'",
        "'bad-subject'": "field 'subject' must be a string, got int",
        "''": "field 'id' is empty",
        shown_long: "field 'id' is longer than 256 characters",
        "'huge'": "subject and message are",
    }
    listed = {r["id"]: r["reason"] for r in counts["rejected"]}
    assert listed.keys() == expected.keys()
    assert all(listed[i].startswith(expected[i]) for i in expected), listed
    assert all(len(r["reason"]) < 200 and r["page"] == 1 for r in counts["rejected"])
    logged = _rejected_logs(caplog)
    assert sorted(r.record_id for r in logged) == sorted(expected)
    assert all(r.record_tenant_id == "'acme'" and r.reason == listed[r.record_id] for r in logged)
    assert all(len(r.getMessage()) < 300 for r in logged)


async def test_rejected_records_past_the_first_twenty_are_counted_not_logged(
    hostile_provider: HostileProvider, start_daemon, caplog
):
    """1. The feed holds 50 records of acme with a bad status.
    2. The run logs the first 20 one by one and one line saying the rest
       are only counted; its report lists 20 and counts 30 more."""
    hostile_provider.tickets = [provider_ticket(f"bad-{n:02d}", status="?") for n in range(50)]
    daemon = await start_daemon(external_url=hostile_provider.url, page_size=20)
    caplog.set_level(logging.WARNING)

    report = await _run(daemon)

    counts = report["counts"]
    assert (counts["errors"], counts["rejected_unlisted"]) == (50, 30)
    assert [r["id"] for r in counts["rejected"]] == [f"'bad-{n:02d}'" for n in range(20)]
    assert len(_rejected_logs(caplog)) == 20
    more = [r for r in caplog.records if r.getMessage().startswith("more than 20 provider")]
    assert len(more) == 1


async def test_what_ingestion_stores_the_api_can_serve(
    hostile_provider: HostileProvider, start_daemon
):
    """1. The feed holds a ticket from a source ticketd has no name for
       ('pigeon'), one without a source, one created in 1900, one updated
       in 3000, and one whose source is not a short name.
    2. The run stores the first two and rejects the other three, each
       named with its reason.
    3. The stored ones are served by the source filter ('pigeon',
       'unknown') and counted in the stats' by_source."""
    hostile_provider.tickets = [
        provider_ticket("new-channel", source="pigeon"),
        provider_ticket("no-source", source=None),
        provider_ticket("victorian", created_at="1900-01-01T10:00:00Z"),
        provider_ticket("future", updated_at="3000-01-01T00:00:00Z"),
        provider_ticket("bad-source", source="carrier pigeon!"),
    ]
    daemon = await start_daemon(external_url=hostile_provider.url, page_size=10)

    report = await _run(daemon)

    counts = report["counts"]
    assert (counts["created"], counts["errors"]) == (2, 3), counts
    reasons = {r["id"]: r["reason"] for r in counts["rejected"]}
    assert reasons == {
        "'victorian'": "field 'created_at' 1900-01-01T10:00:00.000Z is outside the years "
        "1970-2999 the API serves",
        "'future'": "field 'updated_at' 3000-01-01T00:00:00.000Z is outside the years "
        "1970-2999 the API serves",
        "'bad-source'": "source 'carrier pigeon!' is not 1 to 64 letters, digits, '_', '.' "
        "or '-' starting with a letter or digit",
    }
    for source, external_id in (("pigeon", "new-channel"), ("unknown", "no-source")):
        listed = await daemon.get("/tickets", tenant_id="acme", source=source)
        assert [t["external_id"] for t in listed["tickets"]] == [external_id]
    stats = await daemon.get("/tenants/acme/stats", from_date="2025-12-31")
    assert stats["by_source"] == {"pigeon": 1, "unknown": 1}


async def test_a_non_http_answer_is_retried(hostile_provider: HostileProvider, start_daemon):
    """1. The provider's first two feed answers are bytes that are not HTTP.
    2. The run retries them as transport errors and completes."""
    hostile_provider.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(5)]
    hostile_provider.garbage_answers = 2
    daemon = await start_daemon(external_url=hostile_provider.url, page_size=10)

    report = await _run(daemon)

    assert report["status"] == "completed", report["error"]
    assert report["counts"]["retries"] == 2
    assert report["counts"]["created"] == 5


async def test_a_provider_that_never_speaks_http_fails_the_run_clearly(
    hostile_provider: HostileProvider, start_daemon
):
    """1. Every feed answer is bytes that are not HTTP.
    2. The run fails after its attempts with a provider error that says
       the answer was malformed HTTP (not an internal error)."""
    hostile_provider.garbage_answers = 1_000
    daemon = await start_daemon(
        external_url=hostile_provider.url, page_size=10, provider_max_attempts=3
    )

    report = await _run(daemon)

    assert report["status"] == "failed"
    assert report["error"].startswith(
        "provider: GET /external/support-tickets failed after 3 attempts: malformed HTTP answer"
    ), report["error"]
    assert hostile_provider.feed_calls() == 3


async def test_every_stored_id_is_addressable(hostile_provider: HostileProvider, start_daemon):
    """1. The feed lists tickets whose ids hold spaces, '/', '?', '#',
       '%', non-ASCII letters, emoji, and 256 characters; and tickets whose
       ids cannot be addressed (empty, control characters, NUL, 257
       characters, 'urgent', '.', '..').
    2. A run stores the first kind and refuses the second, counted in
       errors.
    3. Each stored ticket and its history are served at
       /tickets/{percent-encoded id}; a refused id answers 400 there."""
    hostile_provider.tickets = [provider_ticket(i) for i in ADDRESSABLE_IDS + REFUSED_IDS]
    daemon = await start_daemon(external_url=hostile_provider.url, page_size=50)

    report = await _run(daemon)

    assert report["status"] == "completed", report["error"]
    counts = report["counts"]
    assert (counts["created"], counts["errors"]) == (len(ADDRESSABLE_IDS), len(REFUSED_IDS))
    for external_id in ADDRESSABLE_IDS:
        status, ticket = await _get_ticket(daemon, external_id)
        assert (status, ticket.get("external_id")) == (200, external_id)
        status, history = await _get_ticket(daemon, external_id, "/history")
        assert status == 200 and history["ticket_id"] == external_id
        assert [h["action"] for h in history["history"]] == ["created"]
    for external_id in ("ctl\x01x", "nul\x00x", "del\x7fx", "x" * 257):
        status, body = await _get_ticket(daemon, external_id)
        assert (status, body["error"]["code"]) == (400, "invalid_input"), external_id
