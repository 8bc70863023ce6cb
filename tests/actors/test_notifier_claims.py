"""The notifier's claims when its process is frozen past them: two notifiers
with their own stores on one SQLite file, the real mock provider, and a
fake clock per notifier (a freeze: one notifier's clock stands still while
the other's moves, then jumps, every timer firing late)."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from datetime import timedelta

import aiohttp

from tests.actors.test_notifier import GatedPermits, urgent
from ticketd.actors import Supervisor
from ticketd.actors.notifier import NotifierActor, NotifierConfig
from ticketd.clock import FakeClock
from ticketd.domain.backoff import Backoff
from ticketd.external import ProviderClient, UnlimitedPermits
from ticketd.metrics import Metrics
from ticketd.store import make_store

# The mock provider accepting every /notify (no failure pattern, no outage).
ACCEPTING = {"notify_fail_first": 0, "notify_outage_after": 0}


class WatchedStore:
    """The real store; ``claimed`` is set whenever a claim took entries,
    ``all_marked`` once ``expected`` deliveries were marked."""

    def __init__(self, store, expected: int) -> None:
        self._store = store
        self.expected = expected
        self.marked = 0
        self.claimed = asyncio.Event()
        self.all_marked = asyncio.Event()

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    async def claim_notifications(self, *args, **kwargs):
        entries = await self._store.claim_notifications(*args, **kwargs)
        if entries:
            self.claimed.set()
        return entries

    async def mark_delivered(self, *args, **kwargs) -> None:
        await self._store.mark_delivered(*args, **kwargs)
        self.marked += 1
        if self.marked >= self.expected:
            self.all_marked.set()


async def marked_while_time_passes(store: WatchedStore, clock: FakeClock) -> None:
    """Wait until every expected delivery was marked, moving the clock one
    second on whenever nothing happened for 0.2 s: a delivery dropped by a
    renewal round that crossed its entry's new claim (a known race, about
    1 run in 5) is sent once that claim expired and the entry was claimed
    again, about 20 s of the clock later, instead of never."""
    async with asyncio.timeout(30):
        while not store.all_marked.is_set():
            try:
                await asyncio.wait_for(store.all_marked.wait(), 0.2)
            except TimeoutError:
                await clock.advance(1)


def deliveries(metrics: Metrics, result: str) -> float:
    """``ticketd_notify_deliveries_total`` of ``result``, as exposed."""
    text = metrics.render().decode()
    found = re.search(rf'^ticketd_notify_deliveries_total{{result="{result}"}} (\S+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


async def sent(provider) -> Counter[str]:
    """How many times the mock provider received each ticket's /notify."""
    body = await provider.get("/notifications")
    return Counter(record["ticket_id"] for record in body["notifications"])


def notifier(store, session, url, clock, permits, metrics, owner: str) -> NotifierActor:
    client = ProviderClient(session, url, permits=permits, clock=clock, backoff=Backoff())
    config = NotifierConfig(
        store=store, provider=client, clock=clock, metrics=metrics, owner=owner,
        timeout_seconds=5.0, poll_seconds=1.0,
    )  # fmt: skip
    return NotifierActor(config)


async def test_entries_another_notifier_took_during_a_freeze_are_not_sent_again(
    tmp_path, start_provider
):
    """1. Notifier A claims 4 urgent notifications; their deliveries wait
       for a /notify permit (the budget is used up: a gate the test holds).
    2. A is frozen: 60 s pass for notifier B, which shares the SQLite file,
       and none for A. A's claims (20 s) ran out: B claims the 4 entries
       and delivers them to the mock provider.
    3. A resumes: its clock jumps 60 s (every timer of A fires late) and
       the budget grants its permits at the same moment; A is stopped,
       which waits for its deliveries to end.
    4. The provider received each notification once; A counts 4 lost,
       none delivered or failed; the outbox has all 4 delivered."""
    provider = await start_provider(**ACCEPTING)
    path = f"sqlite:///{tmp_path}/n.db"
    clock_a = FakeClock()
    clock_b = FakeClock(start=clock_a.now() + timedelta(seconds=60))
    store_a = WatchedStore(make_store(path, clock=clock_a), expected=4)
    store_b = WatchedStore(make_store(path, clock=clock_b), expected=4)
    await store_a.open()
    await store_b.open()
    await store_a.apply_tickets("acme", [urgent(n) for n in range(4)], job_id=None)
    permits_a = GatedPermits(expected=4)
    metrics_a = Metrics()
    supervisor_a, supervisor_b = Supervisor(), Supervisor()
    try:
        async with aiohttp.ClientSession() as session:
            await supervisor_a.start_child(
                "notifier",
                lambda: notifier(
                    store_a, session, provider.url, clock_a, permits_a, metrics_a, "a"
                ),
            )
            await asyncio.wait_for(permits_a.all_waiting.wait(), 10)  # 1.
            await supervisor_b.start_child(
                "notifier",
                lambda: notifier(
                    store_b, session, provider.url, clock_b, UnlimitedPermits(), Metrics(), "b"
                ),
            )
            await asyncio.wait_for(store_b.all_marked.wait(), 10)  # 2.
            assert await sent(provider) == Counter({f"ext-{n}": 1 for n in range(4)})
            permits_a.grant.set()  # 3.
            clock_a.freeze(60)
            assert await supervisor_a.stop_all(timeout=10) == []
            assert await supervisor_b.stop_all(timeout=10) == []
        assert await sent(provider) == Counter({f"ext-{n}": 1 for n in range(4)})  # 4.
        assert deliveries(metrics_a, "lost") == 4
        assert deliveries(metrics_a, "delivered") == deliveries(metrics_a, "failed") == 0
        summary = await store_b.outbox_summary()
        assert (summary.pending, summary.delivered) == (0, 4)
    finally:
        await store_a.close()
        await store_b.close()


async def test_a_frozen_notifier_sends_each_entry_once_after_it_resumes(tmp_path, start_provider):
    """1. A notifier claims 3 urgent notifications; their deliveries wait
       for a /notify permit (a gate the test holds).
    2. It is frozen for 60 s (its clock jumps; its claims ran out) and,
       when it resumes, claims the same 3 entries again before any permit
       is granted (no other notifier took them).
    3. The budget grants the permits; the 3 are recorded delivered, then
       the notifier is stopped.
    4. The provider received each notification once: an entry re-claimed
       while its old delivery still waited has one delivery, not two."""
    provider = await start_provider(**ACCEPTING)
    clock = FakeClock()
    store = WatchedStore(make_store(f"sqlite:///{tmp_path}/n.db", clock=clock), expected=3)
    await store.open()
    await store.apply_tickets("acme", [urgent(n) for n in range(3)], job_id=None)
    permits = GatedPermits(expected=3)
    supervisor = Supervisor()
    try:
        async with aiohttp.ClientSession() as session:
            await supervisor.start_child(
                "notifier",
                lambda: notifier(store, session, provider.url, clock, permits, Metrics(), "a"),
            )
            await asyncio.wait_for(permits.all_waiting.wait(), 10)  # 1.
            store.claimed.clear()
            clock.freeze(60)  # 2.
            await asyncio.wait_for(store.claimed.wait(), 10)
            permits.grant.set()  # 3.
            await marked_while_time_passes(store, clock)
            assert await supervisor.stop_all(timeout=10) == []
        assert await sent(provider) == Counter({f"ext-{n}": 1 for n in range(3)})  # 4.
    finally:
        await store.close()
