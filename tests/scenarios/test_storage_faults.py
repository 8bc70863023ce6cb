"""Storage faults under a running daemon on SQLite: the database file
deleted or replaced, and the write lock held by another process."""

from __future__ import annotations

import asyncio
import logging
import os

import pytest

from tests.scenarios.hostile_provider import HostileProvider, provider_ticket
from tests.sqlite_lock_holder import write_lock_held

pytestmark = pytest.mark.timeout(60)


async def _daemon(start_daemon, tmp_path, hostile: HostileProvider, **settings):
    hostile.tickets = [provider_ticket(f"ext-{n:03d}") for n in range(30)]
    return await start_daemon(
        db=f"sqlite:///{tmp_path}/ticketd.db",
        external_url=hostile.url,
        page_size=10,
        **settings,
    )


@pytest.mark.parametrize("fault", ["deleted", "replaced"])
async def test_a_lost_database_file_is_seen(
    fault, hostile_provider, start_daemon, tmp_path, caplog
):
    """1. A daemon ingests 30 tickets into its SQLite file.
    2. The file is deleted (or replaced by another file) under it.
    3. /health answers 503 naming the database as down and why; a new run
       answers 503 instead of writing into the lost file; the log says
       what happened."""
    daemon = await _daemon(start_daemon, tmp_path, hostile_provider)
    await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "acme", "wait": "true"}, status=200
    )
    caplog.set_level(logging.ERROR)
    path = tmp_path / "ticketd.db"
    if fault == "deleted":
        os.unlink(path)
    else:
        os.replace(path, tmp_path / "moved.db")
        path.write_bytes(b"")

    status, health = await daemon.request("GET", "/health")
    assert status == 503
    assert health["checks"]["database"]["status"] == "down"
    assert fault in health["checks"]["database"]["error"]
    assert health["checks"]["provider"]["status"] == "up"
    status, body = await daemon.request("POST", "/ingest/run", params={"tenant_id": "acme"})
    assert (status, body["error"]["code"]) == (503, "unavailable")
    assert any(
        f"{fault}" in r.getMessage() and "refusing writes" in r.getMessage() for r in caplog.records
    )


async def test_a_held_write_lock_answers_503_in_bounded_time(
    hostile_provider, start_daemon, tmp_path
):
    """1. A daemon with TICKETD_DB_TIMEOUT_SECONDS=0.5 runs on a SQLite file.
    2. Another process takes the file's write lock and keeps it.
    3. POST /ingest/run answers 503 (the run needs the lock) rather than
       hang; /health still answers (reads go on).
    4. Once the lock is free, a run starts and completes."""
    daemon = await _daemon(start_daemon, tmp_path, hostile_provider, db_timeout_seconds=0.5)

    async with write_lock_held(str(tmp_path / "ticketd.db")):
        status, body = await daemon.request("POST", "/ingest/run", params={"tenant_id": "acme"})
        assert (status, body["error"]["code"]) == (503, "unavailable")
        assert "write lock" in body["error"]["message"]
        await daemon.get("/health")

    _, report = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "acme", "wait": "true"}, status=200
    )
    assert (report["status"], report["counts"]["created"]) == ("completed", 30)


async def test_a_lock_taken_mid_run_fails_it_at_a_page_boundary(
    hostile_provider, start_daemon, tmp_path
):
    """1. A run stores page 1 (10 tickets); the provider holds page 2.
    2. Another process takes the write lock; page 2 arrives.
    3. The run ends failed with the lock named as the reason; page 2 was
       not half stored: once the lock is free, exactly page 1's 10 tickets
       are there."""
    daemon = await _daemon(start_daemon, tmp_path, hostile_provider, db_timeout_seconds=0.5)
    hostile_provider.hold_page = 2
    run = asyncio.create_task(
        daemon.request(
            "POST", "/ingest/run", params={"tenant_id": "acme", "wait": "true"}, status=200
        )
    )
    await hostile_provider.held.wait()
    await _page_stored(daemon, "acme", 1)  # its write may trail the fetch of page 2

    async with write_lock_held(str(tmp_path / "ticketd.db")):
        hostile_provider.release.set()
        _, report = await run

    assert report["status"] == "failed"
    assert "write lock" in report["error"]
    assert report["processed_pages"] == 1
    assert (await daemon.get("/tickets", tenant_id="acme"))["total"] == 10


async def _page_stored(daemon, tenant: str, pages: int) -> None:
    """Return once the tenant's active run has stored ``pages`` pages."""
    for _ in range(1500):
        active = (await daemon.get("/ingest/status", tenant_id=tenant))["active_job"]
        if active is not None and active["processed_pages"] >= pages:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"the run of {tenant} never stored {pages} pages")


async def _run_waiting_on_the_budget(daemon, hostile: HostileProvider) -> asyncio.Task:
    """Start a run (wait=true) and return once its first call (page 1) is
    answered: with one call a minute, the next call (the deleted list,
    asked before page 1 is stored) waits on the budget."""
    run = asyncio.create_task(
        daemon.request(
            "POST", "/ingest/run", params={"tenant_id": "acme", "wait": "true"}, status=200
        )
    )
    await hostile.page_served.wait()
    return run


async def test_a_run_whose_database_is_lost_fails_once_its_lease_expires(
    hostile_provider, start_daemon, tmp_path
):
    """1. A daemon with a 2 s lease and a budget of one call a minute starts
       a run; its second call waits on the budget.
    2. The database file is deleted: the shared budget and the lease can
       no longer be renewed.
    3. Once the lease expires unrenewed, the run ends failed with "lease
       lost: could not renew: ..." instead of waiting for ever."""
    daemon = await _daemon(
        start_daemon, tmp_path, hostile_provider, rate_limit_per_minute=1, lock_ttl_seconds=2
    )
    run = await _run_waiting_on_the_budget(daemon, hostile_provider)
    os.unlink(tmp_path / "ticketd.db")

    _, report = await asyncio.wait_for(run, 20)

    assert report["status"] == "failed"
    assert report["error"].startswith("lease lost: could not renew: ")
    assert "deleted" in report["error"]


async def test_a_cancel_reaches_a_local_run_without_the_database(
    hostile_provider, start_daemon, tmp_path
):
    """1. A run's second call waits on the budget (one call a minute).
    2. The database file is deleted.
    3. DELETE /ingest/{job_id} answers 202 at once: the run was told, and
       the reply says the request could not be recorded in the job.
    4. The run ends cancelled."""
    daemon = await _daemon(start_daemon, tmp_path, hostile_provider, rate_limit_per_minute=1)
    run = await _run_waiting_on_the_budget(daemon, hostile_provider)
    job_id = (await daemon.get("/ingest/status", tenant_id="acme"))["active_job"]["job_id"]
    os.unlink(tmp_path / "ticketd.db")

    _, cancel = await daemon.request("DELETE", f"/ingest/{job_id}", status=202)
    _, report = await asyncio.wait_for(run, 20)

    assert (cancel["cancel_requested"], cancel["cancel_recorded"]) == (True, False)
    assert report["status"] == "cancelled"


async def test_a_run_whose_end_could_not_be_recorded_shows_that_end(
    hostile_provider, start_daemon, tmp_path
):
    """1. A run waits on the budget (one call a minute, a 2 s lease); its
       live progress counts the wait.
    2. The database file is deleted: the run ends failed, with the error
       of whichever of its writes met the deletion first (its lease
       renewal: "lease lost: could not renew: ...", or another write:
       "sqlite: the database file ... was deleted while open"), and cannot
       write its end into the job.
    3. Its progress shows that end (failed, the error, not running), from
       this process, with figures no lower than the live view showed; a
       cancel answers 409. The tenant's status, read from the database,
       shows it too while a reader connection opened before the deletion
       serves it, and is a 503 (the database cannot be read) otherwise;
       which one answers is up to the reader pool, so both are accepted."""
    daemon = await _daemon(
        start_daemon, tmp_path, hostile_provider, rate_limit_per_minute=1, lock_ttl_seconds=2
    )
    run = await _run_waiting_on_the_budget(daemon, hostile_provider)
    job_id = (await daemon.get("/ingest/status", tenant_id="acme"))["active_job"]["job_id"]
    for _ in range(500):  # page 1 is served; the next call may not wait yet
        live = await daemon.get(f"/ingest/progress/{job_id}")
        assert live["status"] == "running"
        if live["waiting"] == "budget":
            break
        await asyncio.sleep(0.02)
    assert live["waiting"] == "budget", live
    os.unlink(tmp_path / "ticketd.db")
    _, report = await asyncio.wait_for(run, 20)
    assert report["error"].startswith(
        ("lease lost: could not renew: ", "sqlite: the database file ")
    ), report["error"]
    assert "deleted" in report["error"], report["error"]

    progress = await daemon.get(f"/ingest/progress/{job_id}")
    assert (progress["status"], progress["error"]) == ("failed", report["error"])
    assert progress["stalled"] is False
    for name, value in live["counts"].items():
        if isinstance(value, int | float):
            assert progress["counts"][name] >= value, name
    assert progress["counts"]["budget_wait_seconds"] > 0
    code, status = await daemon.request("GET", "/ingest/status", params={"tenant_id": "acme"})
    if code == 503:
        assert status["error"]["code"] == "unavailable", status
    else:
        assert code == 200, status
        assert status["active_job"] is None
        assert (status["last_run"]["job_id"], status["last_run"]["status"]) == (job_id, "failed")
    await daemon.request("DELETE", f"/ingest/{job_id}", status=409)
