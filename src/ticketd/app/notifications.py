"""Notification administration: the notify circuit breaker and the
dead-letter entries of the outbox."""

from __future__ import annotations

from typing import Any

from ticketd.actors import ActorRef
from ticketd.actors.notifier import BreakerStatus, ResetBreaker, Wake
from ticketd.app.ingestion import ASK_TIMEOUT_SECONDS
from ticketd.errors import Unavailable
from ticketd.store import OutboxEntry, Store

__all__ = ["NotificationAdmin"]


class NotificationAdmin:
    """Reads and resets the notifier's breaker; lists and requeues dead
    notifications. ``notifier`` is None where no notifier runs (``ticketd
    ingest``): the breaker then answers ``Unavailable``."""

    def __init__(self, store: Store, notifier: ActorRef | None) -> None:
        self._store = store
        self._notifier = notifier

    def _require_notifier(self) -> ActorRef:
        if self._notifier is None or not self._notifier.alive:
            raise Unavailable("the notifier is not running")
        return self._notifier

    async def breaker_status(self) -> dict[str, Any]:
        """The breaker's snapshot and the outbox summary, as the notifier
        reports them (times as datetimes)."""
        return await self._require_notifier().ask(BreakerStatus(), timeout=ASK_TIMEOUT_SECONDS)

    async def reset_breaker(self) -> dict[str, Any]:
        """Close the breaker and clear its window."""
        return await self._require_notifier().ask(ResetBreaker(), timeout=ASK_TIMEOUT_SECONDS)

    async def dead_letters(self, tenant_id: str, *, limit: int) -> list[OutboxEntry]:
        """The tenant's dead notifications, oldest first."""
        return await self._store.list_outbox(tenant_id, status="dead", limit=limit)

    async def requeue_dead(self, tenant_id: str) -> int:
        """Make the tenant's dead notifications due again and wake the
        notifier; returns how many."""
        count = await self._store.requeue_dead(tenant_id)
        if count and self._notifier is not None and self._notifier.alive:
            await self._notifier.try_tell(Wake())
        return count
