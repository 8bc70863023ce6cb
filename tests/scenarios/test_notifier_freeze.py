"""A notifier whose process freezes (as under SIGSTOP) while its POSTs to
/notify are out: the real mock provider as a process answers them during
the freeze; the freeze is this process's event loop held still, not a
signal, so it starts and ends exactly when the test says."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter

import aiohttp

from tests.actors.test_notifier import urgent
from ticketd.actors import Supervisor
from ticketd.actors.notifier import BreakerStatus, NotifierActor, NotifierConfig
from ticketd.clock import SystemClock
from ticketd.domain.backoff import Backoff
from ticketd.external import ProviderClient, UnlimitedPermits
from ticketd.metrics import Metrics
from ticketd.store import make_store

TIMEOUT = 0.5  # the delivery time-out, seconds
FREEZE = 4 * TIMEOUT  # how long the process stands still


def deliveries(metrics: Metrics, result: str) -> float:
    text = metrics.render().decode()
    found = re.search(rf'^ticketd_notify_deliveries_total{{result="{result}"}} (\S+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


def freeze_when_sent(count: int) -> aiohttp.TraceConfig:
    """A trace that holds the event loop's thread still for ``FREEZE``
    seconds once ``count`` POSTs have sent their body: nothing of this
    process runs meanwhile (no timer, no socket read), as under SIGSTOP."""
    sent = 0

    async def on_sent(session, context, params) -> None:
        nonlocal sent
        sent += 1
        if sent == count:
            time.sleep(FREEZE)  # noqa: ASYNC251 (the freeze itself: the loop held still)

    trace = aiohttp.TraceConfig()
    trace.on_request_chunk_sent.append(on_sent)
    return trace


async def test_posts_answered_while_the_process_was_frozen_are_not_failures(
    tmp_path, start_provider_process
):
    """1. 4 urgent notifications are pending; the delivery time-out is 0.5 s;
       the mock provider (a process) accepts every /notify.
    2. Once the 4th POST is out, the process freezes for 2 s (four
       time-outs) while the provider answers.
    3. The process resumes; the 4 deliveries are recorded.
    4. All 4 delivered, none counted as failed, the breaker saw no failure and never
       opened, and the provider received each notification once."""
    provider = await start_provider_process(
        "--notify-fail-first", "0", "--notify-outage-after", "0"
    )
    clock = SystemClock()
    store = make_store(f"sqlite:///{tmp_path}/n.db", clock=clock)
    await store.open()
    await store.apply_tickets("acme", [urgent(n) for n in range(4)], job_id=None)
    settled = asyncio.Event()

    class Recorded:
        """The store; ``settled`` is set once 4 deliveries were recorded,
        delivered or failed."""

        outcomes = 0

        def __getattr__(self, name: str):
            return getattr(store, name)

        async def mark_delivered(self, *args, **kwargs) -> bool:
            written = await store.mark_delivered(*args, **kwargs)
            self._settled()
            return written

        async def schedule_retry(self, *args, **kwargs) -> bool:
            written = await store.schedule_retry(*args, **kwargs)
            self._settled()
            return written

        def _settled(self) -> None:
            Recorded.outcomes += 1
            if Recorded.outcomes == 4:
                settled.set()

    metrics = Metrics()
    supervisor = Supervisor()
    try:
        async with aiohttp.ClientSession(trace_configs=[freeze_when_sent(4)]) as session:
            client = ProviderClient(
                session, provider.url, permits=UnlimitedPermits(), clock=clock, backoff=Backoff()
            )
            config = NotifierConfig(
                store=Recorded(), provider=client, clock=clock, metrics=metrics, owner="me",
                timeout_seconds=TIMEOUT, poll_seconds=60,
            )  # fmt: skip
            ref = await supervisor.start_child("notifier", lambda: NotifierActor(config))
            await asyncio.wait_for(settled.wait(), 20)  # 1.-3.
            status = await ref.ask(BreakerStatus())
            assert await supervisor.stop_all(timeout=10) == []
        body = await provider.get("/notifications")
    finally:
        await store.close()
    assert deliveries(metrics, "failed") == 0 and deliveries(metrics, "delivered") == 4  # 4.
    assert (status["failures"], status["openings"], status["state"]) == (0, 0, "closed")
    assert Counter(r["ticket_id"] for r in body["notifications"]) == Counter(
        {f"ext-{n}": 1 for n in range(4)}
    )
