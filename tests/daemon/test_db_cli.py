"""``ticketd db rebuild-rollups`` as an operator runs it: a real process on
a real SQLite file whose rollups are wrong."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from datetime import UTC, datetime, timedelta

import pytest

from tests.sqlite_lock_holder import write_lock_held
from ticketd.clock import FakeClock
from ticketd.domain.ticket import Ticket
from ticketd.store.sqlite import SqliteStore

pytestmark = pytest.mark.timeout(60)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _ticket(tenant: str, n: int, status: str) -> Ticket:
    created = NOW - timedelta(hours=n)
    return Ticket(
        tenant_id=tenant,
        external_id=f"ext-{n}",
        subject="s",
        message="m",
        status=status,
        source="email",
        customer_id="c1",
        created_at=created,
        updated_at=created,
        urgency="high",
        sentiment="negative",
        requires_action=True,
        keywords=("refund",),
    )


async def _start(*args: str, **env: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ticketd",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "TICKETD_LOG_FORMAT": "text", **env},
    )


async def _ticketd(*args: str) -> tuple[int, str, str]:
    process = await _start(*args)
    try:
        out, err = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return process.returncode or 0, out.decode(), err.decode()


@pytest.fixture
async def database(tmp_path):
    path = tmp_path / "ticketd.db"
    store = SqliteStore(path, clock=FakeClock(start=NOW))
    await store.open()
    try:
        await store.apply_tickets(
            "acme", [_ticket("acme", n, "open") for n in range(3)], job_id=None
        )
        await store.apply_tickets("globex", [_ticket("globex", 1, "closed")], job_id=None)
    finally:
        await store.close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE rollup_counts SET total = 50, status_open = 50")
    raw.execute("DELETE FROM rollup_values")
    raw.commit()
    raw.close()
    return path


async def _stats(path, tenant):
    store = SqliteStore(path, clock=FakeClock(start=NOW))
    await store.open()
    try:
        return await store.tenant_stats(tenant, from_date=None, to_date=NOW)
    finally:
        await store.close()


async def test_rebuild_rollups_of_one_tenant_repairs_its_stats(database):
    assert (await _stats(database, "acme")).total_tickets == 50

    code, out, _ = await _ticketd("db", "rebuild-rollups", "acme", "--db", f"sqlite:///{database}")

    assert code == 0 and "1 tenant(s): acme" in out
    stats = await _stats(database, "acme")
    assert stats.total_tickets == 3 and stats.by_status == {"open": 3}
    assert stats.top_keywords == ({"keyword": "refund", "count": 3},)
    assert (await _stats(database, "globex")).by_status != {"closed": 1}  # not asked for


async def test_rebuild_rollups_of_every_tenant(database):
    code, out, _ = await _ticketd("db", "rebuild-rollups", "--db", f"sqlite:///{database}")

    assert code == 0 and "2 tenant(s): acme, globex" in out
    assert (await _stats(database, "globex")).by_status == {"closed": 1}


async def test_rebuilding_a_tenant_without_tickets_says_so(database):
    """The outside tester: `db rebuild-rollups nosuch` said "rebuilt the
    rollups of 1 tenant(s): nosuch", exit 0, for a tenant the database has
    no ticket of. It notes it on stderr, with the closest stored tenant,
    as `stats` does (exit code 0 still: the rollups are rebuilt, empty)."""
    code, out, err = await _ticketd(
        "db", "rebuild-rollups", "acmee", "--db", f"sqlite:///{database}"
    )
    assert code == 0 and "1 tenant(s): acmee" in out
    assert "ticketd db: note: the store has no tickets for tenant acmee; did you mean acme?" in err
    code, _, err = await _ticketd("db", "rebuild-rollups", "acme", "--db", f"sqlite:///{database}")
    assert code == 0 and "note" not in err


async def test_a_missing_database_is_not_created(tmp_path):
    missing = tmp_path / "missing.db"
    code, _, _ = await _ticketd("db", "rebuild-rollups", "--db", f"sqlite:///{missing}")
    assert code == 2 and not missing.exists()


async def test_a_malformed_tenant_is_refused(database):
    code, _, err = await _ticketd("db", "rebuild-rollups", "../x", "--db", f"sqlite:///{database}")
    assert code == 2 and "tenant" in err


async def test_on_mongodb_a_tenant_being_ingested_is_skipped_and_named(mongo_url):
    """MongoDB: the rebuild takes each tenant's lease as a run does. A run
    holds acme's: acme's rollups are left to it (its page writes keep them
    right; a rebuild in between would lose or double them), globex's are
    rebuilt, and the command fails naming acme. Once the run ended, acme
    is rebuilt too. (Before, the rebuild ignored the run and could race its
    pages.)"""
    from ticketd.clock import SystemClock
    from ticketd.store.mongo import MongoStore

    store = MongoStore.from_url(mongo_url, clock=SystemClock())
    await store.open()
    try:
        await store.apply_tickets(
            "acme", [_ticket("acme", n, "open") for n in range(3)], job_id=None
        )
        await store.apply_tickets("globex", [_ticket("globex", 1, "closed")], job_id=None)
        await store.database["rollup_counts"].update_many({}, {"$set": {"total": 50}})
        assert await store.acquire_lease("acme", "a-run", 60) is not None

        code, out, err = await _ticketd("db", "rebuild-rollups", "--db", mongo_url)

        assert code == 2 and "not for acme" in err and "run holds" in err, (out, err)
        assert (await store.tenant_stats("globex", from_date=None, to_date=NOW)).total_tickets == 1
        untouched = await store.database["rollup_counts"].find_one(
            {"tenant_id": "acme", "level": "all"}
        )
        assert untouched["total"] == 50
        assert (await store.lease_status("acme")).owner == "a-run"
        assert not (await store.lease_status("globex")).locked  # given back

        await store.release_lease("acme", "a-run")
        code, out, _ = await _ticketd("db", "rebuild-rollups", "acme", "--db", mongo_url)
        assert code == 0 and "1 tenant(s): acme" in out
        assert (await store.tenant_stats("acme", from_date=None, to_date=NOW)).total_tickets == 3
    finally:
        await store.close()


async def test_rebuild_rollups_waits_for_the_database_as_long_as_the_setting_says(database):
    """The rebuild's database deadline is TICKETD_DB_TIMEOUT_SECONDS, as for
    every other command, and running out of it is one line naming the wait,
    exit code 2. (The rebuild ignored the setting, so a whole-tenant
    rebuild, one transaction, failed after 5 s whatever the operator set;
    and a write lock held by another process when it opened the file was a
    traceback, exit code 1.)"""
    async with write_lock_held(str(database)):
        process = await _start(
            "db", "rebuild-rollups", "acme", "--db", f"sqlite:///{database}",
            TICKETD_DB_TIMEOUT_SECONDS="0.5",
        )  # fmt: skip
        _, err = await process.communicate()
    assert process.returncode == 2, err.decode()
    last = err.decode().strip().splitlines()[-1]
    assert last.startswith("ticketd db: sqlite: the write lock of "), last
    assert last.endswith("was not free within 0.5 s (another process holds it)"), last
