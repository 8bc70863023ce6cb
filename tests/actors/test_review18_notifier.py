"""review18: a dead-letter the database refuses (a full disk) is logged
and counted as dead at every retry of the still-pending entry."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from aiohttp import web

from tests.actors.test_notifier import urgent
from tests.actors.test_notifier_outage import OutcomeStore
from ticketd.actors import Supervisor
from ticketd.actors.notifier import NotifierActor, NotifierConfig
from ticketd.clock import SystemClock
from ticketd.domain.backoff import Backoff
from ticketd.errors import Unavailable
from ticketd.external import ProviderClient, UnlimitedPermits
from ticketd.metrics import Metrics
from ticketd.store import make_store


class RefusingDead(OutcomeStore):
    """mark_dead refused as on a full disk; ``refused`` set after 3."""

    def __init__(self, store) -> None:
        super().__init__(store)
        self.refusals = 0
        self.refused = asyncio.Event()

    async def mark_dead(self, *args, **kwargs) -> None:
        self.refusals += 1
        if self.refusals >= 3:
            self.refused.set()
        raise Unavailable("sqlite: database or disk is full")


async def test_a_refused_dead_letter_is_not_logged_dead_at_every_retry(
    tmp_path, aiohttp_server, caplog
):
    posts = 0

    async def notify(request: web.Request) -> web.Response:
        nonlocal posts
        posts += 1
        return web.json_response({"error": "bad payload"}, status=400)

    app = web.Application()
    app.router.add_post("/notify", notify)
    server = await aiohttp_server(app)
    clock = SystemClock()
    real = make_store(f"sqlite:///{tmp_path}/n.db", clock=clock)
    store = RefusingDead(real)
    await store.open()
    await store.apply_tickets("acme", [urgent(0)], job_id=None)  # ONE entry
    supervisor = Supervisor()
    caplog.set_level(logging.WARNING)
    try:
        async with aiohttp.ClientSession() as session:
            url = str(server.make_url("")).rstrip("/")
            client = ProviderClient(
                session, url, permits=UnlimitedPermits(), clock=clock, backoff=Backoff()
            )
            config = NotifierConfig(
                store=store, provider=client, clock=clock, metrics=Metrics(), owner="me",
                max_attempts=1, poll_seconds=0.05, timeout_seconds=0.2,
                breaker_window=100, breaker_failures=100,
            )  # fmt: skip
            await supervisor.start_child("notifier", lambda: NotifierActor(config))
            await asyncio.wait_for(store.refused.wait(), 60)
            assert await supervisor.stop_all(timeout=10) == []
        summary = await real.outbox_summary()
        messages = [r.getMessage() for r in caplog.records]
        print("posts", posts, "dead-lettered logs", messages.count("notification dead-lettered"))
        assert summary.pending == 1 and summary.dead == 0  # it is not dead
        # ... yet every claim expiry re-POSTs it and logs it dead-lettered again
        assert messages.count("notification dead-lettered") <= 1, messages
    finally:
        await store.close()
