"""Leases, jobs, the notification outbox and the shared provider budget of the MongoDB backend: the
coordination half of ``MongoStore`` (``ticketd.store.mongo``), one module
per concern.

Every state change there is one single-document atomic operation whose
filter states the precondition (lease free or mine, job still running,
claim still mine), so replicas sharing the database never need a
check-then-act.
"""

from __future__ import annotations

from ticketd.store.mongo_budgets import MongoBudgets
from ticketd.store.mongo_feed import MongoFeedPasses
from ticketd.store.mongo_jobs import MongoJobs
from ticketd.store.mongo_leases import MongoLeases
from ticketd.store.mongo_outbox import MongoOutbox

__all__ = ["MongoOperations"]


class MongoOperations(MongoLeases, MongoJobs, MongoOutbox, MongoBudgets, MongoFeedPasses):
    """Lease, job, outbox, shared-budget hooks and the shared-pass methods
    of the Store over one database."""
