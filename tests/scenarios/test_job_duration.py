"""A job's duration_seconds as every replica shows it: a running job's up
to now, a finished one's from its start to its end, whatever its record's
figures last said."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.scenarios.hostile_provider import HostileProvider, provider_ticket
from ticketd.clock import SystemClock, utc_now
from ticketd.domain.ticket import parse_datetime

pytestmark = pytest.mark.timeout(60)


class _MovableClock(SystemClock):
    """The system clock plus an offset the test moves forward."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return utc_now() + self.offset


def _span(view: dict, end: datetime) -> float:
    return (end - parse_datetime(view["started_at"])).total_seconds()


async def test_another_replica_shows_the_duration_up_to_now_then_to_the_end(
    hostile_provider: HostileProvider, start_daemon
):
    """1. Two replicas on one database, their wall clock movable. A run on
       the first waits for the provider's page 1, which is held.
    2. The clock moves 60 s on. The second replica's view of the running
       job says it has run at least 60 s (its record's figures, written at
       the start, said about 0).
    3. Page 1 is answered and the run completes; on the second replica its
       duration is its end minus its start."""
    clock = _MovableClock()
    hostile_provider.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(5)]
    hostile_provider.hold_page = 1
    # Leases long enough for the clock's move to leave them unexpired.
    daemon = await start_daemon(
        external_url=hostile_provider.url, page_size=10, lock_ttl_seconds=600, clock=clock
    )
    other = await start_daemon(external_url=hostile_provider.url, lock_ttl_seconds=600, clock=clock)
    accepted = await daemon.daemon.ingestion.start_run("acme")
    progress = f"/ingest/progress/{accepted.job_id}"
    await hostile_provider.held.wait()

    clock.offset += timedelta(seconds=60)
    before = clock.now()
    running = await other.get(progress)
    after = clock.now()
    assert running["status"] == "running"
    # The duration is given in milliseconds, the spans in microseconds.
    low, high = _span(running, before) - 0.0005, _span(running, after) + 0.0005
    assert low <= running["counts"]["duration_seconds"] <= high
    assert running["counts"]["duration_seconds"] >= 60

    hostile_provider.release.set()
    await accepted.finished  # answered once its end is recorded

    finished = await other.get(progress)
    assert finished["status"] == "completed", finished["error"]
    span = _span(finished, parse_datetime(finished["ended_at"]))
    assert finished["counts"]["duration_seconds"] == pytest.approx(span, abs=0.001)
    assert span >= 60
