"""The notifier actor: delivers the notification outbox to ``/notify``.

Ingestion never waits for it: the store queues an outbox entry in the same
write as the ticket, and ingestion only sends ``Wake``. The notifier claims
due entries (a claim is a lease in the store, so replicas never send the
same entry at once), sends them through our circuit breaker with bounded
concurrency, and on failure schedules the next attempt with exponential
backoff and full jitter (capped, default 60 s). After ``max_attempts``
failures of its own or ``max_age`` an entry is dead-lettered; an operator
can requeue it. A failure while ``/notify`` as a whole fails (the one that
opens the breaker, a half-open trial's, one ending while it is open) is an
outage attempt, not counted against ``max_attempts``: an outage is bounded
by ``max_age`` (``DeliverySender._own_failure``).

It also wakes on its own every ``poll_seconds`` so entries left by a
crashed process, and retries that have come due, are delivered.

Once ``/notify`` accepted a delivery, it must be recorded as delivered,
or the entry stays pending, to be claimed and sent a second time once its
claim expires. A delivery the database refused to record (a full disk, a
held write lock) is kept in memory, its claim still renewed, and the
delivery loop records the kept ones before it claims anything more (tried
again after ``bookkeeping_backoff``, for as long as the process lives),
so this process never sends it again. What stays at-least-once: a
process that dies between the delivery and its record (or stops while
the database still refuses it), and another replica claiming the entry after its claim
expired unrenewed (writes refused for longer than the claim); ``/notify``
then gets the entry again with the same ``Idempotency-Key``, by which the
receiver drops the duplicate.

A claim can run out while this process lives (a freeze, renewals
refused) and another replica claim the entry: each delivery checks its
claim right before its POST and is dropped unsent (``lost``) without it
(``notifier_sending``); renewals that find claims gone drop those
deliveries at once (``notifier_holds``, ``notifier_deliveries``).

The modules beside this one: ``notifier_config`` (settings, and the
breaker and held entries that outlive an incarnation),
``notifier_sending`` (one delivery: claim check, POST, outcome),
``notifier_deliveries`` (the delivery tasks of an incarnation),
``notifier_holds`` (claims renewed, accepted deliveries not recorded
yet) and ``notifier_gauges`` (its metrics).

The store claims retries that are due before first attempts. With the
reference failure pattern (every ticket's first two attempts fail) that is
what keeps the breaker from holding itself open: a ticket on its third
attempt succeeds, so the window fills with successes as well as failures.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from typing import Any

import attrs

from ticketd.actors.notifier_config import NotifierConfig, make_breaker, make_held_entries
from ticketd.actors.notifier_deliveries import Deliveries
from ticketd.actors.notifier_gauges import register_gauges
from ticketd.actors.notifier_holds import HeldEntries
from ticketd.actors.notifier_sending import DeliverySender
from ticketd.actors.runtime import Actor
from ticketd.clock import sleep_or_wake
from ticketd.domain.breaker import CircuitBreaker
from ticketd.errors import Unavailable
from ticketd.logs import OutageLog
from ticketd.store import OutboxEntry, OutboxSummary

__all__ = [
    "OUTBOX_UNAVAILABLE",
    "BreakerStatus",
    "NotifierActor",
    "NotifierConfig",
    "ResetBreaker",
    "Wake",
    "make_breaker",
    "make_held_entries",
]

log = logging.getLogger(__name__)

OUTBOX_UNAVAILABLE = "outbox unavailable, retrying"


@attrs.frozen
class Wake:
    """New entries were queued: look for work now."""


@attrs.frozen
class BreakerStatus:
    """Ask for the breaker snapshot and outbox summary (a dict)."""


@attrs.frozen
class ResetBreaker:
    """Close the breaker and clear its window."""


class NotifierActor(Actor):
    """Delivers the outbox through the circuit breaker (see module doc).

    ``breaker`` and ``held``: the ones from ``make_breaker`` and
    ``make_held_entries``, kept across restarts; None builds new ones (an
    actor that is never restarted)."""

    mailbox_size = 1000

    def __init__(
        self,
        config: NotifierConfig,
        *,
        breaker: CircuitBreaker | None = None,
        held: HeldEntries | None = None,
    ) -> None:
        super().__init__()
        self._c = config
        self.breaker = breaker if breaker is not None else make_breaker(config)
        self._wakeup = asyncio.Event()
        self._deliveries = Deliveries()  # this incarnation's, one per entry
        # Claims of deliveries in flight, accepted deliveries not recorded yet.
        self._held = held if held is not None else make_held_entries(config)
        self._sender = DeliverySender(
            config, self.breaker, self._held, self._deliveries, self._wakeup.set
        )
        self._record_failures = 0  # tries in a row that left a delivery unrecorded
        # The delivery loop's tries the database refuses: logged when they
        # start, at most once a minute while they last, and when they end.
        self._outbox_outage = OutageLog(log, OUTBOX_UNAVAILABLE, monotonic=config.clock.monotonic)
        self._stopping = False  # the incarnation is ending: claim nothing more
        self.summary = OutboxSummary(pending=0, dead=0, delivered=0, oldest_pending_at=None)
        register_gauges(config.metrics, config.clock, self.breaker, lambda: self.summary)

    def is_idle(self) -> bool:
        return False  # a process-lifetime actor

    async def on_start(self) -> None:
        self.start_task(self._deliver_loop(), name="notifier")
        self.start_task(self._held.renew_claims(self._claims_lost), name="notifier-claims")

    async def on_stop(self) -> None:
        # Let deliveries already on the wire finish (each is bounded by the
        # delivery time-out); the runtime then cancels the rest (a claim is
        # given back), so entries not yet sent stay pending in the store.
        # Claim nothing more meanwhile: a delivery task cancelled before it
        # first ran could not give its claim back.
        self._stopping = True
        self._wakeup.set()  # the delivery loop ends without waiting to be cancelled
        if self._deliveries.tasks:
            await asyncio.wait(self._deliveries.tasks, timeout=self._c.timeout_seconds + 1)
        if self._held.unrecorded:  # a last try: what is left will be sent again
            try:
                await self._held.record_unrecorded()
            except Unavailable as exc:
                log.error(
                    "deliveries accepted but never recorded; they will be sent again",
                    extra={"count": len(self._held.unrecorded), "error": exc.message},
                )

    async def handle(self, message: Any) -> Any:
        match message:
            case Wake():
                self._wakeup.set()
                return None
            case BreakerStatus():
                snap = attrs.asdict(self.breaker.snapshot())
                return {
                    **snap,
                    "outbox": {
                        "pending": self.summary.pending,
                        "dead": self.summary.dead,
                        "delivered": self.summary.delivered,
                        "oldest_pending_at": self.summary.oldest_pending_at,
                    },
                }
            case ResetBreaker():
                self.breaker.reset()
                self._wakeup.set()
                return {"status": "reset"}
        raise TypeError(f"unexpected message {message!r}")

    # -- delivery loop -------------------------------------------------------
    async def _deliver_loop(self) -> None:
        """Claim and start deliveries until the incarnation stops. It ends
        on the stop itself, not on the cancellation that follows: a
        cancellation can be lost in a database call that completes at the
        same moment (Python 3.11's ``wait_for`` then returns the result),
        and a loop that lived on would hold the stop up until its budget
        ran out."""
        c = self._c
        while not self._stopping:
            self._wakeup.clear()
            try:
                await self._held.record_unrecorded()
                self._record_failures = 0
                claimed = await self._claim_batch()
                self.summary = await c.store.outbox_summary()
                self._outbox_outage.recovered()
            except Unavailable as exc:
                # The database is down: nothing is lost (the outbox is
                # durable), so wait and try again rather than crash; sooner
                # while an accepted delivery waits to be recorded.
                self._outbox_outage.failed(error=exc.message)
                delay = c.poll_seconds
                if self._held.unrecorded:
                    delay = min(delay, c.bookkeeping_backoff.delay(self._record_failures))
                    self._record_failures += 1
                await c.clock.sleep(delay)
                continue
            if not claimed:
                await self._sleep_until_work()

    async def _claim_batch(self) -> int:
        """Claim and start sending what the breaker and the free slots
        allow; returns how many were started."""
        c = self._c
        if self._stopping:
            return 0
        free = max(0, c.concurrency - len(self._deliveries))
        state = self.breaker.state
        if free == 0 or state == "open":
            return 0
        if state == "half_open":
            if self.breaker.snapshot().trial_in_flight:
                return 0  # one trial at a time; its outcome wakes us
            free = 1
        claim = asyncio.ensure_future(
            c.store.claim_notifications(c.owner, limit=free, lease_seconds=self._held.lease_seconds)
        )
        try:
            entries = await asyncio.shield(claim)
        except asyncio.CancelledError:
            # The incarnation ends while the claim is being written: it may
            # still commit, and nobody would deliver or release what it took
            # (the next incarnation has the same owner, and a live claim is
            # never handed out again) until the claim expired.
            await asyncio.shield(self._give_back(claim))
            raise
        started = 0
        for entry in entries:
            if self._deliveries.dropped(entry.entry_id):  # its old delivery is ending
                await c.store.release_claim(entry.entry_id, c.owner)
                continue
            if entry.entry_id in self._deliveries:
                # Its claim ran out and came back to us while its delivery
                # still waits: that one goes on under the new claim.
                self._deliveries.reclaimed(entry)
                self._held.claimed(entry.entry_id)
                continue
            if not self.breaker.try_acquire():
                # Opened by a failure meanwhile: give it back uncounted.
                await c.store.release_claim(entry.entry_id, c.owner)
                c.metrics.notify_deliveries.labels("rejected").inc()
                continue
            # A task of this incarnation: cancelled and awaited when it ends,
            # so no delivery outlives the actor (and the store it writes to).
            self._held.claimed(entry.entry_id)
            task = self.start_task(
                self._sender.send(entry.entry_id),
                name=f"notify:{entry.entry_id}",
                crash_on_error=False,
            )
            self._deliveries.start(entry, task)
            task.add_done_callback(functools.partial(self._delivery_done, entry.entry_id))
            started += 1
        return started

    async def _give_back(self, claim: asyncio.Future[list[OutboxEntry]]) -> None:
        try:
            entries = await claim
        except Exception:
            return  # nothing was claimed
        for entry in entries:
            with contextlib.suppress(Exception):
                await self._c.store.release_claim(entry.entry_id, self._c.owner)

    def _delivery_done(self, entry_id: str, task: asyncio.Task[None]) -> None:
        # A failure of its bookkeeping is logged by ``start_task``. Here,
        # not in the task: a task cancelled before it first ran ends too.
        self._deliveries.ended(entry_id, task)
        self._held.delivery_ended(entry_id)
        self._wakeup.set()

    def _claims_lost(self, entry_ids: list[str]) -> None:
        """The renewals found these claims gone: drop the deliveries still
        waiting (a POST already out is left to finish)."""
        dropped = self._deliveries.drop(entry_ids)
        self._c.metrics.notify_deliveries.labels("lost").inc(dropped)

    async def _sleep_until_work(self) -> None:
        """Wait for a Wake, a finished delivery, the breaker's half-open
        time, or the poll interval, whichever is first."""
        c = self._c
        timeout = c.poll_seconds
        snap = self.breaker.snapshot()
        if snap.state == "open" and snap.next_half_open_at is not None:
            until_half_open = (snap.next_half_open_at - c.clock.now()).total_seconds()
            timeout = min(timeout, max(0.0, until_half_open))
        await sleep_or_wake(c.clock, timeout, self._wakeup)
