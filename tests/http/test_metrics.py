"""/metrics after real work: every family the README documents is there and
moved where it should; no tenant id reaches a public scrape."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

README = Path(__file__).resolve().parents[2] / "README.md"
TENANT = "tenant_a"


def _documented_families() -> list[str]:
    return re.findall(r"^  \| `(ticketd_[a-z_]+)` \|", README.read_text(), re.MULTILINE)


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def _total(samples, name: str, **labels: str) -> float:
    return sum(
        value
        for (sample, sample_labels), value in samples.items()
        if sample == name and set(labels.items()) <= set(sample_labels)
    )


async def _scrape(daemon) -> str:
    async with daemon.session.get(daemon.url + "/metrics") as resp:
        assert resp.status == 200
        return await resp.text()


async def test_every_documented_family_moves_after_an_ingestion_and_a_delivery(
    start_provider, start_daemon
):
    """1. A provider that throttles (3 calls per second) and accepts every
       notification; a daemon whose own budget is higher, so it meets 429s.
    2. Scrape /metrics; ingest the tenant (wait=true); read its stats; wait
       until the notifier delivered a notification.
    3. Scrape again: each documented family is present, the counters that
       should have moved did, the ones that should not (restarts) did not."""
    provider = await start_provider(
        rate_limit=3, rate_limit_window=1.0, notify_fail_first=0, notify_outage_after=0
    )
    daemon = await start_daemon(
        external_url=provider.url,
        page_size=20,
        rate_limit_per_minute=100,
        rate_limit_window_seconds=1.0,
        notify_poll_seconds=0.2,
    )
    families = _documented_families()
    assert len(families) >= 14, families
    before = _samples(await _scrape(daemon))

    _, report = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": TENANT, "wait": "true"}, status=200
    )
    assert report["status"] == "completed", report
    assert report["counts"]["notifications_queued"] > 0
    await daemon.get(f"/tenants/{TENANT}/stats")
    async with asyncio.timeout(30):
        while True:
            after = _samples(await _scrape(daemon))
            # The outbox gauges follow the notifier's last look at the store.
            if (
                _total(after, "ticketd_notify_deliveries_total", result="delivered") > 0
                and _total(after, "ticketd_outbox_entries", status="delivered") > 0
                and _total(after, "ticketd_outbox_entries")
                == report["counts"]["notifications_queued"]
            ):
                break
            await asyncio.sleep(0.1)
    text = await _scrape(daemon)
    after = _samples(text)

    present = {name for name, _ in after}
    for family in families:
        assert any(name == family or name.startswith(family + "_") for name in present), family

    def moved(name: str, **labels: str) -> float:
        return _total(after, name, **labels) - _total(before, name, **labels)

    assert moved("ticketd_http_requests_total", route="/ingest/run", status="200") == 1
    assert moved("ticketd_http_request_seconds_count", route="/tenants/{tenant_id}/stats") >= 1
    assert moved("ticketd_ingestion_runs_total", status="completed") == 1
    assert moved("ticketd_ingestion_tickets_total", action="created") == report["counts"]["created"]
    assert moved("ticketd_ingestion_tickets_total", action="skipped") == report["counts"]["skipped"]
    assert (
        moved("ticketd_provider_calls_total", endpoint="list", outcome="ok")
        >= report["counts"]["pages"]
    )
    assert moved("ticketd_provider_calls_total", endpoint="list", outcome="throttled") >= 1
    assert moved("ticketd_provider_calls_total", endpoint="deleted", outcome="ok") == 1
    assert moved("ticketd_provider_calls_total", endpoint="notify", outcome="ok") >= 1
    assert moved("ticketd_provider_throttled_seconds_total") > 0
    assert moved("ticketd_notify_deliveries_total", result="delivered") >= 1
    assert _total(after, "ticketd_notify_breaker_state") == 0
    assert _total(after, "ticketd_outbox_entries", status="delivered") >= 1
    assert _total(after, "ticketd_outbox_entries") == report["counts"]["notifications_queued"]
    assert _total(after, "ticketd_outbox_oldest_pending_seconds") >= 0
    assert {
        dict(labels)["actor"] for name, labels in after if name == "ticketd_actor_mailbox_depth"
    } >= {
        "rate-limiter",
        "notifier",
        "tenant",
    }
    assert _total(after, "ticketd_actors") >= 2
    assert moved("ticketd_actor_restarts_total") == 0
    assert _total(after, "ticketd_stats_cache_entries") >= 1
    assert TENANT not in text  # public scrape: no tenant id anywhere
