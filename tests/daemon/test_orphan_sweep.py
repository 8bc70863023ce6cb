"""A running daemon ends the runs a dead replica left ``running``, without
a run of that tenant and without a restart: its job sweeper, driven here by
a fake clock."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from ticketd.actors.job_sweeper import sweep_interval
from ticketd.clock import FakeClock
from ticketd.daemon.process import Daemon
from ticketd.settings import Settings
from ticketd.store.records import JobRecord
from ticketd.store.sqlite import SqliteStore

pytestmark = pytest.mark.timeout(30)

TTL = 60.0


class SweepLogged(logging.Handler):
    """Sets ``event`` when the daemon logs that it marked orphaned runs
    interrupted (logged on the event loop's thread)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.event = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() == "ended orphaned runs":
            self.event.set()


@pytest.fixture
def swept() -> Any:
    handler = SweepLogged()
    logger = logging.getLogger("ticketd.actors.job_sweeper")
    # Whatever level an earlier test left on the root logger.
    level, logger.level = logger.level, logging.WARNING
    logger.addHandler(handler)
    yield handler.event
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture
async def daemon_on(tmp_path) -> AsyncIterator[Any]:
    """Start a daemon with a fake clock on a SQLite file; stopped after."""
    started: list[Daemon] = []

    async def start(clock: FakeClock) -> Daemon:
        settings = Settings(
            db=f"sqlite:///{tmp_path}/ticketd.db",
            port=0,
            log_format="json",
            instance_id="survivor",
            lock_ttl_seconds=TTL,
        )
        daemon = Daemon(settings, clock=clock)
        await daemon.start()
        started.append(daemon)
        return daemon

    yield start
    for daemon in started:
        assert await daemon.stop() == []


async def test_a_live_daemon_interrupts_a_dead_replicas_run_within_the_sweep_bound(
    tmp_path, daemon_on, swept
):
    """1. A replica took tenant acme's lease (60 s) at T, recorded its run,
       and died: nothing renews the lease.
    2. A daemon starts on the same file at T + 1 s: the run is still
       leased, so its start-up sweep leaves it running.
    3. Time passes; nobody starts a run of acme. By T + 75 s (the lease
       TTL plus one sweep interval) the daemon has marked the run
       interrupted: the progress and status views say so, and /metrics
       counts the swept run."""
    clock = FakeClock()
    dead = SqliteStore(tmp_path / "ticketd.db", clock=clock)
    await dead.open()
    try:
        job_id = uuid.uuid4().hex
        owner = f"dead-replica/{job_id}"
        assert await dead.acquire_lease("acme", owner, TTL) is not None
        await dead.create_job(JobRecord(job_id, "acme", owner, "running", clock.now()))
    finally:
        await dead.close()
    await clock.advance(1)
    daemon = await daemon_on(clock)
    url = f"http://127.0.0.1:{daemon.port}"

    async with aiohttp.ClientSession() as session:

        async def get(path: str, **params: str) -> Any:
            async with session.get(url + path, params=params) as resp:
                assert resp.status == 200
                return await resp.json()

        assert (await get(f"/ingest/progress/{job_id}"))["status"] == "running"
        assert (await get("/ingest/status", tenant_id="acme"))["state"] == "running"
        await clock.advance(TTL - 1 + sweep_interval(TTL))
        await asyncio.wait_for(swept.wait(), 10)

        view = await get(f"/ingest/progress/{job_id}")
        status = await get("/ingest/status", tenant_id="acme")
        metrics = await (await session.get(url + "/metrics")).text()

    assert view["status"] == "interrupted", view
    assert view["error"] == "owner lost its lease (process died or lease expired)"
    assert (status["state"], status["last_run"]["job_id"]) == ("idle", job_id), status
    assert status["last_run"]["status"] == "interrupted"
    assert "ticketd_ingestion_runs_swept_total 1.0" in metrics
