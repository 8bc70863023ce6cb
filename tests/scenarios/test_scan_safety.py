"""A glitchy feed never deletes tickets: completeness rule and mass-deletion
guard, against a provider that misbehaves on purpose."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.scenarios.hostile_provider import HostileProvider, provider_ticket

pytestmark = pytest.mark.timeout(60)


async def _run(daemon, **params: str) -> dict:
    _, body = await daemon.request(
        "POST",
        "/ingest/run",
        params={"tenant_id": "acme", "wait": "true", **params},
        status=200,
    )
    return body


async def _live(daemon) -> int:
    return (await daemon.get("/tickets", tenant_id="acme"))["total"]


async def _ingested(hostile: HostileProvider, start_daemon, count: int):
    hostile.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(count)]
    daemon = await start_daemon(external_url=hostile.url, page_size=10)
    first = await _run(daemon)
    assert (first["status"], first["counts"]["created"]) == ("completed", count)
    return daemon


def _skip_logs(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("deletion skipped")]


async def test_an_empty_first_page_deletes_nothing(hostile_provider, start_daemon, caplog):
    """1. The provider lists 30 tickets of acme; a run stores them.
    2. Its page 1 now comes back empty while total_count still says 30.
    3. The next run ends completed, deletes nothing, and gives the reason
       in its report and in the log.
    4. All 30 tickets are still listed."""
    daemon = await _ingested(hostile_provider, start_daemon, 30)
    hostile_provider.empty_first_page = True
    caplog.set_level(logging.WARNING)

    report = await _run(daemon)

    assert report["status"] == "completed"
    assert report["counts"]["deleted"] == 0
    reason = report["counts"]["deletion_skipped"]
    assert reason == "page 1 was empty while total_count was 30"
    assert _skip_logs(caplog) == [f"deletion skipped: {reason}"]
    assert await _live(daemon) == 30


async def test_a_jump_in_next_page_deletes_nothing(hostile_provider, start_daemon, caplog):
    """1. The provider lists 30 tickets of acme (3 pages of 10); a run
       stores them.
    2. Page 1's next_page now jumps to 9999 (an empty page).
    3. The next run ends completed, deletes nothing, says why.
    4. All 30 tickets are still listed; the stored job record carries the
       reason too."""
    daemon = await _ingested(hostile_provider, start_daemon, 30)
    hostile_provider.jump_to = 9999
    caplog.set_level(logging.WARNING)

    report = await _run(daemon)

    assert (report["status"], report["counts"]["deleted"]) == ("completed", 0)
    reason = "page 1 pointed to page 9999 instead of 2"
    assert report["counts"]["deletion_skipped"] == reason
    assert _skip_logs(caplog) == [f"deletion skipped: {reason}"]
    assert await _live(daemon) == 30
    status = await daemon.get("/ingest/status", tenant_id="acme")
    assert status["last_run"]["counts"]["deletion_skipped"] == reason


async def test_a_short_feed_deletes_nothing(hostile_provider, start_daemon):
    """1. 30 tickets are stored.
    2. The feed now ends after page 1 (10 tickets) but total_count says 30.
    3. The run deletes nothing: the ids seen disagree with total_count."""
    daemon = await _ingested(hostile_provider, start_daemon, 30)
    hostile_provider.tickets = hostile_provider.tickets[:10]
    hostile_provider.claimed_total = 30

    report = await _run(daemon)

    assert (report["status"], report["counts"]["deleted"]) == ("completed", 0)
    assert (
        report["counts"]["deletion_skipped"] == "the scan saw 10 tickets where total_count was 30"
    )
    assert await _live(daemon) == 30


async def test_mass_deletion_needs_the_operator(hostile_provider, start_daemon, caplog):
    """1. 30 tickets are stored.
    2. 12 of them (40 %, more than the default 20 %) vanish from the feed.
    3. A run completes, deletes none and says the guard stopped it.
    4. A run with allow_mass_delete=true deletes the 12."""
    daemon = await _ingested(hostile_provider, start_daemon, 30)
    hostile_provider.tickets = hostile_provider.tickets[12:]
    caplog.set_level(logging.WARNING)

    guarded = await _run(daemon)

    assert (guarded["status"], guarded["counts"]["deleted"]) == ("completed", 0)
    reason = guarded["counts"]["deletion_skipped"]
    assert "would soft-delete 12 of 30 live tickets" in reason
    assert "allow_mass_delete=true" in reason
    assert _skip_logs(caplog) == [f"deletion skipped: {reason}"]
    assert await _live(daemon) == 30

    allowed = await _run(daemon, allow_mass_delete="true")

    assert (allowed["status"], allowed["counts"]["deleted"]) == ("completed", 12)
    assert allowed["counts"]["deletion_skipped"] is None
    assert await _live(daemon) == 18


async def test_deletion_within_the_guard_goes_ahead(hostile_provider, start_daemon):
    """1. 30 tickets are stored. 2. 6 (20 %) vanish from the feed.
    3. A run deletes the 6 without any override."""
    daemon = await _ingested(hostile_provider, start_daemon, 30)
    hostile_provider.tickets = hostile_provider.tickets[6:]

    report = await _run(daemon)

    assert (report["counts"]["deleted"], report["counts"]["deletion_skipped"]) == (6, None)
    assert await _live(daemon) == 24


async def test_the_guard_fraction_is_a_setting(hostile_provider, start_daemon):
    """With max_delete_fraction 0.5, 12 of 30 (40 %) are deleted at once."""
    hostile_provider.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(30)]
    daemon = await start_daemon(
        external_url=hostile_provider.url, page_size=10, max_delete_fraction=0.5
    )
    await _run(daemon)
    hostile_provider.tickets = hostile_provider.tickets[12:]
    assert (await _run(daemon))["counts"]["deleted"] == 12


async def test_a_feed_that_never_ends_is_cut_off_by_its_own_total(hostile_provider, start_daemon):
    """1. 30 tickets of acme are stored (3 pages of 10).
    2. ext-000 leaves the feed and is listed as deleted; past the rest,
       the feed never ends: every page is full of new tickets and points to
       the next, and each page's total_count claims one page more.
    3. The run stops within the pages page 1's total_count declared (20
       tickets: 2 pages, plus a margin of 3 pages), well before the rate
       limit or the page cap would stop it, and ends failed, saying why.
    4. Nothing was deleted: ext-000 is still listed."""
    daemon = await _ingested(hostile_provider, start_daemon, 30)
    hostile_provider.tickets = hostile_provider.tickets[1:]
    hostile_provider.deleted_ids = ["ext-000"]
    hostile_provider.endless = True
    calls_before = hostile_provider.feed_calls()

    report = await asyncio.wait_for(_run(daemon), 30)

    assert report["status"] == "failed"
    assert report["error"] == (
        "provider: the feed did not end within the pages its own total_count allows: page 1 "
        "declared 20 tickets (2 pages of 10, and a margin of 3), page 6 came"
    )
    assert hostile_provider.feed_calls() - calls_before == 6
    assert report["counts"]["deleted"] == 0
    assert await _live(daemon) == 30 + 21  # the stored ones and the new ones of pages 3 to 5
    assert (await daemon.get("/tickets/ext-000", tenant_id="acme"))["deleted_at"] is None


async def test_a_feed_past_the_page_bound_stops_early_and_says_so(hostile_provider, start_daemon):
    """1. 20 tickets of acme are stored (2 pages of 10); one scan reads at
       most 2 pages (TICKETD_MAX_PAGES_PER_SCAN).
    2. The provider stops sending total_count, lists ext-000 as deleted,
       and 10 tickets join the end of the feed: 3 pages.
    3. The run stops at page 3 and ends failed, its error saying the scan
       stopped early, at which bound and with which setting, that what
       came past it was not stored and that nothing was deleted.
    4. Nothing was deleted (ext-000 is still listed) and the 10 tickets
       past the bound were not stored."""
    hostile_provider.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(20)]
    daemon = await start_daemon(
        external_url=hostile_provider.url, page_size=10, max_pages_per_scan=2
    )
    assert (await _run(daemon))["status"] == "completed"  # 1.
    hostile_provider.sends_total = False  # 2.
    hostile_provider.deleted_ids = ["ext-000"]
    hostile_provider.tickets += [provider_ticket(f"ext-{n:03d}") for n in range(20, 30)]

    report = await _run(daemon)

    assert report["status"] == "failed"  # 3.
    assert report["error"] == (
        "provider: the scan stopped early: the feed went on past 2 pages, the most one "
        "scan reads (TICKETD_MAX_PAGES_PER_SCAN); tickets past page 2 were not stored and "
        "nothing was deleted"
    )
    assert report["counts"]["deleted"] == 0  # 4.
    assert await _live(daemon) == 20
    assert (await daemon.get("/tickets/ext-000", tenant_id="acme"))["deleted_at"] is None
