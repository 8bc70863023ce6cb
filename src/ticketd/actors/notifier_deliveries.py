"""The deliveries one notifier incarnation runs: one task per outbox entry.

An entry has at most one delivery in a process. Its claim can run out
while the delivery still waits for a permit (a freeze, renewals refused)
and come back to the same owner by a new claim: the delivery already
there goes on under it (with the latest copy of the entry) rather than a
second one starting, since both would pass the claim check before the
POST. A delivery dropped because its claim was lost (``drop``) is
cancelled, and one whose own claim check was refused ends (``give_up``);
until it has ended, a new claim of its entry is given back, not adopted,
and the entry is not delivered again here.
"""

from __future__ import annotations

import asyncio

from ticketd.store import OutboxEntry

__all__ = ["Deliveries"]


class Deliveries:
    """The delivery tasks of one notifier incarnation, by entry id."""

    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[None]] = set()
        self._entries: dict[str, OutboxEntry] = {}  # the latest claimed copy
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._posting: set[str] = set()  # past the claim check: the POST is out
        self._dropped: set[str] = set()  # ending unsent: their claims ran out

    def __contains__(self, entry_id: str) -> bool:
        return entry_id in self._entries

    def __len__(self) -> int:
        return len(self.tasks)

    def entry(self, entry_id: str) -> OutboxEntry:
        """The latest claimed copy of the entry."""
        return self._entries[entry_id]

    def start(self, entry: OutboxEntry, task: asyncio.Task[None]) -> None:
        """``task`` delivers ``entry`` (call ``ended`` when it is done)."""
        self._entries[entry.entry_id] = entry
        self._tasks[entry.entry_id] = task
        self.tasks.add(task)

    def reclaimed(self, entry: OutboxEntry) -> None:
        """The entry was claimed again while its delivery still runs."""
        self._entries[entry.entry_id] = entry

    def dropped(self, entry_id: str) -> bool:
        """Whether the entry's delivery was dropped or gave up (and is ending)."""
        return entry_id in self._dropped

    def give_up(self, entry_id: str) -> None:
        """The delivery found its claim gone and ends unsent (on its own,
        not cancelled): a claim of its entry taken from now on is not its."""
        self._dropped.add(entry_id)

    def posting(self, entry_id: str) -> None:
        """The delivery passed its claim check: its POST goes out now."""
        self._posting.add(entry_id)

    def drop(self, entry_ids: list[str]) -> int:
        """Cancel the deliveries of these entries whose POST is not out
        yet; returns how many were dropped."""
        count = 0
        for entry_id in entry_ids:
            task = self._tasks.get(entry_id)
            if task is None or entry_id in self._posting or entry_id in self._dropped:
                continue
            self._dropped.add(entry_id)
            task.cancel()
            count += 1
        return count

    def ended(self, entry_id: str, task: asyncio.Task[None]) -> None:
        self.tasks.discard(task)
        del self._entries[entry_id], self._tasks[entry_id]
        self._posting.discard(entry_id)
        self._dropped.discard(entry_id)
