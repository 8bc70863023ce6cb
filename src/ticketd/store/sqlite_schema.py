"""The SQLite schema: the product's tables (tickets, their history,
ingestion jobs and logs, tenant locks, the notification outbox, the rate
budgets and the rollups) and one index per query shape, each led by
``tenant_id`` so no tenant query reads another tenant's rows.

Datetimes are INTEGER epoch milliseconds (UTC), so ordering and range
queries are plain integer comparisons and the precision matches BSON dates.
Lists (rules, keywords) and maps (history changes, job metrics) are JSON
text. The ticket indexes used by lists and stats are partial
(``WHERE deleted_at IS NULL``): soft-deleted rows never enter them.
"""

from __future__ import annotations

import logging
import sqlite3

from ticketd.domain.rollups import COUNT_COLUMNS
from ticketd.errors import Unavailable, error_text
from ticketd.store.sqlite_feed import FEED_SCHEMA, drop_feeds_showing_credentials
from ticketd.store.sqlite_rollups import rank_customers, rebuild_rollups, rollup_tenants

__all__ = ["SCHEMA", "SCHEMA_VERSION", "migrate", "schema_problem"]

log = logging.getLogger("ticketd.store.sqlite")

# Indexes of older versions that nothing reads any more (the stats read
# rollups now); dropping them makes every ticket write cheaper.
_DROPPED_INDEXES = (
    "tickets_live_status",
    "tickets_live_urgency",
    "tickets_live_sentiment",
    "tickets_live_source",
    "tickets_live_requires_action",
    "tickets_live_keywords",
)

# 8: the same tables as 7, numbered apart from a reverted build's 7 (main
# between 9f32224 and fcf31bc: the hour-grouped list index
# tickets_live_hour instead of tickets_live_created, no outage_attempts).
# Both builds took the other's 7 for their own, so the reverted build
# dropped this one's list index; it refuses an 8.
SCHEMA_VERSION = 8

# How many customers the all-time bucket holds (``at_risk_total`` of a
# window without a start), kept by SQLite itself as rows of that bucket
# come and go, so the stats read one number instead of counting a row per
# customer. An UPSERT that only changes an existing row fires neither.
# Created by ``migrate``, once the column exists.
_AT_RISK_TRIGGERS = tuple(
    f"""
CREATE TRIGGER IF NOT EXISTS rollup_customers_all_{name} AFTER {event} ON rollup_customers
WHEN {row}.level = 'all' BEGIN
    UPDATE rollup_counts SET at_risk_customers = at_risk_customers {sign} 1
    WHERE tenant_id = {row}.tenant_id AND level = 'all' AND bucket = 0;
END
"""
    for name, event, row, sign in (
        ("added", "INSERT", "new", "+"),
        ("removed", "DELETE", "old", "-"),
    )
)
# The most at-risk customers of all time, read in order: only the ranked
# rows (replaces rollup_customers_top, which held every all-time row).
# ranked is a column too so the reads, which name it, are covered by the
# index (without it, each entry read looked its row up). Created by
# ``migrate``, once the column exists.
_RANKED_INDEX = """
CREATE INDEX IF NOT EXISTS rollup_customers_ranked ON rollup_customers
    (tenant_id, tickets DESC, customer_id, ranked) WHERE level = 'all' AND ranked = 1
"""
_COUNT_AT_RISK_CUSTOMERS = """
UPDATE rollup_counts SET at_risk_customers = (
    SELECT count(*) FROM rollup_customers AS c
    WHERE c.tenant_id = rollup_counts.tenant_id AND c.level = 'all' AND c.bucket = 0
) WHERE level = 'all'
"""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tickets (
    id              INTEGER PRIMARY KEY,
    tenant_id       TEXT    NOT NULL,
    external_id     TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    message         TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    customer_id     TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    urgency         TEXT    NOT NULL,
    sentiment       TEXT    NOT NULL,
    requires_action INTEGER NOT NULL,
    rules           TEXT    NOT NULL DEFAULT '[]',
    keywords        TEXT    NOT NULL DEFAULT '[]',
    ruleset_version TEXT    NOT NULL DEFAULT '',
    ingested_at     INTEGER,
    last_seen_job   TEXT,
    deleted_at      INTEGER,
    UNIQUE (tenant_id, external_id)
);
-- Every list (newest first, ties by external id; a filter is checked
-- inside the index entries) and the edge hours of a stats window: a
-- covering index over the live rows.
CREATE INDEX IF NOT EXISTS tickets_live_created ON tickets (
    tenant_id, created_at DESC, external_id,
    status, urgency, sentiment, source, requires_action, customer_id
) WHERE deleted_at IS NULL;

-- Write-time rollups of the live tickets (see ticketd.domain.rollups),
-- changed in the same transaction as the tickets. level is hour or all;
-- bucket the bucket's start in epoch ms (0 for all). at_risk_customers:
-- the all-time bucket's rows in rollup_customers (kept by triggers).
-- ranked_floor (all-time row) and ranked: the all-time customer rows in
-- the at-risk ranking index, those with at least ranked_floor tickets
-- (see ticketd.store.sqlite_rollups).
CREATE TABLE IF NOT EXISTS rollup_counts (
    tenant_id TEXT    NOT NULL,
    level     TEXT    NOT NULL,
    bucket    INTEGER NOT NULL,
    {count_columns},
    at_risk_customers INTEGER NOT NULL DEFAULT 0,
    ranked_floor INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_id, level, bucket)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollup_values (
    tenant_id TEXT    NOT NULL,
    level     TEXT    NOT NULL,
    bucket    INTEGER NOT NULL,
    dimension TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, level, bucket, dimension, value)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollup_customers (
    tenant_id    TEXT    NOT NULL,
    level        TEXT    NOT NULL,
    bucket       INTEGER NOT NULL,
    customer_id  TEXT    NOT NULL,
    negative     INTEGER NOT NULL,
    high_urgency INTEGER NOT NULL,
    tickets      INTEGER NOT NULL,
    ranked       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, level, bucket, customer_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS ticket_history (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT    NOT NULL,
    external_id TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    changes     TEXT    NOT NULL,
    job_id      TEXT,
    recorded_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ticket_history_by_ticket ON ticket_history
    (tenant_id, external_id, recorded_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS ingestion_jobs (
    job_id          TEXT    PRIMARY KEY,
    tenant_id       TEXT    NOT NULL,
    owner           TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    started_at      INTEGER NOT NULL,
    ended_at        INTEGER,
    total_pages     INTEGER,
    processed_pages INTEGER NOT NULL DEFAULT 0,
    metrics         TEXT    NOT NULL DEFAULT '{}',
    error           TEXT,
    updated_at      INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS ingestion_jobs_by_tenant ON ingestion_jobs
    (tenant_id, started_at DESC);
CREATE INDEX IF NOT EXISTS ingestion_jobs_running ON ingestion_jobs
    (tenant_id, owner) WHERE status = 'running';
-- The fence of every page write asks whether a job of the lease's owner
-- ended while it held the lease: a point lookup here, not a walk over
-- every job the tenant ever had.
CREATE INDEX IF NOT EXISTS ingestion_jobs_ended ON ingestion_jobs
    (tenant_id, owner, ended_at) WHERE status <> 'running';

CREATE TABLE IF NOT EXISTS ingestion_logs (
    id        INTEGER PRIMARY KEY,
    job_id    TEXT    NOT NULL,
    tenant_id TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    event     TEXT    NOT NULL,
    status    TEXT    NOT NULL,
    message   TEXT,
    metrics   TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS ingestion_logs_by_job ON ingestion_logs (job_id, id);

-- One row per tenant that ever held a lease. Releasing keeps the row (owner
-- NULL, expired) so the fencing token keeps growing across holders.
CREATE TABLE IF NOT EXISTS locks (
    tenant_id   TEXT    PRIMARY KEY,
    owner       TEXT,
    token       INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    acquired_at INTEGER NOT NULL
);

-- The provider call budget shared by every process on this file: one row
-- per budget, the sliding log of grant times (JSON list of epoch seconds)
-- and the time a 429 paused it until (``ticketd.domain.budget_slices``).
CREATE TABLE IF NOT EXISTS rate_budgets (
    name         TEXT PRIMARY KEY,
    grants       TEXT NOT NULL DEFAULT '[]',
    paused_until REAL NOT NULL DEFAULT 0
);

-- One row the health probe rewrites while writes fail (``write_health``).
CREATE TABLE IF NOT EXISTS write_probe (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL
);

CREATE TABLE IF NOT EXISTS notification_outbox (
    id               INTEGER PRIMARY KEY,
    entry_id         TEXT    NOT NULL UNIQUE,
    tenant_id        TEXT    NOT NULL,
    external_id      TEXT    NOT NULL,
    urgency          TEXT    NOT NULL,
    reason           TEXT    NOT NULL,
    idempotency_key  TEXT    NOT NULL UNIQUE,
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    outage_attempts  INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    delivered_at     INTEGER,
    claim_owner      TEXT,
    claim_expires_at INTEGER
);
-- The delivery queue is global (the notifier serves every tenant): pending
-- entries by due time. Per-tenant views and the requeue use the second one.
CREATE INDEX IF NOT EXISTS notification_outbox_due ON notification_outbox
    (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS notification_outbox_by_tenant ON notification_outbox
    (tenant_id, status, created_at, id);
CREATE INDEX IF NOT EXISTS notification_outbox_by_status ON notification_outbox
    (status, created_at);
"""


SCHEMA = (
    _SCHEMA.replace(
        "{count_columns}",
        ",\n    ".join(f"{column} INTEGER NOT NULL DEFAULT 0" for column in COUNT_COLUMNS),
    )
    + FEED_SCHEMA
)


def schema_problem(conn: sqlite3.Connection, file: str, *, upgrading: bool) -> str | None:
    """Why this version must not use the file at ``file``, or None.

    A file a newer ticketd migrated is left alone: this version's schema
    statements would bring back what the newer one dropped, and its writes
    would not keep what the newer one added. A file of an older version is
    refused too unless the caller is ``upgrading`` it (``migrate``): a
    command that only reads (``ticketd stats``) never writes a file, so it
    cannot read one whose rollups this version's queries do not find."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        return (
            f"sqlite: {file} has schema version {version}, written by a newer "
            f"ticketd (this one knows up to {SCHEMA_VERSION}): run the newer version "
            "(every process on one file must)"
        )
    if version < SCHEMA_VERSION and not upgrading:
        return (
            f"sqlite: {file} has schema version {version}, written by an older ticketd "
            f"(this ticketd uses {SCHEMA_VERSION}); this command only reads and never "
            "upgrades a file: upgrade it with `ticketd db migrate` (or by starting "
            "`ticketd serve`) once every process of the older version on it has stopped"
        )
    return None


def _statements(script: str) -> list[str]:
    """The statements of ``script``, one by one: ``executescript`` would
    commit the transaction they must run in."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending)
            pending = ""
    if pending.strip() and not pending.lstrip().startswith("--"):
        statements.append(pending)
    return statements


_SCHEMA_STATEMENTS = _statements(SCHEMA)


def migrate(conn: sqlite3.Connection, file: str) -> int:
    """Create ``SCHEMA`` in the file at ``file`` or bring one written by an
    older version up to it; returns the schema version the file had.

    One transaction under the write lock, the version read inside it: of
    several processes opening the file at once (two ``ticketd db migrate``,
    a migrate and a ``serve`` start), one migrates and the others find the
    file already at this version (they wait for the lock, at most its
    busy timeout), so no step runs twice and only one reports migrating. A
    file a newer version wrote is refused (``Unavailable``,
    ``schema_problem``) with nothing written, even when that version
    migrated it a moment ago.

    Feed records whose key shows a credential of the provider's URL in
    clear (written before keys were masked) are deleted at every open,
    with ``secure_delete`` so their text is overwritten, and then the WAL
    is checkpointed and truncated so no older copy of them stays in it
    (as far as readers of other processes let it; they end their reads
    soon, and the next open tries again)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        problem = schema_problem(conn, file, upgrading=True)
        if problem is not None:
            raise Unavailable(problem)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for statement in _SCHEMA_STATEMENTS:
            conn.execute(statement)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(ingestion_jobs)")}
        if "cancel_requested" not in columns:  # added in schema version 2
            conn.execute(
                "ALTER TABLE ingestion_jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0"
            )
        columns = {row[1] for row in conn.execute("PRAGMA table_info(rollup_counts)")}
        if "at_risk_customers" not in columns:  # added in schema version 4
            conn.execute(
                "ALTER TABLE rollup_counts ADD COLUMN at_risk_customers INTEGER NOT NULL DEFAULT 0"
            )
        columns = {row[1] for row in conn.execute("PRAGMA table_info(feed_scans)")}
        if "waiting" not in columns:  # added in schema version 5
            conn.execute("ALTER TABLE feed_scans ADD COLUMN waiting TEXT")
        columns = {row[1] for row in conn.execute("PRAGMA table_info(rollup_customers)")}
        if "ranked" not in columns:  # added in schema version 6
            conn.execute(
                "ALTER TABLE rollup_customers ADD COLUMN ranked INTEGER NOT NULL DEFAULT 0"
            )
            conn.execute(
                "ALTER TABLE rollup_counts ADD COLUMN ranked_floor INTEGER NOT NULL DEFAULT 1"
            )
        columns = {row[1] for row in conn.execute("PRAGMA table_info(notification_outbox)")}
        # Added in schema version 7; missing from the reverted build's 7.
        if "outage_attempts" not in columns:
            conn.execute(
                "ALTER TABLE notification_outbox "
                "ADD COLUMN outage_attempts INTEGER NOT NULL DEFAULT 0"
            )
        for trigger in _AT_RISK_TRIGGERS:
            conn.execute(trigger)
        conn.execute("DROP INDEX IF EXISTS rollup_customers_top")
        # Left by the reverted build's schema 7 (whatever the version says,
        # ``SCHEMA`` brought tickets_live_created back); nothing reads it.
        conn.execute("DROP INDEX IF EXISTS tickets_live_hour")
        conn.execute(_RANKED_INDEX)
        if version < 3:  # rollups replace the per-dimension stats indexes
            for name in _DROPPED_INDEXES:
                conn.execute(f"DROP INDEX IF EXISTS {name}")
            rebuild_rollups(conn, None)
        else:
            if version < 4:  # the all-time bucket counts its customers
                conn.execute(_COUNT_AT_RISK_CUSTOMERS)
            if version < 6:  # only the top of the all-time customers is ranked
                for tenant in rollup_tenants(conn):
                    rank_customers(conn, tenant)
        secure_delete = conn.execute("PRAGMA secure_delete").fetchone()[0]
        conn.execute("PRAGMA secure_delete = ON")  # for these deletions only
        try:
            dropped = drop_feeds_showing_credentials(conn)
        finally:
            conn.execute(f"PRAGMA secure_delete = {int(secure_delete)}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        # SQLite has already rolled back after some errors (a full disk):
        # a second ROLLBACK would hide the error under "no transaction".
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if dropped:
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError as exc:  # busy: later checkpoints overwrite them
            log.warning("could not truncate the write-ahead log", extra={"error": error_text(exc)})
        log.warning(
            "dropped the records of feed passes whose key showed a credential in clear "
            "(written by an older version)",
            extra={"feeds": len(dropped)},
        )
    return int(version)
