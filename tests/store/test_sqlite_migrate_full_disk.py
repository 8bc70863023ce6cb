"""A migration the disk cannot hold says the disk is full."""

from __future__ import annotations

from pathlib import Path

import pytest

from ticketd.clock import SystemClock
from ticketd.errors import Unavailable
from ticketd.store.sqlite import SqliteStore

from ..small_disk import small_disk


async def test_a_schema_the_disk_cannot_hold_is_refused_as_a_full_disk(tmp_path: Path) -> None:
    """1. A new database on a 100 KB file system (the schema takes ~150 KB).
    2. Opening it fails: the error must say the disk is full (SQLITE_FULL
       rolls the migration's transaction back by itself; a second ROLLBACK
       said 'cannot rollback - no transaction is active' instead)."""
    with small_disk(tmp_path / "disk", "100k") as disk:
        store = SqliteStore(disk / "ticketd.db", clock=SystemClock())  # 1.
        with pytest.raises(Unavailable) as refused:
            await store.open()  # 2.
        await store.close()
        assert "full" in str(refused.value), str(refused.value)
