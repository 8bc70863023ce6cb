"""The records of the pass over the provider's feed that replicas sharing a
database share, and the store methods that keep them (``FeedPasses``, part
of ``Store``; both backends implement it).

Per feed (``key``: the provider's URL and page size, so replicas that would
number pages differently never mix) the store keeps:

- one scan record: the fetch lease (owner, fencing token, expiry), the
  pass's cursor (the next page number to fetch; 1 at the start of a pass),
  the pass id (grows when a pass starts from page 1), the sequence number
  of the last published page, the latest deleted-ids answer, and what the
  holder's provider call waits for now (cleared by a publication, a
  release and a new holder);
- the published pages, by sequence number: the provider's body, the page
  number, the next page, whether it ends the feed, or why it failed, and
  the calls it took;
- one member record per replica following the pass: its read position,
  its subscribers' marks (``ticketd.domain.feed_pass``), the deleted-ids
  call it waits for, and an expiry it renews while it follows.

Times are epoch seconds of the store's clock: every expiry is set and
judged by it, never by one replica's own clock, which may run ahead or
behind (MongoDB: the server's; SQLite: the machine's, which every replica
on the file shares). Published pages are deleted once every live member
with subscribers has read them.
"""

from __future__ import annotations

import re
from typing import Protocol

import attrs

from ticketd.domain.feed_pass import PageMark, SubscriberMark
from ticketd.urls import shown_url

__all__ = [
    "DEAD_MEMBER_KEEP_SECONDS",
    "FRONTIER",
    "FeedLease",
    "FeedMember",
    "FeedPasses",
    "FeedScanState",
    "FeedView",
    "PublishedPage",
    "key_shows_credentials",
]

FRONTIER = -1  # a member's read position meaning "from the next page published"

# A member record is deleted only once it expired this long ago (by the
# store's time). Whether a member is alive comes from reading the records
# (``expires_at`` after the store's now), so the deletion is housekeeping
# and needs no precision. Member TTLs are at most 10 s (the feed lease),
# far below it.
DEAD_MEMBER_KEEP_SECONDS = 300.0

_DIGEST = re.compile(r" \([0-9a-f]{16}\)$")  # a key's digest of the whole base URL


def key_shows_credentials(key: str) -> bool:
    """Whether a stored feed key carries a credential of the provider's URL
    in clear: a key written before the URL was masked in keys, or masked by
    fewer rules than now (``ticketd.urls.shown_url``). Both backends drop
    the records of such keys when they open (the pass restarts at page 1
    under the masked key)."""
    url = _DIGEST.sub("", key)
    return shown_url(url) != url


@attrs.frozen
class FeedLease:
    """The right to fetch the feed's next page and publish it."""

    key: str
    owner: str
    token: int  # fencing token, grows with every new holder


@attrs.frozen
class PublishedPage:
    """One page of the shared pass, as published (or to publish)."""

    number: int  # the provider's page number
    next_page: int | None
    end: bool  # the feed's last page
    body: bytes  # the provider's answer (empty for a failure)
    error: str | None = None  # the page failed past its retries
    calls: tuple[int, int, int, float, float] = (0, 0, 0, 0.0, 0.0)
    # api_calls, retries, throttled, throttled_seconds, budget_wait_seconds
    seq: int = 0  # set by the store when published
    pass_id: int = 0  # set by the store when published

    def mark(self) -> PageMark:
        return PageMark(self.seq, self.number, self.end, self.error is not None)


@attrs.frozen
class FeedMember:
    """One replica's position in the pass."""

    member_id: str
    read_seq: int  # the last sequence number it read; FRONTIER on joining
    subscribers: tuple[SubscriberMark, ...]  # of subscribers not done yet
    deleted_after: float | None = None  # waits for a deleted-ids call started after this


def lowest_read(members: tuple[FeedMember, ...]) -> int | None:
    """The lowest read position of the live members with subscribers: the
    published pages up to it may be deleted (None: nobody reads)."""
    return min((m.read_seq for m in members if m.subscribers), default=None)


@attrs.frozen
class FeedScanState:
    """The scan record."""

    owner: str | None  # the fetch lease's holder, None when free
    token: int
    expires_at: float
    cursor: int  # the next page number to fetch
    pass_id: int
    last_seq: int  # of the last published page, 0 before any
    deleted_ids: tuple[str, ...] | None = None
    deleted_error: str | None = None  # the latest deleted-ids call failed
    deleted_started_at: float | None = None
    deleted_calls: tuple[int, int, int, float, float] = (0, 0, 0, 0.0, 0.0)
    # What the lease holder's provider call waits for now (one of
    # ``JOB_WAITS``, None between waits), as it last noted it.
    waiting: str | None = None

    def held_by_other(self, owner: str, now: float) -> bool:
        return self.owner is not None and self.owner != owner and self.expires_at > now


@attrs.frozen
class FeedView:
    """What a member reads in one round trip."""

    scan: FeedScanState
    now: float  # the store's time of the read (epoch seconds): liveness is judged by it
    read_seq: int  # the member's read position (FRONTIER resolved)
    pages: tuple[PublishedPage, ...]  # published after read_seq, oldest first
    members: tuple[FeedMember, ...]  # live members (this one included if registered)
    marks: tuple[PageMark, ...]  # pages after the lowest live member's read position


class FeedPasses(Protocol):
    """Store methods of the shared pass (see the module docstring)."""

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
        """One round trip of a following replica. With ``member`` its record
        is written (expiring ``ttl_seconds`` from now; a ``FRONTIER`` read
        position becomes the last published sequence number) and pages
        every live member with subscribers has read are deleted; without,
        nothing is written. Returns at most ``limit`` pages after
        ``read_seq`` (after the registered position when ``member`` is
        given)."""

    async def claim_feed(self, key: str, owner: str, ttl_seconds: float) -> FeedLease | None:
        """Take the fetch lease when it is free, expired or ``owner``'s
        (then it is extended and the token kept); a new holder gets a
        larger token. None while another owner holds it."""

    async def publish_feed_page(
        self, lease: FeedLease, page: PublishedPage, *, cursor: int, ttl_seconds: float
    ) -> PublishedPage:
        """Append the page (next sequence number, the current pass id) and
        move the cursor to ``cursor`` (1 starts a new pass: the pass id
        grows), extending the lease, in one atomic operation fenced by the
        lease's token; returns the page as published. Raises ``LeaseLost``
        when the lease changed hands."""

    async def publish_feed_deleted(
        self,
        lease: FeedLease,
        *,
        ids: tuple[str, ...] | None,
        error: str | None,
        started_at: float,
        calls: tuple[int, int, int, float, float],
    ) -> None:
        """Record a deleted-ids answer (or its failure), fenced like
        ``publish_feed_page``."""

    async def note_feed_waiting(self, lease: FeedLease, waiting: str | None) -> None:
        """Record what the holder's provider call waits for now (one of
        ``JOB_WAITS``, or None), if the lease is still held with that
        token (else nothing), so the runs other replicas follow the pass
        with show it (progress ``waiting``)."""

    async def release_feed(self, lease: FeedLease, *, restart: bool) -> None:
        """Give the fetch lease back (if still held with that token); with
        ``restart`` the cursor goes back to page 1 for the next pass."""

    async def leave_feed(self, key: str, member_id: str) -> None:
        """Remove the member record."""
