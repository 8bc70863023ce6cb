"""Sending one claimed outbox entry to ``/notify``: the check of its
claim right before the POST, the POST through the circuit breaker, and
its outcome written (delivered, a retry with backoff, dead-lettered).

A claim can run out while this process lives (a freeze, renewals
refused) and another replica claim the entry: a delivery confirms its
claim right before its POST, after the wait for a permit, and is dropped
unsent (``lost``) without it. A POST already out cannot be called back:
the receiver drops that repeat by its ``Idempotency-Key``. The delivery
time-out counts only time this process runs, so a freeze is not taken for
a slow provider.

Once ``/notify`` accepted a delivery, it must be recorded as delivered,
or the entry stays pending, to be claimed and sent a second time once its
claim expires; one the database refused to record is kept
(``notifier_holds``) and recorded before the notifier claims anything more.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from ticketd.actors.notifier_config import NotifierConfig
from ticketd.actors.notifier_deliveries import Deliveries
from ticketd.actors.notifier_holds import HeldEntries, claim_lost_after_post
from ticketd.domain.breaker import CLOSED, CircuitBreaker
from ticketd.errors import ProviderError, Unavailable
from ticketd.logs import OutageLog
from ticketd.store import OutboxEntry

__all__ = ["DeliverySender"]

# The notifier's log lines keep its logger name.
log = logging.getLogger("ticketd.actors.notifier")


UNRECORDED_OUTCOMES = (
    "delivery outcomes not recorded; those entries are retried once their claims run out"
)

# 4xx answers about the provider or our request's standing, not the payload.
_NOT_THE_ENTRYS = frozenset({401, 403, 404, 408, 429})


class _ClaimLost(Exception):
    """The delivery's claim is no longer ours: it must not be sent."""


class DeliverySender:
    """Sends the entries one notifier incarnation claimed, a task per
    delivery (see the module doc). ``woken`` wakes the notifier's delivery
    loop (a delivery it must record before claiming more)."""

    def __init__(
        self,
        config: NotifierConfig,
        breaker: CircuitBreaker,
        held: HeldEntries,
        deliveries: Deliveries,
        woken: Callable[[], None],
    ) -> None:
        self._c = config
        self._breaker = breaker
        self._held = held
        self._deliveries = deliveries
        self._woken = woken
        # Outcomes the database refuses (``_write_outcome``).
        self._unwritten = OutageLog(
            log,
            UNRECORDED_OUTCOMES,
            monotonic=config.clock.monotonic,
        )

    async def _confirm_claim(self, entry_id: str) -> None:
        """The fence before the POST: raises ``_ClaimLost`` unless the
        entry's claim is still ours (renewed from now if it is).

        A refusal means the claim the check saw is not ours: the entry is
        not sent. But the claim loop may have claimed the entry again for
        this delivery while the check ran (it adopts the claim of an entry
        whose delivery waits); that claim is ours, and it is checked in
        turn rather than left to expire. Once the delivery gives up, a
        later claim of the entry is given back by the claim loop."""
        while True:
            claim = self._held.claim_of(entry_id)
            try:
                held = await self._held.confirm(entry_id)
            except Unavailable as exc:
                # Perhaps still ours: give it back if the database lets us,
                # so the entry does not wait for the claim to expire.
                self._deliveries.give_up(entry_id)
                with contextlib.suppress(Unavailable):
                    await self._c.store.release_claim(entry_id, self._c.owner)
                raise _ClaimLost(f"claim not confirmed: {exc.message}") from None
            if held:
                self._deliveries.posting(entry_id)
                return
            if self._held.claim_of(entry_id) == claim:
                self._deliveries.give_up(entry_id)
                raise _ClaimLost("claim ran out; another replica may hold the entry")

    async def send(self, entry_id: str) -> None:
        """Deliver the claimed entry (the task of its delivery)."""
        c = self._c
        entry = self._deliveries.entry(entry_id)
        payload = {
            "ticket_id": entry.external_id,
            "tenant_id": entry.tenant_id,
            "urgency": entry.urgency,
            "reason": entry.reason,
        }
        try:
            # The time-out covers the HTTP call, not the wait for a permit.
            await c.provider.notify(
                payload,
                entry.idempotency_key,
                timeout=c.timeout_seconds,
                before_post=lambda: self._confirm_claim(entry_id),
            )
        except asyncio.CancelledError:
            self._breaker.abandon()
            if not self._deliveries.dropped(entry_id):  # a dropped one's claim is not ours
                with contextlib.suppress(Exception):
                    await asyncio.shield(c.store.release_claim(entry_id, c.owner))
            raise
        except _ClaimLost as exc:
            self._breaker.abandon()
            c.metrics.notify_deliveries.labels("lost").inc()
            log.warning(
                "delivery dropped unsent: %s",
                exc,
                extra={"tenant_id": entry.tenant_id, "ticket_id": entry.external_id},
            )
            return
        except ProviderError as exc:
            entry = self._deliveries.entry(entry_id)  # the latest claim's copy
            self._breaker.record_failure()
            await self._failed(entry, exc.message, counted=self._own_failure(exc))
            return
        self._breaker.record_success()
        c.metrics.notify_deliveries.labels("delivered").inc()
        await self._record_delivered(self._deliveries.entry(entry_id))

    async def _record_delivered(self, entry: OutboxEntry) -> None:
        """Mark the accepted delivery; one the database refuses is kept,
        to be recorded by the delivery loop before it claims anything more
        (see the module doc), never sent again by this process."""
        c = self._c
        try:
            recorded = await c.store.mark_delivered(entry.entry_id, c.owner)
        except Unavailable as exc:
            self._held.keep_unrecorded(entry, exc.message)
            self._woken()
            return
        if not recorded:
            claim_lost_after_post(entry)

    def _own_failure(self, exc: ProviderError) -> bool:
        """Whether a failed attempt counts against the entry's own budget
        (``max_attempts``), judged right after the breaker recorded it.

        The provider refusing this payload (a 4xx other than 401, 403,
        404, 408, 429: those are about the provider or us, not the entry)
        always counts. Any other failure counts only while the breaker is
        still closed: other calls get through, so it may be the entry's.
        One that opened the breaker, a half-open trial's, or one reported
        while it is open happened while ``/notify`` as a whole fails: an
        outage, bounded by ``max_age`` alone, so an entry that keeps being
        the trial does not spend its budget on it."""
        if exc.status is not None and 400 <= exc.status < 500:
            return exc.status not in _NOT_THE_ENTRYS
        return self._breaker.state == CLOSED

    async def _failed(self, entry: OutboxEntry, error: str, *, counted: bool) -> None:
        c = self._c
        attempts = entry.attempts + 1
        own = entry.own_attempts + 1 if counted else entry.own_attempts
        age = (c.clock.now() - entry.created_at).total_seconds()
        if own >= c.max_attempts or age >= c.max_age_seconds:
            # Logged and counted once the database took it: a refused
            # dead-letter leaves the entry pending, tried again (and
            # dead-lettered again) once its claim runs out.
            written = await self._write_outcome(
                c.store.mark_dead(entry.entry_id, c.owner, error=error)
            )
            if written:
                c.metrics.notify_deliveries.labels("dead").inc()
                log.error(
                    "notification dead-lettered",
                    extra={
                        "tenant_id": entry.tenant_id,
                        "ticket_id": entry.external_id,
                        "error": error,
                    },
                )
            elif written is False:
                c.metrics.notify_deliveries.labels("failed").inc()  # and nothing more
                self._outcome_lost(entry, "dead-letter", error)
            return
        c.metrics.notify_deliveries.labels("failed").inc()
        delay = c.backoff.delay(attempts)
        written = await self._write_outcome(
            c.store.schedule_retry(
                entry.entry_id,
                c.owner,
                next_attempt_at=c.clock.now() + timedelta(seconds=delay),
                error=error,
                counted=counted,
            )
        )
        if written is False:
            self._outcome_lost(entry, "retry", error)

    def _outcome_lost(self, entry: OutboxEntry, outcome: str, error: str) -> None:
        """The failed delivery's claim ran out and another claimer took the
        entry before its outcome was written: nothing was written, and the
        entry's current claimer decides what becomes of it (the attempt is
        counted failed, as it did)."""
        log.warning(
            "delivery failed, its %s not written: its claim ran out and another "
            "claimer holds the entry",
            outcome,
            extra={"tenant_id": entry.tenant_id, "ticket_id": entry.external_id, "error": error},
        )

    async def _write_outcome(self, write: Awaitable[bool]) -> bool | None:
        """Write a failed delivery's outcome (a retry, dead-lettered):
        whether it was written (False: the claim was lost, see
        ``_outcome_lost``), None when the database refused it. One the
        database refuses (a full disk) loses nothing: the entry stays
        pending under its claim, which is no longer renewed, so it is tried
        again once the claim runs out (about 20 s). Logged once when
        such refusals start, then at most once a minute with how many
        there were, and once when an outcome is written again
        (``OutageLog``); never a traceback per delivery."""
        try:
            written = await write
        except Unavailable as exc:
            self._unwritten.failed(error=exc.message)
            return None
        self._unwritten.recovered()
        return written
