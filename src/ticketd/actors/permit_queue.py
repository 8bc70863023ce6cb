"""A budget's queue of callers waiting for permits, shared by the rate
limiter's local and shared grant loops."""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque

import attrs

from ticketd.domain.ratelimit import SlidingWindow

__all__ = ["BudgetQueue", "Waiter"]


@attrs.frozen
class Waiter:
    reply: asyncio.Future[float]  # the deferred reply of an Acquire
    since: float  # monotonic time it was queued


class BudgetQueue:
    """One budget's sliding window and the callers queued on it, per key."""

    def __init__(self, name: str, window: SlidingWindow) -> None:
        self.name = name
        self.window = window
        self.queues: OrderedDict[str, deque[Waiter]] = OrderedDict()
        self.wakeup = asyncio.Event()
        self.granted = 0
        self.pauses: deque[tuple[float, float]] = deque(maxlen=64)  # (from, until)

    def enqueue(self, key: str, waiter: Waiter) -> None:
        self.queues.setdefault(key, deque()).append(waiter)
        self.wakeup.set()

    def pause(self, now: float, until: float) -> None:
        self.window.pause_until(until)
        self.pauses.append((now, until))
        self.wakeup.set()

    def paused_seconds(self, since: float, now: float) -> float:
        """How much of [since, now] this budget was paused by 429s."""
        covered, edge = 0.0, since
        for start, end in sorted(self.pauses):
            start, end = max(start, edge), min(end, now)
            if end > start:
                covered += end - start
                edge = end
        return covered

    def paused_at(self, now: float) -> bool:
        """Whether a 429 pauses this budget at ``now``."""
        return any(start <= now < end for start, end in self.pauses)

    def drop_gone(self) -> None:
        """Forget the callers that gave up (a run that ended, cancelled)."""
        for key in [k for k, q in self.queues.items() if all(w.reply.done() for w in q)]:
            del self.queues[key]

    def next_waiter(self) -> Waiter | None:
        """Pop the first live waiter of the next key in round-robin order."""
        while self.queues:
            key, queue = next(iter(self.queues.items()))
            self.queues.move_to_end(key)
            while queue and queue[0].reply.done():  # the caller gave up
                queue.popleft()
            if not queue:
                del self.queues[key]
                continue
            waiter = queue.popleft()
            if not queue:
                del self.queues[key]
            return waiter
        return None

    @property
    def waiting(self) -> int:
        return sum(1 for q in self.queues.values() for w in q if not w.reply.done())
