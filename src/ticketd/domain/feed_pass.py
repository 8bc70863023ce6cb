"""When the pass over the provider's feed that replicas share needs another
page, or another deleted-ids call. Pure logic, no I/O.

Every replica following the pass publishes, for each of its subscribers
(one per active run) that has not had the whole feed yet, where it stands:
the number of the first page it received (none yet: it takes the next page
published) and whether it has seen the feed's end. With the marks of the
pages published after the replica's read position (page number, end of
feed, failure), anyone can tell whether that subscriber still needs a page
that is not published yet, without waiting for the replica to read them:

- a subscriber that started at page 1 is done at the end of the feed;
- one that started at page k > 1 (a late joiner) continues past the end
  from page 1 and is done once page k - 1 is published;
- a failed page (past its retries) ends every subscriber.

A pass that starts waits a moment for runs started with its first
(``gather_left``), so they read it from page 1 rather than as late joiners.

``SubscriberMark.after`` is the same rule, page by page; the local
subscription (``ticketd.actors.feed_subscription``) applies it to the pages
it receives, so both sides agree on when a run has had every page.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["PageMark", "SubscriberMark", "gather_left", "needs_deleted", "needs_page"]


@attrs.frozen
class PageMark:
    """What the rule needs to know of one published page."""

    seq: int  # its position in the published sequence
    number: int  # the provider's page number
    end: bool  # the feed's last page (empty, or no next page)
    failed: bool = False  # the page failed past its retries: every subscriber ends


@attrs.frozen
class SubscriberMark:
    """Where one subscriber stands; ``done`` once it had the whole feed."""

    joined_at: int | None = None  # number of the first page it received
    wrapping: bool = False  # saw the end; now takes pages 1..joined_at-1
    done: bool = False

    def after(self, number: int, end: bool, failed: bool = False) -> SubscriberMark:
        """The mark once the page ``number`` is received (or skipped as
        already received: pages it skips count too)."""
        if self.done:
            return self
        if failed:
            return SubscriberMark(self.joined_at, self.wrapping, True)
        joined_at = number if self.joined_at is None else self.joined_at
        if end and (joined_at == 1 or self.wrapping):
            return SubscriberMark(joined_at, True, True)
        if end:
            return SubscriberMark(joined_at, True, False)
        if self.wrapping and number + 1 >= joined_at:
            return SubscriberMark(joined_at, True, True)
        return SubscriberMark(joined_at, self.wrapping, False)


def needs_page(
    followers: Iterable[tuple[int, Iterable[SubscriberMark]]], marks: Iterable[PageMark]
) -> bool:
    """Whether any subscriber still needs a page not published yet.

    ``followers``: per live replica, its read position (the last sequence
    number it read) and its subscribers' marks as of that position.
    ``marks``: the published pages after the lowest of those positions.
    """
    ordered = sorted(marks, key=lambda m: m.seq)
    for read_seq, subscribers in followers:
        ahead = [m for m in ordered if m.seq > read_seq]
        for mark in subscribers:
            for page in ahead:
                mark = mark.after(page.number, page.end, page.failed)
            if not mark.done:
                return True
    return False


def needs_deleted(wanted_after: Iterable[float | None], started_at: float | None) -> bool:
    """Whether a new deleted-ids call is due: some replica waits for one
    started no earlier than its value (epoch seconds: the time its latest
    waiting subscriber joined) and the last published call started before
    that (or there is none)."""
    latest = max((w for w in wanted_after if w is not None), default=None)
    return latest is not None and (started_at is None or started_at < latest)


def gather_left(
    number: int,
    subscribers: Iterable[SubscriberMark],
    first_joined: float | None,
    gather: float,
    now: float,
) -> float:
    """Seconds the call for page ``number`` still waits for runs to join:
    while a pass starts (page 1, and none of the ``subscribers`` of any
    replica has received a page of it), until ``gather`` seconds after
    ``first_joined`` (when the replica's first run waiting for its first
    page joined; None: it has none, it fetches for others and does not
    wait). Times are epoch seconds on one clock."""
    if number != 1 or first_joined is None:
        return 0.0
    if any(mark.joined_at is not None for mark in subscribers):
        return 0.0
    return max(0.0, first_joined + gather - now)
