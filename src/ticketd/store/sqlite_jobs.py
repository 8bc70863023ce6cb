"""Tenant leases and ingestion jobs of the SQLite backend.

The lease is one conditional upsert: it inserts a free tenant's row, or
updates the existing row only when the caller already owns it or it has
expired; ``RETURNING`` yields a row exactly when the caller won. The
statement runs under ``BEGIN IMMEDIATE``, so with several processes on one
file it waits for the write lock (``busy_timeout``) instead of failing.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import orjson

from ticketd.errors import LeaseLost
from ticketd.store.records import (
    ORPHAN_MESSAGE,
    ORPHAN_MESSAGES,
    JobProgress,
    JobRecord,
    Lease,
    LeaseStatus,
)
from ticketd.store.sqlite_rows import (
    dumps,
    from_ms,
    job_from_row,
    opt_to_ms,
    to_ms,
    transaction,
)

__all__ = [
    "LEASE_NOT_SWEPT",
    "RENEW_SQL",
    "acquire_lease",
    "create_job",
    "finish_job",
    "get_job",
    "interrupt_orphaned_jobs",
    "job_logs",
    "lease_status",
    "note_waiting",
    "recent_jobs",
    "release_lease",
    "renew_lease",
    "request_cancel",
    "update_job",
    "write_progress",
]

# A refresh by the holder keeps the fencing token, and so does an owner
# taking its own expired lease again (a new acquisition all the same: its
# acquired_at moves on); a takeover by another owner (free, released or
# expired row) bumps it, so tokens only grow per tenant.
_ACQUIRE = """
INSERT INTO locks (tenant_id, owner, token, expires_at, acquired_at)
VALUES (:tenant, :owner, 1, :expires_ms, :now_ms)
ON CONFLICT (tenant_id) DO UPDATE SET
    token = CASE WHEN locks.owner IS excluded.owner THEN locks.token ELSE locks.token + 1 END,
    acquired_at = CASE WHEN locks.owner IS excluded.owner AND locks.expires_at > :now_ms
                       THEN locks.acquired_at ELSE excluded.acquired_at END,
    owner = excluded.owner,
    expires_at = excluded.expires_at
WHERE locks.owner IS excluded.owner OR locks.expires_at <= :now_ms
RETURNING owner, token, expires_at
"""

_LOG = (
    "INSERT INTO ingestion_logs (job_id, tenant_id, at, event, status, message, metrics) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def acquire_lease(
    conn: sqlite3.Connection, tenant_id: str, owner: str, ttl_seconds: float, now: datetime
) -> Lease | None:
    now_ms = to_ms(now)
    params = {
        "tenant": tenant_id,
        "owner": owner,
        "now_ms": now_ms,
        "expires_ms": to_ms(now + timedelta(seconds=ttl_seconds)),
    }
    with transaction(conn):
        row = conn.execute(_ACQUIRE, params).fetchone()
    if row is None:
        return None
    return Lease(tenant_id, row["owner"], row["token"], from_ms(row["expires_at"]))


# A renewal's ``now`` was read before its transaction got the write lock,
# possibly before another process's sweep (``_interrupt_orphans``) found the
# lease expired and ended the owner's job. So a renewal also requires that
# no job of the owner on the tenant ended while this lease was held: once
# swept, a run can never renew, whatever time its renewal carries.
# A lease none of whose owner's jobs ended (was swept) while it was held.
# Its writers read their time before they wait for the write lock, so a
# renewal or a fenced write can reach the file after another process's
# sweep found the lease expired, still carrying a time before the expiry:
# this condition refuses it all the same.
LEASE_NOT_SWEPT = """NOT EXISTS (
    SELECT 1 FROM ingestion_jobs WHERE ingestion_jobs.tenant_id = locks.tenant_id
    AND ingestion_jobs.owner = locks.owner AND ingestion_jobs.status <> 'running'
    AND ingestion_jobs.ended_at >= locks.acquired_at
)"""

RENEW_SQL = f"""
UPDATE locks SET expires_at = :expires_ms
WHERE tenant_id = :tenant AND owner = :owner AND token = :token AND expires_at > :now_ms
AND {LEASE_NOT_SWEPT}
RETURNING owner, token, expires_at
"""


def renew_lease(conn: sqlite3.Connection, fence: Lease, ttl_seconds: float, now: datetime) -> Lease:
    """Extend ``fence`` if it is still the live lease and no job of its
    owner ended (was swept) while it was held; else ``LeaseLost``."""
    params = {
        "expires_ms": to_ms(now + timedelta(seconds=ttl_seconds)),
        "tenant": fence.tenant_id,
        "owner": fence.owner,
        "token": fence.token,
        "now_ms": to_ms(now),
    }
    with transaction(conn):
        row = conn.execute(RENEW_SQL, params).fetchone()
    if row is None:
        raise LeaseLost(
            f"lease lost: the lease on {fence.tenant_id} (token {fence.token}) "
            f"is no longer {fence.owner}'s"
        )
    return Lease(fence.tenant_id, row["owner"], row["token"], from_ms(row["expires_at"]))


def release_lease(conn: sqlite3.Connection, tenant_id: str, owner: str, now: datetime) -> bool:
    # Only a live lease is "held"; the row stays so the token keeps growing.
    with transaction(conn):
        cursor = conn.execute(
            "UPDATE locks SET owner = NULL, expires_at = 0 "
            "WHERE tenant_id = ? AND owner = ? AND expires_at > ?",
            (tenant_id, owner, to_ms(now)),
        )
    return cursor.rowcount == 1


def lease_status(conn: sqlite3.Connection, tenant_id: str, now: datetime) -> LeaseStatus:
    row = conn.execute(
        "SELECT owner, token, expires_at FROM locks "
        "WHERE tenant_id = ? AND owner IS NOT NULL AND expires_at > ?",
        (tenant_id, to_ms(now)),
    ).fetchone()
    if row is None:
        return LeaseStatus(locked=False, owner=None, expires_at=None, token=None)
    return LeaseStatus(True, row["owner"], from_ms(row["expires_at"]), row["token"])


def _log(
    conn: sqlite3.Connection,
    job_id: str,
    tenant_id: str,
    at: datetime,
    event: str,
    status: str,
    message: str | None,
    metrics: dict[str, float],
) -> None:
    conn.execute(_LOG, (job_id, tenant_id, to_ms(at), event, status, message, dumps(metrics)))


def create_job(conn: sqlite3.Connection, job: JobRecord, now: datetime) -> list[str]:
    """Record ``job``; when its owner holds the tenant's live lease, mark
    interrupted in the same transaction the tenant's running jobs whose
    owner holds none (returned)."""
    now_ms = to_ms(now)
    with transaction(conn):
        holds = conn.execute(
            "SELECT 1 FROM locks WHERE tenant_id = ? AND owner = ? AND expires_at > ?",
            (job.tenant_id, job.owner, now_ms),
        ).fetchone()
        orphans = [] if holds is None else _interrupt_orphans(conn, now_ms, job.tenant_id)
        conn.execute(
            "INSERT INTO ingestion_jobs (job_id, tenant_id, owner, status, started_at, ended_at, "
            "total_pages, processed_pages, metrics, error, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                job.job_id,
                job.tenant_id,
                job.owner,
                job.status,
                to_ms(job.started_at),
                opt_to_ms(job.ended_at),
                job.total_pages,
                job.processed_pages,
                dumps(job.metrics),
                job.error,
                opt_to_ms(job.updated_at),
            ),
        )
        _log(conn, job.job_id, job.tenant_id, now, "started", job.status, None, job.metrics)
    return orphans


def write_progress(conn: sqlite3.Connection, progress: JobProgress, now_ms: int) -> bool:
    """Record a running job's progress inside the caller's transaction;
    returns whether a cancel was requested."""
    row = conn.execute(
        "UPDATE ingestion_jobs SET total_pages = ?, processed_pages = ?, metrics = ?, "
        "updated_at = ? WHERE job_id = ? AND status = 'running' RETURNING cancel_requested",
        (
            progress.total_pages,
            progress.processed_pages,
            dumps(progress.metrics),
            now_ms,
            progress.job_id,
        ),
    ).fetchone()
    return bool(row and row[0])


def update_job(
    conn: sqlite3.Connection,
    job_id: str,
    total_pages: int | None,
    processed_pages: int,
    metrics: dict[str, float],
    now: datetime,
) -> bool:
    """Record progress; returns whether a cancel was requested."""
    with transaction(conn):
        return write_progress(
            conn, JobProgress(job_id, total_pages, processed_pages, metrics), to_ms(now)
        )


def note_waiting(conn: sqlite3.Connection, job_id: str, waiting: str | None) -> bool:
    with transaction(conn):
        row = conn.execute(
            "UPDATE ingestion_jobs SET metrics = json_set(metrics, '$.waiting', ?) "
            "WHERE job_id = ? AND status = 'running' RETURNING job_id",
            (waiting, job_id),
        ).fetchone()
    return row is not None


def request_cancel(conn: sqlite3.Connection, job_id: str) -> bool:
    with transaction(conn):
        row = conn.execute(
            "UPDATE ingestion_jobs SET cancel_requested = 1 "
            "WHERE job_id = ? AND status = 'running' RETURNING job_id",
            (job_id,),
        ).fetchone()
    return row is not None


# A run stopped (interrupted) after an operator asked to cancel it ends
# cancelled, as asked, like a swept one: the request stands. A job a sweep
# ended after the run's own end (?4) takes the run's end: only a sweep
# ends a job before its runner does.
_FINISH = """
UPDATE ingestion_jobs SET
    status = CASE WHEN ?1 = 'interrupted' AND cancel_requested THEN 'cancelled' ELSE ?1 END,
    error = CASE WHEN ?1 = 'interrupted' AND cancel_requested THEN NULL ELSE ?2 END,
    metrics = ?3, ended_at = ?4, updated_at = ?6
WHERE job_id = ?5 AND (status = 'running'
    OR (status IN ('interrupted', 'cancelled') AND ended_at > ?4))
RETURNING tenant_id, owner, status, error
"""


def finish_job(
    conn: sqlite3.Connection,
    job_id: str,
    status: str,
    metrics: dict[str, float],
    error: str | None,
    now: datetime,
    release_lease: bool = False,
    ended_at: datetime | None = None,
) -> bool:
    """True if the job was running (or swept after ``ended_at``) and is now
    finished; False (nothing written) for an unknown or already finished
    job. With ``release_lease`` the job owner's live lease is released in
    the same transaction."""
    now_ms = to_ms(now)
    ended_ms = now_ms if ended_at is None else to_ms(ended_at)
    with transaction(conn):
        row = conn.execute(
            _FINISH, (status, error, dumps(metrics), ended_ms, job_id, now_ms)
        ).fetchone()
        finished = row is not None
        if finished:
            ended, message = row["status"], row["error"]
            _log(conn, job_id, row["tenant_id"], now, "finished", ended, message, metrics)
        if release_lease:  # the owner's lease, found from the job whatever the update did
            conn.execute(
                "UPDATE locks SET owner = NULL, expires_at = 0 WHERE expires_at > ? AND "
                "(tenant_id, owner) = "
                "(SELECT tenant_id, owner FROM ingestion_jobs WHERE job_id = ?)",
                (now_ms, job_id),
            )
    return finished


def get_job(conn: sqlite3.Connection, job_id: str) -> JobRecord | None:
    row = conn.execute("SELECT * FROM ingestion_jobs WHERE job_id = ?", (job_id,)).fetchone()
    return None if row is None else job_from_row(row)


def recent_jobs(conn: sqlite3.Connection, tenant_id: str, limit: int) -> list[JobRecord]:
    rows = conn.execute(
        "SELECT * FROM ingestion_jobs WHERE tenant_id = ? "
        "ORDER BY started_at DESC, rowid DESC LIMIT ?",
        (tenant_id, limit),
    )
    return [job_from_row(r) for r in rows]


def interrupt_orphaned_jobs(
    conn: sqlite3.Connection, now: datetime, tenant_id: str | None = None
) -> list[str]:
    with transaction(conn):
        return _interrupt_orphans(conn, to_ms(now), tenant_id)


def _interrupt_orphans(conn: sqlite3.Connection, now_ms: int, tenant_id: str | None) -> list[str]:
    """Inside the caller's transaction: end the running jobs (of
    ``tenant_id``, or of every tenant) whose owner holds no live lease:
    ``interrupted``, or ``cancelled`` when a cancel was requested (the
    operator's request stands; what the run stored is kept and its lease is
    gone). ``updated_at`` stays the run's last progress write, the last
    moment it was known alive. One conditional statement: the lease check and the status
    change are the same write, so of two processes sweeping at once the
    second finds nothing left, and a lease renewed before this transaction
    keeps its job running (a renewal after it is refused, see ``RENEW_SQL``)."""
    scope = "" if tenant_id is None else "tenant_id = :tenant AND "
    rows = conn.execute(
        "UPDATE ingestion_jobs SET ended_at = :now, "
        "status = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'interrupted' END, "
        "error = CASE WHEN cancel_requested THEN error ELSE coalesce(error, :message) END "
        f"WHERE {scope}status = 'running' AND NOT EXISTS ("
        "  SELECT 1 FROM locks WHERE locks.tenant_id = ingestion_jobs.tenant_id"
        "  AND locks.owner = ingestion_jobs.owner AND locks.expires_at > :now"
        ") RETURNING job_id, tenant_id, metrics, status",
        {"now": now_ms, "message": ORPHAN_MESSAGE, "tenant": tenant_id},
    ).fetchall()
    conn.executemany(
        _LOG,
        [
            (
                r["job_id"],
                r["tenant_id"],
                now_ms,
                r["status"],
                r["status"],
                ORPHAN_MESSAGES[r["status"]],
                r["metrics"],
            )
            for r in rows
        ],
    )
    return sorted(r["job_id"] for r in rows)


def job_logs(conn: sqlite3.Connection, job_id: str) -> list[dict[str, object]]:
    rows = conn.execute(
        "SELECT * FROM ingestion_logs WHERE job_id = ? ORDER BY id", (job_id,)
    ).fetchall()
    return [
        {
            "job_id": r["job_id"],
            "tenant_id": r["tenant_id"],
            "at": from_ms(r["at"]),
            "event": r["event"],
            "status": r["status"],
            "message": r["message"],
            "metrics": orjson.loads(r["metrics"]),
        }
        for r in rows
    ]
