"""The shared pass over the provider's feed on SQLite
(``ticketd.store.feed_records``): tables ``feed_scans``, ``feed_pages`` and
``feed_members``. Every change is one ``BEGIN IMMEDIATE`` transaction, so
the lease check and the write it guards cannot interleave with another
process's; a read-only round trip reads one snapshot."""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson

from ticketd.domain.feed_pass import PageMark, SubscriberMark
from ticketd.errors import LeaseLost
from ticketd.store.feed_records import (
    DEAD_MEMBER_KEEP_SECONDS,
    FRONTIER,
    FeedLease,
    FeedMember,
    FeedScanState,
    FeedView,
    PublishedPage,
    key_shows_credentials,
    lowest_read,
)
from ticketd.store.sqlite_tickets import transaction

__all__ = [
    "FEED_SCHEMA",
    "FEED_TABLES",
    "SqliteFeedPasses",
    "drop_feeds_showing_credentials",
]

FEED_TABLES = ("feed_scans", "feed_pages", "feed_members")

FEED_SCHEMA = """
-- The pass over the provider's feed that replicas on this file share
-- (``ticketd.store.feed_records``): the scan record with its fetch lease
-- and cursor, the published pages, the replicas following it.
CREATE TABLE IF NOT EXISTS feed_scans (
    key                TEXT    PRIMARY KEY,
    owner              TEXT,
    token              INTEGER NOT NULL DEFAULT 0,
    expires_at         REAL    NOT NULL DEFAULT 0,
    cursor             INTEGER NOT NULL DEFAULT 1,
    pass_id            INTEGER NOT NULL DEFAULT 1,
    last_seq           INTEGER NOT NULL DEFAULT 0,
    deleted_ids        TEXT,
    deleted_error      TEXT,
    deleted_started_at REAL,
    deleted_calls      TEXT    NOT NULL DEFAULT '[0, 0, 0, 0.0, 0.0]',
    waiting            TEXT
);
CREATE TABLE IF NOT EXISTS feed_pages (
    key       TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    pass_id   INTEGER NOT NULL,
    number    INTEGER NOT NULL,
    next_page INTEGER,
    is_end    INTEGER NOT NULL,
    error     TEXT,
    body      BLOB    NOT NULL,
    calls     TEXT    NOT NULL,
    PRIMARY KEY (key, seq)
);
CREATE TABLE IF NOT EXISTS feed_members (
    key           TEXT NOT NULL,
    member_id     TEXT NOT NULL,
    read_seq      INTEGER NOT NULL,
    subscribers   TEXT NOT NULL,
    deleted_after REAL,
    expires_at    REAL NOT NULL,
    PRIMARY KEY (key, member_id)
);
"""

_CALLS = tuple[int, int, int, float, float]


def _calls(text: str) -> _CALLS:
    a, b, c, d, e = orjson.loads(text)
    return (int(a), int(b), int(c), float(d), float(e))


def _scan(conn: sqlite3.Connection, key: str) -> FeedScanState:
    row = conn.execute("SELECT * FROM feed_scans WHERE key = ?", (key,)).fetchone()
    if row is None:
        return FeedScanState(None, 0, 0.0, 1, 1, 0)
    ids = row["deleted_ids"]
    return FeedScanState(
        owner=row["owner"],
        token=row["token"],
        expires_at=row["expires_at"],
        cursor=row["cursor"],
        pass_id=row["pass_id"],
        last_seq=row["last_seq"],
        deleted_ids=None if ids is None else tuple(orjson.loads(ids)),
        deleted_error=row["deleted_error"],
        deleted_started_at=row["deleted_started_at"],
        deleted_calls=_calls(row["deleted_calls"]),
        waiting=row["waiting"],
    )


def _members(conn: sqlite3.Connection, key: str, now: float) -> tuple[FeedMember, ...]:
    rows = conn.execute(
        "SELECT member_id, read_seq, subscribers, deleted_after FROM feed_members "
        "WHERE key = ? AND expires_at > ?",
        (key, now),
    ).fetchall()
    return tuple(
        FeedMember(
            member_id=r["member_id"],
            read_seq=r["read_seq"],
            subscribers=tuple(SubscriberMark(j, bool(w)) for j, w in orjson.loads(r[2])),
            deleted_after=r["deleted_after"],
        )
        for r in rows
    )


def _page(row: Any) -> PublishedPage:
    return PublishedPage(
        number=row["number"],
        next_page=row["next_page"],
        end=bool(row["is_end"]),
        body=bytes(row["body"]),
        error=row["error"],
        calls=_calls(row["calls"]),
        seq=row["seq"],
        pass_id=row["pass_id"],
    )


def _view(conn: sqlite3.Connection, key: str, read_seq: int, limit: int, now: float) -> FeedView:
    scan = _scan(conn, key)
    if read_seq == FRONTIER:
        read_seq = scan.last_seq
    members = _members(conn, key, now)
    low = lowest_read(members)
    marks = conn.execute(
        "SELECT seq, number, is_end, error FROM feed_pages "
        "WHERE key = ? AND seq > ? AND seq <= ? ORDER BY seq",
        (key, scan.last_seq if low is None else low, scan.last_seq),
    ).fetchall()
    rows = conn.execute(
        "SELECT * FROM feed_pages WHERE key = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
        (key, read_seq, scan.last_seq, limit),
    ).fetchall()
    return FeedView(
        scan=scan,
        now=now,
        read_seq=read_seq,
        pages=tuple(_page(r) for r in rows),
        members=members,
        marks=tuple(
            PageMark(r["seq"], r["number"], bool(r["is_end"]), r["error"] is not None)
            for r in marks
        ),
    )


def _ensure_scan(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("INSERT INTO feed_scans (key) VALUES (?) ON CONFLICT (key) DO NOTHING", (key,))


def _collect(conn: sqlite3.Connection, key: str, now: float) -> None:
    """Delete the records of long-expired members (replicas that died never
    leave; of any feed; ``DEAD_MEMBER_KEEP_SECONDS``) and the pages every
    live member with subscribers has read (all of them once none is left)."""
    conn.execute(
        "DELETE FROM feed_members WHERE expires_at <= ?", (now - DEAD_MEMBER_KEEP_SECONDS,)
    )
    low = lowest_read(_members(conn, key, now))
    if low is None:
        conn.execute("DELETE FROM feed_pages WHERE key = ?", (key,))
    else:
        conn.execute("DELETE FROM feed_pages WHERE key = ? AND seq <= ?", (key, low))


def follow_write(
    conn: sqlite3.Connection,
    key: str,
    member: FeedMember,
    ttl: float,
    limit: int,
    now: float,
) -> FeedView:
    with transaction(conn):
        _ensure_scan(conn, key)
        read_seq = member.read_seq
        if read_seq == FRONTIER:
            read_seq = _scan(conn, key).last_seq
        marks = [[s.joined_at, s.wrapping] for s in member.subscribers]
        subscribers = orjson.dumps(marks).decode()
        conn.execute(
            "INSERT INTO feed_members (key, member_id, read_seq, subscribers, deleted_after, "
            "expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key, member_id) DO UPDATE SET "
            "read_seq = excluded.read_seq, subscribers = excluded.subscribers, "
            "deleted_after = excluded.deleted_after, expires_at = excluded.expires_at",
            (key, member.member_id, read_seq, subscribers, member.deleted_after, now + ttl),
        )
        _collect(conn, key, now)
        return _view(conn, key, read_seq, limit, now)


def follow_read(
    conn: sqlite3.Connection, key: str, read_seq: int, limit: int, now: float
) -> FeedView:
    # The store's reads run in one snapshot (``_read``).
    return _view(conn, key, read_seq, limit, now)


def claim(conn: sqlite3.Connection, key: str, owner: str, ttl: float, now: float) -> int | None:
    with transaction(conn):
        _ensure_scan(conn, key)
        row = conn.execute(
            "SELECT owner, token, expires_at FROM feed_scans WHERE key = ?", (key,)
        ).fetchone()
        if row["owner"] == owner:
            token = row["token"]
        elif row["owner"] is None or row["expires_at"] <= now:
            token = row["token"] + 1
        else:
            return None
        conn.execute(
            "UPDATE feed_scans SET owner = ?, token = ?, expires_at = ?, "
            "waiting = CASE WHEN token = ? THEN waiting END WHERE key = ?",
            (owner, token, now + ttl, token, key),
        )
        return int(token)


def _fenced(conn: sqlite3.Connection, lease: FeedLease) -> Any:
    row = conn.execute("SELECT * FROM feed_scans WHERE key = ?", (lease.key,)).fetchone()
    if row is None or row["owner"] != lease.owner or row["token"] != lease.token:
        raise LeaseLost(f"the fetch lease of the feed pass changed hands (token {lease.token})")
    return row


def publish(
    conn: sqlite3.Connection,
    lease: FeedLease,
    page: PublishedPage,
    cursor: int,
    ttl: float,
    now: float,
) -> PublishedPage:
    with transaction(conn):
        row = _fenced(conn, lease)
        seq, pass_id = row["last_seq"] + 1, row["pass_id"]
        conn.execute(
            "INSERT INTO feed_pages (key, seq, pass_id, number, next_page, is_end, error, body, "
            "calls) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                lease.key, seq, pass_id, page.number, page.next_page, int(page.end), page.error,
                page.body, orjson.dumps(page.calls).decode(),
            ),
        )  # fmt: skip
        conn.execute(
            "UPDATE feed_scans SET last_seq = ?, cursor = ?, pass_id = ?, expires_at = ?, "
            "waiting = NULL WHERE key = ?",
            (seq, cursor, pass_id + (cursor == 1), now + ttl, lease.key),
        )
    return PublishedPage(
        page.number, page.next_page, page.end, page.body, page.error, page.calls, seq, pass_id
    )


def publish_deleted(
    conn: sqlite3.Connection,
    lease: FeedLease,
    ids: tuple[str, ...] | None,
    error: str | None,
    started_at: float,
    calls: _CALLS,
) -> None:
    with transaction(conn):
        _fenced(conn, lease)
        conn.execute(
            "UPDATE feed_scans SET deleted_ids = ?, deleted_error = ?, deleted_started_at = ?, "
            "deleted_calls = ? WHERE key = ?",
            (
                None if ids is None else orjson.dumps(list(ids)).decode(),
                error,
                started_at,
                orjson.dumps(calls).decode(),
                lease.key,
            ),
        )


def note_waiting(conn: sqlite3.Connection, lease: FeedLease, waiting: str | None) -> None:
    with transaction(conn):
        conn.execute(
            "UPDATE feed_scans SET waiting = ? WHERE key = ? AND owner = ? AND token = ?",
            (waiting, lease.key, lease.owner, lease.token),
        )


def release(conn: sqlite3.Connection, lease: FeedLease, restart: bool, now: float) -> None:
    with transaction(conn):
        row = conn.execute(
            "SELECT owner, token, cursor FROM feed_scans WHERE key = ?", (lease.key,)
        ).fetchone()
        if row is None or row["owner"] != lease.owner or row["token"] != lease.token:
            return
        restart_pass = restart and row["cursor"] != 1
        conn.execute(
            "UPDATE feed_scans SET owner = NULL, expires_at = 0, waiting = NULL, "
            "cursor = CASE WHEN ? THEN 1 ELSE cursor END, pass_id = pass_id + ? WHERE key = ?",
            (restart, int(restart_pass), lease.key),
        )
        _collect(conn, lease.key, now)


def leave(conn: sqlite3.Connection, key: str, member_id: str, now: float) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM feed_members WHERE key = ? AND member_id = ?", (key, member_id))
        _collect(conn, key, now)


def drop_feeds_showing_credentials(conn: sqlite3.Connection) -> list[str]:
    """Inside the caller's transaction: delete every record of the feeds
    whose key shows a credential in clear (``key_shows_credentials``);
    returns those keys. The caller turns ``secure_delete`` on first, so
    the deleted text is overwritten, not left in free pages."""
    keys = {
        row[0] for table in FEED_TABLES for row in conn.execute(f"SELECT DISTINCT key FROM {table}")
    }
    dropped = sorted(key for key in keys if key_shows_credentials(key))
    for key in dropped:
        for table in FEED_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE key = ?", (key,))
    return dropped


class SqliteFeedPasses:
    """``FeedPasses`` hooks for ``SqliteStore`` (``FeedPassContract`` checks
    first; ``SqliteStore`` provides ``_write``, ``_read`` and ``_clock``)."""

    _clock: Any
    _write: Any
    _read: Any

    def _epoch(self) -> float:
        return float(self._clock.now().timestamp())

    async def _follow_feed(
        self,
        key: str,
        member_id: str,
        *,
        member: FeedMember | None,
        ttl_seconds: float,
        read_seq: int,
        limit: int,
    ) -> FeedView:
        now = self._epoch()
        if member is None:
            return await self._read(follow_read, key, read_seq, limit, now)
        return await self._write(follow_write, key, member, ttl_seconds, limit, now)

    async def _claim_feed(self, key: str, owner: str, ttl_seconds: float) -> FeedLease | None:
        token = await self._write(claim, key, owner, ttl_seconds, self._epoch())
        return None if token is None else FeedLease(key, owner, token)

    async def _publish_feed_page(
        self, lease: FeedLease, page: PublishedPage, *, cursor: int, ttl_seconds: float
    ) -> PublishedPage:
        return await self._write(publish, lease, page, cursor, ttl_seconds, self._epoch())

    async def _publish_feed_deleted(
        self,
        lease: FeedLease,
        *,
        ids: tuple[str, ...] | None,
        error: str | None,
        started_at: float,
        calls: _CALLS,
    ) -> None:
        await self._write(publish_deleted, lease, ids, error, started_at, calls)

    async def _note_feed_waiting(self, lease: FeedLease, waiting: str | None) -> None:
        await self._write(note_waiting, lease, waiting)

    async def _release_feed(self, lease: FeedLease, *, restart: bool) -> None:
        await self._write(release, lease, restart, self._epoch())

    async def _leave_feed(self, key: str, member_id: str) -> None:
        await self._write(leave, key, member_id, self._epoch())
