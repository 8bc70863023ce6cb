"""/health when the database answers reads but cannot take writes: the
SQLite file on a disk that is full (a small tmpfs filled for real; root
only, skipped elsewhere). Readiness says so and why, and is ready again
once space is freed and a write goes through with no write failing for
``RECOVERY_SECONDS``."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.small_disk import fill_disk, small_disk
from ticketd.store.write_health import RECOVERY_SECONDS


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "small", "3m") as path:
        yield path


async def test_full_disk_makes_readiness_fail_with_the_reason(start_daemon, provider, disk):
    daemon = await start_daemon(db=f"sqlite:///{disk}/d.db", external_url=provider.url)
    assert (await daemon.get("/health"))["checks"]["database"] == {"status": "up"}
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

    filler.unlink()
    await daemon.request("POST", "/ingest/run?tenant_id=after", status=202)
    # Still down right after (the last failure is too recent: on a nearly
    # full disk, small writes fit between failing ones), then up once no
    # write failed for RECOVERY_SECONDS (the probe's write or any other).
    status, body = await daemon.request("GET", "/health")
    assert status == 503 and body["checks"]["database"]["status"] == "down"
    deadline = time.monotonic() + RECOVERY_SECONDS + 20
    while status != 200 and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        status, body = await daemon.request("GET", "/health")
    assert body["checks"]["database"] == {"status": "up"}
