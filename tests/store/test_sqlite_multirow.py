"""Many rows per INSERT statement (``sqlite_multirow``): every row lands,
in order, whatever the count, and a conflict with a row of the same
statement takes the ON CONFLICT path like ``executemany`` would."""

from __future__ import annotations

import sqlite3

import pytest

from ticketd.store.sqlite_multirow import ROWS_PER_STATEMENT, MultiRowInsert

UPSERT = MultiRowInsert(
    "INSERT INTO counters (name, n)",
    "(?, ?)",
    "ON CONFLICT (name) DO UPDATE SET n = n + excluded.n",
)


@pytest.fixture
def conn(tmp_path):
    conn = sqlite3.connect(tmp_path / "multirow.db", isolation_level=None)
    conn.execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER)")
    yield conn
    conn.close()


@pytest.mark.parametrize("count", [0, 1, 2, 3, 7, 8, 9, 31, 32, 33, 75])
def test_every_row_is_inserted_in_order(conn, count):
    rows = [(f"c{i:03d}", i) for i in range(count)]
    UPSERT.run(conn, rows)
    assert conn.execute("SELECT name, n FROM counters ORDER BY id").fetchall() == rows


def test_a_row_conflicting_with_an_earlier_row_of_the_batch_updates_it(conn):
    rows = [("a", 1), ("b", 10), ("a", 2), ("a", 4), ("c", 100), ("b", 20)]
    UPSERT.run(conn, rows)
    assert conn.execute("SELECT name, n FROM counters ORDER BY id").fetchall() == [
        ("a", 7),
        ("b", 30),
        ("c", 100),
    ]


def test_the_statement_texts_are_few_and_fixed():
    texts = {UPSERT.sql(size) for size in ROWS_PER_STATEMENT}
    assert len(texts) == len(ROWS_PER_STATEMENT)
    assert UPSERT.sql(2) == (
        "INSERT INTO counters (name, n) VALUES (?, ?), (?, ?) "
        "ON CONFLICT (name) DO UPDATE SET n = n + excluded.n"
    )
