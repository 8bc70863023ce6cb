"""A daemon whose SQLite file's disk fills up mid-run, for real: the file
lives on a small tmpfs this test mounts (root only; skipped elsewhere),
filled with a file until the file system says it is full."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scenarios.hostile_provider import HostileProvider, provider_ticket
from tests.small_disk import fill_disk, small_disk

pytestmark = pytest.mark.timeout(90)

DISK_FULL = "sqlite: database or disk is full"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "small", "4m") as path:
        yield path


def _stored_job(db: Path, job_id: str) -> tuple[str, str | None]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        row = conn.execute(
            "SELECT status, error FROM ingestion_jobs WHERE job_id = ?", (job_id,)
        ).fetchone()
    return row[0], row[1]


async def _until(check, what: str) -> None:
    """Return once ``check()`` (awaited) is true; fail after about 20 s
    (the daemon is asked over HTTP: there is no event to wait on)."""
    for _ in range(400):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never: {what}")


async def test_a_run_failing_on_a_full_disk_records_its_error_and_frees_the_tenant(
    hostile_provider: HostileProvider, start_daemon, disk: Path
):
    """1. A daemon (lease TTL 600 s) on a SQLite file on a small disk stores
       page 1 of a run; the provider holds page 2 (big tickets).
    2. The disk is filled; page 2 arrives: its write fails, the run ends
       failed with the disk-full error, and its end cannot be written
       either.
    3. Space is freed: within seconds (not the 600 s TTL) the job record
       says failed with the disk-full error, the tenant is unlocked and a
       new run starts and completes."""
    hostile_provider.tickets = [
        provider_ticket(f"ext-{n:03d}", message="how do I change my address " * 100)
        for n in range(30)
    ]
    db = disk / "ticketd.db"
    daemon = await start_daemon(
        db=f"sqlite:///{db}", external_url=hostile_provider.url, page_size=10, lock_ttl_seconds=600
    )
    hostile_provider.hold_page = 2
    run = asyncio.create_task(
        daemon.request(
            "POST", "/ingest/run", params={"tenant_id": "acme", "wait": "true"}, status=200
        )
    )
    await hostile_provider.held.wait()

    async def page_one_stored() -> bool:
        active = (await daemon.get("/ingest/status", tenant_id="acme"))["active_job"]
        return active is not None and active["processed_pages"] >= 1

    await _until(page_one_stored, "page 1 stored")
    job_id = (await daemon.get("/ingest/status", tenant_id="acme"))["active_job"]["job_id"]
    filler = fill_disk(disk)
    hostile_provider.release.set()
    _, report = await run
    assert (report["status"], report["error"]) == ("failed", DISK_FULL)

    filler.unlink()

    async def recorded() -> bool:
        return _stored_job(db, job_id) != ("running", None)

    await _until(recorded, "the run's end recorded")
    assert _stored_job(db, job_id) == ("failed", DISK_FULL)
    assert (await daemon.get("/ingest/lock/acme"))["locked"] is False
    status = await daemon.get("/ingest/status", tenant_id="acme")
    assert (status["last_run"]["status"], status["last_run"]["error"]) == ("failed", DISK_FULL)
    _, again = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "acme", "wait": "true"}, status=200
    )
    assert again["status"] == "completed"
