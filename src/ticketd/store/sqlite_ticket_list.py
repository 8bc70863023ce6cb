"""The ticket list on SQLite: by page number (``OFFSET``) or after a
position (keyset), both served by the ``tickets_live_created`` index in its
order, and the total of matches cached per reader thread."""

from __future__ import annotations

import sqlite3
import threading

from ticketd.store.records import TicketFilter, TicketKey, TicketPage
from ticketd.store.sqlite_rows import TICKET_SELECT, ticket_from_row, to_ms

__all__ = ["list_statements", "list_tickets"]

_FILTER_COLUMNS = ("status", "urgency", "sentiment", "source", "requires_action")

# Strictly after (created_at, external_id) in the order "created_at DESC,
# external_id ASC". The first term alone bounds the index range
# (tenant_id=? AND created_at<?), so a read seeks to the position instead
# of walking the entries before it; the second drops the ties already read,
# checked inside the index entries.
_AFTER = "created_at <= ? AND (created_at < ? OR external_id > ?)"


def list_statements(filters: TicketFilter, *, after: bool = False) -> tuple[str, str, list[object]]:
    """The count and page SQL of a ticket list and their leading parameters
    (``tenant_id`` then the filter values; the page SQL then takes, with
    ``after``, the position's ``created_at`` ms twice and its external id,
    then ``LIMIT`` and ``OFFSET``). Public so the query plans can be checked."""
    where = ["tenant_id = ?", "deleted_at IS NULL"]
    params: list[object] = []
    for column in _FILTER_COLUMNS:
        value = getattr(filters, column)
        if value is not None:
            # Bound parameters: a value is only ever compared, never parsed.
            where.append(f"{column} = ?")
            params.append(int(value) if column == "requires_action" else value)
    clause = " AND ".join(where)
    page_clause = f"{clause} AND {_AFTER}" if after else clause
    return (
        f"SELECT count(*) FROM tickets WHERE {clause}",
        f"SELECT {TICKET_SELECT} FROM tickets WHERE {page_clause} "
        "ORDER BY created_at DESC, external_id ASC LIMIT ? OFFSET ?",
        params,
    )


# Totals of ticket lists, per reader thread (one connection each), valid
# while the database's data_version is unchanged: any commit by any
# connection or process moves it, so a cached total is never stale.
_totals = threading.local()
_MAX_CACHED_TOTALS = 4096


def _total(conn: sqlite3.Connection, count_sql: str, params: list[object]) -> int:
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    state = getattr(_totals, "state", None)
    if state is None or state[0] is not conn or state[1] != version:
        state = _totals.state = (conn, version, {})
    cache: dict[tuple[object, ...], int] = state[2]
    key = (count_sql, *params)
    total = cache.get(key)
    if total is None:
        if len(cache) >= _MAX_CACHED_TOTALS:
            cache.clear()
        total = cache[key] = conn.execute(count_sql, params).fetchone()[0]
    return total


def list_tickets(
    conn: sqlite3.Connection,
    tenant_id: str,
    filters: TicketFilter,
    page: int,
    page_size: int,
    after: TicketKey | None = None,
) -> TicketPage:
    count_sql, page_sql, values = list_statements(filters, after=after is not None)
    params = [tenant_id, *values]
    total = _total(conn, count_sql, params)
    position: tuple[object, ...] = ()
    if after is not None:
        ms = to_ms(after.created_at)
        position = (ms, ms, after.external_id)
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: ticket_from_row reads by position
    rows = cursor.execute(
        page_sql, (*params, *position, page_size, (page - 1) * page_size)
    ).fetchall()
    return TicketPage(tuple(ticket_from_row(r) for r in rows), total)
