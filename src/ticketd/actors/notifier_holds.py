"""What a notifier incarnation holds in the outbox: the claims of its
deliveries in flight, and the deliveries ``/notify`` accepted that the
database has not recorded yet.

A claim covers one delivery plus ``CLAIM_MARGIN_SECONDS`` and is renewed
every ``CLAIM_RENEW_SECONDS`` while its delivery waits for a permit or
runs: the claims of a process that died free their entries within about
time-out + margin, while a live notifier keeps what it holds.

A claim can still run out under a live process: a freeze (SIGSTOP, a
suspended VM) or a database that refuses the renewals for longer than the
claim lasts; another replica may then claim the entry and send it. So a
delivery confirms its claim (``confirm``: extended only while still this
owner's and unexpired, by the store's clock) after its wait for a permit
and immediately before the POST, and goes out only if it holds; and a
renewal round that finds claims gone reports them (``renew_claims``'s
``on_lost``), so their deliveries are dropped before they even get a
permit.

A delivery ``/notify`` accepted must be recorded as delivered, or its
entry stays pending, to be claimed and sent again once the claim expires.
One the database refused to record (a full disk, a held write lock) is
kept here, its claim still renewed, and recorded before the notifier
claims anything more (``record_unrecorded``), for as long as the process
lives: this process never sends it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ticketd.clock import Clock
from ticketd.errors import Unavailable, error_text
from ticketd.store import OutboxEntry, Store

__all__ = ["CLAIM_MARGIN_SECONDS", "CLAIM_RENEW_SECONDS", "HeldEntries", "claim_lost_after_post"]

# The notifier's log lines keep its logger name.
log = logging.getLogger("ticketd.actors.notifier")

CLAIM_MARGIN_SECONDS = 15.0
CLAIM_RENEW_SECONDS = 5.0


def claim_lost_after_post(entry: OutboxEntry) -> None:
    """``/notify`` accepted the entry, but its claim ran out and another
    claimer took it before it was recorded delivered: not recorded (that
    claimer decides its outcome; a repeat it sends is dropped by the
    receiver by its ``Idempotency-Key``)."""
    log.warning(
        "delivery accepted but not recorded: its claim ran out and another claimer holds the entry",
        extra={"tenant_id": entry.tenant_id, "ticket_id": entry.external_id},
    )


class HeldEntries:
    """The entries one notifier incarnation holds (see the module doc)."""

    def __init__(self, store: Store, clock: Clock, owner: str, timeout_seconds: float) -> None:
        self._store = store
        self._clock = clock
        self._owner = owner
        self.lease_seconds = timeout_seconds + CLAIM_MARGIN_SECONDS  # of one claim
        # Entry ids whose claims are renewed, each with a count of its claims.
        self._claimed: dict[str, int] = {}
        self._claims = 0
        # Deliveries /notify accepted that the database has not recorded yet.
        self.unrecorded: dict[str, OutboxEntry] = {}

    def claimed(self, entry_id: str) -> None:
        """A delivery of the entry starts: renew its claim from now on."""
        self._claims += 1
        self._claimed[entry_id] = self._claims

    async def confirm(self, entry_id: str) -> bool:
        """Whether the entry's claim is still this owner's and unexpired,
        renewing it to a full ``lease_seconds`` from now if so (the fence
        a delivery passes just before its POST). Raises ``Unavailable``."""
        extended = await self._store.extend_claims(
            self._owner, [entry_id], lease_seconds=self.lease_seconds
        )
        return extended == 1

    def delivery_ended(self, entry_id: str) -> None:
        """The delivery ended; the claim of one left unrecorded stays renewed."""
        if entry_id not in self.unrecorded:
            self._claimed.pop(entry_id, None)

    def keep_unrecorded(self, entry: OutboxEntry, error: str) -> None:
        """``/notify`` accepted ``entry`` but the database refused to record it."""
        log.warning(
            "delivery accepted but not recorded yet; recorded before anything more is sent",
            extra={"tenant_id": entry.tenant_id, "ticket_id": entry.external_id, "error": error},
        )
        self.unrecorded[entry.entry_id] = entry

    async def record_unrecorded(self) -> None:
        """Record the accepted deliveries the database refused before;
        raises ``Unavailable`` while it still refuses one."""
        for entry_id, entry in list(self.unrecorded.items()):
            recorded = await self._store.mark_delivered(entry_id, self._owner)
            del self.unrecorded[entry_id]
            self._claimed.pop(entry_id, None)
            if recorded:
                log.info(
                    "accepted delivery recorded late",
                    extra={"tenant_id": entry.tenant_id, "ticket_id": entry.external_id},
                )
            else:
                claim_lost_after_post(entry)

    def claim_of(self, entry_id: str) -> int | None:
        """The number of the entry's latest claim taken by this process
        (``claimed``), None while it is not renewed. A delivery compares it
        before and after a check of its claim: a different number means
        the entry was claimed again meanwhile, and that claim is ours."""
        return self._claimed.get(entry_id)

    async def renew_claims(self, on_lost: Callable[[list[str]], None]) -> None:
        """Keep the claims alive (a wait for a permit can last a rate
        window), every ``CLAIM_RENEW_SECONDS``. A failed renewal is retried
        at the next round; a claim that ran out meanwhile is not revived:
        the entry ids whose claims are gone are passed to ``on_lost`` and
        no longer renewed.

        An entry is lost only if the claim found gone is still its latest:
        one claimed again while the round ran (the claim loop re-takes an
        entry whose claim expired, for the delivery still waiting) is ours
        under the new claim. That is judged after the round's last await,
        right before ``on_lost``, so no new claim can slip in between."""
        while True:
            await self._clock.sleep(CLAIM_RENEW_SECONDS)
            held = dict(self._claimed)  # entry id -> the claim this round renews
            if not held:
                continue
            try:
                extended = await self._store.extend_claims(
                    self._owner, list(held), lease_seconds=self.lease_seconds
                )
                gone = [] if extended == len(held) else await self._find_gone(held)
            except Unavailable as exc:
                log.warning("could not renew notification claims", extra={"error": error_text(exc)})
                continue
            lost = [entry_id for entry_id in gone if self._claimed.get(entry_id) == held[entry_id]]
            if lost:
                for entry_id in lost:
                    del self._claimed[entry_id]
                log.warning(
                    "notification claims ran out (another replica may hold them now)",
                    extra={"count": len(lost)},
                )
                on_lost(lost)

    async def _find_gone(self, held: dict[str, int]) -> list[str]:
        """Which claims of ``held`` (entry id -> claim) are no longer this
        owner's, each confirmed on its own (a rare path: after a freeze or
        an outage). An entry whose delivery ended meanwhile (its outcome
        written, which ends the claim) or that was claimed again is skipped."""
        gone = []
        for entry_id, claim in held.items():
            if self._claimed.get(entry_id) != claim:
                continue
            if not await self.confirm(entry_id):
                gone.append(entry_id)
        return gone
