"""The checked public methods of the notification outbox, part of
``StoreContract``: each checks its arguments (``InvalidInput`` before any
database work), then calls the backend's hook of the same name with a
leading underscore."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ticketd.errors import InvalidInput
from ticketd.store.contract_checks import check_aware, check_limit, check_seconds
from ticketd.store.records import OUTBOX_STATUSES, OutboxEntry, OutboxSummary

__all__ = ["OutboxContract"]


class OutboxContract:
    """The outbox methods of ``Store``; the backend defines the ``_`` hooks."""

    async def claim_notifications(
        self, owner: str, *, limit: int, lease_seconds: float
    ) -> list[OutboxEntry]:
        check_seconds("lease_seconds", lease_seconds)
        if (limit := check_limit(limit)) == 0:
            return []
        return await self._claim_notifications(owner, limit=limit, lease_seconds=lease_seconds)

    async def extend_claims(self, owner: str, entry_ids: list[str], *, lease_seconds: float) -> int:
        check_seconds("lease_seconds", lease_seconds)
        if not entry_ids:
            return 0
        return await self._extend_claims(owner, list(entry_ids), lease_seconds=lease_seconds)

    async def mark_delivered(self, entry_id: str, owner: str) -> bool:
        return await self._mark_delivered(entry_id, owner)

    async def schedule_retry(
        self,
        entry_id: str,
        owner: str,
        *,
        next_attempt_at: datetime,
        error: str,
        counted: bool = True,
    ) -> bool:
        check_aware("next_attempt_at", next_attempt_at)
        return await self._schedule_retry(
            entry_id, owner, next_attempt_at=next_attempt_at, error=error, counted=counted
        )

    async def release_claim(self, entry_id: str, owner: str) -> bool:
        return await self._release_claim(entry_id, owner)

    async def mark_dead(self, entry_id: str, owner: str, *, error: str) -> bool:
        return await self._mark_dead(entry_id, owner, error=error)

    async def list_outbox(self, tenant_id: str, *, status: str, limit: int) -> list[OutboxEntry]:
        if status not in OUTBOX_STATUSES:
            raise InvalidInput(f"not an outbox status: {status!r} (one of {OUTBOX_STATUSES})")
        if (limit := check_limit(limit)) == 0:
            return []
        return await self._list_outbox(tenant_id, status=status, limit=limit)

    async def requeue_dead(self, tenant_id: str) -> int:
        return await self._requeue_dead(tenant_id)

    async def outbox_summary(self) -> OutboxSummary:
        return await self._outbox_summary()

    _claim_notifications: Any
    _extend_claims: Any
    _mark_delivered: Any
    _schedule_retry: Any
    _release_claim: Any
    _mark_dead: Any
    _list_outbox: Any
    _requeue_dead: Any
    _outbox_summary: Any
