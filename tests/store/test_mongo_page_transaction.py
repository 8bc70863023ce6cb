"""A page of tickets on MongoDB is one transaction: its tickets, history,
outbox entries, rollups and the job's progress are stored together or not
at all, and a transient failure (a write conflict, a primary stepping
down) runs the page again whole. Failures come from the server's
``failCommand`` fail point, over the wire."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pymongo
import pytest

from ticketd.errors import Unavailable
from ticketd.store import ApplyResult, JobProgress, JobRecord, TicketFilter

from .conftest import START, printer_ticket

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def admin(mongo_server) -> AsyncIterator[Any]:
    """A client of the test itself, for the fail points."""
    client: Any = pymongo.AsyncMongoClient(mongo_server.url)
    yield client
    await client.admin.command({"configureFailPoint": "failCommand", "mode": "off"})
    await client.close()


async def fail_next(admin: Any, command: str, **data: Any) -> None:
    await admin.admin.command(
        {
            "configureFailPoint": "failCommand",
            "mode": {"times": 1},
            "data": {"failCommands": [command], **data},
        }
    )


async def write_page(store: Any, lease: Any) -> ApplyResult:
    """Page 1 of 4 of job-1: one urgent new ticket, one calm one."""

    def progress(result: ApplyResult) -> JobProgress:
        return JobProgress("job-1", 4, 1, {"created": float(result.count("created"))})

    page = [
        printer_ticket("T-1", urgency="high", sentiment="negative", requires_action=True),
        printer_ticket("T-2"),
    ]
    return await store.apply_tickets("acme", page, job_id="job-1", fence=lease, progress=progress)


async def stored(store: Any) -> dict[str, Any]:
    tickets = await store.list_tickets("acme", TicketFilter(), page=1, page_size=10)
    stats = await store.tenant_stats("acme", from_date=None, to_date=START)
    return {
        "tickets": sorted(t.external_id for t in tickets.tickets),
        "history": [
            [h.action for h in await store.ticket_history("acme", ext, limit=5)]
            for ext in ("T-1", "T-2")
        ],
        "outbox": len(await store.list_outbox("acme", status="pending", limit=5)),
        "rollup total": stats.total_tickets,
        "processed pages": (await store.get_job("job-1")).processed_pages,
    }


@pytest.fixture
async def running(mongo_store) -> Any:
    lease = await mongo_store.acquire_lease("acme", "replica-a", 60)
    await mongo_store.create_job(JobRecord("job-1", "acme", "replica-a", "running", START))
    return lease


async def test_a_failed_progress_write_stores_nothing_of_the_page(mongo_store, running, admin):
    """The job's progress write fails (not a transient error): the page's
    tickets, history, notification and rollups are not stored either, and
    the caller's retry stores the page once, progress included. (Before,
    without a transaction, the tickets stayed stored a page ahead of the
    progress.)"""
    await fail_next(admin, "findAndModify", errorCode=2)
    with pytest.raises(Unavailable):
        await write_page(mongo_store, running)
    assert await stored(mongo_store) == {
        "tickets": [], "history": [[], []], "outbox": 0, "rollup total": 0, "processed pages": 0,
    }  # fmt: skip

    result = await write_page(mongo_store, running)

    assert result.count("created") == 2
    assert await stored(mongo_store) == {
        "tickets": ["T-1", "T-2"], "history": [["created"], ["created"]], "outbox": 1,
        "rollup total": 2, "processed pages": 1,
    }  # fmt: skip


@pytest.mark.parametrize("command", ["update", "findAndModify", "commitTransaction"])
async def test_a_transient_failure_runs_the_page_again_whole(mongo_store, running, admin, command):
    """A write conflict on a statement or on the commit (labelled
    transient, as the server labels it inside a transaction): the page is
    written again from its planning read, and stored once."""
    await fail_next(admin, command, errorCode=112, errorLabels=["TransientTransactionError"])
    result = await write_page(mongo_store, running)
    assert result.count("created") == 2
    assert await stored(mongo_store) == {
        "tickets": ["T-1", "T-2"], "history": [["created"], ["created"]], "outbox": 1,
        "rollup total": 2, "processed pages": 1,
    }  # fmt: skip


async def test_records_left_by_a_half_done_write_are_met_not_duplicated(mongo_store, running):
    """A version without transactions could store a page's history record
    and outbox entry and die before the ticket. The page written again
    meets both (their unique keys abort the first try; the second reads
    them first): the tickets are stored, with one ``created`` record each
    and the one notification queued before."""
    await write_page(mongo_store, running)
    await mongo_store.database["tickets"].delete_many({"tenant_id": "acme"})

    result = await write_page(mongo_store, running)

    assert result.count("created") == 2
    assert [o.notification_queued for o in result.outcomes] == [False, False]
    page = await mongo_store.list_tickets("acme", TicketFilter(), page=1, page_size=10)
    assert sorted(t.external_id for t in page.tickets) == ["T-1", "T-2"]
    for ext in ("T-1", "T-2"):
        history = await mongo_store.ticket_history("acme", ext, limit=5)
        assert [h.action for h in history] == ["created"]
    assert len(await mongo_store.list_outbox("acme", status="pending", limit=5)) == 1


async def test_a_commit_whose_outcome_stays_unknown_fails_instead_of_running_the_page_again(
    mongo_store, running, monkeypatch
):
    """The commit lands but its answer is lost, every time it is tried
    (a connection closed after the commit was sent). Running the page
    again read its own writes and reported both new tickets "unchanged",
    with 0 created in the job's progress; now the write fails as
    unavailable and the page stands stored once, its progress with it."""
    from pymongo.asynchronous.client_session import AsyncClientSession

    commit = AsyncClientSession.commit_transaction

    async def answer_lost(session: Any) -> None:
        await commit(session)
        lost = pymongo.errors.AutoReconnect("connection closed after the commit was sent")
        lost._add_error_label("UnknownTransactionCommitResult")
        lost._add_error_label("RetryableWriteError")
        raise lost

    monkeypatch.setattr(AsyncClientSession, "commit_transaction", answer_lost)
    with pytest.raises(Unavailable):
        await write_page(mongo_store, running)
    monkeypatch.undo()
    after = await stored(mongo_store)
    assert after["tickets"] == ["T-1", "T-2"] and after["history"] == [["created"]] * 2
    assert (await mongo_store.get_job("job-1")).metrics["created"] == 2
