"""The checked public methods of the shared feed pass
(``ticketd.store.feed_records.FeedPasses``), part of ``StoreContract``:
each checks its arguments (``InvalidInput`` before any database work),
then calls the backend's hook of the same name with a leading underscore."""

from __future__ import annotations

from typing import Any

from ticketd.errors import InvalidInput
from ticketd.store.contract_checks import check_seconds
from ticketd.store.feed_records import FRONTIER, FeedLease, FeedMember, FeedView, PublishedPage
from ticketd.store.records import JOB_WAITS

__all__ = ["FeedPassContract"]


def _position(read_seq: int) -> None:
    if read_seq < FRONTIER:
        raise InvalidInput(f"a read position is a sequence number or FRONTIER, got {read_seq}")


class FeedPassContract:
    """``FeedPasses`` methods; the backend defines the ``_`` hooks."""

    async def follow_feed(
        self,
        key: str,
        member_id: str,
        *,
        member: FeedMember | None,
        ttl_seconds: float,
        read_seq: int,
        limit: int,
    ) -> FeedView:
        check_seconds("ttl_seconds", ttl_seconds)
        _position(read_seq if member is None else member.read_seq)
        if member is not None and member.member_id != member_id:
            raise InvalidInput(f"member {member.member_id!r} written as {member_id!r}")
        if limit < 1:  # MongoDB would read a limit of 0 as no limit
            raise InvalidInput(f"limit must be at least 1, got {limit}")
        return await self._follow_feed(
            key, member_id, member=member, ttl_seconds=ttl_seconds, read_seq=read_seq, limit=limit
        )

    async def claim_feed(self, key: str, owner: str, ttl_seconds: float) -> FeedLease | None:
        check_seconds("ttl_seconds", ttl_seconds)
        return await self._claim_feed(key, owner, ttl_seconds)

    async def publish_feed_page(
        self, lease: FeedLease, page: PublishedPage, *, cursor: int, ttl_seconds: float
    ) -> PublishedPage:
        check_seconds("ttl_seconds", ttl_seconds)
        if cursor < 1 or page.number < 1:
            raise InvalidInput(f"page numbers start at 1: page {page.number}, cursor {cursor}")
        return await self._publish_feed_page(lease, page, cursor=cursor, ttl_seconds=ttl_seconds)

    async def publish_feed_deleted(
        self,
        lease: FeedLease,
        *,
        ids: tuple[str, ...] | None,
        error: str | None,
        started_at: float,
        calls: tuple[int, int, int, float, float],
    ) -> None:
        if (ids is None) == (error is None):
            raise InvalidInput("a deleted-ids answer has either ids or an error")
        await self._publish_feed_deleted(
            lease, ids=ids, error=error, started_at=started_at, calls=calls
        )

    async def note_feed_waiting(self, lease: FeedLease, waiting: str | None) -> None:
        if waiting is not None and waiting not in JOB_WAITS:
            raise InvalidInput(f"not a wait: {waiting!r}")
        await self._note_feed_waiting(lease, waiting)

    async def release_feed(self, lease: FeedLease, *, restart: bool) -> None:
        await self._release_feed(lease, restart=restart)

    async def leave_feed(self, key: str, member_id: str) -> None:
        await self._leave_feed(key, member_id)

    _follow_feed: Any
    _claim_feed: Any
    _publish_feed_page: Any
    _publish_feed_deleted: Any
    _note_feed_waiting: Any
    _release_feed: Any
    _leave_feed: Any
