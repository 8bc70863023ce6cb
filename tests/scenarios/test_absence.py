"""A ticket is deleted for its absence only when the provider confirms it,
only for the tenant it left, and the provider's deleted list wins over the
feed: scenarios against a provider that misbehaves on purpose."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from tests.scenarios.hostile_provider import HostileProvider, provider_ticket
from ticketd.clock import SystemClock, utc_now

pytestmark = pytest.mark.timeout(60)


async def _run(daemon, tenant_id: str = "acme") -> dict:
    _, body = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": tenant_id, "wait": "true"}, status=200
    )
    return body


async def _ingested(hostile: HostileProvider, start_daemon, count: int):
    hostile.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(count)]
    daemon = await start_daemon(external_url=hostile.url, page_size=10)
    first = await _run(daemon)
    assert (first["status"], first["counts"]["created"]) == ("completed", count)
    return daemon


def _single_ticket_calls(hostile: HostileProvider) -> list[str]:
    prefix = "/external/support-tickets/"
    return [path.removeprefix(prefix) for _, path, _ in hostile.requests if path.startswith(prefix)]


async def test_a_ticket_the_feed_skipped_while_counts_agree_is_kept(hostile_provider, start_daemon):
    """1. 30 tickets of acme are stored.
    2. The feed now silently leaves out ext-007 (a page shift), and its
       total_count says 29, so the ids seen agree with it.
    3. A run completes: ext-007 is absent from a complete scan, so the run
       asks GET /external/support-tickets/ext-007, which still has it.
    4. Nothing is deleted, the report counts the one check (and its call),
       and ext-007 is still listed."""
    daemon = await _ingested(hostile_provider, start_daemon, 30)
    hostile_provider.feed_omits = {"ext-007"}
    hostile_provider.claimed_total = 29

    report = await _run(daemon)

    counts = report["counts"]
    assert (report["status"], counts["deletion_skipped"]) == ("completed", None)
    assert (counts["deleted"], counts["absence_checks"]) == (0, 1)
    assert _single_ticket_calls(hostile_provider) == ["ext-007"]
    assert counts["api_calls"] == counts["pages"] + 1 + 1  # pages, deleted list, the check
    assert (await daemon.get("/tickets", tenant_id="acme"))["total"] == 30
    await daemon.get("/tickets/ext-007", tenant_id="acme")


async def test_a_ticket_gone_from_feed_and_provider_is_deleted_after_its_check(
    hostile_provider, start_daemon
):
    """1. 30 tickets are stored. 2. ext-004 is deleted at the provider (feed
    and single-ticket endpoint). 3. A run checks it (404) and deletes it."""
    daemon = await _ingested(hostile_provider, start_daemon, 30)
    hostile_provider.tickets = [t for t in hostile_provider.tickets if t["id"] != "ext-004"]

    report = await _run(daemon)

    assert (report["counts"]["deleted"], report["counts"]["absence_checks"]) == (1, 1)
    assert _single_ticket_calls(hostile_provider) == ["ext-004"]
    await daemon.get("/tickets/ext-004", tenant_id="acme", status=404)


async def test_fewer_ids_than_total_count_deletes_nothing(hostile_provider, start_daemon):
    """1. 30 tickets are stored. 2. The feed leaves out two of them while
    total_count still counts them (28 seen of 30, within the old 2 %
    tolerance). 3. The run deletes nothing, checks nothing, and says why."""
    daemon = await _ingested(hostile_provider, start_daemon, 30)
    hostile_provider.feed_omits = {"ext-003", "ext-017"}

    report = await _run(daemon)

    counts = report["counts"]
    assert (counts["deleted"], counts["absence_checks"]) == (0, 0)
    assert counts["deletion_skipped"] == "the scan saw 28 tickets where total_count was 30"
    assert (await daemon.get("/tickets", tenant_id="acme"))["total"] == 30


async def test_a_ticket_moved_to_another_tenant_leaves_the_old_one(hostile_provider, start_daemon):
    """1. 30 tickets of acme are stored.
    2. In the feed (and at the single-ticket endpoint) ext-005 now belongs
       to tenant globex.
    3. A run for acme deletes ext-005 from acme after checking it.
    4. acme no longer serves it; a run for globex stores it there."""
    daemon = await _ingested(hostile_provider, start_daemon, 30)
    hostile_provider.tickets[5] = provider_ticket("ext-005", tenant_id="globex")

    report = await _run(daemon)

    assert (report["counts"]["deleted"], report["counts"]["absence_checks"]) == (1, 1)
    await daemon.get("/tickets/ext-005", tenant_id="acme", status=404)
    assert (await daemon.get("/tickets", tenant_id="acme"))["total"] == 29
    assert (await _run(daemon, "globex"))["counts"]["created"] == 1
    await daemon.get("/tickets/ext-005", tenant_id="globex")


async def test_a_ticket_both_listed_and_deleted_is_deleted_once(hostile_provider, start_daemon):
    """1. 30 tickets are stored.
    2. The provider lists ext-002 as deleted while its feed still lists it.
    3. A run deletes it (the deleted list wins) and records one history entry.
    4. A second run over the same feed writes nothing: no restore, no
       delete, no new history."""
    daemon = await _ingested(hostile_provider, start_daemon, 30)
    hostile_provider.deleted_ids = ["ext-002"]

    first = await _run(daemon)

    assert (first["counts"]["deleted"], first["counts"]["restored"]) == (1, 0)
    history = await daemon.get("/tickets/ext-002/history", tenant_id="acme")
    assert [h["action"] for h in history["history"]] == ["deleted", "created"]

    second = await _run(daemon)

    counts = second["counts"]
    assert [counts[k] for k in ("created", "updated", "deleted", "restored")] == [0, 0, 0, 0]
    assert await daemon.get("/tickets/ext-002/history", tenant_id="acme") == history
    await daemon.get("/tickets/ext-002", tenant_id="acme", status=404)


async def test_throttled_seconds_counts_the_time_waited_not_the_time_asked(
    hostile_provider, start_daemon
):
    """1. The provider answers every feed request with 429, Retry-After 300;
       the daemon scans per tenant (TICKETD_PROVIDER_TENANT_FILTER), so the
       run makes the feed calls itself.
    2. A run starts (wait=true) and receives the 429.
    3. The run is cancelled while it waits the 300 s out.
    4. Its report counts the seconds it actually waited (well under 300)."""
    hostile_provider.retry_after = 300
    daemon = await start_daemon(
        external_url=hostile_provider.url, page_size=10, provider_tenant_filter=True
    )
    waiting = asyncio.create_task(_run(daemon))
    await hostile_provider.throttled.wait()
    status = await daemon.get("/ingest/status", tenant_id="acme")

    await daemon.request("DELETE", f"/ingest/{status['active_job']['job_id']}", status=202)
    report = await waiting

    assert report["status"] == "cancelled"
    assert report["counts"]["throttled_seconds"] < 30


class _MovableClock(SystemClock):
    """The system clock plus an offset the test moves forward."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return utc_now() + self.offset


async def test_absence_checks_count_as_progress_for_stall_detection(hostile_provider, start_daemon):
    """1. 30 tickets of acme are stored (stall threshold 5 s, the wall clock
       movable), and ext-001..ext-003 are then deleted at the provider.
    2. A run scans the feed and confirms the three absences one call
       each; the first check is held, then the clock moves 60 s on (a
       long absence phase) and the check is answered.
    3. While the second check is held, the run's progress, read on its own
       replica and on a second replica of the same database, is not
       stalled: the first check is progress (it counts in
       absence_checks)."""
    clock = _MovableClock()
    hostile_provider.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(30)]
    daemon = await start_daemon(
        external_url=hostile_provider.url, page_size=10, stall_seconds=5, clock=clock
    )
    assert (await _run(daemon))["counts"]["created"] == 30
    other = await start_daemon(external_url=hostile_provider.url, stall_seconds=5, clock=clock)
    gone = {"ext-001", "ext-002", "ext-003"}
    hostile_provider.tickets = [t for t in hostile_provider.tickets if t["id"] not in gone]
    holds = {i: (asyncio.Event(), asyncio.Event()) for i in ("ext-001", "ext-002")}
    hostile_provider.hold_single.update(holds)

    _, started = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "acme"}, status=202
    )
    progress = f"/ingest/progress/{started['job_id']}"
    await holds["ext-001"][0].wait()
    clock.offset += timedelta(seconds=60)
    holds["ext-001"][1].set()
    await holds["ext-002"][0].wait()

    views = [(await d.request("GET", progress))[1] for d in (daemon, other)]
    holds["ext-002"][1].set()
    for view in views:
        assert (view["status"], view["counts"]["absence_checks"]) == ("running", 1), view
        assert view["stalled"] is False, view


@pytest.mark.parametrize("answer_tenant", ["acme", "globex"])
async def test_an_answer_for_another_ticket_is_refused(
    hostile_provider, start_daemon, answer_tenant: str
):
    """1. 30 tickets of acme are stored.
    2. ext-025..ext-029 leave the feed; the single-ticket endpoint answers
       each request for them with another ticket, zzz-ext-0NN (urgent,
       under acme: it would be stored and alerted on as still there;
       under globex: it would confirm the deletion).
    3. The run ends failed, naming the answer that does not match what
       was asked; nothing is stored from the answers, nothing is deleted,
       nothing is queued for /notify."""
    daemon = await _ingested(hostile_provider, start_daemon, 30)
    gone = [f"ext-{n:03d}" for n in range(25, 30)]
    hostile_provider.tickets = hostile_provider.tickets[:25]
    hostile_provider.single_answers = {
        external_id: provider_ticket(
            "zzz-" + external_id,
            tenant_id=answer_tenant,
            message="URGENT: production is down, we are losing money, refund now",
        )
        for external_id in gone
    }

    report = await _run(daemon)

    counts = report["counts"]
    assert report["status"] == "failed", report
    assert "/external/support-tickets/ext-025" in report["error"], report["error"]
    assert "'zzz-ext-025'" in report["error"], report["error"]
    assert _single_ticket_calls(hostile_provider) == ["ext-025"]
    assert [counts[k] for k in ("created", "updated", "deleted", "notifications_queued")] == [
        0,
        0,
        0,
        0,
    ]
    assert (await daemon.get("/tickets", tenant_id="acme"))["total"] == 30
    for external_id in gone:
        await daemon.get(f"/tickets/{external_id}", tenant_id="acme")
        await daemon.get(f"/tickets/zzz-{external_id}", tenant_id=answer_tenant, status=404)
