"""Writing the end of a run later (``RunEnds``) against a real
SQLite store: what is tried again and what is not."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from ticketd.actors.ingestion_end import RETRY_SECONDS, RunEnd, RunEnds
from ticketd.clock import FakeClock
from ticketd.store import JobRecord, make_store


def end(job_id: str, status: str) -> RunEnd:
    return RunEnd(
        job_id=job_id,
        status=status,
        metrics={"pages": 1.0},
        error=None,
        release_lease=True,
        ended_at=datetime(2026, 1, 1, 0, 5, tzinfo=UTC),
        recorded=asyncio.Event(),
    )


async def test_an_end_refused_for_what_it_is_is_reported_not_tried_again(tmp_path, caplog):
    """1. A running job; its end is kept with a status the store rejects
       (not a final status: a refusal no retry can cure).
    2. The retry task tries once, one retry interval on.
    3. It is done with the end: the task ends, an error names the job, and
       the record still says ``running`` (the job sweeper ends it once its
       lease expires)."""
    clock = FakeClock()
    store = make_store(f"sqlite:///{tmp_path}/e.db", clock=clock)
    await store.open()
    ends = RunEnds(store, clock)
    ends.keep(end("j1", "running"))  # 1.
    retrying = asyncio.ensure_future(ends.record_until_done())
    try:
        job = JobRecord(job_id="j1", tenant_id="acme", owner="o", status="running",
                        started_at=clock.now())  # fmt: skip
        await store.create_job(job)
        await clock.until_sleeping()
        with caplog.at_level(logging.ERROR, logger="ticketd.actors.ingestion"):
            await clock.advance(RETRY_SECONDS)  # 2.
            await asyncio.wait({retrying}, timeout=5)
        assert retrying.done() and retrying.exception() is None  # 3.
        assert not ends
        refused = [r for r in caplog.records if getattr(r, "job_id", None) == "j1"]
        assert [r.levelno for r in refused] == [logging.ERROR]
        assert (await store.get_job("j1")).status == "running"
    finally:
        retrying.cancel()
        await asyncio.wait({retrying})
        await store.close()


async def test_an_end_the_database_refuses_for_now_is_tried_again(tmp_path):
    """1. The store is closed (``Unavailable``): the end is refused, kept.
    2. The store opens again; the next try writes it: the record gets the
       run's status."""
    clock = FakeClock()
    store = make_store(f"sqlite:///{tmp_path}/e.db", clock=clock)
    await store.open()
    job = JobRecord(job_id="j1", tenant_id="acme", owner="o", status="running",
                    started_at=clock.now())  # fmt: skip
    await store.create_job(job)
    await store.close()
    ends = RunEnds(store, clock)
    assert not await ends.record(end("j1", "completed"))  # 1.
    ends.keep(end("j1", "completed"))
    await store.open()  # 2.
    try:
        await ends.flush()
        assert not ends
        assert (await store.get_job("j1")).status == "completed"
    finally:
        await store.close()
