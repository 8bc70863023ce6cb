"""review18: a file the reverted hour-index build (main 9f32224..fcf31bc^,
also schema version 7) migrated, opened by main's notifier schema 7."""

from __future__ import annotations

import sqlite3

from ticketd.store.sqlite import SqliteStore

# What 9f32224's schema 7 left in a file (its SCHEMA and migrate): the
# hour-grouped list index, tickets_live_created dropped, no outage_attempts.
_HOUR_BUILD = """
DROP INDEX tickets_live_created;
CREATE INDEX tickets_live_hour ON tickets (
    tenant_id, created_at / 3600000, id, created_at, external_id,
    status, urgency, sentiment, source, requires_action, customer_id
) WHERE deleted_at IS NULL;
ALTER TABLE notification_outbox DROP COLUMN outage_attempts;
PRAGMA user_version = 7;
"""


def _indexes(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'"
            )
        }
    finally:
        conn.close()


async def test_a_file_of_the_reverted_hour_schema_7_loses_its_hour_index(db_path, clock):
    store = SqliteStore(db_path, clock=clock)
    await store.open()
    await store.close()
    conn = sqlite3.connect(db_path)
    conn.executescript(_HOUR_BUILD)
    conn.close()

    store = SqliteStore(db_path, clock=clock)
    await store.open()  # main: same version 7, so no version-gated step runs
    await store.close()

    indexes = _indexes(db_path)
    assert "tickets_live_created" in indexes  # recreated: lists are fine
    # The reverted index is kept for ever: every ticket write maintains an
    # 11-column index nothing reads.
    assert "tickets_live_hour" not in indexes, indexes
