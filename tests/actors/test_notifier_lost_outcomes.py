"""A delivery whose claim another replica took before its outcome was
written: the notifier neither logs nor counts an outcome the store did not
write (a real SQLite file shared by two stores, a loopback /notify)."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import timedelta

import aiohttp
import pytest
from aiohttp import web

from tests.actors.test_notifier import loopback_client, urgent
from ticketd.actors import Supervisor
from ticketd.actors.notifier import NotifierActor, NotifierConfig
from ticketd.clock import FakeClock, SystemClock
from ticketd.metrics import Metrics
from ticketd.store import make_store

pytestmark = pytest.mark.timeout(30)


class ClaimTakenBeforeOutcome:
    """The notifier's real store; right before it writes a delivery's
    outcome (``mark_dead``, ``mark_delivered``), another replica (a store
    on the same file whose clock is an hour ahead, past the claim) claims
    the entry, as after a freeze of this process. ``tried`` is set once
    the outcome's write returned."""

    def __init__(self, store, other) -> None:
        self._store = store
        self._other = other
        self.tried = asyncio.Event()
        self.written: list[bool] = []

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    async def _outcome(self, write, *args, **kwargs) -> bool:
        taken = await self._other.claim_notifications("b", limit=1, lease_seconds=60)
        assert len(taken) == 1
        written = await write(*args, **kwargs)
        self.written.append(written)
        self.tried.set()
        return written

    async def mark_dead(self, *args, **kwargs) -> bool:
        return await self._outcome(self._store.mark_dead, *args, **kwargs)

    async def mark_delivered(self, *args, **kwargs) -> bool:
        return await self._outcome(self._store.mark_delivered, *args, **kwargs)

    async def schedule_retry(self, *args, **kwargs) -> bool:
        return await self._outcome(self._store.schedule_retry, *args, **kwargs)


def deliveries(metrics: Metrics, result: str) -> float:
    text = metrics.render().decode()
    found = re.search(rf'^ticketd_notify_deliveries_total{{result="{result}"}} (\S+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


async def run_until_outcome(tmp_path, aiohttp_server, status: int, *, max_attempts: int = 1):
    """One urgent notification, /notify answering ``status``, a notifier
    giving up after ``max_attempts`` attempts; returns its metrics and the other store's
    view of the outbox once the outcome's write was tried."""

    async def notify(request: web.Request) -> web.Response:
        return web.json_response({"ok": status < 300}, status=status)

    app = web.Application()
    app.router.add_post("/notify", notify)
    server = await aiohttp_server(app)
    clock = SystemClock()
    path = f"sqlite:///{tmp_path}/n.db"
    store = make_store(path, clock=clock)
    other = make_store(path, clock=FakeClock(start=clock.now() + timedelta(hours=1)))
    await store.open()
    await other.open()
    metrics = Metrics()
    try:
        await store.apply_tickets("acme", [urgent(0)], job_id=None)
        watched = ClaimTakenBeforeOutcome(store, other)
        supervisor = Supervisor()
        async with aiohttp.ClientSession() as session:
            client = loopback_client(session, server, clock)
            config = NotifierConfig(
                store=watched, provider=client, clock=clock, metrics=metrics, owner="a",
                poll_seconds=0.05, max_attempts=max_attempts,
            )  # fmt: skip
            await supervisor.start_child("notifier", lambda: NotifierActor(config))
            await asyncio.wait_for(watched.tried.wait(), 10)
            assert await supervisor.stop_all(timeout=5) == []
        summary = await other.outbox_summary()
        return metrics, watched.written, summary
    finally:
        await other.close()
        await store.close()


async def test_a_dead_letter_lost_to_another_claimer_is_not_logged_or_counted(
    tmp_path, aiohttp_server, caplog
):
    """1. /notify refuses the payload (400); the entry has one attempt, so
       the notifier dead-letters it.
    2. Right before the dead-letter is written, another replica claims
       the entry (this notifier's claim ran out).
    3. Nothing is written: the entry is pending under the other claim; the
       notifier counts the attempt failed, not dead, and logs no
       dead-letter but a warning naming the lost claim."""
    caplog.set_level(logging.INFO, logger="ticketd.actors.notifier")
    metrics, written, summary = await run_until_outcome(tmp_path, aiohttp_server, 400)

    assert written == [False]
    assert (summary.pending, summary.dead) == (1, 0)
    assert deliveries(metrics, "dead") == deliveries(metrics, "lost") == 0
    assert deliveries(metrics, "failed") == 1
    messages = [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if "dead-lettered" in m]
    assert [m for m in messages if "dead-letter not written" in m]


async def test_a_retry_lost_to_another_claimer_counts_the_attempt_failed_once(
    tmp_path, aiohttp_server, caplog
):
    """1. /notify answers 503; the entry may be tried twice, so the
       notifier schedules a retry.
    2. Right before the retry is written, another replica claims the
       entry (this notifier's claim ran out).
    3. Nothing is written: the entry is pending under the other claim; the
       notifier counts the attempt failed once, not lost as well (as for
       a lost dead-letter), and warns that the retry was not written."""
    caplog.set_level(logging.INFO, logger="ticketd.actors.notifier")
    metrics, written, summary = await run_until_outcome(
        tmp_path, aiohttp_server, 503, max_attempts=2
    )

    assert written == [False]
    assert summary.pending == 1
    assert deliveries(metrics, "lost") == deliveries(metrics, "dead") == 0
    assert deliveries(metrics, "failed") == 1
    assert [r for r in caplog.records if "retry not written" in r.getMessage()]


async def test_an_accepted_delivery_lost_to_another_claimer_says_it_is_not_recorded(
    tmp_path, aiohttp_server, caplog
):
    """1. /notify accepts the delivery.
    2. Right before it is recorded delivered, another replica claims the
       entry (this notifier's claim ran out).
    3. Nothing is written: the entry is pending under the other claim, and
       the notifier warns that the accepted delivery was not recorded."""
    caplog.set_level(logging.INFO, logger="ticketd.actors.notifier")
    metrics, written, summary = await run_until_outcome(tmp_path, aiohttp_server, 200)

    assert written == [False]
    assert (summary.pending, summary.delivered) == (1, 0)
    assert deliveries(metrics, "delivered") == 1  # /notify did accept it
    assert [r for r in caplog.records if "accepted but not recorded" in r.getMessage()]
