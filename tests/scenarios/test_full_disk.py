"""A daemon whose SQLite file's disk fills up mid-run, for real: the file
lives on a small tmpfs this test mounts (root only; skipped elsewhere),
filled with a file until the file system says it is full."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterator
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


@contextlib.contextmanager
def logged(level: int, matches: Callable[[logging.LogRecord], bool]) -> Iterator[asyncio.Event]:
    """An event set once the daemon's ingestion logs a record (at ``level``
    or above) that ``matches``: the run's own signal, where the HTTP API
    has none to wait on. Logged on the event loop's thread."""
    event = asyncio.Event()

    class Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if matches(record):
                event.set()

    handler = Handler(level)
    logger = logging.getLogger("ticketd.actors.ingestion")
    # Whatever level the daemon or an earlier test left on it; setLevel,
    # not an assignment, clears the loggers' cached isEnabledFor answers.
    saved = logger.level
    logger.setLevel(level)
    logger.addHandler(handler)
    try:
        yield event
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved)


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
    with logged(logging.DEBUG, lambda r: r.getMessage() == "page stored") as page_stored:
        run = asyncio.create_task(
            daemon.request(
                "POST", "/ingest/run", params={"tenant_id": "acme", "wait": "true"}, status=200
            )
        )
        await hostile_provider.held.wait()
        await asyncio.wait_for(page_stored.wait(), 20)
    active = (await daemon.get("/ingest/status", tenant_id="acme"))["active_job"]
    assert active["processed_pages"] == 1
    job_id = active["job_id"]
    filler = fill_disk(disk)
    hostile_provider.release.set()
    _, report = await run
    assert (report["status"], report["error"]) == ("failed", DISK_FULL)

    def late(record: logging.LogRecord) -> bool:
        return record.getMessage() == "recorded the end of the job late"

    with logged(logging.INFO, late) as recorded:
        filler.unlink()
        await asyncio.wait_for(recorded.wait(), 20)
    assert _stored_job(db, job_id) == ("failed", DISK_FULL)
    assert (await daemon.get("/ingest/lock/acme"))["locked"] is False
    status = await daemon.get("/ingest/status", tenant_id="acme")
    assert (status["last_run"]["status"], status["last_run"]["error"]) == ("failed", DISK_FULL)
    _, again = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "acme", "wait": "true"}, status=200
    )
    assert again["status"] == "completed"
