"""The shared provider budget on SQLite: one row per budget in
``rate_budgets``, read and rewritten inside one ``BEGIN IMMEDIATE``
transaction, so processes sharing the file take slices one at a time."""

from __future__ import annotations

import sqlite3

import orjson

from ticketd.domain.budget_slices import PermitSlice, give_back, take_slice
from ticketd.store.sqlite_tickets import transaction

__all__ = ["give_back_permits", "pause_budget", "take_permits"]


def take_permits(
    conn: sqlite3.Connection,
    budget: str,
    want: int,
    limit: int,
    span: float,
    hold: float,
    now: float,
) -> PermitSlice:
    with transaction(conn):
        row = conn.execute(
            "SELECT grants, paused_until FROM rate_budgets WHERE name = ?", (budget,)
        ).fetchone()
        grants, paused_until = (orjson.loads(row[0]), float(row[1])) if row else ([], 0.0)
        taken = take_slice(
            grants, paused_until, now=now, want=want, limit=limit, span=span, hold=hold
        )
        conn.execute(
            "INSERT INTO rate_budgets (name, grants, paused_until) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET grants = excluded.grants",
            (budget, orjson.dumps(list(taken.grants)).decode(), paused_until),
        )
    return taken.permits


def give_back_permits(conn: sqlite3.Connection, budget: str, stamp: float, count: int) -> None:
    with transaction(conn):
        row = conn.execute("SELECT grants FROM rate_budgets WHERE name = ?", (budget,)).fetchone()
        if row is None:
            return
        kept = give_back(orjson.loads(row[0]), stamp=stamp, count=count)
        conn.execute(
            "UPDATE rate_budgets SET grants = ? WHERE name = ?",
            (orjson.dumps(list(kept)).decode(), budget),
        )


def pause_budget(conn: sqlite3.Connection, budget: str, until: float) -> None:
    with transaction(conn):
        conn.execute(
            "INSERT INTO rate_budgets (name, paused_until) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET "
            "paused_until = MAX(rate_budgets.paused_until, excluded.paused_until)",
            (budget, until),
        )
