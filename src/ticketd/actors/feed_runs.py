"""This process's runs on the shared feed pass, as the feed-scan actor
(``ticketd.actors.feed_scan``) keeps them: the subscriptions still reading
pages and those waiting for a deleted-ids answer, what this replica's
member record says of them, and handing them what the pass brings (pages,
a failed page, deleted ids, lost pages).

A page goes to every subscription still reading; one that has had the
whole feed (``FeedSubscription.observe``) is dropped. A page that failed
past its retries ends every reading subscription with the error, its calls
counted in each. The actor stops handing out pages while any subscription's
buffer is full (``full``).
"""

from __future__ import annotations

import logging
from typing import Any

from ticketd.actors.feed_subscription import CallFigures, FeedSubscription
from ticketd.errors import ProviderError
from ticketd.external.pages import Page
from ticketd.store.feed_records import FeedMember, FeedScanState

__all__ = ["LocalRuns"]

log = logging.getLogger("ticketd.actors.feed_scan")


class LocalRuns:
    """The subscriptions of this process's runs (see the module docstring)."""

    def __init__(self) -> None:
        self.reading: list[FeedSubscription] = []  # runs still reading pages
        self.awaiting_deleted: list[FeedSubscription] = []  # runs awaiting deleted ids

    @property
    def busy(self) -> bool:
        """Whether a run here still needs the pass."""
        return bool(self.reading or self.awaiting_deleted)

    @property
    def full(self) -> bool:
        """Whether some run's buffer is full: no page is handed out now."""
        return any(not s.room.is_set() for s in self.reading)

    @property
    def fresh(self) -> bool:
        """Whether no run here has received a page yet."""
        return all(s.mark.joined_at is None for s in self.reading)

    def first_joined(self) -> float | None:
        """When the earliest run here still waiting for its first page
        joined (store epoch seconds); None if there is none."""
        return min(
            (s.subscribed_at for s in self.reading if s.mark.joined_at is None), default=None
        )

    def add(self, subscription: FeedSubscription) -> None:
        self.reading.append(subscription)

    def await_deleted(self, subscription: FeedSubscription) -> None:
        self.awaiting_deleted.append(subscription)

    def shift_subscribed(self, seconds: float) -> None:
        """Move every run's join time by ``seconds`` (onto the store's clock)."""
        for subscription in {*self.reading, *self.awaiting_deleted}:
            subscription.subscribed_at += seconds

    def remove(self, subscription: FeedSubscription) -> None:
        """The run left: it needs neither pages nor deleted ids any more."""
        self._drop(subscription)
        if subscription in self.awaiting_deleted:
            self.awaiting_deleted.remove(subscription)

    def member(self, member_id: str, read_seq: int) -> FeedMember:
        """This replica's member record: its read position, its runs'
        marks and the deleted-ids call they wait for."""
        waiting = [s.subscribed_at for s in self.awaiting_deleted if s.awaits_deleted]
        return FeedMember(
            member_id,
            read_seq,
            tuple(s.mark for s in self.reading if not s.finished),
            max(waiting) if waiting else None,
        )

    def deliver(self, page: Page | None, calls: Any, error: str | None = None) -> None:
        """A page of the pass (None: it failed, with ``error``)."""
        if page is None:  # its calls count in each run it ends, as a page's do
            # Only the runs' pages fail: a run that asked for the deleted
            # ids (it holds a page it has not stored yet) still gets that
            # call's answer, stores its page, then meets the failure.
            failure = ProviderError(error or "a page of the feed failed")
            for subscription in self.reading:
                subscription.count_failed(calls)
                subscription.finish(failure)
            self.reading.clear()
            return
        for subscription in list(self.reading):
            subscription.observe(page, calls)
            if subscription.finished:
                self._drop(subscription)

    def fail_all(self, error: BaseException) -> None:
        """The pass failed (the store, or the actor stopped)."""
        for subscription in [*self.reading, *self.awaiting_deleted]:
            subscription.fail(error)
        self.reading.clear()
        self.awaiting_deleted.clear()

    def missed(self, count: int) -> None:
        """Published pages were collected before this replica read them
        (it stopped renewing its record for longer than its TTL): they do
        not count as received. Each run follows on as a late joiner from
        the next page it reads, until it has received every page."""
        log.warning("missed pages of the shared feed pass", extra={"pages": count})
        for subscription in self.reading:
            subscription.rejoin()

    def serve_deleted(self, scan: FeedScanState) -> None:
        """Answer the runs whose deleted-ids call the scan record holds."""
        started = scan.deleted_started_at
        if started is not None:
            self.answer_deleted(started, scan.deleted_ids, scan.deleted_error, scan.deleted_calls)

    def answer_deleted(
        self, started: float, ids: tuple[str, ...] | None, error: str | None, calls: CallFigures
    ) -> None:
        """Answer the runs a deleted-ids call that ``started`` then answers."""
        self.awaiting_deleted = [
            s for s in self.awaiting_deleted if not s.answer_deleted(started, ids, error, calls)
        ]

    def _drop(self, subscription: FeedSubscription) -> None:
        if subscription in self.reading:
            self.reading.remove(subscription)
