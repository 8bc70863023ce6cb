"""The writes an ingestion run makes on SQLite: how many writer
transactions, and that every state between them (all a kill -9 can leave
behind) has the job's progress agree with the stored tickets. A real
SQLite file, the mock provider on a loopback port, the real limiter."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import orjson

from tests.actors.test_ingestion import harness  # noqa: F401 (the fixture)


class WriterTrace:
    """Every write transaction the store's writer connection begins, and a
    look at the file, from a connection of its own, just before each one:
    the committed state a process killed at that moment leaves behind."""

    def __init__(self, store, check=None) -> None:
        self.conn = store._writer_conn  # the one connection every write goes through
        self.path = store._file
        self.check = check
        self.begins = 0
        self.problems: list[str] = []
        self._lock = threading.Lock()

    def __enter__(self) -> WriterTrace:
        self.conn.set_trace_callback(self._statement)
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.set_trace_callback(None)

    def _statement(self, sql: str) -> None:  # on the writer thread
        if not sql.startswith("BEGIN"):
            return
        with self._lock:
            self.begins += 1
            if self.check is not None:
                with sqlite3.connect(self.path) as look:
                    problem = self.check(look)
                if problem:
                    self.problems.append(problem)


def progress_disagrees(look: sqlite3.Connection) -> str | None:
    """The running job's counts against the history lines it wrote (one per
    created, updated or restored ticket)."""
    row = look.execute(
        "SELECT job_id, metrics FROM ingestion_jobs WHERE status = 'running'"
    ).fetchone()
    if row is None:
        return None
    job_id, metrics = row[0], orjson.loads(row[1])
    counted = sum(int(metrics.get(k, 0)) for k in ("created", "updated", "restored"))
    written = look.execute(
        "SELECT count(*) FROM ticket_history WHERE job_id = ?", (job_id,)
    ).fetchone()[0]
    if counted != written:
        return f"job {job_id} counts {counted} written tickets, the file holds {written}"
    return None


async def test_a_page_is_one_writer_transaction_and_a_start_two(harness):  # noqa: F811
    """3 pages of 20: the lease, the job record (with the tenant's orphan
    sweep), one transaction per page (tickets and progress), the end."""
    h = await harness(tickets=60)
    with WriterTrace(h.store) as trace:
        accepted = await h.start_run()
        view = await asyncio.wait_for(accepted.finished, 30)
    assert view.status == "completed"
    assert view.report.pages == 3
    assert trace.begins == 2 + 3 + 1


async def test_progress_and_tickets_agree_between_any_two_writes(harness):  # noqa: F811
    """Before each write transaction of a run, the committed file has the
    running job's counts equal to the tickets it wrote, so a kill -9 at any
    point leaves /ingest/progress true to the stored tickets."""
    h = await harness(tickets=100)
    with WriterTrace(h.store, progress_disagrees) as trace:
        accepted = await h.start_run()
        view = await asyncio.wait_for(accepted.finished, 30)
    assert view.status == "completed" and view.report.created > 0
    assert trace.begins > 5
    assert trace.problems == []
    job = await h.store.get_job(accepted.job_id)
    assert job.metrics["created"] == view.report.created
    assert job.processed_pages == view.report.pages == 5
