"""/health when the database answers reads but cannot take writes: the
SQLite file on a disk that is full (a small tmpfs filled for real; root
only, skipped elsewhere). Readiness says so and why, and is ready again
once space is freed and a write goes through with no write failing for
``RECOVERY_SECONDS``. The daemon's clock is the system's, stopped by the
test while it checks the hold (so a loaded machine's delays do not
count) and moved past it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.small_disk import fill_disk, small_disk
from ticketd.clock import SystemClock, utc_now
from ticketd.store.write_health import PROBE_INTERVAL_SECONDS, RECOVERY_SECONDS


class StoppableClock(SystemClock):
    """The system clock, which the test can stop (its monotonic and wall
    time stand still; sleeps still take real time) and start again
    moved on by some seconds."""

    def __init__(self) -> None:
        self._offset = 0.0
        self._stopped_at: float | None = None

    def monotonic(self) -> float:
        if self._stopped_at is not None:
            return self._stopped_at
        return time.monotonic() + self._offset

    def now(self) -> datetime:
        return utc_now() + timedelta(seconds=self.monotonic() - time.monotonic())

    def stop(self) -> None:
        self._stopped_at = self.monotonic()

    def start(self, moved_on: float) -> None:
        assert self._stopped_at is not None
        self._offset = self._stopped_at + moved_on - time.monotonic()
        self._stopped_at = None


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "small", "3m") as path:
        yield path


async def test_full_disk_makes_readiness_fail_with_the_reason(start_daemon, provider, disk):
    """1. The clock stops (so no delay of a loaded machine counts) and the
       disk fills: a write is refused, readiness is down and says why
       (the probe's write failing too).
    2. Space is freed: a write goes through, and readiness is still down
       (the last failure is too recent: on a nearly full disk, small
       writes fit between failing ones).
    3. The clock starts again moved past the hold and the probe's
       interval: the next readiness check's probe write goes through,
       and it is up."""
    clock = StoppableClock()
    daemon = await start_daemon(db=f"sqlite:///{disk}/d.db", external_url=provider.url, clock=clock)
    assert (await daemon.get("/health"))["checks"]["database"] == {"status": "up"}
    clock.stop()  # 1.
    filler = fill_disk(disk)
    # Writes fail once SQLite needs a page the disk does not have.
    for n in range(50):
        status, body = await daemon.request("POST", f"/ingest/run?tenant_id=t{n}")
        if status == 503:
            break
        assert status == 202, body
    assert status == 503 and body["error"]["message"] == "sqlite: database or disk is full"

    status, body = await daemon.request("GET", "/health")
    assert status == 503, body
    database = body["checks"]["database"]
    assert database["status"] == "down"
    assert database["error"].startswith("writes fail since ")
    assert database["error"].endswith(": sqlite: database or disk is full")

    filler.unlink()  # 2.
    await daemon.request("POST", "/ingest/run?tenant_id=after", status=202)
    status, body = await daemon.request("GET", "/health")
    assert status == 503 and body["checks"]["database"]["status"] == "down"

    clock.start(moved_on=max(RECOVERY_SECONDS, PROBE_INTERVAL_SECONDS))  # 3.
    status, body = await daemon.request("GET", "/health")
    assert status == 200, body
    assert body["checks"]["database"] == {"status": "up"}
