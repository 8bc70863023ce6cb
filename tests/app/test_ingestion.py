"""Ingestion commands over a real SQLite store and the real mock provider:
a cancel of a run this process does not own is one job read and one
conditional write; the caller's tenant check runs before anything changes.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest

from ticketd.actors import Supervisor
from ticketd.actors.ingestion import IngestionConfig
from ticketd.app import IngestionCommands
from ticketd.clock import FakeClock
from ticketd.domain.backoff import Backoff
from ticketd.errors import Conflict, Forbidden, NotFound
from ticketd.external import ProviderClient, UnlimitedPermits
from ticketd.metrics import Metrics
from ticketd.store import JobRecord, Store, make_store

START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
JOB_ID = "0123456789abcdef" * 2


class CountingStore:
    """The real store, counting the calls made through it."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if not callable(attribute):
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return attribute(*args, **kwargs)

        return counted


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=START)


@pytest.fixture
async def commands(tmp_path, provider, clock):
    """Ingestion commands of one process over a store where another
    replica ("replica-b") runs job ``JOB_ID`` of tenant acme."""
    store = make_store(f"sqlite:///{tmp_path}/t.db", clock=clock)
    await store.open()
    await store.create_job(
        JobRecord(job_id=JOB_ID, tenant_id="acme", owner="replica-b", status="running",
                  started_at=START)
    )  # fmt: skip
    session = aiohttp.ClientSession()
    counting = CountingStore(store)
    supervisor = Supervisor()
    client = ProviderClient(
        session, provider.url, permits=UnlimitedPermits(), clock=clock, backoff=Backoff()
    )
    config = IngestionConfig(
        store=counting, provider=client, clock=clock, metrics=Metrics(), instance_id="replica-a",
        lease_ttl_seconds=60, page_size=100, stall_seconds=120,
    )  # fmt: skip
    yield IngestionCommands(supervisor=supervisor, config=config), counting
    await supervisor.stop_all(timeout=5)
    await session.close()
    await store.close()


async def test_cancel_of_another_replicas_run_is_one_read_and_one_write(commands):
    ingestion, store = commands
    reply = await ingestion.cancel_run(JOB_ID)
    assert reply.recorded is True
    assert (reply.view.job_id, reply.view.status) == (JOB_ID, "running")
    assert reply.view.cancel_requested is True
    assert store.calls == Counter({"get_job": 1, "request_cancel": 1})
    job = await store.get_job(JOB_ID)
    assert job is not None and job.cancel_requested


async def test_cancel_of_a_finished_run_is_a_conflict_naming_its_status(commands):
    ingestion, store = commands
    await store.finish_job(JOB_ID, status="completed", metrics={}, error=None)
    store.calls.clear()
    with pytest.raises(Conflict, match=r"already finished \(completed\)"):
        await ingestion.cancel_run(JOB_ID)
    assert store.calls == Counter({"get_job": 1})


async def test_the_tenant_check_runs_before_the_cancel_is_recorded(commands):
    ingestion, store = commands
    checked: list[str] = []

    def authorize(tenant_id: str) -> None:
        checked.append(tenant_id)
        raise Forbidden(f"this token does not cover tenant {tenant_id}")

    with pytest.raises(Forbidden):
        await ingestion.cancel_run(JOB_ID, authorize=authorize)
    assert checked == ["acme"]
    assert "request_cancel" not in store.calls
    job = await store.get_job(JOB_ID)
    assert job is not None and not job.cancel_requested


async def test_an_unknown_job_is_not_found(commands):
    ingestion, _ = commands
    with pytest.raises(NotFound):
        await ingestion.cancel_run("f" * 32)
    with pytest.raises(NotFound):
        await ingestion.job_progress("f" * 32)


async def test_a_swept_jobs_duration_ends_at_its_last_progress_write(commands, clock):
    """1. Replica-b's run writes its progress 10 s after its start, then
       its process dies (its lease is gone).
    2. Three hours later a sweep ends it (interrupted).
    3. Its duration is the 10 s up to its last progress write, the last
       moment it was known alive, not the three hours up to the sweep."""
    ingestion, store = commands
    await clock.advance(10)  # 1.
    await store.update_job(JOB_ID, total_pages=4, processed_pages=1, metrics={"pages": 1})
    await clock.advance(3 * 3600)  # 2.
    assert await store.interrupt_orphaned_jobs() == [JOB_ID]
    view = await ingestion.job_progress(JOB_ID)  # 3.
    assert view.status == "interrupted"
    assert view.report.duration_seconds == 10.0
