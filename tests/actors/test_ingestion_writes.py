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


async def test_a_stop_that_cancels_a_page_write_still_counts_the_page(harness, monkeypatch):  # noqa: F811
    """1. A page's write is slow (the writer thread is held 0.3 s) and the
       run's stop grace is shorter, so the stop cancels the run mid-write.
    2. The write commits anyway, the job's progress with it.
    3. The job record the run ends with counts that page: its metrics agree
       with its processed pages and with the tickets it stored (before, the
       run's report skipped the page and overwrote the metrics with it)."""
    import ticketd.actors.ingestion as ingestion
    import ticketd.store.sqlite_tickets as sqlite_tickets

    monkeypatch.setattr(ingestion, "SHUTDOWN_GRACE_SECONDS", 0.05)
    h = await harness(tickets=60)
    loop = asyncio.get_running_loop()
    began, committed = asyncio.Event(), asyncio.Event()
    apply_tickets = sqlite_tickets.apply_tickets
    held = threading.Event()

    def slow_page_write(conn, *args, **kwargs):
        progress = kwargs.get("progress", args[5] if len(args) > 5 else None)
        if progress is None or held.is_set():
            return apply_tickets(conn, *args, **kwargs)
        held.set()
        loop.call_soon_threadsafe(began.set)
        threading.Event().wait(0.3)  # the writer thread is busy
        try:
            return apply_tickets(conn, *args, **kwargs)
        finally:
            loop.call_soon_threadsafe(committed.set)

    monkeypatch.setattr(sqlite_tickets, "apply_tickets", slow_page_write)
    accepted = await h.start_run()
    await asyncio.wait_for(began.wait(), 10)
    await h.supervisor.stop_all(timeout=5)
    await asyncio.wait_for(accepted.finished, 10)
    await asyncio.wait_for(committed.wait(), 10)

    conn = sqlite3.connect(h.store._file)
    status, processed, metrics = conn.execute(
        "SELECT status, processed_pages, metrics FROM ingestion_jobs WHERE job_id = ?",
        (accepted.job_id,),
    ).fetchone()
    stored = conn.execute(
        "SELECT count(*) FROM ticket_history WHERE job_id = ? AND action = 'created'",
        (accepted.job_id,),
    ).fetchone()[0]
    conn.close()
    metrics = orjson.loads(metrics)
    assert status == "interrupted"
    assert stored > 0
    assert (metrics["pages"], metrics["created"]) == (processed, stored)
