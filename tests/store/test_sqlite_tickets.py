"""SQLite page writes: what the rows they add look like (the contract suite
checks what the store answers, not the text of its keys)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from ticketd.store.sqlite_rows import to_ms

pytestmark = pytest.mark.timeout(30)


def _entry_ids(db_path: Path, external_ids: list[str]) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        marks = ",".join("?" * len(external_ids))
        rows = conn.execute(
            f"SELECT entry_id FROM notification_outbox WHERE external_id IN ({marks}) "
            "ORDER BY external_id",
            external_ids,
        )
        return [entry_id for (entry_id,) in rows]
    finally:
        conn.close()


async def test_outbox_entries_of_one_write_have_distinct_ids_led_by_the_write_time(
    sqlite_store, db_path, clock, make_ticket
):
    first = [make_ticket(f"ext-{n:03d}", urgency="high") for n in range(40)]
    second = [make_ticket(f"ext-{n:03d}", urgency="high") for n in range(40, 80)]
    written_at = f"{to_ms(clock.now()):012x}"

    await sqlite_store.apply_tickets("acme", first, job_id="job-1")
    await sqlite_store.apply_tickets("acme", second, job_id="job-1")  # the same millisecond

    ids = _entry_ids(db_path, [t.external_id for t in first + second])
    assert len(ids) == 80 and len(set(ids)) == 80
    assert all(re.fullmatch("[0-9a-f]{32}", entry_id) for entry_id in ids)
    assert {entry_id[:12] for entry_id in ids} == {written_at}
    # Each write draws its own random part: two writes in one millisecond differ.
    assert len({entry_id[12:24] for entry_id in ids}) == 2
