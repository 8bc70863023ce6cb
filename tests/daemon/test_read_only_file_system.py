"""A database on a read-only file system is refused in the same words by
every command: one line, "is not writable (a read-only file system)",
exit code 2. A tmpfs of the test's own, remounted read-only (root only)."""

from __future__ import annotations

import asyncio

import pytest

from tests.small_disk import small_disk

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
async def read_only_file_system(tmp_path, run_command):
    """A ticketd database (migrated, one tenant's rollups) on a tmpfs then
    remounted read-only."""
    with small_disk(tmp_path / "ro", size="8m") as disk:
        db = f"sqlite:///{disk}/t.db"
        process = await run_command(
            "ingest", "acme", "--db", db, "--external-url", "http://127.0.0.1:9"
        )
        await asyncio.wait_for(process.communicate(), 60)
        assert (disk / "t.db").exists()
        remount = await asyncio.create_subprocess_exec(
            "mount", "-o", "remount,ro", str(disk), stderr=asyncio.subprocess.PIPE
        )
        _, error = await remount.communicate()
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only: {error.decode().strip()}")
        yield disk / "t.db"


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("stats", "acme"), "stats"),
        (("db", "migrate"), "db"),
        (("db", "rebuild-rollups"), "db"),
        (("ingest", "acme"), "ingest"),
    ],
)
async def test_every_command_says_a_read_only_file_system_is_not_writable(
    read_only_file_system, run_command, args, name
):
    """The outside tester: stats, db migrate and db rebuild-rollups printed
    SQLite's "unable to open database file" where ingest and serve said
    "is not writable"."""
    path = read_only_file_system
    process = await run_command(*args, "--db", f"sqlite:///{path}")
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    lines = stderr.decode().strip().splitlines()
    assert process.returncode == 2, lines
    assert lines[-1] == (
        f"ticketd {name}: database {path}: is not writable (a read-only file system); "
        "choose another with --db or TICKETD_DB"
    )
