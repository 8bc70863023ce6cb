"""Tenant analytics read from the write-time rollups (``rollup_counts``,
``rollup_customers``) plus the live tickets of at most two partial hours
at the window's edges, all as SQL: Python splits the window into pieces
(``ticketd.domain.rollups.window_pieces``) and shapes the few result rows.

The cost depends on the window's length in days and on the edge hours,
not on the number of the tenant's tickets. A window without ``from_date``
reads the all-time bucket minus what was created after ``to_date`` (next to
nothing when it ends now); its at-risk customers come from the all-time
bucket's index in order, so only a handful of rows are read.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from ticketd.domain.rollups import COUNT_COLUMNS, DIMENSIONS, HOUR_MS, Piece, window_pieces
from ticketd.store.records import TenantStats
from ticketd.store.sqlite_rollups import COUNT_EXPRESSIONS
from ticketd.store.sqlite_rows import format_hour, to_ms
from ticketd.store.stats_shape import TOP_LIMIT, shape_stats

__all__ = ["rollup_statements", "tenant_stats"]

_LIVE = "tenant_id = :tenant AND deleted_at IS NULL"


def _range(column: str, index: int, piece: Piece) -> str:
    text = f"{column} >= :start{index}"
    return text if piece.end is None else f"{text} AND {column} < :end{index}"


def _rollup(table: str, index: int, piece: Piece) -> str:
    return (
        f"FROM {table} WHERE tenant_id = :tenant AND level = '{piece.kind}' "
        f"AND {_range('bucket', index, piece)}"
    )


def _tickets(index: int, piece: Piece) -> str:
    return f"FROM tickets WHERE {_LIVE} AND {_range('created_at', index, piece)}"


def _count_part(index: int, piece: Piece, sign: int) -> str:
    if piece.kind != "tickets":
        columns = ", ".join(f"{c} * {sign}" for c in COUNT_COLUMNS)
        return f"SELECT {columns} {_rollup('rollup_counts', index, piece)}"
    columns = ", ".join(f"{e} * {sign}" for e in COUNT_EXPRESSIONS)
    return f"SELECT {columns} {_tickets(index, piece)}"


def _value_part(index: int, piece: Piece, sign: int, dimension: str) -> str:
    if piece.kind != "tickets":
        return (
            f"SELECT value, count * {sign} {_rollup('rollup_values', index, piece)} "
            f"AND dimension = '{dimension}'"
        )
    if dimension == "source":
        return f"SELECT source, {sign} {_tickets(index, piece)}"
    return (
        f"SELECT kw.value, {sign} FROM tickets, json_each(tickets.keywords) AS kw "
        f"WHERE {_LIVE} AND {_range('created_at', index, piece)} AND tickets.keywords <> '[]'"
    )


def _customer_part(index: int, piece: Piece, sign: int) -> str:
    if piece.kind != "tickets":
        return (
            f"SELECT customer_id, negative * {sign}, high_urgency * {sign}, tickets * {sign} "
            f"{_rollup('rollup_customers', index, piece)}"
        )
    return (
        f"SELECT customer_id, (sentiment = 'negative') * {sign}, (urgency = 'high') * {sign}, "
        f"{sign} {_tickets(index, piece)} AND (sentiment = 'negative' OR urgency = 'high')"
    )


_COUNTS = (
    f"WITH parts({', '.join(COUNT_COLUMNS)}) AS ({{parts}}) "
    f"SELECT {', '.join(f'coalesce(sum({c}), 0)' for c in COUNT_COLUMNS)} FROM parts"
)

_VALUES = """
WITH parts(value, n) AS ({parts})
SELECT value, sum(n) AS total FROM parts GROUP BY value HAVING total > 0
ORDER BY total DESC, value ASC
"""

_AT_RISK = """
WITH parts(customer_id, negative, high, n) AS ({parts})
SELECT customer_id, sum(negative), sum(high), sum(n) AS total FROM parts
GROUP BY customer_id HAVING total > 0 ORDER BY total DESC, customer_id ASC LIMIT :top
"""

# All time minus a suffix: a customer outside the suffix keeps its
# all-time count, so the answer is among the first top + |suffix| of the
# all-time order or in the suffix. That order is read from the ranked rows
# (index rollup_customers_ranked; every unranked customer ranks below
# them); only when fewer are ranked than needed (a suffix of more
# customers than the writes keep ranked beyond the top, see
# sqlite_rollups) from every all-time row of the tenant, a walk. CROSS
# JOIN keeps the candidates as the outer loop: the planner would otherwise
# walk every customer of the all-time bucket and probe the candidates.
_AT_RISK_ALL_TIME = """
WITH parts(customer_id, negative, high, n) AS ({parts}),
suffix(customer_id, negative, high, n) AS MATERIALIZED (
    SELECT customer_id, sum(negative), sum(high), sum(n) FROM parts GROUP BY customer_id
),
wanted(n) AS MATERIALIZED (SELECT :top + count(*) FROM suffix),
ranked(customer_id) AS MATERIALIZED (
    SELECT customer_id FROM rollup_customers
    WHERE tenant_id = :tenant AND level = 'all' AND ranked = 1
    ORDER BY tickets DESC, customer_id ASC
    LIMIT (SELECT n FROM wanted)
),
candidates(customer_id) AS (
    SELECT customer_id FROM ranked
    UNION SELECT customer_id FROM (
        SELECT customer_id FROM rollup_customers
        WHERE tenant_id = :tenant AND level = 'all'
        ORDER BY tickets DESC, customer_id ASC
        -- LIMIT 0 (enough ranked): the walk never starts
        LIMIT (SELECT CASE WHEN (SELECT count(*) FROM ranked) < n THEN n ELSE 0 END FROM wanted)
    )
    UNION SELECT customer_id FROM suffix
)
SELECT a.customer_id, a.negative - coalesce(s.negative, 0),
       a.high_urgency - coalesce(s.high, 0), a.tickets - coalesce(s.n, 0) AS total
FROM candidates AS c
CROSS JOIN rollup_customers AS a
  ON a.tenant_id = :tenant AND a.level = 'all' AND a.bucket = 0 AND a.customer_id = c.customer_id
LEFT JOIN suffix AS s ON s.customer_id = c.customer_id
WHERE total > 0 ORDER BY total DESC, a.customer_id ASC LIMIT :top
"""

_AT_RISK_TOTAL = """
WITH parts(customer_id, negative, high, n) AS ({parts})
SELECT count(*) FROM (SELECT customer_id FROM parts GROUP BY customer_id HAVING sum(n) > 0)
"""

# Every customer of all time (counted by the schema's triggers), less
# those the suffix takes down to zero.
_AT_RISK_TOTAL_ALL_TIME = """
WITH parts(customer_id, negative, high, n) AS ({parts}),
suffix(customer_id, n) AS (SELECT customer_id, sum(n) FROM parts GROUP BY customer_id)
SELECT coalesce((SELECT at_risk_customers FROM rollup_counts
                 WHERE tenant_id = :tenant AND level = 'all' AND bucket = 0), 0)
     - (SELECT count(*) FROM suffix AS s JOIN rollup_customers AS a
          ON a.tenant_id = :tenant AND a.level = 'all' AND a.bucket = 0
         AND a.customer_id = s.customer_id
        WHERE a.tickets - s.n <= 0)
"""

_HOURLY_ROLLUP = """
SELECT bucket, total FROM rollup_counts
WHERE tenant_id = :tenant AND level = 'hour' AND bucket >= :start AND bucket < :end
"""
_TICKET_COUNT = (
    f"SELECT count(*) FROM tickets WHERE {_LIVE} AND created_at >= :start AND created_at < :end"
)


def rollup_statements(pieces: list[Piece]) -> dict[str, str]:
    """The SQL of the counts and at-risk parts for a window's ``pieces``;
    parameters ``:tenant``, ``:top`` and ``:startN`` / ``:endN`` per piece.
    Public so the query plans can be checked against a real file."""
    counts = " UNION ALL ".join(_count_part(i, p, p.sign) for i, p in enumerate(pieces))
    values = {
        dimension: " UNION ALL ".join(
            _value_part(i, p, p.sign, dimension) for i, p in enumerate(pieces)
        )
        or "SELECT NULL, 0 WHERE 0"
        for dimension in ("source", "keyword")
    }
    if pieces and pieces[0].kind == "all":
        suffix = (
            " UNION ALL ".join(_customer_part(i, p, 1) for i, p in enumerate(pieces) if i > 0)
            or "SELECT NULL, 0, 0, 0 WHERE 0"
        )
        at_risk = _AT_RISK_ALL_TIME.format(parts=suffix)
        at_risk_total = _AT_RISK_TOTAL_ALL_TIME.format(parts=suffix)
    else:
        parts = " UNION ALL ".join(_customer_part(i, p, p.sign) for i, p in enumerate(pieces))
        at_risk = _AT_RISK.format(parts=parts or "SELECT NULL, 0, 0, 0 WHERE 0")
        at_risk_total = _AT_RISK_TOTAL.format(parts=parts or "SELECT NULL, 0, 0, 0 WHERE 0")
    nothing = ", ".join("0" * len(COUNT_COLUMNS))
    return {
        "counts": _COUNTS.format(parts=counts or f"SELECT {nothing} WHERE 0"),
        "by_source": _VALUES.format(parts=values["source"]),
        "top_keywords": _VALUES.format(parts=values["keyword"]) + " LIMIT :top",
        "at_risk_customers": at_risk,
        "at_risk_total": at_risk_total,
    }


def _hourly_trend(
    conn: sqlite3.Connection, tenant_id: str, from_ms: int | None, to_ms_: int
) -> tuple[dict[str, Any], ...]:
    """24 clock hours ending with the one holding ``to_ms_``; an hour wholly
    inside the window is read from its rollup, an hour the window cuts
    (at most the first and the last) by counting its tickets."""
    first = to_ms_ - to_ms_ % HOUR_MS - 23 * HOUR_MS
    start, end = (first if from_ms is None else max(first, from_ms)), to_ms_ + 1
    counts = dict.fromkeys(range(first, first + 24 * HOUR_MS, HOUR_MS), 0)
    whole_from = -(-start // HOUR_MS) * HOUR_MS
    whole_to = end - end % HOUR_MS
    if start >= end:
        edges = []
    elif whole_from > whole_to:  # the window starts and ends inside one hour
        edges = [(start, end)]
    else:
        edges = [(start, whole_from), (whole_to, end)]
        if whole_from < whole_to:
            params = {"tenant": tenant_id, "start": whole_from, "end": whole_to}
            counts.update(conn.execute(_HOURLY_ROLLUP, params).fetchall())
    for edge_start, edge_end in edges:
        if edge_start < edge_end:
            params = {"tenant": tenant_id, "start": edge_start, "end": edge_end}
            count = conn.execute(_TICKET_COUNT, params).fetchone()[0]
            counts[edge_start - edge_start % HOUR_MS] += count
    return tuple({"hour": format_hour(hour), "count": n} for hour, n in counts.items())


def tenant_stats(
    conn: sqlite3.Connection,
    tenant_id: str,
    from_date: datetime | None,
    to_date: datetime,
    generated_at: datetime,
) -> TenantStats:
    """Stats of the live tickets created in ``[from_date, to_date]`` (from
    the beginning without ``from_date``), from the rollups."""
    to_ms_ = to_ms(to_date)
    from_ms = None if from_date is None else to_ms(from_date)
    pieces = window_pieces(from_ms, to_ms_)
    sql = rollup_statements(pieces)
    params: dict[str, object] = {"tenant": tenant_id, "top": TOP_LIMIT}
    for index, piece in enumerate(pieces):
        params[f"start{index}"] = piece.start
        params[f"end{index}"] = piece.end
    totals = dict(zip(COUNT_COLUMNS, conn.execute(sql["counts"], params).fetchone(), strict=True))
    maps: dict[str, dict[str, int]] = {
        dimension: {
            value: totals[f"{dimension}_{value}"]
            for value in values
            if totals[f"{dimension}_{value}"] > 0
        }
        for dimension, values in DIMENSIONS.items()
    }
    maps["source"] = dict(conn.execute(sql["by_source"], params).fetchall())
    required = totals["requires_action"]
    not_required = totals["total"] - required
    maps["requires_action"] = {key: n for key, n in (("0", not_required), ("1", required)) if n > 0}
    keywords = tuple(
        {"keyword": keyword, "count": n} for keyword, n in conn.execute(sql["top_keywords"], params)
    )
    at_risk = tuple(
        {"customer_id": customer, "negative": negative, "high_urgency": high, "tickets": n}
        for customer, negative, high, n in conn.execute(sql["at_risk_customers"], params)
    )
    (at_risk_total,) = conn.execute(sql["at_risk_total"], params).fetchone()
    hourly = _hourly_trend(conn, tenant_id, from_ms, to_ms_)
    return shape_stats(
        tenant_id, from_date, to_date, generated_at, maps, hourly, keywords, at_risk, at_risk_total
    )
