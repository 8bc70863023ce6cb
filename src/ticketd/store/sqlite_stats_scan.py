"""Tenant analytics as SQL over the tickets themselves: the reference the
rollup read (``sqlite_stats``) is checked against by the tests and timed
beside by ``bench/stats_bench.py``. Its cost grows with the tenant's
tickets; the service reads the rollups.

Every number is computed by SQLite; Python only shapes the few result rows
into a ``TenantStats``. The window is ``created_at`` in ``[from_date,
to_date]``; the hourly trend is the 24 UTC clock hours ending with the one
that contains ``to_date``.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from ticketd.domain.rollups import HOUR_MS
from ticketd.store.records import TenantStats
from ticketd.store.sqlite_rows import format_hour, to_ms
from ticketd.store.stats_shape import TOP_LIMIT, shape_stats

__all__ = ["scan_statements", "scan_tenant_stats"]

# The live window over the covering index ``tickets_live_created``.
_WINDOW = "tenant_id = :tenant AND deleted_at IS NULL AND created_at <= :to_ms"
_FROM = " AND created_at >= :from_ms"

# One GROUP BY per dimension over the covering index.
_DIMENSIONS = " UNION ALL ".join(
    f"SELECT '{column}', {column}, count(*) FROM tickets WHERE {{w}} GROUP BY {column}"
    for column in ("status", "urgency", "sentiment", "source", "requires_action")
)

# 24 hour slots generated in SQL, each counted by an index range probe, so
# empty hours come back as zero without a Python loop over tickets.
_HOURLY = """
WITH RECURSIVE slots(i, start_ms) AS (
    SELECT 0, :first_hour_ms
    UNION ALL SELECT i + 1, start_ms + 3600000 FROM slots WHERE i < 23
)
SELECT start_ms, (
    SELECT count(*) FROM tickets
    WHERE {w} AND created_at >= slots.start_ms AND created_at < slots.start_ms + 3600000
) FROM slots ORDER BY start_ms
"""

_TOP_KEYWORDS = """
SELECT kw.value AS keyword, count(*) AS n
FROM tickets, json_each(tickets.keywords) AS kw
WHERE {w} AND tickets.keywords <> '[]'
GROUP BY kw.value ORDER BY n DESC, keyword ASC LIMIT :top
"""

_AT_RISK_TOTAL = """
SELECT count(DISTINCT customer_id) FROM tickets
WHERE {w} AND (sentiment = 'negative' OR urgency = 'high')
"""

_AT_RISK = """
SELECT customer_id,
       sum(sentiment = 'negative') AS negative,
       sum(urgency = 'high') AS high_urgency,
       count(*) AS n
FROM tickets
WHERE {w} AND (sentiment = 'negative' OR urgency = 'high')
GROUP BY customer_id ORDER BY n DESC, customer_id ASC LIMIT :top
"""


def scan_statements(*, with_from: bool) -> dict[str, str]:
    """The SQL of each stats part, named; parameters ``:tenant``, ``:to_ms``,
    ``:from_ms`` (when ``with_from``), ``:first_hour_ms`` and ``:top``.
    Public so the query plans can be checked against a real file."""
    window = _WINDOW + (_FROM if with_from else "")
    return {
        "dimensions": _DIMENSIONS.format(w=window),
        "hourly_trend": _HOURLY.format(w=window),
        "top_keywords": _TOP_KEYWORDS.format(w=window),
        "at_risk_customers": _AT_RISK.format(w=window),
        "at_risk_total": _AT_RISK_TOTAL.format(w=window),
    }


def scan_tenant_stats(
    conn: sqlite3.Connection,
    tenant_id: str,
    from_date: datetime | None,
    to_date: datetime,
    generated_at: datetime,
) -> TenantStats:
    to_ms_ = to_ms(to_date)
    sql = scan_statements(with_from=from_date is not None)
    params: dict[str, object] = {
        "tenant": tenant_id,
        "to_ms": to_ms_,
        "from_ms": None if from_date is None else to_ms(from_date),
        "first_hour_ms": to_ms_ - to_ms_ % HOUR_MS - 23 * HOUR_MS,
        "top": TOP_LIMIT,
    }
    maps: dict[str, dict[str, int]] = {
        "status": {},
        "urgency": {},
        "sentiment": {},
        "source": {},
        "requires_action": {},
    }
    for dimension, key, count in conn.execute(sql["dimensions"], params):
        maps[dimension][str(key)] = count
    hourly = tuple(
        {"hour": format_hour(start), "count": count}
        for start, count in conn.execute(sql["hourly_trend"], params)
    )
    keywords = tuple(
        {"keyword": keyword, "count": count}
        for keyword, count in conn.execute(sql["top_keywords"], params)
    )
    at_risk = tuple(
        {"customer_id": customer, "negative": negative, "high_urgency": high, "tickets": n}
        for customer, negative, high, n in conn.execute(sql["at_risk_customers"], params)
    )
    (at_risk_total,) = conn.execute(sql["at_risk_total"], params).fetchone()
    return shape_stats(
        tenant_id, from_date, to_date, generated_at, maps, hourly, keywords, at_risk, at_risk_total
    )
