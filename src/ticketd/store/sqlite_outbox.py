"""The notification outbox of the SQLite backend.

Entries are enqueued by ``apply_tickets`` in the ticket's own transaction.
A claim is one ``UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING``
statement, so two claimers (threads, processes) never get the same entry
while a claim is live. Transitions after a claim (delivered, retry, dead,
release) apply only for the entry's current claim owner; a stale owner's
call changes nothing, and says so (returns False).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from ticketd.store.records import OutboxEntry, OutboxSummary
from ticketd.store.sqlite_rows import from_ms, outbox_from_row, to_ms
from ticketd.store.sqlite_tickets import transaction

__all__ = [
    "claim_notifications",
    "extend_claims",
    "list_outbox",
    "mark_dead",
    "mark_delivered",
    "outbox_summary",
    "release_claim",
    "requeue_dead",
    "schedule_retry",
]

# Retries first (most attempts first), then the longest due.
_CLAIM = """
UPDATE notification_outbox SET claim_owner = :owner, claim_expires_at = :until
WHERE id IN (
    SELECT id FROM notification_outbox
    WHERE status = 'pending' AND next_attempt_at <= :now
      AND (claim_owner IS NULL OR claim_expires_at <= :now)
    ORDER BY attempts DESC, next_attempt_at ASC, id ASC
    LIMIT :limit
)
RETURNING *
"""

_OWNED = "entry_id = :entry AND claim_owner = :owner AND status = 'pending'"


def claim_notifications(
    conn: sqlite3.Connection, owner: str, limit: int, lease_seconds: float, now: datetime
) -> list[OutboxEntry]:
    params = {
        "owner": owner,
        "now": to_ms(now),
        "until": to_ms(now + timedelta(seconds=lease_seconds)),
        "limit": limit,
    }
    with transaction(conn):
        rows = conn.execute(_CLAIM, params).fetchall()
    # RETURNING comes back in storage order; restore the claim order.
    rows.sort(key=lambda r: (-r["attempts"], r["next_attempt_at"], r["id"]))
    return [outbox_from_row(r) for r in rows]


def extend_claims(
    conn: sqlite3.Connection,
    owner: str,
    entry_ids: list[str],
    lease_seconds: float,
    now: datetime,
) -> int:
    marks = ",".join("?" * len(entry_ids))
    with transaction(conn):
        cursor = conn.execute(
            "UPDATE notification_outbox SET claim_expires_at = ? "
            "WHERE claim_owner = ? AND status = 'pending' AND claim_expires_at > ? "
            f"AND entry_id IN ({marks})",
            (to_ms(now + timedelta(seconds=lease_seconds)), owner, to_ms(now), *entry_ids),
        )
    return cursor.rowcount


def _transition(conn: sqlite3.Connection, assignments: str, params: dict[str, object]) -> bool:
    """Whether the owner still held the entry's claim (the update applied)."""
    with transaction(conn):
        cursor = conn.execute(
            "UPDATE notification_outbox SET claim_owner = NULL, claim_expires_at = NULL"
            f"{assignments} WHERE {_OWNED}",
            params,
        )
    return cursor.rowcount == 1


def mark_delivered(conn: sqlite3.Connection, entry_id: str, owner: str, now: datetime) -> bool:
    return _transition(
        conn,
        ", status = 'delivered', delivered_at = :now",
        {"entry": entry_id, "owner": owner, "now": to_ms(now)},
    )


def schedule_retry(
    conn: sqlite3.Connection,
    entry_id: str,
    owner: str,
    next_attempt_at: datetime,
    error: str,
    counted: bool = True,
) -> bool:
    return _transition(
        conn,
        # min(): an entry an older build requeued (attempts 0, outage
        # attempts kept) counts from 0 again (``OutboxEntry.outage_attempts``).
        ", attempts = attempts + 1, outage_attempts = min(outage_attempts, attempts) + :outage, "
        "next_attempt_at = :next, last_error = :error",
        {
            "entry": entry_id,
            "owner": owner,
            "outage": 0 if counted else 1,
            "next": to_ms(next_attempt_at),
            "error": error,
        },
    )


def release_claim(conn: sqlite3.Connection, entry_id: str, owner: str) -> bool:
    return _transition(conn, "", {"entry": entry_id, "owner": owner})


def mark_dead(conn: sqlite3.Connection, entry_id: str, owner: str, error: str) -> bool:
    return _transition(
        conn,
        ", status = 'dead', attempts = attempts + 1, last_error = :error",
        {"entry": entry_id, "owner": owner, "error": error},
    )


def list_outbox(
    conn: sqlite3.Connection, tenant_id: str, status: str, limit: int
) -> list[OutboxEntry]:
    rows = conn.execute(
        "SELECT * FROM notification_outbox WHERE tenant_id = ? AND status = ? "
        "ORDER BY created_at, id LIMIT ?",
        (tenant_id, status, limit),
    )
    return [outbox_from_row(r) for r in rows]


def requeue_dead(conn: sqlite3.Connection, tenant_id: str, now: datetime) -> int:
    with transaction(conn):
        cursor = conn.execute(
            "UPDATE notification_outbox SET status = 'pending', attempts = 0, outage_attempts = 0, "
            "next_attempt_at = ?, claim_owner = NULL, claim_expires_at = NULL "
            "WHERE tenant_id = ? AND status = 'dead'",
            (to_ms(now), tenant_id),
        )
    return cursor.rowcount


def outbox_summary(conn: sqlite3.Connection) -> OutboxSummary:
    counts = dict(
        conn.execute("SELECT status, count(*) FROM notification_outbox GROUP BY status").fetchall()
    )
    oldest = conn.execute(
        "SELECT min(created_at) FROM notification_outbox WHERE status = 'pending'"
    ).fetchone()[0]
    return OutboxSummary(
        pending=counts.get("pending", 0),
        dead=counts.get("dead", 0),
        delivered=counts.get("delivered", 0),
        oldest_pending_at=None if oldest is None else from_ms(oldest),
    )
