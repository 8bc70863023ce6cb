"""``ticketd stats`` only reads: it never writes the database, not even to
upgrade a file of an older schema, which it refuses with the way to
upgrade (``ticketd db migrate``). Real processes on real SQLite files."""

from __future__ import annotations

import hashlib
import sqlite3

import orjson
import pytest

from tests.daemon.test_db_cli import NOW, _ticket, _ticketd
from ticketd.clock import FakeClock
from ticketd.store.sqlite import SqliteStore
from ticketd.store.sqlite_schema import SCHEMA_VERSION

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def current_file(tmp_path):
    """A file of this version holding 3 tickets of acme, closed cleanly."""
    path = tmp_path / "ticketd.db"
    store = SqliteStore(path, clock=FakeClock(start=NOW))
    await store.open()
    try:
        await store.apply_tickets(
            "acme", [_ticket("acme", n, "open") for n in range(3)], job_id=None
        )
    finally:
        await store.close()
    return path


def _contents(path) -> tuple[str, int]:
    """A digest of the database file's bytes, and the bytes of its
    write-ahead log (0 when there is none): SQLite leaves an empty log and
    its shared-memory index beside a WAL file any connection read, a reader
    too; a write would put pages in the log."""
    wal = path.with_name(path.name + "-wal")
    return hashlib.sha256(path.read_bytes()).hexdigest(), wal.stat().st_size if wal.exists() else 0


def _as_schema_version_5(path) -> None:
    """Make the file what version 5 wrote: no ranking of the all-time
    customers (columns and index added by version 6)."""
    with sqlite3.connect(path) as old:
        old.executescript(
            "DROP INDEX rollup_customers_ranked;"
            "ALTER TABLE rollup_customers DROP COLUMN ranked;"
            "ALTER TABLE rollup_counts DROP COLUMN ranked_floor;"
            "PRAGMA user_version = 5;"
        )
    old.close()


async def test_stats_never_writes_the_file(current_file):
    before = _contents(current_file)

    code, out, err = await _ticketd("stats", "acme", "--json", "--db", f"sqlite:///{current_file}")

    assert code == 0, err
    assert orjson.loads(out)["total_tickets"] == 3
    assert _contents(current_file) == before


async def test_stats_refuses_an_older_schema_untouched_until_db_migrate(current_file):
    """1. The file is at schema version 5 (an older ticketd wrote it).
    2. `ticketd stats` refuses it in one line naming the versions and the
       upgrade, exit code 2, and leaves every byte as it was.
    3. `ticketd db migrate` upgrades it and says from which version.
    4. `ticketd stats` then reads it."""
    _as_schema_version_5(current_file)
    before = _contents(current_file)
    db = f"sqlite:///{current_file}"

    code, out, err = await _ticketd("stats", "acme", "--db", db)

    assert code == 2 and out == ""
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"ticketd stats: sqlite: {current_file} has schema version 5, ")
    assert f"this ticketd uses {SCHEMA_VERSION}" in last
    assert "ticketd db migrate" in last
    assert _contents(current_file) == before

    code, out, err = await _ticketd("db", "migrate", "--db", db)

    assert code == 0, err
    assert out == f"migrated {current_file} from schema version 5 to {SCHEMA_VERSION}\n"

    code, out, err = await _ticketd("stats", "acme", "--json", "--db", db)
    assert code == 0, err
    assert orjson.loads(out)["total_tickets"] == 3

    code, out, err = await _ticketd("db", "migrate", "--db", db)
    assert (code, out) == (0, f"{current_file} is already at schema version {SCHEMA_VERSION}\n")
