"""Many rows through one ``INSERT ... VALUES (...), (...), ...`` statement.

``executemany`` runs a one-row statement once per row: each run binds,
opens its cursors, checks the transaction, halts and resets. For the
rollup upserts that per-run setup was a fifth of their instructions.
``MultiRowInsert`` sends the rows in statements of up to 32 rows; the row
counts per statement come from a fixed set (32, 8, 2, 1), so each table
has at most four statement texts, each prepared once and kept in the
connection's statement cache.

Only for tables where 32 rows touch few pages: a statement of many rows
keeps a journal of the pages it changes (to undo itself alone on an
error), in memory up to 64 KiB (16 pages), then in a temporary file, two
system calls per page. 32 tickets or at-risk customer rows of a big
tenant touch more pages than that (their random index entries), and the
spilled journal cost more than the rows saved; they stay one row per run.

The rows are processed in order, as by ``executemany``: a row that
conflicts with one inserted earlier by the same statement takes the
``ON CONFLICT`` path against it.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Sequence
from itertools import chain

import attrs

__all__ = ["ROWS_PER_STATEMENT", "MultiRowInsert"]

ROWS_PER_STATEMENT = (32, 8, 2, 1)


@attrs.frozen
class MultiRowInsert:
    """``{head} VALUES {row}, {row}, ... {tail}``; ``row`` is one row's
    placeholders, e.g. ``(?, ?, ?)``; ``tail`` an optional ``ON CONFLICT``
    clause."""

    head: str
    row: str
    tail: str = ""

    def sql(self, rows: int) -> str:
        return _statement(self.head, self.row, self.tail, rows)

    def run(self, conn: sqlite3.Connection, rows: Sequence[Sequence[object]]) -> None:
        """Insert ``rows`` (each one row's parameters), in order."""
        start = 0
        for size in ROWS_PER_STATEMENT:
            while len(rows) - start >= size:
                chunk = rows[start : start + size]
                conn.execute(self.sql(size), list(chain.from_iterable(chunk)))
                start += size


@functools.cache
def _statement(head: str, row: str, tail: str, rows: int) -> str:
    return f"{head} VALUES {', '.join([row] * rows)} {tail}".rstrip()
