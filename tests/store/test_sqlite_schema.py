"""Schema versions that two builds numbered alike: version 7 of the
build with the hour-grouped list index (main between 9f32224 and
fcf31bc, reverted: ``tickets_live_hour`` instead of
``tickets_live_created``, no ``outage_attempts``) and version 7 of the
notifier's outage attempts (d37b80c). The current schema is 8: the
hour-index build refuses a current file, and a file that build migrated
gets the list index and the outbox column back and loses the hour index.

The files are made by the real builds: the hour-index build's source is
taken from git (``git archive fcf31bc^``) and run in a process of its
own."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from ticketd.store import TicketFilter
from ticketd.store.sqlite import SqliteStore
from ticketd.store.sqlite_schema import SCHEMA_VERSION

HOUR_INDEX_BUILD = "fcf31bc^"
REPOSITORY = Path(__file__).resolve().parents[2]

# Opens the file at argv[1] with the SqliteStore on the import path (and
# closes it); exit code 3 with the error when the store refuses the file.
_OPEN_FILE = """
import asyncio, sys
from ticketd.clock import SystemClock
from ticketd.errors import Unavailable
from ticketd.store import TicketFilter
from ticketd.store.sqlite import SqliteStore

async def main():
    store = SqliteStore(sys.argv[1], clock=SystemClock())
    await store.open()
    await store.close()

try:
    asyncio.run(main())
except Unavailable as exc:
    print(exc.message)
    sys.exit(3)
"""


@pytest.fixture(scope="module")
def hour_index_build(tmp_path_factory) -> Path:
    """The ``src`` folder of the hour-index build (schema 7, reverted)."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPOSITORY), "archive", HOUR_INDEX_BUILD, "src/ticketd"],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"the hour-index build's source is not in this checkout's git: {exc}")
    folder = tmp_path_factory.mktemp("hour_index_build")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def open_with(build: Path, path: Path) -> subprocess.CompletedProcess[str]:
    """Open the file at ``path`` with the ticketd whose source is ``build``."""
    env = {**os.environ, "PYTHONPATH": str(build)}
    return subprocess.run(
        [sys.executable, "-c", _OPEN_FILE, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=50,
    )


def shape(path: Path) -> tuple[int, set[str], set[str]]:
    """The file's schema version, its ticket indexes, its outbox columns."""
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        indexes = {
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'"
            )
        }
        columns = {row[1] for row in conn.execute("PRAGMA table_info(notification_outbox)")}
    finally:
        conn.close()
    return version, indexes, columns


async def test_a_file_of_the_hour_index_schema_7_gets_the_list_index_and_loses_the_hour_one(
    hour_index_build, db_path, clock, make_ticket
):
    """1. The hour-index build creates the file (its schema 7).
    2. This build opens it: the list index and the outbox's
       outage_attempts are there, the hour index (which every write
       would keep up to date, read by nothing) is gone; the file is at
       this build's version, and tickets can be written and listed."""
    made = open_with(hour_index_build, db_path)  # 1.
    assert made.returncode == 0, made.stderr
    version, indexes, columns = shape(db_path)
    assert version == 7 and "tickets_live_hour" in indexes
    assert "tickets_live_created" not in indexes and "outage_attempts" not in columns

    store = SqliteStore(db_path, clock=clock)  # 2.
    await store.open()
    try:
        await store.apply_tickets("acme", [make_ticket("ext-1")], job_id=None)
        page = await store.list_tickets("acme", TicketFilter(), page=1, page_size=10)
        assert [t.external_id for t in page.tickets] == ["ext-1"]
    finally:
        await store.close()
    version, indexes, columns = shape(db_path)
    assert version == SCHEMA_VERSION
    assert "tickets_live_created" in indexes and "outage_attempts" in columns
    assert "tickets_live_hour" not in indexes, indexes


async def test_the_hour_index_build_refuses_a_current_file(hour_index_build, db_path, clock):
    """1. This build creates the file.
    2. The hour-index build refuses to open it (a newer ticketd wrote
       it) and changes nothing: the list index stays, no hour index."""
    store = SqliteStore(db_path, clock=clock)  # 1.
    await store.open()
    await store.close()
    before = shape(db_path)

    opened = open_with(hour_index_build, db_path)  # 2.
    assert opened.returncode == 3, (opened.stdout, opened.stderr)
    assert f"schema version {SCHEMA_VERSION}, written by a newer ticketd" in opened.stdout
    assert shape(db_path) == before
    assert "tickets_live_created" in before[1]


# What the hour-index build's schema 7 leaves in a file, written by hand:
# the same checks as above when git history is not at hand.
_HOUR_INDEX_SCHEMA_7 = """
DROP INDEX tickets_live_created;
CREATE INDEX tickets_live_hour ON tickets (
    tenant_id, created_at / 3600000, id, created_at, external_id,
    status, urgency, sentiment, source, requires_action, customer_id
) WHERE deleted_at IS NULL;
ALTER TABLE notification_outbox DROP COLUMN outage_attempts;
PRAGMA user_version = 7;
"""


async def test_the_hour_index_is_dropped_from_a_schema_7_file(db_path, clock):
    store = SqliteStore(db_path, clock=clock)
    await store.open()
    await store.close()
    conn = sqlite3.connect(db_path)
    conn.executescript(_HOUR_INDEX_SCHEMA_7)
    conn.close()

    store = SqliteStore(db_path, clock=clock)
    await store.open()
    await store.close()

    version, indexes, columns = shape(db_path)
    assert version == SCHEMA_VERSION
    assert "tickets_live_created" in indexes and "outage_attempts" in columns
    assert "tickets_live_hour" not in indexes, indexes
