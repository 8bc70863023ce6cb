"""The notifier when the database refuses to record a delivery /notify
accepted, for longer than the entry's claim lasts: a real SQLite file whose
write lock another process holds, a loopback /notify, a fake clock."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp
from aiohttp import web

from tests.actors.test_notifier import SlowPermits, urgent
from tests.sqlite_lock_holder import write_lock_held
from ticketd.actors import Supervisor
from ticketd.actors.notifier import NotifierActor, NotifierConfig
from ticketd.clock import FakeClock
from ticketd.domain.backoff import Backoff
from ticketd.errors import Unavailable
from ticketd.external import ProviderClient
from ticketd.metrics import Metrics
from ticketd.store import make_store


class RefusedMarks:
    """The real store; ``refused`` is set each time a ``mark_delivered``
    failed because the database refused it, ``marked`` once one succeeded."""

    def __init__(self, store) -> None:
        self._store = store
        self.refused = asyncio.Event()
        self.marked = asyncio.Event()

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    async def mark_delivered(self, *args, **kwargs) -> bool:
        try:
            written = await self._store.mark_delivered(*args, **kwargs)
        except Unavailable:
            self.refused.set()
            raise
        self.marked.set()
        return written


# The notifier's tasks that wait on its clock when it has nothing else to
# do: the delivery loop (for its next try, at most ``POLL_SECONDS`` away)
# and the claim renewals.
IDLE_SLEEPERS = 2
POLL_SECONDS = 1.0


async def next_try(clock: FakeClock) -> None:
    """Once the notifier waits on its clock, move the clock to its delivery
    loop's next try."""
    await asyncio.wait_for(clock.until_sleeping(IDLE_SLEEPERS), 10)
    await clock.advance(POLL_SECONDS)


async def test_a_delivery_unrecorded_past_its_claim_is_not_sent_again(tmp_path):
    """1. One urgent notification is pending; the store gives up on the
       write lock after 0.2 s.
    2. /notify accepts it; just before it answers, another process takes
       the database's write lock: recording the delivery fails.
    3. Time moves well past the claim's lifetime (2 minutes) while the
       lock is held, and recording fails once more after that.
    4. The lock is freed; the next try records the delivery; time moves
       on 5 minutes.
    5. The notification was sent once and is recorded delivered."""
    path = tmp_path / "n.db"
    clock = FakeClock()
    real_store = make_store(f"sqlite:///{path}", clock=clock, timeout_seconds=0.2)
    await real_store.open()
    await real_store.apply_tickets("acme", [urgent(0)], job_id=None)
    store = RefusedMarks(real_store)
    received: list[tuple[str, str]] = []
    locks = contextlib.AsyncExitStack()

    async def notify(request: web.Request) -> web.Response:
        received.append(((await request.json())["ticket_id"], request.headers["Idempotency-Key"]))
        if len(received) == 1:
            await locks.enter_async_context(write_lock_held(str(path)))
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/notify", notify)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    supervisor = Supervisor()
    try:
        async with aiohttp.ClientSession() as session:
            client = ProviderClient(
                session, url, permits=SlowPermits(0), clock=clock, backoff=Backoff()
            )
            config = NotifierConfig(
                store=store, provider=client, clock=clock, metrics=Metrics(), owner="me",
                poll_seconds=POLL_SECONDS,
            )  # fmt: skip
            await supervisor.start_child("notifier", lambda: NotifierActor(config))
            await asyncio.wait_for(store.refused.wait(), 10)  # recording failed
            await clock.advance(120)  # 3. six times the claim's lifetime
            await asyncio.wait_for(clock.until_sleeping(IDLE_SLEEPERS), 10)
            store.refused.clear()
            await next_try(clock)  # a try after the claim ran out
            await asyncio.wait_for(store.refused.wait(), 10)
            await locks.aclose()  # 4. the lock is free again
            await next_try(clock)
            await asyncio.wait_for(store.marked.wait(), 10)
            await clock.advance(300)
            summary = await real_store.outbox_summary()
            assert await supervisor.stop_all(timeout=5) == []
    finally:
        await locks.aclose()
        await runner.cleanup()
        await real_store.close()
    assert [ticket for ticket, _ in received] == ["ext-0"]
    assert (summary.pending, summary.delivered) == (0, 1)
