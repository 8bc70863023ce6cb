"""Storage: the ``Store`` interface, its records, and ``make_store`` which
builds a backend from a URL (``sqlite:///path`` or ``mongodb://...``)."""

from __future__ import annotations

from ticketd.clock import Clock, SystemClock
from ticketd.errors import InvalidInput
from ticketd.store.base import Store
from ticketd.store.records import (
    JOB_FINAL_STATUSES,
    JOB_STATUSES,
    JOB_WAITS,
    ApplyResult,
    HistoryRecord,
    JobProgress,
    JobRecord,
    Lease,
    LeaseStatus,
    OutboxEntry,
    OutboxSummary,
    TenantStats,
    TicketFilter,
    TicketKey,
    TicketOutcome,
    TicketPage,
)

__all__ = [
    "JOB_FINAL_STATUSES",
    "JOB_STATUSES",
    "JOB_WAITS",
    "ApplyResult",
    "HistoryRecord",
    "JobProgress",
    "JobRecord",
    "Lease",
    "LeaseStatus",
    "OutboxEntry",
    "OutboxSummary",
    "Store",
    "TenantStats",
    "TicketFilter",
    "TicketKey",
    "TicketOutcome",
    "TicketPage",
    "make_store",
]


def make_store(
    url: str,
    *,
    clock: Clock | None = None,
    timeout_seconds: float | None = None,
    read_only: bool = False,
) -> Store:
    """Build (but do not open) the backend named by ``url``.

    ``sqlite:///relative/or/absolute/path.db`` (``sqlite:////abs`` also
    accepted) or ``mongodb://`` / ``mongodb+srv://`` URLs, whose path names
    the database (default ``ticketd``). ``timeout_seconds`` (default 5 s) is
    the deadline of every MongoDB operation; on SQLite, how long a write may
    wait for the write lock (queueing behind this process's other writes
    included) before it fails with ``Unavailable``. ``read_only=True``
    opens it for reading only (``ticketd stats``): ``open`` creates,
    migrates and deletes nothing (a SQLite file of another schema version
    is refused with ``Unavailable``), and writes fail with ``Unavailable``
    on SQLite.
    """
    clock = clock or SystemClock()
    if url.startswith("sqlite://"):
        from ticketd.store.sqlite import SqliteStore

        return SqliteStore(
            sqlite_path(url),
            clock=clock,
            busy_timeout=timeout_seconds or 5.0,
            read_only=read_only,
        )
    if url.startswith(("mongodb://", "mongodb+srv://")):
        from ticketd.store.mongo import MongoStore

        if timeout_seconds is None:
            return MongoStore.from_url(url, clock=clock, read_only=read_only)
        return MongoStore.from_url(
            url, clock=clock, timeout_seconds=timeout_seconds, read_only=read_only
        )
    raise InvalidInput(f"unsupported database URL {url!r}: use sqlite:///path or mongodb://...")


def sqlite_path(url: str) -> str:
    """The file path of a ``sqlite:///`` URL (``sqlite:///./x.db`` -> ``./x.db``)."""
    path = url.removeprefix("sqlite://").removeprefix("/")
    if not path:
        raise InvalidInput(f"database URL {url!r} names no file")
    return path
