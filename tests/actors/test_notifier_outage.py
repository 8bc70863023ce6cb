"""What spends a notification's attempt budget: a long /notify outage with
the breaker at its defaults (its trial calls and the failures of a
provider that fails as a whole do not; age bounds an outage), and a
payload the provider refuses (a 4xx: it does). The notifier with a real
SQLite file and the mock provider or a loopback /notify."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from aiohttp import web

from tests.actors.test_notifier import urgent
from tests.actors.test_notifier_claims import ACCEPTING, deliveries, sent
from ticketd.actors import Supervisor
from ticketd.actors.notifier import OUTBOX_UNAVAILABLE, NotifierActor, NotifierConfig
from ticketd.actors.notifier_sending import UNRECORDED_OUTCOMES
from ticketd.clock import FakeClock, SystemClock
from ticketd.domain.backoff import Backoff
from ticketd.errors import Unavailable
from ticketd.external import ProviderClient, UnlimitedPermits
from ticketd.metrics import Metrics
from ticketd.store import make_store

# The notifier's timers when it is idle: its delivery loop's wait for work
# and its claim renewals' wait for the next round.
IDLE_SLEEPERS = 2


class OutcomeStore:
    """The real store; counts the claims under way, the entries claimed
    and the outcomes written (retry, dead, delivered) and sets ``changed``
    at each."""

    def __init__(self, store) -> None:
        self._store = store
        self.claimed = 0
        self.outcomes = 0
        self.delivered = 0
        self.dead = 0
        self.claiming = 0  # claims under way
        self.changed = asyncio.Event()

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    def _count(self, outcomes: int = 0, claimed: int = 0) -> None:
        self.outcomes += outcomes
        self.claimed += claimed
        self.changed.set()

    async def claim_notifications(self, *args, **kwargs):
        self.claiming += 1
        try:
            entries = await self._store.claim_notifications(*args, **kwargs)
        finally:
            self.claiming -= 1
        self._count(claimed=len(entries))
        return entries

    async def schedule_retry(self, *args, **kwargs) -> bool:
        written = await self._store.schedule_retry(*args, **kwargs)
        self._count(outcomes=1)
        return written

    async def mark_dead(self, *args, **kwargs) -> bool:
        written = await self._store.mark_dead(*args, **kwargs)
        self.dead += 1
        self._count(outcomes=1)
        return written

    async def until_dead(self, count: int) -> None:
        while self.dead < count:
            self.changed.clear()
            await self.changed.wait()

    async def mark_delivered(self, *args, **kwargs) -> bool:
        written = await self._store.mark_delivered(*args, **kwargs)
        self.delivered += 1
        self._count(outcomes=1)
        return written

    async def settled(self, clock: FakeClock) -> None:
        """Until no claim is under way, every entry claimed so far has its
        outcome, and the notifier's delivery loop and claim renewals are
        both parked on the clock (asleep until their next wake-up)."""
        while True:
            while self.claiming or self.outcomes != self.claimed:
                self.changed.clear()
                await self.changed.wait()
            await clock.until_sleeping(IDLE_SLEEPERS)
            if not self.claiming and self.outcomes == self.claimed:
                return

    async def run_for(self, clock: FakeClock, seconds: int, *, until_delivered: int = 0) -> None:
        """Move the clock on a second at a time, each once the notifier is
        idle (so no delivery outlives its claim or time-out on the fake
        clock, and its wake-ups keep their cadence); stops early once
        ``until_delivered`` were delivered."""
        for _ in range(seconds):
            if until_delivered and self.delivered >= until_delivered:
                return
            await clock.advance(1.0)
            await asyncio.wait_for(self.settled(clock), 10)


async def test_an_outage_of_half_an_hour_spends_no_attempt_budget(tmp_path, start_provider):
    """1. Three urgent notifications; /notify answers 503 to everything.
       Settings at their defaults (breaker 5 of 10, open 30 s, backoff
       capped at 60 s, 12 attempts, 24 h).
    2. 40 minutes pass (a second at a time); every 30 to 60 s the
       breaker admits its trial (at first, while still closed, the due
       retries) and it fails.
    3. /notify heals: within 90 s (the breaker's 30 s, the 60 s backoff
       cap) every entry is delivered.
    4. Each delivered once, none dead, and no entry's budget spent by
       the outage beyond the failures before the breaker opened."""
    provider = await start_provider(**ACCEPTING)
    await provider.post(
        "/_control/faults",
        {"faults": [{"kind": "error", "endpoint": "notify", "status": 503, "times": 100_000}]},
    )
    clock = FakeClock()
    store = OutcomeStore(make_store(f"sqlite:///{tmp_path}/n.db", clock=clock))
    await store.open()
    await store.apply_tickets("acme", [urgent(n) for n in range(3)], job_id=None)
    supervisor = Supervisor()
    try:
        async with aiohttp.ClientSession() as session:
            client = ProviderClient(
                session, provider.url, permits=UnlimitedPermits(), clock=clock, backoff=Backoff()
            )
            config = NotifierConfig(
                store=store, provider=client, clock=clock, metrics=Metrics(), owner="me",
                backoff=Backoff(base=1.0, cap=60.0, rng=random.Random(7)),
            )  # fmt: skip
            await supervisor.start_child("notifier", lambda: NotifierActor(config))
            await store.run_for(clock, 40 * 60)  # 1., 2.
            summary = await store.outbox_summary()
            assert summary.dead == 0 and summary.pending == 3
            await provider.delete("/_control/faults")  # 3.
            await store.run_for(clock, 90, until_delivered=3)
            assert await supervisor.stop_all(timeout=10) == []
        summary = await store.outbox_summary()
        assert (summary.delivered, summary.dead, summary.pending) == (3, 0, 0)  # 4.
        assert await sent(provider) == Counter({f"ext-{n}": 1 for n in range(3)})
        delivered = await store.list_outbox("acme", status="delivered", limit=10)
        # Counted: only failures while the breaker stayed closed (before
        # it first opened); the trials' are outage attempts.
        assert sum(e.own_attempts for e in delivered) <= 4
        assert sum(e.outage_attempts for e in delivered) >= config.max_attempts
    finally:
        await store.close()


@contextlib.asynccontextmanager
async def notifier_against(
    tmp_path, aiohttp_server, answer, store: OutcomeStore, count: int, **settings
) -> AsyncIterator[Supervisor]:
    """A notifier (the system clock, owner ``me``) over ``count`` urgent
    notifications in ``store`` (an ``OutcomeStore`` on a SQLite file of
    ``tmp_path``, not yet open), sending to a loopback /notify answered by
    ``answer``; ``settings`` go to its ``NotifierConfig``. Yields its
    supervisor once it started; the store is closed at the end."""
    app = web.Application()
    app.router.add_post("/notify", answer)
    server = await aiohttp_server(app)
    clock = SystemClock()
    await store.open()
    try:
        await store.apply_tickets("acme", [urgent(n) for n in range(count)], job_id=None)
        supervisor = Supervisor()
        async with aiohttp.ClientSession() as session:
            url = str(server.make_url("")).rstrip("/")
            client = ProviderClient(
                session, url, permits=UnlimitedPermits(), clock=clock, backoff=Backoff()
            )
            config = NotifierConfig(
                store=store, provider=client, clock=clock, metrics=Metrics(), owner="me",
                **settings,
            )  # fmt: skip
            await supervisor.start_child("notifier", lambda: NotifierActor(config))
            yield supervisor
    finally:
        await store.close()


def sqlite_file(tmp_path) -> Any:
    """A store on a SQLite file of ``tmp_path``, on the system clock."""
    return make_store(f"sqlite:///{tmp_path}/n.db", clock=SystemClock())


async def test_a_payload_the_provider_refuses_dies_after_its_attempts(tmp_path, aiohttp_server):
    """1. /notify answers 400 to every call (it refuses the payload); the
       breaker opens after the first failures, then admits its trials.
    2. Each entry is dead-lettered after its 3 attempts, the trials'
       failures counted too: a 4xx is the entry's own failure, not an
       outage."""
    calls: Counter[str] = Counter()

    async def notify(request: web.Request) -> web.Response:
        calls[(await request.json())["ticket_id"]] += 1
        return web.json_response({"error": "bad payload"}, status=400)

    store = OutcomeStore(sqlite_file(tmp_path))
    async with notifier_against(
        tmp_path, aiohttp_server, notify, store, 3,
        max_attempts=3, poll_seconds=0.05, breaker_window=2, breaker_failures=2,
        breaker_open_seconds=0.05, backoff=Backoff(base=0.01, cap=0.02),
    ) as supervisor:  # fmt: skip
        await asyncio.wait_for(store.until_dead(3), 20)  # 2.
        assert await supervisor.stop_all(timeout=10) == []
        dead = await store.list_outbox("acme", status="dead", limit=10)
    assert sorted((e.external_id, e.attempts) for e in dead) == [(f"ext-{n}", 3) for n in range(3)]
    assert calls == Counter({f"ext-{n}": 3 for n in range(3)})


class RefusingStore(OutcomeStore):
    """``OutcomeStore`` whose calls named in ``refusing`` the database
    refuses (as on a full disk or while it is unreachable); ``refused`` is
    set once ``expected`` were."""

    def __init__(self, store, expected: int, refusing: str) -> None:
        super().__init__(store)
        self.expected = expected
        self.refusing = refusing
        self.refusals = 0
        self.refused = asyncio.Event()

    def _refuse(self) -> None:
        self.refusals += 1
        if self.refusals >= self.expected:
            self.refused.set()
        raise Unavailable("sqlite: database or disk is full")

    async def schedule_retry(self, *args, **kwargs) -> bool:
        if self.refusing == "schedule_retry":
            self._refuse()
        return await super().schedule_retry(*args, **kwargs)

    async def claim_notifications(self, *args, **kwargs):
        if self.refusing == "claim_notifications":
            self._refuse()
        return await super().claim_notifications(*args, **kwargs)


async def refused_messages(
    tmp_path, aiohttp_server, caplog, *, refusing: str, tries: int, **settings
) -> list[str]:
    """The log lines of a notifier over 16 urgent notifications, /notify
    answering 503, until the database refused ``tries`` of its calls named
    ``refusing``; the entries stay pending."""

    async def notify(request: web.Request) -> web.Response:
        return web.json_response({"error": "down"}, status=503)

    store = RefusingStore(sqlite_file(tmp_path), tries, refusing)
    caplog.set_level(logging.WARNING)
    async with notifier_against(
        tmp_path, aiohttp_server, notify, store, 16,
        breaker_window=16, breaker_failures=16, **settings,
    ) as supervisor:  # fmt: skip
        await asyncio.wait_for(store.refused.wait(), 20)
        assert await supervisor.stop_all(timeout=10) == []
        assert (await store.outbox_summary()).pending == 16
    return [r.getMessage() for r in caplog.records]


async def test_outcomes_a_full_disk_refuses_are_logged_once(tmp_path, aiohttp_server, caplog):
    """1. /notify answers 503; the database refuses the 16 deliveries'
       outcome writes (a full disk).
    2. One warning says so; no traceback per delivery ("actor task
       failed"), and the entries stay pending."""
    messages = await refused_messages(
        tmp_path, aiohttp_server, caplog, refusing="schedule_retry", tries=16
    )  # 1.
    assert "actor task failed" not in messages  # 2.
    assert messages.count(UNRECORDED_OUTCOMES) == 1


async def test_an_outbox_the_database_refuses_is_logged_once(tmp_path, aiohttp_server, caplog):
    """1. The database refuses the notifier's claims 30 times in a row,
       its delivery loop trying again every 10 ms.
    2. One warning says the outbox is unavailable, not one per try (a
       reminder comes at most once a minute, and this lasts well under
       one)."""
    messages = await refused_messages(
        tmp_path, aiohttp_server, caplog, refusing="claim_notifications", tries=30,
        poll_seconds=0.01,
    )  # fmt: skip
    assert messages.count(OUTBOX_UNAVAILABLE) == 1  # 2.
    assert not [m for m in messages if m.startswith(f"{OUTBOX_UNAVAILABLE} (still")]


class RefusingDeadLetters(OutcomeStore):
    """``OutcomeStore`` whose dead-letters are refused as on a full disk
    while ``full`` is set (each refusal counts as an outcome written, so
    ``settled`` waits for it)."""

    def __init__(self, store) -> None:
        super().__init__(store)
        self.full = True
        self.refusals = 0

    async def mark_dead(self, *args, **kwargs) -> bool:
        if self.full:
            self.refusals += 1
            self._count(outcomes=1)
            raise Unavailable("sqlite: database or disk is full")
        return await super().mark_dead(*args, **kwargs)


async def test_a_dead_letter_the_database_refuses_is_neither_logged_nor_counted_dead(
    tmp_path, aiohttp_server, caplog
):
    """1. One urgent notification; /notify refuses its payload (400), so
       its first attempt dead-letters it (one attempt allowed); the
       database refuses the dead-letter (a full disk).
    2. 55 s pass: the entry, still pending, is claimed and sent again
       once its claim runs out (about 20 s), each dead-letter refused.
    3. No "notification dead-lettered" line and no dead delivery in the
       metrics; one warning says outcomes were not recorded.
    4. The disk has room again: the next dead-letter is written, logged
       and counted once."""

    async def notify(request: web.Request) -> web.Response:
        return web.json_response({"error": "bad payload"}, status=400)

    app = web.Application()
    app.router.add_post("/notify", notify)
    server = await aiohttp_server(app)
    clock = FakeClock()
    metrics = Metrics()
    store = RefusingDeadLetters(make_store(f"sqlite:///{tmp_path}/n.db", clock=clock))
    await store.open()
    await store.apply_tickets("acme", [urgent(0)], job_id=None)
    supervisor = Supervisor()
    caplog.set_level(logging.WARNING)
    try:
        async with aiohttp.ClientSession() as session:
            url = str(server.make_url("")).rstrip("/")
            client = ProviderClient(
                session, url, permits=UnlimitedPermits(), clock=clock, backoff=Backoff()
            )
            config = NotifierConfig(
                store=store, provider=client, clock=clock, metrics=metrics, owner="me",
                max_attempts=1,
            )  # fmt: skip
            await supervisor.start_child("notifier", lambda: NotifierActor(config))
            await store.run_for(clock, 55)  # 1., 2.
            assert store.refusals >= 2
            summary = await store.outbox_summary()
            assert (summary.pending, summary.dead) == (1, 0)
            messages = [r.getMessage() for r in caplog.records]  # 3.
            assert "notification dead-lettered" not in messages
            assert deliveries(metrics, "dead") == 0
            assert messages.count(UNRECORDED_OUTCOMES) == 1
            store.full = False  # 4.
            await store.run_for(clock, 60)
            assert await supervisor.stop_all(timeout=10) == []
        summary = await store.outbox_summary()
        assert (summary.pending, summary.dead) == (0, 1)
        messages = [r.getMessage() for r in caplog.records]
        assert messages.count("notification dead-lettered") == 1
        assert deliveries(metrics, "dead") == 1
    finally:
        await store.close()
