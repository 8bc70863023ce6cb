"""The notifier's claims when its process is frozen past them: two notifiers
with their own stores on one SQLite file, the real mock provider, and a
fake clock per notifier (a freeze: one notifier's clock stands still while
the other's moves, then jumps, every timer firing late)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import attrs

from tests.actors.test_notifier import GatedPermits, urgent
from ticketd.actors import Supervisor
from ticketd.actors.notifier import NotifierActor, NotifierConfig
from ticketd.actors.notifier_holds import CLAIM_RENEW_SECONDS
from ticketd.clock import FakeClock
from ticketd.domain.backoff import Backoff
from ticketd.external import ProviderClient, UnlimitedPermits
from ticketd.metrics import Metrics
from ticketd.store import make_store

# The mock provider accepting every /notify (no failure pattern, no outage).
ACCEPTING = {"notify_fail_first": 0, "notify_outage_after": 0}
POLL_SECONDS = 1.0  # the notifiers' own wake-up


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

    async def mark_delivered(self, *args, **kwargs) -> bool:
        written = await self._store.mark_delivered(*args, **kwargs)
        self.marked += 1
        if self.marked >= self.expected:
            self.all_marked.set()
        return written


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
        timeout_seconds=5.0, poll_seconds=POLL_SECONDS,
    )  # fmt: skip
    return NotifierActor(config)


@attrs.frozen
class Waiting:
    """A started notifier (owner ``a``) whose deliveries all wait for a
    /notify permit, and what it runs with."""

    provider: Any  # the mock provider, accepting every /notify
    path: str  # the store's URL (a SQLite file)
    store: Any  # the notifier's store, wrapped
    permits: GatedPermits  # the gate its deliveries wait at
    supervisor: Supervisor
    session: aiohttp.ClientSession


@contextlib.asynccontextmanager
async def waiting_notifier(
    tmp_path, start_provider, clock, count: int, *, wrap=WatchedStore, metrics=None
) -> AsyncIterator[Waiting]:
    """A notifier claims ``count`` urgent notifications; the body starts
    once their deliveries all wait for a /notify permit (a gate the test
    holds). ``wrap`` wraps its store (``WatchedStore`` or a subclass,
    expecting ``count`` deliveries); the store is closed at the end."""
    provider = await start_provider(**ACCEPTING)
    path = f"sqlite:///{tmp_path}/n.db"
    store = wrap(make_store(path, clock=clock), expected=count)
    await store.open()
    await store.apply_tickets("acme", [urgent(n) for n in range(count)], job_id=None)
    permits = GatedPermits(expected=count)
    supervisor = Supervisor()
    metrics = Metrics() if metrics is None else metrics
    try:
        async with aiohttp.ClientSession() as session:
            await supervisor.start_child(
                "notifier",
                lambda: notifier(store, session, provider.url, clock, permits, metrics, "a"),
            )
            await asyncio.wait_for(permits.all_waiting.wait(), 10)
            yield Waiting(provider, path, store, permits, supervisor, session)
    finally:
        await store.close()


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
    clock_a = FakeClock()
    clock_b = FakeClock(start=clock_a.now() + timedelta(seconds=60))
    metrics_a = Metrics()
    async with waiting_notifier(tmp_path, start_provider, clock_a, 4, metrics=metrics_a) as a:  # 1.
        store_b = WatchedStore(make_store(a.path, clock=clock_b), expected=4)
        await store_b.open()
        supervisor_b = Supervisor()
        try:
            await supervisor_b.start_child(
                "notifier",
                lambda: notifier(
                    store_b, a.session, a.provider.url, clock_b, UnlimitedPermits(), Metrics(), "b"
                ),
            )
            await asyncio.wait_for(store_b.all_marked.wait(), 10)  # 2.
            assert await sent(a.provider) == Counter({f"ext-{n}": 1 for n in range(4)})
            a.permits.grant.set()  # 3.
            clock_a.freeze(60)
            assert await a.supervisor.stop_all(timeout=10) == []
            assert await supervisor_b.stop_all(timeout=10) == []
            assert await sent(a.provider) == Counter({f"ext-{n}": 1 for n in range(4)})  # 4.
            assert deliveries(metrics_a, "lost") == 4
            assert deliveries(metrics_a, "delivered") == deliveries(metrics_a, "failed") == 0
            summary = await store_b.outbox_summary()
            assert (summary.pending, summary.delivered) == (0, 4)
        finally:
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
    clock = FakeClock()
    async with waiting_notifier(tmp_path, start_provider, clock, 3) as a:  # 1.
        a.store.claimed.clear()
        clock.freeze(60)  # 2.
        await asyncio.wait_for(a.store.claimed.wait(), 10)
        a.permits.grant.set()  # 3.
        # Promptly: the clock stands still, so an entry whose delivery
        # was dropped would wait for its claim to expire forever.
        await asyncio.wait_for(a.store.all_marked.wait(), 10)
        assert await a.supervisor.stop_all(timeout=10) == []
        assert await sent(a.provider) == Counter({f"ext-{n}": 1 for n in range(3)})  # 4.


class InterleavedStore(WatchedStore):
    """``WatchedStore`` that, once ``arm()`` was called (right before a
    freeze), orders the notifier's calls so that a claim of entries whose
    claims ran out lands between a check that found one claim gone and
    the notifier acting on it:

    - a claim waits until a single-entry check (``extend_claims`` of one
      entry) was refused;
    - once the claim took entries, the delivery loop's next call
      (``outbox_summary``) shows it has handled them (``reclaimed``);
    - single-entry checks: the first refused one returns at once when
      ``hold_refusal`` is False (a renewal round's checks, one after the
      other: the next check waits for ``reclaimed``), or only after
      ``reclaimed`` when it is True (a delivery's check before its POST);
    - ``hold_rounds``: renewal rounds (several entries at once) wait
      until the test ends, so only deliveries check their claims."""

    def __init__(self, store, expected: int, *, hold_refusal: bool, hold_rounds: bool) -> None:
        super().__init__(store, expected)
        self.hold_refusal = hold_refusal
        self.hold_rounds = hold_rounds
        self.armed = False
        self.refused = asyncio.Event()
        self.claimed_again = False
        self.reclaimed = asyncio.Event()
        self.never = asyncio.Event()

    def arm(self) -> None:
        self.armed = True

    async def extend_claims(self, owner, entry_ids, *, lease_seconds):
        if not self.armed:
            return await self._store.extend_claims(owner, entry_ids, lease_seconds=lease_seconds)
        if len(entry_ids) > 1:
            if self.hold_rounds:
                await self.never.wait()
            return await self._store.extend_claims(owner, entry_ids, lease_seconds=lease_seconds)
        if self.refused.is_set() and not self.hold_refusal:
            await self.reclaimed.wait()
        extended = await self._store.extend_claims(owner, entry_ids, lease_seconds=lease_seconds)
        if extended == 0 and not self.reclaimed.is_set():
            self.refused.set()
            if self.hold_refusal:
                await self.reclaimed.wait()
        return extended

    async def claim_notifications(self, *args, **kwargs):
        if self.armed:
            await self.refused.wait()
        entries = await super().claim_notifications(*args, **kwargs)
        if self.armed and entries:
            self.claimed_again = True
        return entries

    async def outbox_summary(self):
        if self.claimed_again:
            self.reclaimed.set()
        return await self._store.outbox_summary()


class WatchedClock(FakeClock):
    """``FakeClock`` that tells when someone next sleeps a given time."""

    def __init__(self) -> None:
        super().__init__()
        self._watched: dict[float, asyncio.Event] = {}

    def next_sleep(self, seconds: float) -> asyncio.Event:
        """An event set when a caller next sleeps ``seconds`` (the notifier's
        delivery loop sleeps ``poll_seconds`` once it is idle; its renewal
        task ``CLAIM_RENEW_SECONDS`` once a round has ended)."""
        self._watched[seconds] = asyncio.Event()
        return self._watched[seconds]

    async def sleep(self, seconds: float) -> None:
        if seconds in self._watched:
            self._watched.pop(seconds).set()
        await super().sleep(seconds)


async def resume_with_a_reclaim(
    tmp_path, start_provider, store_wrapper, *, grant_after_round: bool
) -> None:
    """1. A notifier claims 3 urgent notifications; their deliveries wait
       for a /notify permit (a gate the test holds).
    2. It is frozen for 60 s (its claims ran out) and resumes; the store
       orders its calls (``InterleavedStore``): a check finds a claim gone,
       then the delivery loop claims the entries again (their deliveries
       still wait: they go on under the new claims), then the notifier
       acts on the check.
    3. The budget grants the permits (once the renewal round ended, with
       ``grant_after_round``; else at once). With the clock standing still,
       the 3 are recorded delivered: none waits for a claim of its own to
       expire.
    4. The provider received each notification once."""
    clock = WatchedClock()
    loop_idle = clock.next_sleep(POLL_SECONDS)
    async with waiting_notifier(tmp_path, start_provider, clock, 3, wrap=store_wrapper) as a:  # 1.
        try:
            await asyncio.wait_for(loop_idle.wait(), 10)
            a.store.arm()
            round_done = clock.next_sleep(CLAIM_RENEW_SECONDS)
            clock.freeze(60)  # 2.
            if grant_after_round:
                await asyncio.wait_for(a.store.reclaimed.wait(), 10)
                await asyncio.wait_for(round_done.wait(), 10)
            a.permits.grant.set()  # 3.
            await asyncio.wait_for(a.store.all_marked.wait(), 10)
            a.store.never.set()
            assert await a.supervisor.stop_all(timeout=10) == []
        finally:
            a.store.never.set()
        assert await sent(a.provider) == Counter({f"ext-{n}": 1 for n in range(3)})  # 4.


async def test_a_renewal_round_keeps_the_delivery_of_an_entry_claimed_again(
    tmp_path, start_provider
):
    """``resume_with_a_reclaim`` with the check in a renewal round: the
    round found the first entry's claim gone, and the delivery loop claimed
    it again before the round ended. The round must not drop that entry's
    delivery (it holds the new claim, which nobody would give back)."""
    await resume_with_a_reclaim(
        tmp_path,
        start_provider,
        functools.partial(InterleavedStore, hold_refusal=False, hold_rounds=False),
        grant_after_round=True,
    )


async def test_a_delivery_goes_on_under_a_claim_taken_while_its_check_ran(tmp_path, start_provider):
    """``resume_with_a_reclaim`` with the check a delivery's own, right
    before its POST (renewal rounds held off): the database refused the
    claim it had, and the delivery loop claimed the entry again for it
    before the refusal came back. That claim is ours: the delivery checks
    it and goes on instead of ending and leaving it to expire."""
    await resume_with_a_reclaim(
        tmp_path,
        start_provider,
        functools.partial(InterleavedStore, hold_refusal=True, hold_rounds=True),
        grant_after_round=False,
    )
