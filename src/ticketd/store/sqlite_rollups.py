"""Rollup writes of the SQLite backend: apply a ``RollupDelta`` inside the
caller's transaction, and rebuild a tenant's rollups from its tickets.

Counters are incremented by UPSERT (``count = count + excluded.count``),
the counts and values many rows per statement (``sqlite_multirow``), so
the write never reads the rollups first; a counter that falls to zero
is deleted, so the tables only hold what the live tickets add up to.
"""

from __future__ import annotations

import sqlite3

from ticketd.domain.rollups import COUNT_COLUMNS, DIMENSIONS, HOUR_MS, RollupDelta
from ticketd.store.sqlite_multirow import MultiRowInsert

__all__ = [
    "COUNT_EXPRESSIONS",
    "apply_rollup_delta",
    "rebuild_rollups",
    "rollup_tenants",
]

_UPSERT_COUNTS = MultiRowInsert(
    f"INSERT INTO rollup_counts (tenant_id, level, bucket, {', '.join(COUNT_COLUMNS)})",
    f"(?, ?, ?, {', '.join('?' * len(COUNT_COLUMNS))})",
    "ON CONFLICT (tenant_id, level, bucket) DO UPDATE SET "
    + ", ".join(f"{c} = {c} + excluded.{c}" for c in COUNT_COLUMNS),
)
_DROP_ZERO_COUNTS = (
    "DELETE FROM rollup_counts WHERE tenant_id = ? AND level = ? AND bucket = ? AND total = 0"
)
_UPSERT_VALUE = MultiRowInsert(
    "INSERT INTO rollup_values (tenant_id, level, bucket, dimension, value, count)",
    "(?, ?, ?, ?, ?, ?)",
    "ON CONFLICT (tenant_id, level, bucket, dimension, value) "
    "DO UPDATE SET count = count + excluded.count",
)
_DROP_ZERO_VALUE = (
    "DELETE FROM rollup_values WHERE tenant_id = ? AND level = ? AND bucket = ? "
    "AND dimension = ? AND value = ? AND count = 0"
)
# One row per statement: a customer row's upsert touches its page, the
# at-risk index twice and, through the triggers, the counts, so 32 rows
# touched more pages than SQLite keeps of a statement's journal in memory
# (64 KiB) and it spilled to a temporary file, two system calls a page.
_UPSERT_CUSTOMER = (
    "INSERT INTO rollup_customers (tenant_id, level, bucket, customer_id, negative, "
    "high_urgency, tickets) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (tenant_id, level, bucket, customer_id) DO UPDATE SET "
    "negative = negative + excluded.negative, "
    "high_urgency = high_urgency + excluded.high_urgency, "
    "tickets = tickets + excluded.tickets"
)
_DROP_ZERO_CUSTOMER = (
    "DELETE FROM rollup_customers WHERE tenant_id = ? AND level = ? AND bucket = ? "
    "AND customer_id = ? AND tickets = 0"
)


def apply_rollup_delta(conn: sqlite3.Connection, tenant_id: str, delta: RollupDelta) -> None:
    """Add ``delta`` to ``tenant_id``'s rollups; call inside the write
    transaction of the ticket changes it describes."""
    counts = delta.count_items()
    _UPSERT_COUNTS.run(conn, [(tenant_id, *key, *row) for key, row in counts])
    _drop_zero(conn, _DROP_ZERO_COUNTS, [(tenant_id, *key) for key, row in counts if row[0] < 0])
    values = delta.value_items()
    _UPSERT_VALUE.run(conn, [(tenant_id, *key, n) for key, n in values])
    _drop_zero(conn, _DROP_ZERO_VALUE, [(tenant_id, *key) for key, n in values if n < 0])
    customers = delta.customer_items()
    conn.executemany(_UPSERT_CUSTOMER, [(tenant_id, *key, *v) for key, v in customers])
    _drop_zero(conn, _DROP_ZERO_CUSTOMER, [(tenant_id, *key) for key, v in customers if v[2] < 0])


def _drop_zero(conn: sqlite3.Connection, sql: str, keys: list[tuple[object, ...]]) -> None:
    # Only a decrement can bring a counter to zero: most writes have none.
    if keys:
        conn.executemany(sql, keys)


# Bucket start of created_at per level, a floor also before the epoch.
_BUCKETS = {
    "hour": f"(created_at - ((created_at % {HOUR_MS}) + {HOUR_MS}) % {HOUR_MS})",
    "all": "0",
}
_LIVE = "tenant_id = :tenant AND deleted_at IS NULL"
# The value of each COUNT_COLUMNS entry for one ticket row, as SQL.
COUNT_EXPRESSIONS = (
    "1",
    *(f"({dimension} = '{value}')" for dimension, values in DIMENSIONS.items() for value in values),
    "(requires_action <> 0)",
)


def _rebuild_statements() -> list[str]:
    out = []
    for level, bucket in _BUCKETS.items():
        sums = ", ".join(f"sum({e})" for e in COUNT_EXPRESSIONS)
        out.append(
            f"INSERT INTO rollup_counts (tenant_id, level, bucket, {', '.join(COUNT_COLUMNS)}) "
            f"SELECT tenant_id, '{level}', {bucket}, {sums} FROM tickets WHERE {_LIVE} "
            "GROUP BY 3"
        )
        out.append(
            "INSERT INTO rollup_values (tenant_id, level, bucket, dimension, value, count) "
            f"SELECT tenant_id, '{level}', {bucket}, 'source', source, count(*) "
            f"FROM tickets WHERE {_LIVE} GROUP BY 3, 5"
        )
        out.append(
            "INSERT INTO rollup_values (tenant_id, level, bucket, dimension, value, count) "
            f"SELECT tenant_id, '{level}', {bucket}, 'keyword', kw.value, count(*) "
            f"FROM tickets, json_each(tickets.keywords) AS kw WHERE {_LIVE} GROUP BY 3, 5"
        )
        out.append(
            "INSERT INTO rollup_customers (tenant_id, level, bucket, customer_id, negative, "
            f"high_urgency, tickets) SELECT tenant_id, '{level}', {bucket}, customer_id, "
            "sum(sentiment = 'negative'), sum(urgency = 'high'), count(*) FROM tickets "
            f"WHERE {_LIVE} AND (sentiment = 'negative' OR urgency = 'high') GROUP BY 3, 4"
        )
    return out


_REBUILD = _rebuild_statements()
_TABLES = ("rollup_counts", "rollup_values", "rollup_customers")


def rollup_tenants(conn: sqlite3.Connection) -> list[str]:
    """Every tenant with tickets or rollups."""
    rows = conn.execute(
        "SELECT DISTINCT tenant_id FROM tickets "
        + "".join(f"UNION SELECT DISTINCT tenant_id FROM {table} " for table in _TABLES)
        + "ORDER BY 1"
    )
    return [r[0] for r in rows]


def rebuild_rollups(conn: sqlite3.Connection, tenant_id: str | None) -> list[str]:
    """Recompute the rollups of ``tenant_id`` (every tenant with tickets or
    rollups when None) from its live tickets, inside the caller's
    transaction; returns the tenants rebuilt."""
    tenants = rollup_tenants(conn) if tenant_id is None else [tenant_id]
    for tenant in tenants:
        for table in _TABLES:
            conn.execute(f"DELETE FROM {table} WHERE tenant_id = ?", (tenant,))
        for statement in _REBUILD:
            conn.execute(statement, {"tenant": tenant})
    return tenants
