"""Rollup writes of the SQLite backend: apply a ``RollupDelta`` inside the
caller's transaction, and rebuild a tenant's rollups from its tickets.

Counters are incremented by UPSERT (``count = count + excluded.count``),
the counts and values many rows per statement (``sqlite_multirow``), so
the write never reads the rollups first; a counter that falls to zero
is deleted, so the tables only hold what the live tickets add up to.

The all-time at-risk ranking (index ``rollup_customers_ranked``) holds
only a tenant's all-time customer rows with ``ranked = 1``: exactly those
with ``tickets`` at or above the tenant's ``ranked_floor`` (on its
all-time ``rollup_counts`` row), so every customer left out ranks below
every one in it. A write that changes an unranked row leaves the index
alone: with every customer in it, each at-risk ticket of a customer of a
big tenant moved its entry (two leaves of the index, anywhere in it) and
the index was a third of the pages a page write of such tickets dirtied.
The floor rises when more than ``RANKED_MAX`` rows are ranked (keeping
about ``RANKED_KEEP``) and falls when fewer than ``RANKED_MIN`` are.
"""

from __future__ import annotations

import sqlite3

from ticketd.domain.rollups import COUNT_COLUMNS, DIMENSIONS, HOUR_MS, RollupDelta
from ticketd.store.sqlite_multirow import MultiRowInsert

__all__ = [
    "COUNT_EXPRESSIONS",
    "RANKED_KEEP",
    "RANKED_MAX",
    "RANKED_MIN",
    "apply_rollup_delta",
    "rank_customers",
    "rebuild_rollups",
    "rollup_tenants",
]

RANKED_MAX = 256
RANKED_KEEP = 128
RANKED_MIN = 32

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
# One row per statement: a customer row's upsert touches its page and,
# for a ranked all-time row, the at-risk index twice and, through the
# triggers, the counts, so 32 rows touched more pages than SQLite keeps of
# a statement's journal in memory (64 KiB) and it spilled to a temporary
# file, two system calls a page.
_UPSERT_CUSTOMER = (
    "INSERT INTO rollup_customers (tenant_id, level, bucket, customer_id, negative, "
    "high_urgency, tickets) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (tenant_id, level, bucket, customer_id) DO UPDATE SET "
    "negative = negative + excluded.negative, "
    "high_urgency = high_urgency + excluded.high_urgency, "
    "tickets = tickets + excluded.tickets"
)
# An all-time row, ranked when its count reaches the floor (?6).
_UPSERT_ALL_CUSTOMER = (
    "INSERT INTO rollup_customers (tenant_id, level, bucket, customer_id, negative, "
    "high_urgency, tickets, ranked) VALUES (?1, 'all', 0, ?2, ?3, ?4, ?5, ?5 >= ?6) "
    "ON CONFLICT (tenant_id, level, bucket, customer_id) DO UPDATE SET "
    "negative = negative + excluded.negative, "
    "high_urgency = high_urgency + excluded.high_urgency, "
    "tickets = tickets + excluded.tickets, "
    "ranked = tickets + excluded.tickets >= ?6"
)
_FLOOR = (
    "SELECT ranked_floor FROM rollup_counts WHERE tenant_id = ? AND level = 'all' AND bucket = 0"
)
_SET_FLOOR = (
    "UPDATE rollup_counts SET ranked_floor = ? WHERE tenant_id = ? AND level = 'all' AND bucket = 0"
)
_ALL_CUSTOMERS = "FROM rollup_customers WHERE tenant_id = ? AND level = 'all'"
# The tickets of the (n+1)-th row in ranking order, of the ranked rows
# (read along the index) or of every row (a walk over the tenant's customers).
_RANKED_AT = (
    f"SELECT tickets {_ALL_CUSTOMERS} AND ranked = 1 "
    "ORDER BY tickets DESC, customer_id ASC LIMIT 1 OFFSET ?"
)
_UNRANK_BELOW = (
    "UPDATE rollup_customers SET ranked = 0 "
    "WHERE tenant_id = ? AND level = 'all' AND ranked = 1 AND tickets < ?"
)
_ANY_AT = f"SELECT tickets {_ALL_CUSTOMERS} ORDER BY tickets DESC, customer_id ASC LIMIT 1 OFFSET ?"
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
    hourly = [(tenant_id, *key, *v) for key, v in customers if key[0] != "all"]
    conn.executemany(_UPSERT_CUSTOMER, hourly)
    all_time = [(tenant_id, key[2], *v) for key, v in customers if key[0] == "all"]
    if all_time:
        floor = _floor(conn, tenant_id)
        conn.executemany(_UPSERT_ALL_CUSTOMER, [(*row, floor) for row in all_time])
    _drop_zero(conn, _DROP_ZERO_CUSTOMER, [(tenant_id, *key) for key, v in customers if v[2] < 0])
    if all_time:
        _keep_ranking(conn, tenant_id, floor)


def _floor(conn: sqlite3.Connection, tenant_id: str) -> int:
    row = conn.execute(_FLOOR, (tenant_id,)).fetchone()
    return 1 if row is None else row[0]


def _keep_ranking(conn: sqlite3.Connection, tenant_id: str, floor: int) -> None:
    """Raise the floor when more than ``RANKED_MAX`` rows are ranked, lower
    it when fewer than ``RANKED_MIN`` are; reads at most ``RANKED_MAX`` + 1
    entries of the index otherwise."""
    if conn.execute(_RANKED_AT, (tenant_id, RANKED_MAX)).fetchone() is not None:
        (keep,) = conn.execute(_RANKED_AT, (tenant_id, RANKED_KEEP - 1)).fetchone()
        if keep > floor:  # equal: ties at the floor, nothing to leave out
            conn.execute(_SET_FLOOR, (keep, tenant_id))
            conn.execute(_UNRANK_BELOW, (tenant_id, keep))
    elif floor > 1 and conn.execute(_RANKED_AT, (tenant_id, RANKED_MIN - 1)).fetchone() is None:
        rank_customers(conn, tenant_id)


def rank_customers(conn: sqlite3.Connection, tenant_id: str) -> None:
    """Set ``tenant_id``'s floor to the count of its ``RANKED_KEEP``-th
    customer of all time (1 when it has fewer) and rank its rows by it:
    a walk over the tenant's all-time customers (rebuilds, migration, and
    a floor that must fall)."""
    row = conn.execute(_ANY_AT, (tenant_id, RANKED_KEEP - 1)).fetchone()
    floor = 1 if row is None else row[0]
    conn.execute(_SET_FLOOR, (floor, tenant_id))
    conn.execute(
        "UPDATE rollup_customers SET ranked = (tickets >= ?1) "
        "WHERE tenant_id = ?2 AND level = 'all' AND ranked <> (tickets >= ?1)",
        (floor, tenant_id),
    )


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
        rank_customers(conn, tenant)
    return tenants
